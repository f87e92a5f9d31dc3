import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openEnv, sealEnv } from './env-crypto.js';
import { LocalHostError } from './errors.js';
import type { THostedBuild } from './types.js';

export interface TDeploymentRecord {
  id: string;
  hash: string;
  createdAt: string;
  envNames: string[];
}

/** `apps/<slug>/app.json`: which deployment is live, which came before, the builds kept, domains. */
export interface TAppRecord {
  slug: string;
  createdAt: string;
  live: string | null;
  previous: string | null;
  domains: string[];
  deployments: TDeploymentRecord[];
}

export type TAssetManifest = Record<string, { hash: string; size: number; contentType: string }>;

export interface TStoredDeployment {
  worker: string;
  manifest: TAssetManifest;
  env: Record<string, string>;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  wasm: 'application/wasm',
};

function contentTypeOf(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

function assertAssetPath(path: string): void {
  const ok = path.length > 0 && !path.startsWith('/') && !path.includes('\\') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
  if (!ok) throw new LocalHostError('VALIDATION', `The build contains an asset path the host cannot serve: "${path}".`);
}

async function writeFileAtomic(path: string, data: string, mode?: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data, mode === undefined ? undefined : { mode });
  await rename(tmp, path);
}

/** Everything the host keeps on disk, under `dataDir`. */
export class AppStore {
  readonly appsDir: string;
  /** workerd's D1 storage for every app (Miniflare's layout; one SQLite file per app database). */
  readonly d1Dir: string;

  constructor(
    readonly dataDir: string,
    private readonly envKey: Buffer | null,
  ) {
    this.appsDir = join(dataDir, 'apps');
    this.d1Dir = join(dataDir, 'd1');
  }

  async init(): Promise<void> {
    await mkdir(this.appsDir, { recursive: true });
    await mkdir(this.d1Dir, { recursive: true });
  }

  appDir(slug: string): string {
    return join(this.appsDir, slug);
  }

  deploymentDir(slug: string, id: string): string {
    return join(this.appsDir, slug, 'deployments', id);
  }

  assetsDir(slug: string, id: string): string {
    return join(this.deploymentDir(slug, id), 'assets');
  }

  /** Reads every app; unreadable records are reported through `onError` and skipped. */
  async loadAll(onError: (slug: string, error: unknown) => void): Promise<TAppRecord[]> {
    const records: TAppRecord[] = [];
    for (const slug of (await readdir(this.appsDir)).sort()) {
      const file = join(this.appsDir, slug, 'app.json');
      if (!existsSync(file)) continue;
      try {
        records.push(JSON.parse(await readFile(file, 'utf8')) as TAppRecord);
      } catch (error) {
        onError(slug, error);
      }
    }
    return records;
  }

  async saveApp(record: TAppRecord): Promise<void> {
    await mkdir(this.appDir(record.slug), { recursive: true });
    await writeFileAtomic(join(this.appDir(record.slug), 'app.json'), `${JSON.stringify(record, null, 2)}\n`);
  }

  /**
   * Writes a deployment's files into a temporary directory and renames it into place, so a
   * crash never leaves a half-written deployment behind.
   */
  async writeDeployment(slug: string, id: string, build: THostedBuild, env: Readonly<Record<string, string>>): Promise<TAssetManifest> {
    const manifest: TAssetManifest = {};
    for (const [path, bytes] of build.assets) {
      assertAssetPath(path);
      const given = build.manifest?.[path];
      manifest[path] = {
        hash: given?.hash ?? createHash('sha256').update(bytes).digest('hex'),
        size: bytes.byteLength,
        contentType: given?.contentType ?? contentTypeOf(path),
      };
    }
    const finalDir = this.deploymentDir(slug, id);
    const tmpDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
    await mkdir(join(tmpDir, 'assets'), { recursive: true });
    try {
      for (const [path, bytes] of build.assets) {
        const target = join(tmpDir, 'assets', path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
      await writeFile(join(tmpDir, '_worker.js'), build.worker);
      await writeFile(join(tmpDir, 'manifest.json'), `${JSON.stringify({ hash: build.hash, files: manifest }, null, 2)}\n`);
      if (this.envKey !== null) await writeFile(join(tmpDir, 'env.sealed.json'), sealEnv(env, this.envKey), { mode: 0o600 });
      else await writeFile(join(tmpDir, 'env.json'), JSON.stringify(env), { mode: 0o600 });
      await rm(finalDir, { recursive: true, force: true });
      await rename(tmpDir, finalDir);
    } catch (error) {
      await rm(tmpDir, { recursive: true, force: true });
      throw error;
    }
    return manifest;
  }

  async readDeployment(slug: string, id: string): Promise<TStoredDeployment> {
    const dir = this.deploymentDir(slug, id);
    const [worker, manifestText] = await Promise.all([readFile(join(dir, '_worker.js'), 'utf8'), readFile(join(dir, 'manifest.json'), 'utf8')]);
    const manifest = (JSON.parse(manifestText) as { files: TAssetManifest }).files;
    let env: Record<string, string> = {};
    if (existsSync(join(dir, 'env.sealed.json'))) env = openEnv(await readFile(join(dir, 'env.sealed.json'), 'utf8'), this.envKey);
    else if (existsSync(join(dir, 'env.json'))) env = JSON.parse(await readFile(join(dir, 'env.json'), 'utf8')) as Record<string, string>;
    return { worker, manifest, env };
  }

  async deleteDeployment(slug: string, id: string): Promise<void> {
    await rm(this.deploymentDir(slug, id), { recursive: true, force: true });
  }

  /** Deletes the app's directory and its database files. */
  async deleteApp(slug: string, databaseFiles: string[]): Promise<void> {
    await rm(this.appDir(slug), { recursive: true, force: true });
    await Promise.all(databaseFiles.map((f) => rm(f, { force: true })));
  }
}
