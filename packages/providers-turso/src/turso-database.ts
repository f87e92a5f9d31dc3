import { createHash } from 'node:crypto';
import { AppError } from '@shipyard/core';
import type { DatabaseProvider, TDatabaseConnection, TProviderDefinition, TStepContext } from '@shipyard/deploy-core';
import { createTursoApi } from './api';
import { libsqlDataPlane } from './data-plane';
import { ZTursoOptionsSchema, type TTursoOptions } from './options';

/** A database as the Platform API returns it (`GET /v1/organizations/{org}/databases/{name}`). */
interface TTursoDatabaseRecord {
  Name: string;
  DbId: string;
  Hostname: string;
  group?: string;
}

/**
 * A Turso database name for an app database name: lower-case letters, digits and "-", at most 64
 * characters (long names keep a hash suffix so two never collide).
 */
export function tursoDatabaseName(name: string): string {
  const folded = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (!folded) throw new AppError('VALIDATION', `"${name}" has no letters or digits to name a Turso database with.`);
  if (folded.length <= 64) return folded;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${folded.slice(0, 55).replace(/-$/, '')}-${hash}`;
}

export type TursoDatabases = DatabaseProvider;

/**
 * Turso databases: one per app, in the configured group, reached over libSQL's remote protocol.
 *
 * - `provision` creates the database (a 409 means it exists: the existing one is used, so a
 *   provision repeated after a crash never makes a second one), mints a database token and
 *   returns `libsql://<hostname>`.
 * - `execute` runs the statements as one write transaction (`BEGIN IMMEDIATE … COMMIT`).
 * - `remove` deletes the database; a database already gone is not an error.
 */
export function createTursoDatabases(input: TTursoOptions): TursoDatabases {
  const options = ZTursoOptionsSchema.parse(input);
  const api = createTursoApi(options);
  const orgPath = api.organizationPath;

  async function getDatabase(name: string, ctx?: TStepContext): Promise<TTursoDatabaseRecord | null> {
    const found = await api.call<{ database: TTursoDatabaseRecord } | null>(
      { action: `read the database ${name}`, scope: 'read', resource: `the database ${name}` },
      'GET',
      `${orgPath}/databases/${encodeURIComponent(name)}`,
      undefined,
      { signal: ctx?.signal, log: ctx?.log, handle: (e) => (e.status === 404 ? null : undefined) },
    );
    return found?.database ?? null;
  }

  async function createDatabase(name: string, ctx: TStepContext): Promise<{ database: TTursoDatabaseRecord; created: boolean }> {
    let existing: TTursoDatabaseRecord | null = null;
    const created = await api.call<{ database: TTursoDatabaseRecord } | null>(
      {
        action: `create the database ${name} in group ${options.group}`,
        scope: 'databases',
        resource: `the group ${options.group}`,
        conflictHint: `Rename the app, or delete the database ${name} in Turso if nothing uses it.`,
      },
      'POST',
      `${orgPath}/databases`,
      { name, group: options.group },
      {
        signal: ctx.signal,
        log: ctx.log,
        // 409: the database exists — from an earlier attempt whose answer was lost, or a crash
        // between creating it and recording it. Use it.
        handle: async (e) => {
          if (e.status !== 409) return undefined;
          existing = await getDatabase(name, ctx);
          return existing ? null : undefined;
        },
      },
    );
    const database = created?.database ?? existing;
    if (!database) throw new AppError('PROVIDER_ERROR', `Turso did not return the database ${name} it created.`);
    if (!created && database.group && database.group !== options.group) {
      throw new AppError(
        'CONFLICT',
        `A Turso database named ${name} already exists in group ${database.group}, not ${options.group}. Rename the app, or set the Turso group to ${database.group}.`,
        { details: { provider: 'turso', database: name } },
      );
    }
    return { database, created: Boolean(created) };
  }

  async function provision({ name }: { name: string }, ctx: TStepContext): Promise<TDatabaseConnection> {
    const dbName = tursoDatabaseName(name);
    const { database, created } = await createDatabase(dbName, ctx);
    const query = new URLSearchParams({ expiration: options.tokenExpiration, authorization: 'full-access' });
    const { jwt } = await api.call<{ jwt: string }>(
      { action: `create a token for the database ${dbName}`, scope: 'tokens', resource: `the database ${dbName}` },
      'POST',
      `${orgPath}/databases/${encodeURIComponent(dbName)}/auth/tokens?${query}`,
      undefined,
      { signal: ctx.signal, log: ctx.log },
    );
    if (typeof jwt !== 'string' || !jwt) throw new AppError('PROVIDER_ERROR', `Turso returned no token for the database ${dbName}.`);
    api.secrets.push(jwt);
    ctx.log(`${created ? 'Created' : 'Reusing'} the Turso database ${dbName} in group ${options.group} (${database.Hostname}); minted a database token.`);
    return {
      provider: 'turso',
      externalId: dbName,
      name: dbName,
      url: `libsql://${database.Hostname}${options.tls ? '' : '?tls=0'}`,
      authToken: jwt,
    };
  }

  async function remove(conn: TDatabaseConnection, ctx: TStepContext) {
    const gone = await api.call<{ database?: string } | null>(
      { action: `delete the database ${conn.externalId}`, scope: 'databases', resource: `the database ${conn.externalId}` },
      'DELETE',
      `${orgPath}/databases/${encodeURIComponent(conn.externalId)}`,
      undefined,
      { signal: ctx.signal, log: ctx.log, handle: (e) => (e.status === 404 ? null : undefined) },
    );
    ctx.log(gone === null ? `The Turso database ${conn.externalId} was already deleted.` : `Deleted the Turso database ${conn.externalId}.`);
  }

  return {
    identifier: 'turso',
    label: 'Turso',
    dialect: 'sqlite',
    provision,
    execute: (conn, statements) => libsqlDataPlane.execute(conn, statements),
    query: (conn, sql, params) => libsqlDataPlane.query(conn, sql, params),
    countRows: (conn, tables) => libsqlDataPlane.countRows(conn, tables),
    remove,
  };
}

export const tursoDatabases: TProviderDefinition<typeof ZTursoOptionsSchema, TursoDatabases> = {
  identifier: 'turso',
  optionsSchema: ZTursoOptionsSchema,
  create: createTursoDatabases,
};
