import { AppError } from '@shipyard/core';
import type { TAppRef, TBuildArtifact, TStepContext } from '../providers/types';

/** The app most provider tests deploy. */
export const APP: TAppRef = { id: 'app_1', orgId: 'org_1', slug: 'notes' };

/** A step context whose log lines are kept in `lines`. */
export function stepContext(signal?: AbortSignal): TStepContext & { lines: string[] } {
  const lines: string[] = [];
  return { signal: signal ?? new AbortController().signal, log: (m) => lines.push(m), lines };
}

/** A Workers-format API that echoes a few env vars and calls ASSETS for anything else. */
export const ECHO_WORKER = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/api/')) {
      return new Response(JSON.stringify({ path: url.pathname, method: request.method, greeting: env.GREETING ?? null, db: env.DATABASE_URL ?? null, keys: Object.keys(env).sort() }), { headers: { 'content-type': 'application/json' } });
    }
    return env.ASSETS.fetch(request);
  },
};`;

/** A small static site: a page, a script, a stylesheet, an SVG and a binary icon. */
export const SITE_V1 = {
  'index.html':
    '<!doctype html><div id="root">v1</div><script type="module" src="/assets/app-1.js"></script>',
  'assets/app-1.js': 'console.log("app v1")',
  'assets/style.css': 'body { color: #123 }',
  'assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'favicon.ico': new Uint8Array([0, 0, 1, 0, 1, 0, 16, 16]),
};

const enc = new TextEncoder();

/** A build artifact of these files and `_worker.js` (default: the echo API), with a hash that changes with them. */
export function artifact(
  files: Record<string, string | Uint8Array>,
  worker: string = ECHO_WORKER,
): TBuildArtifact {
  const assets = new Map<string, Uint8Array>();
  for (const [p, v] of Object.entries(files))
    assets.set(p, typeof v === 'string' ? enc.encode(v) : v);
  return { hash: `h-${Object.values(files).join('').length}-${worker.length}`, assets, worker };
}

/** Resolves to the AppError the call fails with; throws when it succeeds or fails otherwise. */
export async function expectAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (!AppError.is(error))
      throw new Error(`expected an AppError, got ${String(error)}`, { cause: error });
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The app database suites deploy: a page, an API, a schema (two tables, an index) and a seed. */
export const NOTES_APP: Record<string, string> = {
  'shipyard.json': JSON.stringify({
    name: 'Notes',
    entry: 'index.html',
    api: 'api/index.ts',
    database: { schema: 'db/schema.sql', seed: 'db/seed.sql' },
  }),
  'index.html': '<div id="root">notes</div>',
  'api/index.ts': 'export default { fetch() { return new Response("ok") } }',
  'db/schema.sql': `
    CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, score REAL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);
    CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE INDEX IF NOT EXISTS notes_created ON notes (created_at);`,
  'db/seed.sql': `
    INSERT INTO notes (body, score) VALUES ('first', 1.5), ('it''s second; really', 2);
    INSERT INTO tags (id, name) VALUES (1, 'work'), (2, 'home'), (7, 'later');`,
};

/** A stand-in for the deploy build that ships only `index.html`, for suites that test databases. */
export async function buildPageOnly(files: Record<string, string>): Promise<TBuildArtifact> {
  const assets = new Map<string, Uint8Array>([
    ['index.html', enc.encode(files['index.html'] ?? '')],
  ]);
  return {
    hash: Buffer.from(files['index.html'] ?? '')
      .toString('base64url')
      .slice(0, 16),
    assets,
    worker: 'export default {}',
  };
}
