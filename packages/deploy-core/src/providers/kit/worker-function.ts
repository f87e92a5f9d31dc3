/**
 * The source of a generated function module (a Netlify or Vercel Function) that runs the app's
 * Workers-format `_worker.js` — imported as `worker` in `head` — on a host without Workers. The
 * module's default export `(request, context) => Response` hands the worker:
 * - `env`: the app's variables among `envNames`, filled by the host's `fillEnv` statements,
 * - `env.ASSETS`: a fetcher for the deployment's static files on the same origin (never `/api`,
 *   which would loop back to the function),
 * - `ctx.waitUntil`: the host's `context.waitUntil`;
 * and answers 500 (logging the error) when the worker throws.
 */
export function workerFunctionSource(parts: {
  /** The module's first lines: what generated it, the worker import, and the host's `config` if it goes first. */
  head: string;
  envNames: readonly string[];
  /** Module-level code after the constants, such as the host's `config` and env readers. */
  helpers?: string;
  /** Who serves the static files: "Netlify's CDN". */
  cdn: string;
  /** Statements that copy each of `ENV_NAMES` the host has into `env`. */
  fillEnv: string;
}): string {
  return `${parts.head}

const ENV_NAMES = ${JSON.stringify([...new Set(parts.envNames)].sort())};
const API_PREFIX = '/api';
${parts.helpers ? `\n${parts.helpers}\n` : ''}
function isApiPath(pathname) {
  return pathname === API_PREFIX || pathname.startsWith(API_PREFIX + '/');
}

function assetsFor(request) {
  return {
    async fetch(input, init) {
      const asked = input instanceof Request ? input : new Request(new URL(String(input), request.url), init);
      const url = new URL(asked.url);
      // Static files are served by ${parts.cdn} on the same origin; /api would loop back here.
      if (isApiPath(url.pathname)) return new Response('Not found', { status: 404 });
      const target = new URL(url.pathname + url.search, request.url);
      return fetch(new Request(target, { method: asked.method, headers: asked.headers, redirect: 'manual' }));
    },
  };
}

export default async function shipyardApi(request, context) {
  const env = {};
${parts.fillEnv}
  env.ASSETS = assetsFor(request);
  const ctx = {
    waitUntil(promise) {
      if (context && typeof context.waitUntil === 'function') context.waitUntil(promise);
      else Promise.resolve(promise).catch(() => {});
    },
    passThroughOnException() {},
  };
  try {
    return await worker.fetch(request, env, ctx);
  } catch (error) {
    console.error(error);
    return new Response(JSON.stringify({ error: 'The app\\'s API failed; see the function log.' }), {
      status: 500,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
}
`;
}
