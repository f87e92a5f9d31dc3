import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp } from '@shipyard/deploy-core';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { ADAPTER_FILE, buildNetlifyFunction, ENTRY_FILE, WORKER_FILE } from '../src/function-adapter';

type THandler = (req: Request, context: { waitUntil(p: Promise<unknown>): void }) => Promise<Response>;

/**
 * The generated Netlify Function, run in Node against the reference app's real `_worker.js`
 * (built with deploy-core's `buildApp`): the module Netlify's bootstrap imports and calls as
 * `default(request, context)`.
 */
describe('Netlify Function adapter around the reference app', () => {
  let dir: string;
  let handler: THandler;
  let config: unknown;
  let bundle: ReturnType<typeof buildNetlifyFunction>;

  beforeAll(async () => {
    const built = await buildApp({ files: loadAppFiles() });
    expect(built.worker).toContain('export');
    bundle = buildNetlifyFunction(built.worker, ['SUPPORT_EMAIL', 'DATABASE_URL']);
    dir = mkdtempSync(path.join(tmpdir(), 'netlify-fn-'));
    // Unpack the zip exactly as uploaded, and import the adapter the entry point imports.
    for (const [name, bytes] of Object.entries(unzipSync(bundle.zip))) writeFileSync(path.join(dir, name), bytes);
    const mod = (await import(pathToFileURL(path.join(dir, ADAPTER_FILE)).href)) as { default: THandler; config: unknown };
    handler = mod.default;
    config = mod.config;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const call = (p: string, init?: RequestInit) => handler(new Request(`https://abc123--shipyard-tasks.netlify.app${p}`, init), { waitUntil: () => {} });

  it('zips Netlify\'s entry point, bootstrap, the adapter and the worker, deterministically', () => {
    const files = unzipSync(bundle.zip);
    expect(Object.keys(files).sort()).toEqual(['___netlify-bootstrap.mjs', ENTRY_FILE, ADAPTER_FILE, WORKER_FILE].sort());
    expect(strFromU8(files[ENTRY_FILE]!)).toContain(`import * as func from './${ADAPTER_FILE}'`);
    expect(strFromU8(files['___netlify-bootstrap.mjs']!)).toContain('getLambdaHandler');
    expect(bundle.config.build_data.runtimeAPIVersion).toBe(2);
    // Same input, same bytes: an unchanged API is never uploaded twice.
    expect(buildNetlifyFunction(strFromU8(files[WORKER_FILE]!), ['DATABASE_URL', 'SUPPORT_EMAIL']).sha256).toBe(bundle.sha256);
    expect(buildNetlifyFunction(strFromU8(files[WORKER_FILE]!), ['OTHER']).sha256).not.toBe(bundle.sha256);
  });

  it('declares the /api routes in the modern function config', () => {
    expect(config).toEqual({ path: ['/api', '/api/*'] });
  });

  it('serves the app API through the Workers-format handler', async () => {
    const health = await call('/api/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/application\/json/);
    expect(await health.json()).toEqual({ ok: true });

    const missing = await call('/api/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No API route /api/nope.' });

    // The request body and method reach the app's validation.
    const bad = await call('/api/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'A task needs a title of 1 to 200 characters.' });
  });

  it('hands the worker only the app\'s env (from Netlify.env), ASSETS on the same origin, and waitUntil', async () => {
    const echo = buildNetlifyFunction(
      `export default { async fetch(request, env, ctx) {
        const url = new URL(request.url);
        if (url.pathname === '/api/env') { ctx.waitUntil(Promise.resolve('later')); return Response.json({ keys: Object.keys(env).sort(), email: env.SUPPORT_EMAIL }); }
        if (url.pathname === '/api/page') return env.ASSETS.fetch(new Request(new URL('/index.html', url)));
        if (url.pathname === '/api/loop') return env.ASSETS.fetch(new Request(new URL('/api/env', url)));
        return new Response('?', { status: 418 });
      } }`,
      ['SUPPORT_EMAIL', 'DATABASE_URL'],
    );
    const echoDir = mkdtempSync(path.join(tmpdir(), 'netlify-fn-echo-'));
    for (const [name, bytes] of Object.entries(unzipSync(echo.zip))) writeFileSync(path.join(echoDir, name), bytes);
    const mod = (await import(pathToFileURL(path.join(echoDir, ADAPTER_FILE)).href)) as { default: THandler };
    const g = globalThis as { Netlify?: unknown; fetch: typeof fetch };
    const realFetch = g.fetch;
    const fetched: string[] = [];
    g.Netlify = { env: { get: (k: string) => ({ SUPPORT_EMAIL: 'help@example.com', AWS_SECRET_ACCESS_KEY: 'platform-secret' })[k] } };
    g.fetch = (async (input: Request) => {
      fetched.push(input.url);
      return new Response('<div id="root"></div>', { headers: { 'content-type': 'text/html' } });
    }) as typeof fetch;
    const waited: unknown[] = [];
    const run = (p: string) => mod.default(new Request(`https://abc--site.netlify.app${p}`), { waitUntil: (x) => waited.push(x) });
    try {
      expect(await (await run('/api/env')).json()).toEqual({ keys: ['ASSETS', 'SUPPORT_EMAIL'], email: 'help@example.com' });
      expect(waited).toHaveLength(1);
      expect(await (await run('/api/page')).text()).toBe('<div id="root"></div>');
      expect(fetched).toEqual(['https://abc--site.netlify.app/index.html']);
      // ASSETS never calls back into the function.
      expect((await run('/api/loop')).status).toBe(404);
      expect(fetched).toHaveLength(1);
    } finally {
      delete g.Netlify;
      g.fetch = realFetch;
      rmSync(echoDir, { recursive: true, force: true });
    }
  });
});
