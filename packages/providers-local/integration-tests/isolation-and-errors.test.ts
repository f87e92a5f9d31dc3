import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type TBuildResult } from '@shipyard/deploy-core/build';
import { createLocalHost, LocalHostError, type TLocalHost } from '../src/index.js';
import { buildReference, json, request, schemaSql, seedSql, tempDataDir, removeTempDataDirs } from './helpers.js';

/** A one-file app whose API is `api`. */
function tinyApp(api: string): Promise<TBuildResult> {
  return buildApp({
    files: {
      'shipyard.json': JSON.stringify({ name: 'Tiny', api: 'api/index.ts' }),
      'index.html': '<!doctype html><div id="root"></div><script type="module" src="/src/main.ts"></script>',
      'src/main.ts': "document.getElementById('root')!.textContent = 'tiny';\n",
      'api/index.ts': api,
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<LocalHostError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(LocalHostError.is(error)).toBe(true);
  return error as LocalHostError;
}

describe('isolation, failures and bad input', () => {
  let host: TLocalHost;
  let reference: TBuildResult;
  const dataDir = tempDataDir('isolation');

  beforeAll(async () => {
    reference = await buildReference(1);
    host = await createLocalHost({ dataDir, port: 0, appsPerCell: 8 });
    for (const app of ['alpha', 'beta']) await host.dbExec(app, schemaSql);
    await host.dbImport('alpha', seedSql);
    await host.deploy({ appSlug: 'alpha', deploymentId: 'a1', build: reference, env: { SUPPORT_EMAIL: 'alpha@example.com' }, promote: true });
    await host.deploy({ appSlug: 'beta', deploymentId: 'b1', build: reference, promote: true });
  });

  afterAll(async () => {
    await host?.close();
    removeTempDataDirs();
  });

  it('gives each app its own database and its own environment', async () => {
    expect(json(await request(host.port, 'alpha.localhost', '/api/info'))).toMatchObject({ supportEmail: 'alpha@example.com', tasks: 3 });
    expect(json(await request(host.port, 'beta.localhost', '/api/info'))).toMatchObject({ supportEmail: null, tasks: 0 });
    await request(host.port, 'beta.localhost', '/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'only in beta' }) });
    expect((await host.dbQuery('alpha', 'SELECT title FROM tasks WHERE title = ?', ['only in beta'])).length).toBe(0);
    expect((await host.dbQuery('beta', 'SELECT title FROM tasks')).length).toBe(1);
  });

  it('does not let an app reach this machine (the platform, other apps, databases)', async () => {
    const probe = await tinyApp(`export default {
      async fetch(request: Request) {
        const target = new URL(request.url).searchParams.get('url') ?? '';
        try {
          const res = await fetch(target);
          return new Response('reached ' + res.status);
        } catch (e) {
          return new Response('blocked');
        }
      },
    };`);
    await host.deploy({ appSlug: 'probe', deploymentId: 'p1', build: probe, promote: true });
    const local = await request(host.port, 'probe.localhost', `/api/x?url=${encodeURIComponent(`http://127.0.0.1:${host.port}/`)}`);
    expect(local.body).toBe('blocked');
    const keys = await tinyApp('export default { fetch: (_r: Request, env: Record<string, unknown>) => Response.json(Object.keys(env).sort()) };');
    await host.deploy({ appSlug: 'probe', deploymentId: 'p2', build: keys, env: { API_TOKEN: 't' }, promote: true });
    expect(json(await request(host.port, 'probe.localhost', '/api/env'))).toEqual(['API_TOKEN', 'ASSETS', 'DB']);
  });

  it('logs an exception thrown by the app and answers a plain 500 without the stack', async () => {
    const thrower = await tinyApp("export default { fetch() { throw new Error('boom in handler'); } };");
    await host.deploy({ appSlug: 'thrower', deploymentId: 't1', build: thrower, promote: true });
    const res = await request(host.port, 'thrower.localhost', '/api/anything');
    expect(res.status).toBe(500);
    expect(res.body).toBe('Internal Server Error');
    expect(res.headers['x-shipyard-error']).toBeUndefined();
    const { errors, requests } = host.logs('thrower');
    expect(errors.at(-1)).toMatchObject({ source: 'exception', deploymentId: 't1' });
    expect(errors.at(-1)?.message).toContain('boom in handler');
    expect(requests.at(-1)).toMatchObject({ status: 500, path: '/api/anything', error: 'Error: boom in handler' });
  });

  it('refuses a deployment that cannot start and keeps the previous one serving', async () => {
    const broken = await tinyApp("throw new Error('crash at import');\nexport default { fetch: () => new Response('never') };");
    const error = await rejection(host.deploy({ appSlug: 'alpha', deploymentId: 'a2', build: broken, promote: true }));
    expect(error.code).toBe('DEPLOY_FAILED');
    expect(error.message).toContain('crash at import');
    expect(host.status('alpha')).toMatchObject({ liveDeploymentId: 'a1' });
    expect(host.status('alpha')?.deployments.map((d) => d.id)).toEqual(['a1']);
    expect((await request(host.port, 'alpha.localhost', '/api/health')).status).toBe(200);
    expect((await request(host.port, 'beta.localhost', '/api/health')).status).toBe(200);
    expect(host.logs('alpha').errors.some((e) => e.deploymentId === 'a2' && e.message.includes('crash at import'))).toBe(true);
  });

  it('routes a custom domain to its app and refuses taken or reserved ones', async () => {
    await host.addDomain('alpha', 'Tasks.Example.test');
    expect(json(await request(host.port, 'tasks.example.test', '/api/info'))).toMatchObject({ supportEmail: 'alpha@example.com' });
    expect((await rejection(host.addDomain('beta', 'tasks.example.test'))).code).toBe('CONFLICT');
    expect((await rejection(host.addDomain('beta', 'beta.localhost'))).code).toBe('VALIDATION');
    expect((await rejection(host.addDomain('beta', 'not a domain'))).code).toBe('VALIDATION');
    await host.removeDomain('tasks.example.test');
    expect((await request(host.port, 'tasks.example.test', '/')).status).toBe(404);
  });

  it('rejects invalid names, env vars and builds with a clear error', async () => {
    const deploy = (input: Partial<Parameters<TLocalHost['deploy']>[0]>) =>
      rejection(host.deploy({ appSlug: 'gamma', deploymentId: 'g1', build: reference, ...input }));
    expect((await deploy({ appSlug: 'Bad_Name' })).message).toMatch(/not a valid app name/);
    expect((await deploy({ appSlug: 'a--b' })).code).toBe('VALIDATION');
    expect((await deploy({ deploymentId: 'has space' })).message).toMatch(/not a valid deployment id/);
    expect((await deploy({ env: { DB: 'x' } })).message).toMatch(/DB is reserved/);
    expect((await deploy({ env: { '1BAD': 'x' } })).message).toMatch(/not a valid environment variable name/);
    expect((await deploy({ env: { BIG: 'x'.repeat(6000) } })).message).toMatch(/limit is 5120 bytes/);
    expect((await deploy({ build: { ...reference, worker: '' } })).code).toBe('VALIDATION');
    expect((await deploy({ build: { ...reference, assets: new Map([['../escape.txt', new Uint8Array()]]) } })).message).toMatch(/cannot serve/);
    expect(host.status('gamma')?.deployments ?? []).toEqual([]);
    expect((await rejection(host.promote('alpha', 'nope'))).code).toBe('NOT_FOUND');
    expect((await rejection(host.rollback('beta'))).code).toBe('NOT_FOUND');
    expect((await rejection(host.dbExec('alpha', 'INSERT INTO tasks (title) VALUES (1); INSERT INTO nope VALUES (1);'))).code).toBe('DATABASE_ERROR');
    expect(await host.dbRowCounts('alpha')).toEqual({ notes: 2, tasks: 3 });
  });

  it('encrypts environment variables at rest when given a key, and needs that key to serve them', async () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    await host.close();
    host = await createLocalHost({ dataDir, port: 0, envKey: key });
    await host.dbExec('secretive', schemaSql);
    await host.deploy({ appSlug: 'secretive', deploymentId: 's1', build: reference, env: { SUPPORT_EMAIL: 'very-secret@example.com' }, promote: true });
    const dir = join(dataDir, 'apps', 'secretive', 'deployments', 's1');
    expect(readdirSync(dir)).toContain('env.sealed.json');
    expect(readFileSync(join(dir, 'env.sealed.json'), 'utf8')).not.toContain('very-secret');
    expect(json(await request(host.port, 'secretive.localhost', '/api/info'))).toMatchObject({ supportEmail: 'very-secret@example.com' });

    await host.close();
    host = await createLocalHost({ dataDir, port: 0 });
    expect((await request(host.port, 'secretive.localhost', '/api/health')).status).toBe(503);
    expect(host.logs('secretive').errors.at(-1)?.message).toMatch(/encrypted; start the host with the env key/);
    expect((await request(host.port, 'alpha.localhost', '/api/health')).status).toBe(200);
  });
});
