import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBuildResult } from '@shipyard/deploy-core/build';
import { createLocalHost, databaseFile, LocalHostError, type TLocalHost } from '../src/index.js';
import { buildReference, json, request, schemaSql, seedSql, tempDataDir, removeTempDataDirs } from './helpers.js';

/** workerd processes started by this process. */
function workerdChildren(): number {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.includes('(workerd)') && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
      } catch {
        return false;
      }
    }).length;
}

interface TTask {
  id: number;
  title: string;
  done: boolean;
}

describe('local host: deploy, redeploy, rollback, restart, remove', () => {
  const dataDir = tempDataDir('lifecycle');
  let host: TLocalHost;
  let v1: TBuildResult;
  let v2: TBuildResult;
  const app = 'team-tasks';
  const hostName = `${app}.localhost`;
  const get = (path: string) => request(host.port, hostName, path);
  const tasks = async () => json<{ tasks: TTask[] }>(await get('/api/tasks')).tasks;
  const version = async () => json<{ version: number }>(await get('/api/health')).version;

  beforeAll(async () => {
    [v1, v2] = await Promise.all([buildReference(1), buildReference(2)]);
    host = await createLocalHost({ dataDir, port: 0 });
  });

  afterAll(async () => {
    await host?.close();
    removeTempDataDirs();
  });

  it('creates the database, applies the schema and imports the seed with row counts', async () => {
    const schema = await host.dbExec(app, schemaSql);
    expect(schema.rowCounts).toEqual({ notes: 0, tasks: 0 });
    const seed = await host.dbImport(app, `BEGIN TRANSACTION;\n${seedSql}\nCOMMIT;`);
    expect(seed).toMatchObject({ statements: 3, skipped: 2, rowsWritten: 5, rowCounts: { tasks: 3, notes: 2 } });
  });

  it('stages a deployment: reachable at its preview URL, not live until promoted', async () => {
    const result = await host.deploy({ appSlug: app, deploymentId: 'dep1', build: v1, env: { SUPPORT_EMAIL: 'help@example.com' } });
    expect(result).toMatchObject({ live: false, reused: false, previewUrl: `http://dep1.${hostName}:${host.port}`, warmup: { status: 200 } });

    const live = await get('/');
    expect(live.status).toBe(503);
    expect(live.body).toContain('no live deployment yet');

    const preview = await request(host.port, `dep1.${hostName}`, '/api/health');
    expect(json(preview)).toEqual({ ok: true, version: 1 });

    const promoted = await host.promote(app, 'dep1');
    expect(promoted).toMatchObject({ deploymentId: 'dep1', previousDeploymentId: null, url: `http://${hostName}:${host.port}` });
  });

  it('serves the page, its assets, client routes and the API over HTTP by Host header', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const script = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();

    const js = await get(script as string);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const revalidated = await request(host.port, hostName, script as string, { headers: { 'if-none-match': String(js.headers.etag) } });
    expect(revalidated.status).toBe(304);

    const head = await request(host.port, hostName, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(page.body));

    const clientRoute = await get('/tasks');
    expect(clientRoute.status).toBe(200);
    expect(clientRoute.body).toBe(page.body);
    expect((await get('/assets/missing.js')).status).toBe(404);

    expect((await tasks()).map((t) => t.title)).toEqual(['Write the launch post', 'Fix the login redirect; it loops', 'Invite the design team']);
    expect(json(await get('/api/info'))).toEqual({ name: 'Team Tasks', supportEmail: 'help@example.com', tasks: 3, notes: 2 });
  });

  it('writes through the API into the app database', async () => {
    const created = await request(host.port, hostName, '/api/tasks', { method: 'POST', body: JSON.stringify({ title: 'Ship it', priority: 2 }) });
    expect(created.status).toBe(201);
    expect(json<{ task: TTask }>(created).task).toMatchObject({ title: 'Ship it', done: false });
    expect(await tasks()).toHaveLength(4);
    expect(await host.dbQuery(app, 'SELECT title FROM tasks WHERE priority = ? ORDER BY id', [2])).toEqual([
      { title: 'Write the launch post' },
      { title: 'Fix the login redirect; it loops' },
      { title: 'Ship it' },
    ]);
  });

  it('redeploys a changed build: the change is live and the data is still there', async () => {
    const result = await host.deploy({ appSlug: app, deploymentId: 'dep2', build: v2, env: { SUPPORT_EMAIL: 'help@example.com' }, promote: true });
    expect(result.live).toBe(true);
    expect(await version()).toBe(2);
    expect(await tasks()).toHaveLength(4);
    expect(host.status(app)).toMatchObject({ liveDeploymentId: 'dep2', previousDeploymentId: 'dep1' });
  });

  it('is idempotent per deployment id and refuses a different build under the same id', async () => {
    const again = await host.deploy({ appSlug: app, deploymentId: 'dep2', build: v2 });
    expect(again).toMatchObject({ reused: true, live: true });
    const conflict = await host.deploy({ appSlug: app, deploymentId: 'dep2', build: v1 }).catch((e: unknown) => e);
    expect(LocalHostError.is(conflict) && conflict.code).toBe('CONFLICT');
  });

  it('rolls back instantly to the previous build, keeping the data', async () => {
    // The previous deployment is still running, so rollback is a pointer swap, not a restart.
    expect(host.status(app)?.deployments.find((d) => d.id === 'dep1')).toMatchObject({ loaded: true, live: false });
    const rolled = await host.rollback(app);
    expect(rolled).toMatchObject({ deploymentId: 'dep1', previousDeploymentId: 'dep2' });
    expect(rolled.durationMs).toBeLessThan(1_000);
    expect(await version()).toBe(1);
    expect(await tasks()).toHaveLength(4);
  });

  it('records each request in the app log, without query strings', async () => {
    await get('/api/tasks?token=secret');
    const { requests } = host.logs(app);
    const last = requests.at(-1);
    expect(last).toMatchObject({ method: 'GET', path: '/api/tasks', status: 200, deploymentId: 'dep1' });
    expect(JSON.stringify(requests)).not.toContain('secret');
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/tasks' && r.status === 201)).toBe(true);
  });

  it('survives a host restart: same live deployment, same data, same env', async () => {
    await host.close();
    host = await createLocalHost({ dataDir, port: 0 });
    expect(await version()).toBe(1);
    expect(await tasks()).toHaveLength(4);
    expect(json<{ supportEmail: string }>(await get('/api/info')).supportEmail).toBe('help@example.com');
    expect(host.status(app)?.deployments.map((d) => d.id)).toEqual(['dep1', 'dep2']);
  });

  it('answers 404 for hosts it does not serve', async () => {
    const unknown = await request(host.port, 'nobody.localhost', '/');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('No app is deployed at nobody.localhost');
    expect((await request(host.port, `nope.${hostName}`, '/')).status).toBe(404);
    expect((await request(host.port, 'example.org', '/')).status).toBe(404);
  });

  it('removes the app: 404, builds and database gone', async () => {
    const dbFile = databaseFile(join(dataDir, 'd1'), app);
    expect(existsSync(dbFile)).toBe(true);
    await host.remove(app);
    expect((await get('/')).status).toBe(404);
    expect(existsSync(join(dataDir, 'apps', app))).toBe(false);
    expect(existsSync(dbFile)).toBe(false);
    expect(host.status(app)).toBeNull();
    await host.remove(app); // idempotent

    // A new app with the same name starts from an empty database.
    const fresh = await host.dbExec(app, schemaSql);
    expect(fresh.rowCounts).toEqual({ notes: 0, tasks: 0 });
  });
});

describe('local host start-up', () => {
  it('fails cleanly on a taken port: no workerd process is left running', async () => {
    const first = await createLocalHost({ dataDir: tempDataDir('startup'), port: 0 });
    try {
      const dataDir = tempDataDir('startup-2');
      const second = await createLocalHost({ dataDir, port: 0 });
      await second.deploy({ appSlug: 'one', deploymentId: 'v1', build: await buildReference(1), promote: true });
      await second.close();
      const before = workerdChildren();
      const taken = await createLocalHost({ dataDir, port: first.port }).catch((e: unknown) => e);
      expect((taken as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
      expect(workerdChildren()).toBe(before);
      expect(existsSync(join(dataDir, 'host.lock'))).toBe(false);
    } finally {
      await first.close();
      removeTempDataDirs();
    }
  });
});
