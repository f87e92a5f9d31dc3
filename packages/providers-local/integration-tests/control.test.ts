import { afterAll, describe, expect, it } from 'vitest';
import {
  createLocalHostClient,
  hostControl,
  startHostControlServer,
} from '../src/control/index.js';
import { createLocalHost } from '../src/host/local-host.js';
import { createLocalDatabaseProvider, createLocalHostingProvider } from '../src/provider/index.js';
import {
  buildReference,
  json,
  removeTempDataDirs,
  request,
  schemaSql,
  seedSql,
  tempDataDir,
} from './helpers.js';

const TOKEN = 'control-token-for-tests-0123456789';

describe('host control API: another process deploys through the host', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    removeTempDataDirs();
  });

  it('deploys, migrates, promotes and reads logs over the control API; refuses a wrong token', async () => {
    const host = await createLocalHost({ dataDir: tempDataDir('control'), port: 0 });
    closers.push(() => host.close());
    const server = await startHostControlServer(host, { token: TOKEN });
    closers.push(() => server.close());

    await expect(
      createLocalHostClient({ url: server.url, token: 'wrong-token-wrong-token-wrong' }),
    ).rejects.toThrow(/rejected the control token/);

    const client = await createLocalHostClient({ url: server.url, token: TOKEN });
    expect(client.appUrl('notes')).toBe(host.appUrl('notes'));

    // The deploy-core adapters work the same over the wire as in process.
    const hosting = createLocalHostingProvider(client);
    const database = createLocalDatabaseProvider(client);
    const app = { id: 'app_1', orgId: 'org_1', slug: 'notes' };
    const ctx = { signal: new AbortController().signal, log: () => {} };
    const conn = await database.provision({ app, name: 'sy-notes' }, ctx);
    await database.execute(
      conn,
      schemaSql.split(';').filter((s) => s.trim()),
      ctx,
    );
    await database.execute(
      conn,
      seedSql.split(';\n').filter((s) => s.trim()),
      ctx,
    );
    const counts = await database.countRows(conn, ['tasks']);
    expect(counts.tasks).toBeGreaterThan(0);

    const build = await buildReference(1);
    const hosted = await hosting.deploy(
      { app, deploymentId: 'dep_ABC_1', artifact: build, env: {}, database: conn },
      ctx,
    );
    expect(hosted.providerDeploymentId).toBe('dep-abc-1');
    expect((await hosting.healthCheck!({ app, hosted }, ctx)).status).toBe(200);
    const live = await hosting.promote(
      { app, providerDeploymentId: hosted.providerDeploymentId },
      ctx,
    );
    expect(live.url).toBe(host.appUrl('notes'));

    const health = await request(host.port, `notes.localhost:${host.port}`, '/api/health');
    expect(json<{ ok: boolean; version: number }>(health)).toEqual({ ok: true, version: 1 });
    const rows = await database.query(conn, 'SELECT COUNT(*) AS n FROM tasks', []);
    expect(Number(rows[0]?.n)).toBe(counts.tasks);
    const logs = await hosting.requestLogs!(app, 10);
    expect(logs.some((l) => l.path === '/api/health' && l.status === 200)).toBe(true);

    await hosting.removeApp(app, ctx);
    expect((await request(host.port, `notes.localhost:${host.port}`, '/')).status).toBe(404);
    expect(hostControl(host).appUrl('x')).toBe(host.appUrl('x'));
  }, 120_000);
});
