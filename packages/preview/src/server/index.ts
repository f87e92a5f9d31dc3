import { createReadStream, existsSync } from 'node:fs';
import { cp, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/**
 * Serving @shipyard/preview's browser assets from Node: the folder itself, a copy step for a
 * Next.js `public/` directory, and a fetch-style handler for a route.
 */

/** Absolute path of dist/assets in the installed package. */
export function previewAssetsDir(): string {
  const built = fileURLToPath(new URL('../assets/', import.meta.url));
  // Running from the sources (tests in this repository): the package's dist/assets.
  return existsSync(join(built, 'manifest.json')) || !import.meta.url.includes('/src/server/')
    ? built
    : fileURLToPath(new URL('../../dist/assets/', import.meta.url));
}

/** Copies dist/assets (or `options.from`) into `outDir` (e.g. `public/_preview`), overwriting files there. */
export async function copyPreviewAssets(outDir: string, options: { from?: string } = {}): Promise<{ files: number; dir: string }> {
  const from = options.from ?? previewAssetsDir();
  try {
    await stat(join(from, 'manifest.json'));
  } catch {
    throw new Error(`@shipyard/preview has no built assets at ${from}. Build the package first (pnpm --filter @shipyard/preview build).`);
  }
  await cp(from, outDir, { recursive: true, force: true });
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  return { files: entries.filter((e) => e.isFile()).length, dir: outDir };
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Hashed file names never change content; manifest.json is what points at the current ones. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.(js|wasm|map)$|\.js\.map$/;

export interface TPreviewAssetsHandlerOptions {
  /** URL path the assets are mounted at, e.g. `/_preview`. Requests outside it get 404. */
  basePath: string;
  /** Folder to serve. Default: this package's dist/assets. */
  dir?: string;
}

/**
 * A fetch-style handler (`(request) => Response`) for the assets, for a Next.js route handler
 * (`app/_preview/[...path]/route.ts`: `export const GET = createPreviewAssetsHandler({ basePath: '/_preview' })`).
 * Sets the headers the preview needs: `Access-Control-Allow-Origin: *` (the sandboxed frame has an
 * opaque origin and loads modules with CORS), `application/wasm`, and immutable caching for
 * content-hashed files.
 */
export function createPreviewAssetsHandler(options: TPreviewAssetsHandlerOptions): (request: Request) => Promise<Response> {
  const root = normalize(options.dir ?? previewAssetsDir());
  const base = `/${options.basePath.replace(/^\/+|\/+$/g, '')}/`;
  return async (request: Request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(base)) return new Response('Not found', { status: 404 });
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(base.length));
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    const file = normalize(join(root, relative));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || relative.includes('\0')) return new Response('Not found', { status: 404 });
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return new Response('Not found', { status: 404 });
      size = info.size;
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers({
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(size),
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      'cache-control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}
