/**
 * The `_worker.js` entry: Cloudflare Pages advanced mode. `/api` and `/api/*` go to the app's
 * Workers-format handler; everything else is a static asset from `env.ASSETS`, and a GET for a
 * client route (no file extension, HTML accepted) that has no asset falls back to `/` (the SPA
 * shell), so react-router can render it. The same file runs on every hosting provider.
 */
import { remoteDbShimSource } from '../../runtime/remote-db/index.js';

export const API_PREFIX = '/api';

export function workerRouterSource(apiModule: string | null): string {
  const importApp = apiModule === null ? 'const app = null;' : `import app from ${JSON.stringify(apiModule)};`;
  return `${importApp}
${remoteDbShimSource()}
const API_PREFIX = ${JSON.stringify(API_PREFIX)};

function isApiPath(pathname) {
  return pathname === API_PREFIX || pathname.startsWith(API_PREFIX + '/');
}

function isClientRoute(request, pathname) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (last.includes('.')) return false;
  const accept = request.headers.get('accept') || '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

function noApi() {
  return new Response(JSON.stringify({ error: 'This app has no API.' }), {
    status: 404,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

const handler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (isApiPath(url.pathname)) {
      if (!app || typeof app.fetch !== 'function') return noApi();
      // Hosts without a native D1 binding pass DATABASE_URL / DATABASE_AUTH_TOKEN; the shim makes env.DB from them.
      return app.fetch(request, __shipyardRemoteDb.wrapEnvWithRemoteDb(env), ctx);
    }
    const response = await env.ASSETS.fetch(request);
    if (response.status === 404 && isClientRoute(request, url.pathname)) {
      return env.ASSETS.fetch(new Request(new URL('/', url), { method: request.method, headers: request.headers }));
    }
    return response;
  },
};

if (app && typeof app.scheduled === 'function') handler.scheduled = (event, env, ctx) => app.scheduled(event, env, ctx);
if (app && typeof app.queue === 'function') handler.queue = (batch, env, ctx) => app.queue(batch, env, ctx);

export default handler;
`;
}
