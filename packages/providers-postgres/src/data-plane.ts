import { AppError } from '@shipyard/core';
import type { TDatabaseConnection, TStepContext } from '@shipyard/deploy-core';
import pg from 'pg';
import { pgError } from './errors';
import { isDml, questionToDollar, quoteIdent, sqliteDmlToPostgres, tablesInserted } from './sql';

export interface TPostgresDataPlaneOptions {
  /** Provider name used in messages: "Neon", "PostgreSQL". */
  label: string;
  /** The node-postgres config for a connection (where SSRF checks and address pinning happen). */
  clientConfig(conn: TDatabaseConnection): Promise<pg.ClientConfig>;
  /** Where the database is, for messages (never the password). */
  describe(conn: TDatabaseConnection): string;
}

export interface PostgresDataPlane {
  execute(conn: TDatabaseConnection, statements: string[], ctx?: Pick<TStepContext, 'signal'>): Promise<{ rowsWritten: number }>;
  query(conn: TDatabaseConnection, sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]>;
  countRows(conn: TDatabaseConnection, tables: string[]): Promise<Record<string, number>>;
  /** Runs `fn` with a connected client and always closes it. */
  withClient<T>(conn: TDatabaseConnection, action: string, fn: (client: pg.Client) => Promise<T>): Promise<T>;
}

// Values come back as PostgreSQL prints them, except numbers, which JavaScript reads as numbers.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => (Number.isSafeInteger(Number(v)) ? Number(v) : v);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

/**
 * The data plane every PostgreSQL-speaking provider shares: statements run in one transaction
 * (all or none), `?` placeholders become `$n`, SQLite's `INSERT OR IGNORE` becomes
 * `ON CONFLICT DO NOTHING`, and after an import identity columns continue past the imported ids.
 */
export function createPostgresDataPlane(options: TPostgresDataPlaneOptions): PostgresDataPlane {
  async function withClient<T>(conn: TDatabaseConnection, action: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const config = await options.clientConfig(conn);
    const secrets = [conn.authToken, typeof config.password === 'string' ? config.password : undefined];
    const client = new pg.Client({ ...config, types });
    // A server-side disconnect after connect surfaces as an 'error' event; without a listener it
    // would crash the process. The failing query rejects with the same error.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw pgError(error, { action: `connect to ${conn.name} on ${options.label}`, target: options.describe(conn), secrets });
    }
    try {
      return await fn(client);
    } catch (error) {
      throw AppError.is(error) ? error : pgError(error, { action, target: options.describe(conn), secrets });
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async function execute(conn: TDatabaseConnection, statements: string[], ctx?: Pick<TStepContext, 'signal'>) {
    const translated = statements.map((s, i) => {
      try {
        return sqliteDmlToPostgres(s);
      } catch (error) {
        throw new AppError('BAD_REQUEST', `Statement ${i + 1} of ${statements.length} cannot run on PostgreSQL: ${(error as Error).message}`);
      }
    });
    return withClient(conn, `run the statements on ${conn.name}`, async (client) => {
      let rowsWritten = 0;
      await client.query('BEGIN');
      let index = 0;
      try {
        for (; index < translated.length; index++) {
          if (ctx?.signal.aborted) throw new AppError('BAD_REQUEST', 'Cancelled before every statement ran; nothing was kept.');
          const result = await client.query(translated[index]!);
          if (isDml(result.command)) rowsWritten += result.rowCount ?? 0;
        }
        await advanceIdentities(client, tablesInserted(translated));
        await client.query('COMMIT');
        return { rowsWritten };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (AppError.is(error)) throw error;
        throw pgError(error, {
          action: `run the statements on ${conn.name}`,
          target: options.describe(conn),
          secrets: [conn.authToken],
          statement: index < translated.length ? `statement ${index + 1} of ${translated.length} (${preview(translated[index]!)})` : 'the final identity update',
        });
      }
    });
  }

  async function query(conn: TDatabaseConnection, sql: string, params: (string | number | null)[]) {
    return withClient(conn, `query ${conn.name}`, async (client) => {
      const result = await client.query({ text: questionToDollar(sql), values: params });
      return result.rows as Record<string, unknown>[];
    });
  }

  async function countRows(conn: TDatabaseConnection, tables: string[]) {
    if (!tables.length) return {};
    return withClient(conn, `count the rows of ${conn.name}`, async (client) => {
      const out: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${quoteIdent(table)}`);
        out[table] = rows[0]?.n ?? 0;
      }
      return out;
    });
  }

  return { execute, query, countRows, withClient };
}

/**
 * Imports write explicit ids into identity columns, which does not move their sequences: the
 * app's next INSERT would then collide with an imported row. Moves each sequence past the
 * largest id (never backwards), inside the import's transaction.
 */
async function advanceIdentities(client: pg.Client, tables: string[]) {
  for (const table of tables) {
    const { rows } = await client.query<{ column: string; seq: string | null }>(
      `SELECT a.attname AS column, pg_get_serial_sequence(c.oid::regclass::text, a.attname) AS seq
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.oid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.attidentity IN ('a', 'd') OR pg_get_serial_sequence(c.oid::regclass::text, a.attname) IS NOT NULL)`,
      [quoteIdent(table)],
    );
    for (const { column, seq } of rows) {
      if (!seq) continue;
      await client.query(
        `SELECT setval($1::regclass, m) FROM (SELECT MAX(${quoteIdent(column)})::bigint AS m FROM ${quoteIdent(table)}) x
          WHERE m IS NOT NULL AND m >= COALESCE(pg_sequence_last_value($1::regclass), 0)`,
        [seq],
      );
    }
  }
}

function preview(statement: string): string {
  const one = statement.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}…` : one;
}
