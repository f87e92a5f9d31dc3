import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TBuildDiagnostic } from './build-error.js';

/** One output file of a prebundled runtime layer (`assets/vendor-….js` and its source map). */
export interface TLayerFile {
  path: string;
  bytes: Uint8Array;
  /** sha256 of `bytes`, hex. */
  sha256: string;
}

/**
 * A prebundled group of runtime packages (React and friends, or one leaf package such as recharts)
 * as the app build links against it. Entirely determined by its key and the files in `inputs`.
 */
export interface TVendorLayer {
  key: string;
  /** Runtime packages bundled in this layer. */
  packages: string[];
  files: TLayerFile[];
  /** Runtime specifier → [export name, alias in the layer file] pairs. */
  exports: Record<string, [string, string][]>;
  /** Runtime specifier → the file it resolved to (leaf layers must resolve shared ones identically). */
  resolved: Record<string, string>;
  /** Every file the layer was built from: [absolute path, size, mtime ms]. */
  inputs: [string, number, number][];
  warnings: TBuildDiagnostic[];
}

export type TLayerSource = 'memory' | 'disk' | 'built';

export interface TBuildCacheOptions {
  /**
   * Directory shared by every process on the machine (created if missing). `null` keeps layers in
   * memory only. Default: `<os tmpdir>/shipyard-build-cache-<uid>`, used only when this user owns
   * it and nobody else can write to it.
   */
  dir?: string | null;
  /** Bytes of layers kept in memory (default 64 MiB). */
  maxMemoryBytes?: number;
  /** Layers kept on disk (default 400). */
  maxDiskEntries?: number;
  /** Bytes of layers kept on disk (default 512 MiB). */
  maxDiskBytes?: number;
}

export interface TBuildCacheStats {
  memoryEntries: number;
  memoryBytes: number;
  memoryHits: number;
  diskHits: number;
  /** Layers built because no valid cached copy existed. */
  builds: number;
  /** Disk entries rejected (corrupt, or built from files that have since changed). */
  rejected: number;
  /** Disk reads/writes that failed (the build then went on without the disk cache). */
  diskErrors: number;
  /** The directory in use, or null when disk caching is off or was refused. */
  dir: string | null;
}

const FORMAT = 'shipyard-build-layer/1';
const ENTRY_FILE = /^[0-9a-f]{64}\.layer$/;
const TEMP_PREFIX = '.tmp-';
const STALE_TEMP_MS = 10 * 60_000;
const TOUCH_EVERY_MS = 60_000;
const MAX_FAILURES = 256;
/** A layer that failed to build is not retried for this long (the same inputs fail the same way). */
const FAILURE_TTL_MS = 5 * 60_000;

interface TMemoryEntry {
  layer: TVendorLayer;
  bytes: number;
  touchedAt: number;
}

/**
 * Prebundled runtime layers, kept in memory (LRU, bounded by bytes) and on disk (bounded by entry
 * count and bytes, oldest-used pruned first). Disk entries are written to a temporary file and
 * renamed into place, so concurrent builds in other processes see a whole entry or none; each
 * entry carries a sha256 over its contents and is rejected when it does not match, or when any
 * file it was built from changed size or mtime. Concurrent requests for one key in a process share
 * one build.
 */
export class BuildCache {
  readonly maxMemoryBytes: number;
  readonly maxDiskEntries: number;
  readonly maxDiskBytes: number;
  private diskDir: string | null;
  private readonly memory = new Map<string, TMemoryEntry>();
  private readonly pending = new Map<string, Promise<{ layer: TVendorLayer; source: TLayerSource }>>();
  private readonly failures = new Map<string, { error: Error; at: number }>();
  private memoryBytes = 0;
  private counters = { memoryHits: 0, diskHits: 0, builds: 0, rejected: 0, diskErrors: 0 };

  constructor(options: TBuildCacheOptions = {}) {
    this.maxMemoryBytes = options.maxMemoryBytes ?? 64 * 1024 * 1024;
    this.maxDiskEntries = options.maxDiskEntries ?? 400;
    this.maxDiskBytes = options.maxDiskBytes ?? 512 * 1024 * 1024;
    this.diskDir = options.dir === undefined ? privateTempDir() : options.dir === null ? null : ensureDir(options.dir);
  }

  /** The directory layers are written to, or null. */
  get dir(): string | null {
    return this.diskDir;
  }

  stats(): TBuildCacheStats {
    return { memoryEntries: this.memory.size, memoryBytes: this.memoryBytes, ...this.counters, dir: this.diskDir };
  }

  /** Drops every layer from memory and from the cache directory. */
  async clear(): Promise<void> {
    this.memory.clear();
    this.memoryBytes = 0;
    this.failures.clear();
    if (this.diskDir === null) return;
    const names = await readdir(this.diskDir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => ENTRY_FILE.test(n) || n.startsWith(TEMP_PREFIX)).map((n) => rm(join(this.diskDir as string, n), { force: true })));
  }

  /**
   * The layer for `key`: from memory, from disk, or built by `build` (then stored). A build that
   * throws an error marked `deterministic` is remembered for a few minutes (the same key fails the
   * same way) and rethrown to later callers without building again.
   * @internal used by the deploy build
   */
  async layer(key: string, build: () => Promise<TVendorLayer>): Promise<{ layer: TVendorLayer; source: TLayerSource }> {
    const failed = this.failures.get(key);
    if (failed !== undefined) {
      if (Date.now() - failed.at < FAILURE_TTL_MS) throw failed.error;
      this.failures.delete(key);
    }
    const inMemory = this.memory.get(key);
    if (inMemory !== undefined) {
      if (inputsUnchanged(inMemory.layer.inputs)) {
        this.memory.delete(key);
        this.memory.set(key, inMemory);
        this.counters.memoryHits++;
        this.touch(key, inMemory);
        return { layer: inMemory.layer, source: 'memory' };
      }
      this.forget(key);
    }
    const running = this.pending.get(key);
    if (running !== undefined) return running;
    const work = this.load(key, build).finally(() => this.pending.delete(key));
    this.pending.set(key, work);
    return work;
  }

  private async load(key: string, build: () => Promise<TVendorLayer>): Promise<{ layer: TVendorLayer; source: TLayerSource }> {
    const fromDisk = await this.read(key);
    if (fromDisk !== null) {
      this.counters.diskHits++;
      this.remember(fromDisk);
      return { layer: fromDisk, source: 'disk' };
    }
    let layer: TVendorLayer;
    try {
      layer = await build();
    } catch (error) {
      // Only failures that follow from the inputs: a passing I/O error is retried by the next build.
      if (error instanceof Error && (error as { deterministic?: unknown }).deterministic === true) {
        if (this.failures.size >= MAX_FAILURES) this.failures.delete(this.failures.keys().next().value as string);
        this.failures.set(key, { error, at: Date.now() });
      }
      throw error;
    }
    this.counters.builds++;
    this.remember(layer);
    await this.write(layer);
    return { layer, source: 'built' };
  }

  private remember(layer: TVendorLayer): void {
    const bytes = layer.files.reduce((n, f) => n + f.bytes.byteLength, 0);
    if (bytes > this.maxMemoryBytes) return;
    this.forget(layer.key);
    this.memory.set(layer.key, { layer, bytes, touchedAt: Date.now() });
    this.memoryBytes += bytes;
    for (const [key] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.forget(key);
    }
  }

  private forget(key: string): void {
    const entry = this.memory.get(key);
    if (entry === undefined) return;
    this.memory.delete(key);
    this.memoryBytes -= entry.bytes;
  }

  /** Keeps a layer used from memory fresh on disk, so other processes' pruning keeps it too. */
  private touch(key: string, entry: TMemoryEntry): void {
    const now = Date.now();
    if (this.diskDir === null || now - entry.touchedAt < TOUCH_EVERY_MS) return;
    entry.touchedAt = now;
    const time = new Date(now);
    utimes(join(this.diskDir, `${key}.layer`), time, time).catch(() => undefined);
  }

  private async read(key: string): Promise<TVendorLayer | null> {
    if (this.diskDir === null) return null;
    const file = join(this.diskDir, `${key}.layer`);
    let buffer: Buffer;
    try {
      buffer = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.counters.diskErrors++;
      return null;
    }
    const layer = decodeLayer(buffer, key);
    if (layer === null || !inputsUnchanged(layer.inputs)) {
      this.counters.rejected++;
      await rm(file, { force: true }).catch(() => undefined);
      return null;
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return layer;
  }

  private async write(layer: TVendorLayer): Promise<void> {
    if (this.diskDir === null) return;
    const dir = this.diskDir;
    const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(temp, encodeLayer(layer), { mode: 0o600 });
      await rename(temp, join(dir, `${layer.key}.layer`));
    } catch {
      this.counters.diskErrors++;
      await rm(temp, { force: true }).catch(() => undefined);
      return;
    }
    await this.prune().catch(() => undefined);
  }

  /** Removes the least recently used entries beyond the limits, and temp files left by crashed writers. */
  private async prune(): Promise<void> {
    if (this.diskDir === null) return;
    const dir = this.diskDir;
    const now = Date.now();
    const entries: { path: string; size: number; mtimeMs: number }[] = [];
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info === null) continue;
      if (name.startsWith(TEMP_PREFIX)) {
        if (now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true }).catch(() => undefined);
      } else if (ENTRY_FILE.test(name)) {
        entries.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
    entries.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : 1));
    let count = 0;
    let bytes = 0;
    for (const entry of entries) {
      count++;
      bytes += entry.size;
      if (count > this.maxDiskEntries || bytes > this.maxDiskBytes) await rm(entry.path, { force: true }).catch(() => undefined);
    }
  }
}

export function createBuildCache(options?: TBuildCacheOptions): BuildCache {
  return new BuildCache(options);
}

let defaultCache: BuildCache | null = null;

/**
 * The cache `buildApp` uses when given none: one per process, in memory and under the OS temp
 * directory, so worker processes on one machine share prebundled layers.
 */
export function defaultBuildCache(): BuildCache {
  defaultCache ??= new BuildCache();
  return defaultCache;
}

/** Whether every input still has the size and mtime it had when the layer was built. */
function inputsUnchanged(inputs: readonly [string, number, number][]): boolean {
  for (const [path, size, mtimeMs] of inputs) {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined || info.size !== size || info.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

function ensureDir(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return statSync(dir).isDirectory() ? dir : null;
  } catch {
    return null;
  }
}

/** The default directory, refused unless it is a real directory this user owns that others cannot write to. */
function privateTempDir(): string | null {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const dir = join(tmpdir(), `shipyard-build-cache-${uid ?? 'user'}`);
  if (ensureDir(dir) === null) return null;
  try {
    const info = lstatSync(dir);
    if (!info.isDirectory() || info.isSymbolicLink()) return null;
    if (uid !== null && info.uid !== uid) return null;
    if ((info.mode & 0o022) !== 0) return null;
    return dir;
  } catch {
    return null;
  }
}

/**
 * On disk: `shipyard-build-layer/1 <sha256 of the rest>\n<header JSON>\n<file bytes…>`. The header
 * holds the key, metadata and each file's path, size and sha256.
 */
function encodeLayer(layer: TVendorLayer): Buffer {
  const { files, ...meta } = layer;
  const header = Buffer.from(`${JSON.stringify({ ...meta, files: files.map((f) => ({ path: f.path, size: f.bytes.byteLength, sha256: f.sha256 })) })}\n`);
  const body = Buffer.concat([header, ...files.map((f) => f.bytes)]);
  const digest = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([Buffer.from(`${FORMAT} ${digest}\n`), body]);
}

function decodeLayer(buffer: Buffer, key: string): TVendorLayer | null {
  try {
    const firstLine = buffer.indexOf(10);
    if (firstLine === -1) return null;
    const [format, digest] = buffer.subarray(0, firstLine).toString('utf8').split(' ');
    if (format !== FORMAT) return null;
    const body = buffer.subarray(firstLine + 1);
    if (createHash('sha256').update(body).digest('hex') !== digest) return null;
    const headerEnd = body.indexOf(10);
    const header = JSON.parse(body.subarray(0, headerEnd).toString('utf8')) as Omit<TVendorLayer, 'files'> & {
      files: { path: string; size: number; sha256: string }[];
    };
    if (header.key !== key) return null;
    let offset = headerEnd + 1;
    const files: TLayerFile[] = [];
    for (const f of header.files) {
      // A copy, so the layer does not keep the whole read buffer alive through a view.
      files.push({ path: f.path, bytes: new Uint8Array(body.subarray(offset, offset + f.size)), sha256: f.sha256 });
      offset += f.size;
    }
    if (offset !== body.length) return null;
    return { ...header, files };
  } catch {
    return null;
  }
}
