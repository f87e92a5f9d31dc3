import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '@shipyard/deploy-core';
import { startDeployHarness, type TDeployHarness } from '@shipyard/deploy-core/testing';
import {
  createLocalHost,
  createLocalHostingProvider,
  hostControl,
  type TLocalHost,
} from '@shipyard/providers-local';
import { createPostgresSqlGateway, postgresTenantDatabases } from '@shipyard/providers-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';

// The reference app deployed to this machine's workerd host with a PostgreSQL tenant database on
// the real server here: workerd cannot open TCP connections, so the app's env.DB reaches its
// database through the SQL gateway over HTTP. Without the gateway the same deploy is refused.

const files = loadAppFiles();
const prefix = `sysvc${process.pid % 100000}_`;
const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

function get(port: number, host: string, pathname: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function dropTenants() {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const r of rows) await client.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    const roles = await client.query<{ rolname: string }>(
      'SELECT rolname FROM pg_roles WHERE rolname LIKE $1',
      [`${prefix}%`],
    );
    for (const r of roles.rows) await client.query(`DROP ROLE IF EXISTS "${r.rolname}"`);
  } finally {
    await client.end();
  }
}

describe('an app on the local host with a PostgreSQL tenant database', () => {
  let dataDir: string;
  let host: TLocalHost;
  let gateway: { url: string; close(): Promise<void> };
  let harness: TDeployHarness;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'shipyard-pg-gateway-'));
    // The gateway listens on this machine, so the apps' outbound network must reach it.
    host = await createLocalHost({ dataDir, port: 0, outboundAllow: ['public', 'local'] });
    gateway = await createPostgresSqlGateway({
      servers: ['127.0.0.1:5432'],
      deniedUsers: ['postgres'],
    }).listen(0);
    harness = await startDeployHarness();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await gateway?.close();
    await host?.close();
    await dropTenants();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function stackWith(sqlGatewayUrl?: string) {
    const database = postgresTenantDatabases.create(
      postgresTenantDatabases.optionsSchema.parse({
        adminUrl: ADMIN_URL,
        tenantHost: '127.0.0.1',
        tenantSslMode: 'disable',
        namePrefix: prefix,
        ...(sqlGatewayUrl ? { sqlGatewayUrl } : {}),
      }),
    );
    const hosting = createLocalHostingProvider(hostControl(host));
    return harness.stack({
      providers: { hosting: [hosting], database: [database] },
      loadSource: async () => ({ files }),
      build: (f) => buildApp({ files: f }),
      fetch,
      waitTimeoutMs: 60_000,
    });
  }

  const deployInput = (projectId: string) => ({
    orgId: 'org1',
    userId: 'user1',
    projectId,
    projectName: projectId,
    sourceVersionId: 'v1',
    hostingProvider: 'local',
    databaseProvider: 'postgres-tenants',
    importPreviewData: false,
    env: { SUPPORT_EMAIL: 'help@example.com' },
  });

  it('is refused without a gateway: workerd cannot open a PostgreSQL connection', async () => {
    const stack = stackWith();
    await expect(stack.service.deployWeb(deployInput('pg-direct'))).rejects.toThrow(
      /needs a direct PostgreSQL connection/,
    );
  });

  it('deploys, and the live API reads and writes the tenant database through the gateway', async () => {
    const stack = stackWith(gateway.url);
    const { deploymentId, slug } = await stack.service.deployWeb(deployInput('pg-tasks'));
    const done = await stack.waitFor(deploymentId);
    expect([done.status, done.error]).toEqual(['succeeded', null]);
    expect(
      done.logs.some((l) => /Seeded the database: tasks 3 rows, notes 2 rows/.test(l.message)),
    ).toBe(true);

    const live = `${slug}.localhost:${host.port}`;
    const info = await get(host.port, live, '/api/info');
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ tasks: 3, notes: 2 });
    const tasks = await get(host.port, live, '/api/tasks');
    expect((JSON.parse(tasks.body) as { tasks: unknown[] }).tasks).toHaveLength(3);
  }, 120_000);
});
