/**
 * The host's entry module around a deployment's `_worker.js`. It gives the app `env.ASSETS`
 * (the deployment's files, read from a read-only disk binding, typed and cached by the build
 * manifest), hides the host's own bindings, and turns an exception thrown by the app into a 500
 * whose `x-shipyard-error` header the front records in the app's error log and strips.
 */
export const ASSETS_BINDING = '__SHIPYARD_ASSETS';
export const ERROR_HEADER = 'x-shipyard-error';

export function hostEntrySource(manifest: Readonly<Record<string, { hash: string; contentType: string }>>): string {
  const table: Record<string, [string, string]> = {};
  for (const [path, entry] of Object.entries(manifest)) table[path] = [entry.contentType, entry.hash.slice(0, 32)];
  return `import app from './_worker.js';
const FILES = ${JSON.stringify(table)};
const has = (p) => Object.prototype.hasOwnProperty.call(FILES, p);

function resolvePath(pathname) {
  let path;
  try { path = decodeURIComponent(pathname); } catch { return null; }
  if (path.includes('\\0') || path.split('/').includes('..')) return null;
  path = path.replace(/^\\/+/, '');
  if (path === '' || path.endsWith('/')) path += 'index.html';
  if (has(path)) return path;
  if (has(path + '.html')) return path + '.html';
  if (has(path + '/index.html')) return path + '/index.html';
  return null;
}

// Small files stay in memory after their first read: no disk subrequest for the page and its CSS.
const CACHE_FILE_LIMIT = 64 * 1024;
const CACHE_TOTAL_LIMIT = 1024 * 1024;
const cache = new Map();
let cached = 0;

async function readFile(files, path) {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  const file = await files.fetch('http://assets/' + path.split('/').map(encodeURIComponent).join('/'));
  if (!file.ok) return null;
  const length = Number(file.headers.get('content-length') ?? 'NaN');
  if (!(length <= CACHE_FILE_LIMIT) || cached + length > CACHE_TOTAL_LIMIT) return file;
  const bytes = await file.arrayBuffer();
  cache.set(path, bytes);
  cached += bytes.byteLength;
  return bytes;
}

function makeAssets(files) {
  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
      }
      const path = resolvePath(new URL(request.url).pathname);
      if (path === null) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
      const [type, hash] = FILES[path];
      const etag = '"' + hash + '"';
      const headers = new Headers({
        'content-type': type,
        etag,
        'cache-control': path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
      });
      if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
      const file = await readFile(files, path);
      if (file === null) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
      if (file instanceof ArrayBuffer) {
        headers.set('content-length', String(file.byteLength));
        return new Response(request.method === 'HEAD' ? null : file, { status: 200, headers });
      }
      const length = file.headers.get('content-length');
      if (length !== null) headers.set('content-length', length);
      return new Response(request.method === 'HEAD' ? null : file.body, { status: 200, headers });
    },
  };
}

let cachedFor = null;
let appEnv = null;
function envFor(env) {
  if (cachedFor !== env) {
    const copy = { ...env, ASSETS: makeAssets(env.${ASSETS_BINDING}) };
    delete copy.${ASSETS_BINDING};
    appEnv = copy;
    cachedFor = env;
  }
  return appEnv;
}

const handler = {
  async fetch(request, env, ctx) {
    try {
      return await app.fetch(request, envFor(env), ctx);
    } catch (error) {
      const detail = error instanceof Error ? (error.stack || error.name + ': ' + error.message) : String(error);
      return new Response('Internal Server Error', {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8', '${ERROR_HEADER}': encodeURIComponent(detail.slice(0, 2000)) },
      });
    }
  },
};
if (typeof app.scheduled === 'function') handler.scheduled = (event, env, ctx) => app.scheduled(event, envFor(env), ctx);
export default handler;
`;
}

/** Stands in for an app with nothing loaded: holds the database binding so SQL can run before the first deploy. */
export const DATABASE_ONLY_SOURCE = `export default {
  fetch() {
    return new Response('This app has no live deployment yet.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' } });
  },
};
`;
