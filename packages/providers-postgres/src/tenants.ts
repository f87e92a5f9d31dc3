import { createHash, randomInt } from 'node:crypto';
import { AppError } from '@shipyard/core';
import type { DatabaseProvider, TDatabaseConnection, TProviderDefinition, TStepContext } from '@shipyard/deploy-core';
import pg from 'pg';
import { createPostgresDataPlane } from './data-plane';
import { sqlEndpointOf } from './sql-endpoint';
import { pgError, redact } from './errors';
import { ZPostgresTenantOptionsSchema, type TPostgresTenantOptions } from './options';
import { quoteIdent, quoteLiteral } from './sql';
import { formatPostgresUrl, parsePostgresUrl, pgClientConfig, type TPostgresUrl } from './url';

const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 characters from a 62-letter alphabet (about 190 bits), from the OS CSPRNG. */
export function randomPassword(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

/**
 * The database and role name for an app database: `<prefix><name>` folded to lower-case
 * letters, digits and `_`, at most 63 bytes (PostgreSQL's identifier limit); long names keep a hash
 * suffix so two long names never collide.
 */
export function tenantIdentifier(prefix: string, name: string): string {
  const folded = `${prefix}${name.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`.replace(/_+$/, '');
  if (folded.length <= 63) return folded;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${folded.slice(0, 54).replace(/_+$/, '')}_${hash}`;
}

export type PostgresTenantDatabases = DatabaseProvider & {
  /** Checks the admin connection and that it may create roles and databases. */
  check(): Promise<{ ok: boolean; message: string }>;
};

/**
 * Self-hosted tenant databases on one PostgreSQL server: each app gets its own database and its
 * own login role (random password, `CONNECTION LIMIT`), the role owns only its database, and
 * `CONNECT` on the database is revoked from PUBLIC — so no other tenant's role can connect to it.
 */
export function createPostgresTenantDatabases(input: TPostgresTenantOptions): PostgresTenantDatabases {
  const options = ZPostgresTenantOptionsSchema.parse(input);
  const admin = parsePostgresUrl(options.adminUrl);
  if (!admin.ok) throw new AppError('VALIDATION', `adminUrl: ${admin.message}`);
  const adminUrl: TPostgresUrl = admin.url;
  const adminTarget = `${adminUrl.host}:${adminUrl.port}`;
  const secrets = [adminUrl.password];

  async function withAdmin<T>(database: string, action: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client(
      pgClientConfig({ ...adminUrl, database }, { connectTimeoutMs: options.connectTimeoutMs, defaultSslMode: 'disable', applicationName: 'shipyard-admin' }),
    );
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await fn(client);
    } catch (error) {
      throw pgError(error, { action, target: adminTarget, secrets });
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  const dataPlane = createPostgresDataPlane({
    label: 'PostgreSQL',
    describe: (conn) => `${options.tenantHost}:${options.tenantPort}/${conn.externalId}`,
    async clientConfig(conn: TDatabaseConnection) {
      const parsed = parsePostgresUrl(conn.url);
      if (!parsed.ok) throw new AppError('INTERNAL', `The stored URL of ${conn.name} is not valid: ${parsed.message}`);
      return pgClientConfig(parsed.url, { connectTimeoutMs: options.connectTimeoutMs });
    },
  });

  async function provision({ name }: { name: string }, ctx: TStepContext): Promise<TDatabaseConnection> {
    const ident = tenantIdentifier(options.namePrefix, name);
    const role = quoteIdent(ident);
    const password = randomPassword();
    const limit = options.connectionLimit;
    const created = await withAdmin(adminUrl.database, `create the database ${ident}`, async (client) => {
      const roleExists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [ident])).rowCount === 1;
      // A role that exists is this app's from an earlier, interrupted provision: its password was
      // never stored, so it gets a new one.
      const attributes = `LOGIN PASSWORD ${quoteLiteral(password)} CONNECTION LIMIT ${limit} NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS`;
      if (roleExists) await client.query(`ALTER ROLE ${role} WITH ${attributes}`);
      else await ignoreCode(client.query(`CREATE ROLE ${role} WITH ${attributes}`), '42710', () => client.query(`ALTER ROLE ${role} WITH ${attributes}`));
      const dbExists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [ident])).rowCount === 1;
      if (!dbExists) await ignoreCode(client.query(`CREATE DATABASE ${role} OWNER ${role}`), '42P04');
      else await client.query(`ALTER DATABASE ${role} OWNER TO ${role}`);
      // Only the owner (and superusers) may connect: other tenants get "permission denied for database".
      await client.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
      return !dbExists;
    });
    await withAdmin(ident, `lock down the schema of ${ident}`, async (client) => {
      await client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
      await client.query(`ALTER SCHEMA public OWNER TO ${role}`);
    });
    ctx.log(`${created ? 'Created' : 'Reused'} the PostgreSQL database ${ident} with its own role (connection limit ${limit}).`);
    return {
      provider: 'postgres-tenants',
      externalId: ident,
      name: ident,
      url: formatPostgresUrl({
        host: options.tenantHost,
        port: options.tenantPort,
        user: ident,
        password,
        database: ident,
        sslmode: options.tenantSslMode,
      }),
    };
  }

  async function remove(conn: TDatabaseConnection, ctx: TStepContext) {
    const ident = conn.externalId;
    if (!ident.startsWith(options.namePrefix) || !/^[a-z_][a-z0-9_]{0,62}$/.test(ident)) {
      throw new AppError('BAD_REQUEST', `Refusing to drop ${ident}: it is not a database this provider created (prefix ${options.namePrefix}).`);
    }
    const role = quoteIdent(ident);
    await withAdmin(adminUrl.database, `drop the database ${ident}`, async (client) => {
      const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [ident])).rowCount === 1;
      if (exists) {
        // No new sessions, then end the open ones, then drop.
        await client.query(`ALTER DATABASE ${role} ALLOW_CONNECTIONS false`);
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [ident]);
        await client.query(`DROP DATABASE IF EXISTS ${role}`);
      }
      await client.query(`DROP ROLE IF EXISTS ${role}`);
    });
    ctx.log(`Dropped the PostgreSQL database ${ident} and its role.`);
  }

  async function check() {
    try {
      return await withAdmin(adminUrl.database, 'check the admin connection', async (client) => {
        const { rows } = await client.query<{ ok: boolean; v: string }>(
          `SELECT (rolsuper OR (rolcreaterole AND rolcreatedb)) AS ok, version() AS v FROM pg_roles WHERE rolname = current_user`,
        );
        const ok = rows[0]?.ok === true;
        return ok
          ? { ok, message: `Connected to ${adminTarget} as ${adminUrl.user} (${rows[0]!.v.split(',')[0]}); it may create databases and roles.` }
          : { ok, message: `${adminUrl.user} on ${adminTarget} may not create databases and roles: grant it CREATEDB and CREATEROLE, or use a superuser.` };
      });
    } catch (error) {
      return { ok: false, message: redact(error instanceof Error ? error.message : String(error), secrets) };
    }
  }

  return {
    identifier: 'postgres-tenants',
    label: 'PostgreSQL (tenant databases)',
    dialect: 'postgres',
    // Through the SQL gateway over HTTP when there is one; otherwise over a direct connection,
    // which only hosts with `tcpDatabases` can open.
    runtimeAccess: options.sqlGatewayUrl ? 'http' : 'tcp',
    ...(options.sqlGatewayUrl ? { sqlEndpoint: sqlEndpointOf(options.sqlGatewayUrl) } : {}),
    check,
    provision,
    execute: (conn, statements, ctx) => dataPlane.execute(conn, statements, ctx),
    query: (conn, sql, params) => dataPlane.query(conn, sql, params),
    countRows: (conn, tables) => dataPlane.countRows(conn, tables),
    remove,
  };
}

async function ignoreCode(promise: Promise<unknown>, code: string, otherwise?: () => Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if ((error as { code?: string }).code !== code) throw error;
    if (otherwise) await otherwise();
  }
}

export const postgresTenantDatabases: TProviderDefinition<typeof ZPostgresTenantOptionsSchema, PostgresTenantDatabases> = {
  identifier: 'postgres-tenants',
  optionsSchema: ZPostgresTenantOptionsSchema,
  create: createPostgresTenantDatabases,
};
