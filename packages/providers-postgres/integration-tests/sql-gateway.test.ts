import {
  prepareData,
  prepareSchema,
  wrapEnvWithRemoteDb,
  type RemoteD1Database,
} from '@shipyard/deploy-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { postgresUrlDatabase } from '../src/byo';
import { createPostgresSqlGateway } from '../src/sql-gateway';
import { postgresTenantDatabases } from '../src/tenants';
import { admin, ADMIN_URL, app, stepContext, uniqueName } from './helpers';

/*
 * Tenant databases reached the way a deployed app on workerd, Cloudflare or Vercel Edge reaches
 * them: the app's `env.DB` shim (the same code `_worker.js` inlines) speaks Neon's SQL over HTTP
 * to the gateway, which connects to the real PostgreSQL on this machine as the tenant's role.
 * (This server trusts TCP connections from 127.0.0.1, so wrong passwords are not tested here.)
 */
const prefix = `sygw${process.pid % 100000}_`;
const files = loadAppFiles();
let gateway: { url: string; close(): Promise<void> };
let provider: ReturnType<typeof postgresTenantDatabases.create>;

beforeAll(async () => {
  gateway = await createPostgresSqlGateway({
    servers: ['127.0.0.1:5432'],
    deniedUsers: ['postgres'],
  }).listen(0);
  provider = postgresTenantDatabases.create(
    postgresTenantDatabases.optionsSchema.parse({
      adminUrl: ADMIN_URL,
      tenantHost: '127.0.0.1',
      tenantSslMode: 'disable',
      namePrefix: prefix,
      sqlGatewayUrl: gateway.url,
    }),
  );
});

afterAll(async () => {
  await gateway?.close();
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    const roles = await c.query<{ rolname: string }>(
      'SELECT rolname FROM pg_roles WHERE rolname LIKE $1',
      [`${prefix}%`],
    );
    for (const r of roles.rows) await c.query(`DROP ROLE IF EXISTS "${r.rolname}"`);
  });
});

async function post(body: unknown, connectionString: string | null) {
  const response = await fetch(`${gateway.url}/sql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'Neon-Raw-Text-Output': 'true',
      'Neon-Array-Mode': 'true',
      ...(connectionString ? { 'Neon-Connection-String': connectionString } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { message?: string } };
}

describe('PostgreSQL tenant databases over the SQL gateway (real server)', () => {
  it('is reached over HTTP, with the gateway as the endpoint deployed apps get', () => {
    expect(provider.runtimeAccess).toBe('http');
    expect(provider.sqlEndpoint).toBe(`${gateway.url}/sql`);
  });

  it("serves an app's env.DB: reads, writes with last_row_id, batches in one transaction, errors", async () => {
    const ctx = stepContext();
    const conn = await provider.provision({ app: app('gw'), name: uniqueName('sy-gw-') }, ctx);
    const schema = files['db/schema.sql'] ?? '';
    await provider.execute(conn, prepareSchema(schema, 'postgres'), ctx);
    await provider.execute(
      conn,
      prepareData(files['db/seed.sql'] ?? '', 'postgres', schema).statements,
      ctx,
    );

    // What the deploy gives the app, and what its shim makes of it.
    const env = wrapEnvWithRemoteDb({
      DATABASE_URL: conn.url,
      DATABASE_SQL_ENDPOINT: provider.sqlEndpoint,
    });
    const db = env.DB as RemoteD1Database;
    expect(db.protocol).toBe('neon');
    expect(await db.prepare('SELECT COUNT(*) AS n FROM tasks').first('n')).toBe(3);
    const inserted = await db
      .prepare('INSERT INTO tasks (title) VALUES (?)')
      .bind('added over HTTP')
      .run();
    expect(inserted.meta.last_row_id).toBe(4);
    const done = await db.prepare('SELECT title, done FROM tasks WHERE id = ?').bind(4).first();
    expect(done).toEqual({ title: 'added over HTTP', done: 0 });

    // A batch is one transaction: a failing statement undoes the ones before it.
    await expect(
      db.batch([
        db.prepare("INSERT INTO notes (title) VALUES ('kept?')"),
        db.prepare('INSERT INTO no_such_table (x) VALUES (1)'),
      ]),
    ).rejects.toThrow(/no_such_table/);
    expect(
      await db.prepare("SELECT COUNT(*) AS n FROM notes WHERE title = 'kept?'").first('n'),
    ).toBe(0);
  });

  it('connects only to its servers, never as the admin, and refuses malformed requests', async () => {
    const tenant = await provider.provision(
      { app: app('gw2'), name: uniqueName('sy-gw2-') },
      stepContext(),
    );
    const elsewhere = tenant.url.replace('127.0.0.1:5432', '10.0.0.5:5432');
    expect(await post({ query: 'SELECT 1' }, elsewhere)).toEqual({
      status: 403,
      body: { message: 'This gateway does not connect to 10.0.0.5:5432.' },
    });
    expect(
      await post({ query: 'SELECT 1' }, 'postgresql://postgres@127.0.0.1:5432/postgres'),
    ).toEqual({
      status: 403,
      body: { message: 'This gateway does not serve the role postgres.' },
    });
    expect((await post({ query: 'SELECT 1' }, null)).status).toBe(400);
    expect((await post('{not json', tenant.url)).status).toBe(400);
    expect((await post({ nothing: true }, tenant.url)).status).toBe(400);
    const big = await post({ query: `SELECT '${'x'.repeat(1_100_000)}'` }, tenant.url);
    expect(big.status).toBe(413);
    // A tenant's role cannot reach another tenant's database through the gateway either.
    const other = await provider.provision(
      { app: app('gw3'), name: uniqueName('sy-gw3-') },
      stepContext(),
    );
    const otherDb = new URL(other.url).pathname;
    const crossed = await post(
      { query: 'SELECT 1' },
      tenant.url.replace(new URL(tenant.url).pathname, otherDb),
    );
    expect(crossed.status).toBe(403);
    expect(crossed.body.message).toMatch(/permission denied for database/);
  });

  it("serves a team's own database only on a public address (--public-hosts), connecting to what it checked", async () => {
    const tenant = await provider.provision(
      { app: app('byo'), name: uniqueName('sy-byo-') },
      stepContext(),
    );
    const own = new URL(tenant.url);
    own.hostname = 'db.customer.example';
    own.searchParams.set('sslmode', 'disable');
    const asPublic = await createPostgresSqlGateway({
      servers: [],
      publicHosts: { lookup: async () => [{ address: '10.1.2.3', family: 4 }] },
    }).listen(0);
    // Refused: the name resolves to a private address (an SSRF attempt at the internal network).
    const refused = await fetch(`${asPublic.url}/sql`, {
      method: 'POST',
      headers: { 'Neon-Connection-String': own.toString() },
      body: JSON.stringify({ query: 'SELECT 1' }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /10\.1\.2\.3.*private/i,
    );
    await asPublic.close();

    // Served (the operator allows this machine's network in the test): the name resolves to the
    // server here, and the app's shim reads through it as the tenant's role.
    const local = await createPostgresSqlGateway({
      servers: [],
      publicHosts: {
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
        allowPrivateNetworks: true,
      },
    }).listen(0);
    const byo = postgresUrlDatabase.create(
      postgresUrlDatabase.optionsSchema.parse({ url: own.toString(), sqlGatewayUrl: local.url }),
    );
    expect([byo.runtimeAccess, byo.sqlEndpoint]).toEqual(['http', `${local.url}/sql`]);
    const env = wrapEnvWithRemoteDb({
      DATABASE_URL: own.toString(),
      DATABASE_SQL_ENDPOINT: byo.sqlEndpoint,
    });
    expect(
      await (env.DB as RemoteD1Database).prepare('SELECT current_user AS who').first('who'),
    ).toBe(tenant.externalId);
    await local.close();
  });
});
