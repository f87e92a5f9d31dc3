import { createHash } from 'node:crypto';
import { AppError } from '@shipyard/core';
import type { DatabaseProvider, TDatabaseConnection, TProviderDefinition } from '@shipyard/deploy-core';
import pg from 'pg';
import { createPostgresDataPlane } from './data-plane';
import { pgError, redact } from './errors';
import { resolvePublicHost, type TLookup } from './network';
import { ZPostgresUrlOptionsSchema, type TPostgresUrlOptions } from './options';
import { sqlEndpointOf } from './sql-endpoint';
import { parsePostgresUrl, pgClientConfig, type TPostgresUrl, type TSslMode } from './url';

export interface TUrlCheckOptions {
  allowPrivateNetworks?: boolean;
  defaultSslMode?: TSslMode;
  connectTimeoutMs?: number;
  lookup?: TLookup;
}

export type TUrlCheck =
  | { ok: true; message: string; serverVersion: string; addresses: string[] }
  | { ok: false; message: string };

/**
 * Validates a database URL and resolves its host, refusing private / loopback / link-local
 * addresses unless allowed. Returns a node-postgres config pinned to the first checked address,
 * so the connection goes exactly where the check looked (no DNS rebinding in between).
 */
export async function safeClientConfig(
  url: string,
  opts: TUrlCheckOptions = {},
): Promise<{ ok: true; config: pg.ClientConfig; parsed: TPostgresUrl; addresses: string[] } | { ok: false; message: string }> {
  const parsed = parsePostgresUrl(url);
  if (!parsed.ok) return parsed;
  const resolved = await resolvePublicHost(parsed.url.host, {
    allowPrivateNetworks: opts.allowPrivateNetworks ?? false,
    lookup: opts.lookup,
  });
  if (!resolved.ok) return resolved;
  const config = pgClientConfig(parsed.url, {
    address: resolved.host.addresses[0],
    connectTimeoutMs: opts.connectTimeoutMs ?? 5_000,
    defaultSslMode: opts.defaultSslMode ?? 'require',
  });
  return { ok: true, config, parsed: parsed.url, addresses: resolved.host.addresses };
}

/**
 * Checks a user's database URL the way the settings form needs it: syntax, public address,
 * then a real connection (`SELECT version()`) within the timeout. Never throws; the message says
 * what is wrong and never contains the password.
 */
export async function checkDatabaseUrl(url: string, opts: TUrlCheckOptions = {}): Promise<TUrlCheck> {
  const safe = await safeClientConfig(url, opts);
  if (!safe.ok) return { ok: false, message: redact(safe.message, [passwordOf(url)]) };
  const target = `${safe.parsed.host}:${safe.parsed.port}`;
  const client = new pg.Client(safe.config);
  client.on('error', () => undefined);
  const timeoutMs = opts.connectTimeoutMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    // connectionTimeoutMillis bounds the TCP+TLS connect; this bounds the whole check (a server
    // that accepts the connection and then never answers the startup message).
    const version = await Promise.race([
      (async () => {
        await client.connect();
        const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
        return rows[0]?.v ?? 'unknown';
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout expired'), { code: 'ETIMEDOUT' })), timeoutMs);
      }),
    ]);
    return {
      ok: true,
      message: `Connected to ${safe.parsed.database} on ${target} as ${safe.parsed.user}.`,
      serverVersion: version,
      addresses: safe.addresses,
    };
  } catch (error) {
    const failure = pgError(error, { action: `connect to ${safe.parsed.database}`, target, secrets: [safe.parsed.password] });
    return { ok: false, message: failure.message };
  } finally {
    clearTimeout(timer);
    void client.end().catch(() => undefined);
  }
}

function passwordOf(url: string): string | undefined {
  const parsed = parsePostgresUrl(url);
  return parsed.ok ? parsed.url.password : undefined;
}

export type PostgresUrlDatabase = DatabaseProvider & {
  /** Syntax, address and connection check of the configured URL. */
  check(): Promise<TUrlCheck>;
};

/**
 * Bring-your-own PostgreSQL: every app deployed with this provider uses the database at `url`
 * (the org's own). `provision` checks the URL (public address, connection) and returns it;
 * `remove` deletes nothing — the database belongs to the user.
 */
export function createPostgresUrlDatabase(input: TPostgresUrlOptions): PostgresUrlDatabase {
  const options = ZPostgresUrlOptionsSchema.parse(input);
  const checkOpts: TUrlCheckOptions = {
    allowPrivateNetworks: options.allowPrivateNetworks,
    defaultSslMode: options.defaultSslMode,
    connectTimeoutMs: options.connectTimeoutMs,
    lookup: options.lookup,
  };
  const parsed = parsePostgresUrl(options.url);
  if (!parsed.ok) throw new AppError('VALIDATION', parsed.message);
  const target = `${parsed.url.host}:${parsed.url.port}/${parsed.url.database}`;
  const externalId = `byo:${createHash('sha256').update(`${parsed.url.host}:${parsed.url.port}/${parsed.url.database}/${parsed.url.user}`).digest('hex').slice(0, 16)}`;

  const dataPlane = createPostgresDataPlane({
    label: 'PostgreSQL',
    describe: () => target,
    // Checked again on every connection: DNS answers can change after the first check.
    async clientConfig(conn: TDatabaseConnection) {
      const safe = await safeClientConfig(conn.url, checkOpts);
      if (!safe.ok) throw new AppError('PRECONDITION_FAILED', redact(safe.message, [parsed.ok ? parsed.url.password : undefined]));
      return safe.config;
    },
  });

  return {
    identifier: 'postgres',
    label: 'PostgreSQL (your database)',
    dialect: 'postgres',
    // Through the host's SQL gateway over HTTP when there is one; otherwise over a direct
    // connection, which only hosts with `tcpDatabases` can open.
    runtimeAccess: options.sqlGatewayUrl ? 'http' : 'tcp',
    ...(options.sqlGatewayUrl ? { sqlEndpoint: sqlEndpointOf(options.sqlGatewayUrl) } : {}),
    check: () => checkDatabaseUrl(options.url, checkOpts),
    async provision({ name }, ctx) {
      const result = await checkDatabaseUrl(options.url, checkOpts);
      if (!result.ok) throw new AppError('PRECONDITION_FAILED', `The PostgreSQL database URL cannot be used: ${result.message}`);
      ctx.log(`Using your PostgreSQL database ${parsed.url.database} on ${parsed.url.host} (${result.serverVersion.split(',')[0]}).`);
      return { provider: 'postgres', externalId, name: `${parsed.url.database} (${name})`, url: options.url };
    },
    execute: (conn, statements, ctx) => dataPlane.execute(conn, statements, ctx),
    query: (conn, sql, params) => dataPlane.query(conn, sql, params),
    countRows: (conn, tables) => dataPlane.countRows(conn, tables),
    async remove(conn, ctx) {
      ctx.log(`${conn.name} is your own PostgreSQL database: Shipyard leaves it and its data in place.`);
    },
  };
}

export const postgresUrlDatabase: TProviderDefinition<typeof ZPostgresUrlOptionsSchema, PostgresUrlDatabase> = {
  identifier: 'postgres',
  optionsSchema: ZPostgresUrlOptionsSchema,
  create: createPostgresUrlDatabase,
};
