import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { startHranaTestServer, type THranaTestServer } from '@shipyard/deploy-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost } from '../src/host/local-host.js';
import type { TLocalHost } from '../src/host/types.js';
import { hostControl } from '../src/control/index.js';
import { createLocalHostingProvider } from '../src/provider/index.js';
import {
  buildReference,
  json,
  removeTempDataDirs,
  request,
  schemaSql,
  seedSql,
  tempDataDir,
} from './helpers.js';

// An app hosted here with a remote database (Turso, Neon, sqld…): the deployment reaches that
// database through DATABASE_URL and the worker's shim, and the host binds no D1 of its own that
// would shadow it. A libSQL server on this machine stands in for Turso.

const TOKEN = 'remote-db-token-0123456789abcdef';

describe('a hosted app with a remote database', () => {
  let host: TLocalHost;
  let libsql: THranaTestServer;
  const ctx = { signal: new AbortController().signal, log: (_: string) => {} };
  const logs: string[] = [];

  beforeAll(async () => {
    const dir = tempDataDir('remote-db');
    const dbUrl = `file:${join(dir, 'remote.db')}`;
    const seed = createClient({ url: dbUrl });
    await seed.executeMultiple(`${schemaSql}\n${seedSql}`);
    await seed.execute("INSERT INTO tasks (title) VALUES ('only in the remote database')");
    seed.close();
    libsql = await startHranaTestServer({ dbUrl, authToken: TOKEN });
    // The libSQL server is on this machine, so the apps' outbound network must reach it.
    host = await createLocalHost({
      dataDir: tempDataDir('remote-db-host'),
      port: 0,
      outboundAllow: ['public', 'local'],
    });
  }, 60_000);

  afterAll(async () => {
    await host?.close();
    await libsql?.close();
    removeTempDataDirs();
  });

  it('serves the API from the remote database, not from a local D1', async () => {
    const hosting = createLocalHostingProvider(hostControl(host));
    const app = { id: 'app_remote', orgId: 'org_1', slug: 'remote-tasks' };
    const build = await buildReference(1);
    const hosted = await hosting.deploy(
      {
        app,
        deploymentId: 'dep-remote-1',
        artifact: build,
        env: { SUPPORT_EMAIL: 'help@example.com' },
        database: {
          provider: 'turso',
          externalId: 'db-1',
          name: 'sy-remote-tasks',
          url: libsql.url.replace(/^http/, 'libsql') + '?tls=0',
          authToken: TOKEN,
        },
      },
      { ...ctx, log: (m) => logs.push(m) },
    );
    await hosting.promote({ app, providerDeploymentId: hosted.providerDeploymentId }, ctx);
    const tasks = await request(host.port, `${app.slug}.localhost:${host.port}`, '/api/tasks');
    expect(tasks.status).toBe(200);
    const titles = json<{ tasks: { title: string }[] }>(tasks).tasks.map((t) => t.title);
    expect(titles).toContain('only in the remote database');
    // Every query went to the remote server, with the database token.
    expect(libsql.requests.length).toBeGreaterThan(0);
    expect(libsql.failures).toEqual([]);
  }, 60_000);

  it("keeps binding the host's own database when the app's database is local, without passing DATABASE_URL on", async () => {
    const hosting = createLocalHostingProvider(hostControl(host));
    const app = { id: 'app_local', orgId: 'org_1', slug: 'local-tasks' };
    const build = await buildReference(1);
    const seen: string[] = [];
    const hosted = await hosting.deploy(
      {
        app,
        deploymentId: 'dep-local-1',
        artifact: build,
        env: { SUPPORT_EMAIL: 'help@example.com', DATABASE_URL: 'libsql://somewhere-else.example' },
        database: {
          provider: 'local',
          externalId: app.slug,
          name: 'sy-local-tasks',
          url: 'file:ignored',
        },
      },
      { ...ctx, log: (m) => seen.push(m) },
    );
    await hosting.promote({ app, providerDeploymentId: hosted.providerDeploymentId }, ctx);
    expect(seen).toContain(
      "DATABASE_URL is not passed on: the app's database is bound as env.DB on this host.",
    );
    await host.dbExec(app.slug, schemaSql);
    const tasks = await request(host.port, `${app.slug}.localhost:${host.port}`, '/api/tasks');
    expect(tasks.status).toBe(200);
    expect(json<{ tasks: unknown[] }>(tasks).tasks).toEqual([]);
  }, 60_000);
});
