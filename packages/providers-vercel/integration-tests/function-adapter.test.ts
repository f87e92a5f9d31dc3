import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp } from '@shipyard/deploy-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { prepareVercelDeployment } from '../src/files';
import { FUNCTION_FILE, WORKER_FILE } from '../src/function-adapter';

type THandler = (req: Request, context: { waitUntil(p: Promise<unknown>): void }) => Promise<Response>;

/** Writes the deployment's api/ files to a directory (as Vercel receives them) and imports the function. */
async function loadFunction(dir: string, files: { file: string; bytes: Uint8Array }[]) {
  mkdirSync(path.join(dir, 'api'), { recursive: true });
  // Vercel bundles Edge functions as ES modules; Node needs to be told.
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  for (const f of files.filter((x) => x.file.startsWith('api/'))) writeFileSync(path.join(dir, f.file), f.bytes);
  return (await import(pathToFileURL(path.join(dir, FUNCTION_FILE)).href)) as { default: THandler; config: unknown };
}

/**
 * The generated Vercel Function (`api/[...path].js`, Edge runtime), run in Node against the
 * reference app's real `_worker.js` built by deploy-core's `buildApp`.
 */
describe('Vercel Function adapter around the reference app', () => {
  let dir: string;
  let mod: { default: THandler; config: unknown };
  let files: string[];

  beforeAll(async () => {
    const built = await buildApp({ files: loadAppFiles() });
    const prepared = prepareVercelDeployment({ hash: built.hash, assets: built.assets, worker: built.worker }, ['SUPPORT_EMAIL']);
    files = prepared.files.map((f) => f.file);
    dir = mkdtempSync(path.join(tmpdir(), 'vercel-fn-'));
    mod = await loadFunction(dir, prepared.files);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const call = (p: string, init?: RequestInit) => mod.default(new Request(`https://shipyard-tasks-abc123-acme.vercel.app${p}`, init), { waitUntil: () => {} });

  it('lays the deployment out for Vercel: static files, the catch-all Edge function, the worker, vercel.json', () => {
    expect(files).toEqual(expect.arrayContaining(['index.html', 'favicon.svg', 'vercel.json', FUNCTION_FILE, WORKER_FILE]));
    expect(files.some((f) => f.startsWith('assets/app-') && f.endsWith('.js'))).toBe(true);
    expect(files).not.toContain('_worker.js');
    expect(mod.config).toEqual({ runtime: 'edge' });
  });

  it('serves the app API through the Workers-format handler', async () => {
    const health = await call('/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const missing = await call('/api/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No API route /api/nope.' });
    const bad = await call('/api/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'A task needs a title of 1 to 200 characters.' });
  });

  it('hands the worker only the app\'s env (process.env), ASSETS on the same origin, and waitUntil', async () => {
    const prepared = prepareVercelDeployment(
      {
        hash: 'h',
        assets: new Map([['index.html', new TextEncoder().encode('<p>')]]),
        worker: `export default { async fetch(request, env, ctx) {
          const url = new URL(request.url);
          if (url.pathname === '/api/env') { ctx.waitUntil(Promise.resolve(1)); return Response.json({ keys: Object.keys(env).sort(), email: env.SUPPORT_EMAIL }); }
          if (url.pathname === '/api/page') return env.ASSETS.fetch(new Request(new URL('/index.html', url)));
          return env.ASSETS.fetch(new Request(new URL('/api/env', url)));
        } }`,
      },
      ['SUPPORT_EMAIL', 'DATABASE_URL'],
    );
    const echoDir = mkdtempSync(path.join(tmpdir(), 'vercel-fn-echo-'));
    const echo = await loadFunction(echoDir, prepared.files);
    const g = globalThis as { fetch: typeof fetch };
    const realFetch = g.fetch;
    const fetched: string[] = [];
    g.fetch = (async (input: Request) => {
      fetched.push(input.url);
      return new Response('<p>');
    }) as typeof fetch;
    process.env.SUPPORT_EMAIL = 'help@example.com';
    process.env.VERCEL_OIDC_TOKEN = 'platform-secret';
    const waited: unknown[] = [];
    const run = (p: string) => echo.default(new Request(`https://x.vercel.app${p}`), { waitUntil: (w) => waited.push(w) });
    try {
      expect(await (await run('/api/env')).json()).toEqual({ keys: ['ASSETS', 'SUPPORT_EMAIL'], email: 'help@example.com' });
      expect(waited).toHaveLength(1);
      expect(await (await run('/api/page')).text()).toBe('<p>');
      expect(fetched).toEqual(['https://x.vercel.app/index.html']);
      expect((await run('/api/loop')).status).toBe(404);
      expect(fetched).toHaveLength(1);
    } finally {
      g.fetch = realFetch;
      delete process.env.SUPPORT_EMAIL;
      delete process.env.VERCEL_OIDC_TOKEN;
      rmSync(echoDir, { recursive: true, force: true });
    }
  });
});
