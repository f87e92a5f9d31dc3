import { AppError } from '@shipyard/core';
import type { TDatabaseConnection } from '@shipyard/deploy-core';
import { createClient, type Client } from '@libsql/client';
import { redact } from '@shipyard/deploy-core/provider-kit';

/** Statements whose affected-row count is "rows written" (SQLite reports stale counts for DDL). */
const DML = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|replace)\b/i;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the database';
  }
}

function preview(statement: string): string {
  const one = statement.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}…` : one;
}

/**
 * A libSQL failure as the AppError a user sees. The token is never part of it; the database's
 * own message (e.g. `SQLITE_CONSTRAINT: UNIQUE constraint failed`) is kept.
 */
export function libsqlError(error: unknown, conn: TDatabaseConnection, action: string, statements?: string[]): AppError {
  if (AppError.is(error)) return error;
  const e = error as { code?: string; message?: string; statementIndex?: number; cause?: { status?: number; code?: string; message?: string } };
  const status = e.cause?.status;
  const host = hostOf(conn.url);
  const secrets = [conn.authToken];
  let message: string;
  let code: AppError['code'] = 'PROVIDER_ERROR';
  if (status === 401 || status === 403) {
    code = 'PRECONDITION_FAILED';
    message = `The libSQL server at ${host} rejected the database token while trying to ${action} (HTTP ${status}). The token may have been rotated or expired: redeploy to provision a new one.`;
  } else if (status !== undefined) {
    message = `The libSQL server at ${host} failed to ${action} (${e.message ?? `HTTP ${status}`}). Try again in a few minutes.`;
  } else if (e.code && /^SQLITE_|^SQL_/.test(e.code)) {
    code = 'BAD_REQUEST';
    const which =
      statements && e.statementIndex !== undefined && statements[e.statementIndex] !== undefined
        ? ` at statement ${e.statementIndex + 1} of ${statements.length} (${preview(statements[e.statementIndex]!)})`
        : '';
    message = `The database could not ${action}${which}: ${e.message ?? e.code}.${statements ? ' Nothing from this batch was kept.' : ''}`;
  } else {
    const why = e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
    message = `Could not reach the libSQL server at ${host} to ${action} (${why}). Check that the database exists and is reachable.`;
  }
  return new AppError(code, redact(message, secrets), { details: { provider: 'turso', status: status ?? null, libsqlCode: e.code ?? null } });
}

/** Runs `fn` with a client for the connection (HTTP: no socket stays open) and closes it. */
export async function withLibsql<T>(conn: TDatabaseConnection, action: string, fn: (client: Client) => Promise<T>, statements?: string[]): Promise<T> {
  let client: Client;
  try {
    client = createClient({ url: conn.url, authToken: conn.authToken });
  } catch (error) {
    throw new AppError('INTERNAL', `The stored URL of ${conn.name} is not a libSQL URL (${(error as Error).message}).`);
  }
  try {
    return await fn(client);
  } catch (error) {
    throw libsqlError(error, conn, action, statements);
  } finally {
    client.close();
  }
}

export const libsqlDataPlane = {
  async execute(conn: TDatabaseConnection, statements: string[]): Promise<{ rowsWritten: number }> {
    if (!statements.length) return { rowsWritten: 0 };
    // One write transaction over the remote protocol: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error.
    return withLibsql(
      conn,
      `run the statements on ${conn.name}`,
      async (client) => {
        const results = await client.batch(statements, 'write');
        const rowsWritten = results.reduce((n, r, i) => n + (DML.test(statements[i]!) ? r.rowsAffected : 0), 0);
        return { rowsWritten };
      },
      statements,
    );
  },

  async query(conn: TDatabaseConnection, sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]> {
    return withLibsql(conn, `query ${conn.name}`, async (client) => {
      const rs = await client.execute({ sql, args: params });
      return rs.rows.map((row) => Object.fromEntries(rs.columns.map((c, i) => [c, row[i]])));
    });
  },

  async countRows(conn: TDatabaseConnection, tables: string[]): Promise<Record<string, number>> {
    if (!tables.length) return {};
    return withLibsql(conn, `count the rows of ${conn.name}`, async (client) => {
      const results = await client.batch(
        tables.map((t) => `SELECT COUNT(*) AS n FROM "${t.replace(/"/g, '""')}"`),
        'read',
      );
      return Object.fromEntries(tables.map((t, i) => [t, Number(results[i]!.rows[0]!.n)]));
    });
  },
};
