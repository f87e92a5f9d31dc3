import type { TSqlStatement, TStatementMode } from '../protocol.js';
import type { TSqlJsDatabase, TSqlJsValue } from './sqljs.js';

/**
 * Cloudflare D1's statement semantics over a synchronous sql.js database. The database worker runs
 * these for the preview frame's `env.DB`; {@link createD1Database} wraps them in D1's own API for
 * code that holds the database directly (tests, tools).
 */

export interface TD1Meta {
  duration: number;
  changes: number;
  last_row_id: number;
  changed_db: boolean;
  rows_read: number;
  rows_written: number;
  size_after: number;
  served_by: string;
}

export interface TD1Result<T = Record<string, unknown>> {
  success: true;
  results: T[];
  meta: TD1Meta;
}

export interface TD1ExecResult {
  count: number;
  duration: number;
}

/** A value as D1 hands it to the app: BLOBs come back as arrays of byte values, as on Cloudflare. */
export type TD1Value = null | number | string | number[];

/** D1's errors carry a code prefix (`D1_ERROR: no such table: x`) so apps written for D1 see the same text. */
export class D1Error extends Error {
  override name = 'D1Error';
  readonly isD1Error = true;
  constructor(
    readonly code: 'D1_ERROR' | 'D1_TYPE_ERROR' | 'D1_COLUMN_NOTFOUND' | 'D1_EXEC_ERROR',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
  static is(value: unknown): value is D1Error {
    return value instanceof Error && (value as { isD1Error?: unknown }).isD1Error === true;
  }
}

const SERVED_BY = 'shipyard-preview';

/** Converts one bound value the way D1 does; anything D1 refuses is refused with D1's message. */
export function toSqlValue(value: unknown): TSqlJsValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'number':
      return value;
    case 'string':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'bigint':
      if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(value);
      throw new D1Error('D1_TYPE_ERROR', `Type 'bigint' not supported for value '${value}' (outside the safe integer range); bind it as a string.`);
    default:
      break;
  }
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  if (Array.isArray(value) && value.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) {
    return Uint8Array.from(value as number[]);
  }
  const shown = typeof value === 'object' ? Object.prototype.toString.call(value) : String(value);
  throw new D1Error('D1_TYPE_ERROR', `Type '${typeof value}' not supported for value '${shown}'`);
}

function toD1Value(value: TSqlJsValue): TD1Value {
  return value instanceof Uint8Array ? Array.from(value) : value;
}

function sqliteMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function scalar(db: TSqlJsDatabase, sql: string): number {
  const rows = db.exec(sql);
  const value = rows[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}

function totalChanges(db: TSqlJsDatabase): number {
  return scalar(db, 'SELECT total_changes()');
}

function sizeOf(db: TSqlJsDatabase): number {
  return scalar(db, 'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()');
}

interface TRawRows {
  columns: string[];
  rows: TD1Value[][];
  meta: TD1Meta;
}

/** Runs one statement to completion and returns its rows and D1's meta. */
function runStatement(db: TSqlJsDatabase, statement: TSqlStatement): TRawRows {
  const started = performance.now();
  const params = statement.params.map(toSqlValue);
  const before = totalChanges(db);
  let prepared;
  try {
    prepared = db.prepare(statement.sql);
  } catch (error) {
    throw new D1Error('D1_ERROR', `${sqliteMessage(error)}: SQLITE_ERROR`);
  }
  try {
    if (params.length > 0) prepared.bind(params);
    const columns = prepared.getColumnNames();
    const rows: TD1Value[][] = [];
    while (prepared.step()) rows.push(prepared.get().map(toD1Value));
    const changes = totalChanges(db) - before;
    const lastRowId = scalar(db, 'SELECT last_insert_rowid()');
    return {
      columns,
      rows,
      meta: {
        duration: Math.round((performance.now() - started) * 1000) / 1000,
        changes,
        last_row_id: lastRowId,
        changed_db: changes > 0,
        rows_read: rows.length,
        rows_written: changes,
        size_after: sizeOf(db),
        served_by: SERVED_BY,
      },
    };
  } catch (error) {
    if (D1Error.is(error)) throw error;
    throw new D1Error('D1_ERROR', `${sqliteMessage(error)}: SQLITE_ERROR`);
  } finally {
    prepared.free();
  }
}

function toObjects(columns: string[], rows: TD1Value[][]): Record<string, TD1Value>[] {
  return rows.map((row) => {
    const object: Record<string, TD1Value> = {};
    columns.forEach((column, i) => {
      object[column] = row[i] ?? null;
    });
    return object;
  });
}

/** What a statement method resolves to, by mode: `all`/`run` → D1Result, `first` → row/value/null, `raw` → arrays. */
export type TStatementOutcome = TD1Result<Record<string, TD1Value>> | Record<string, TD1Value> | TD1Value | TD1Value[][] | null;

export function executeStatement(
  db: TSqlJsDatabase,
  statement: TSqlStatement,
  mode: TStatementMode,
  options: { column?: string; columnNames?: boolean } = {},
): TStatementOutcome {
  const { columns, rows, meta } = runStatement(db, statement);
  switch (mode) {
    case 'all':
    case 'run':
      return { success: true, results: toObjects(columns, rows), meta };
    case 'raw':
      return options.columnNames ? [columns, ...rows] : rows;
    case 'first': {
      const row = rows[0];
      if (row === undefined) return null;
      if (options.column === undefined) return toObjects(columns, [row])[0] ?? null;
      const index = columns.indexOf(options.column);
      if (index === -1) throw new D1Error('D1_COLUMN_NOTFOUND', `Column not found (${options.column})`);
      return row[index] ?? null;
    }
  }
}

/** D1's batch: every statement in one transaction; the first failure rolls all of them back and is thrown. */
export function executeBatch(db: TSqlJsDatabase, statements: TSqlStatement[]): TD1Result<Record<string, TD1Value>>[] {
  if (statements.length === 0) return [];
  db.run('SAVEPOINT d1_batch');
  try {
    const results = statements.map((s) => {
      const { columns, rows, meta } = runStatement(db, s);
      return { success: true as const, results: toObjects(columns, rows), meta };
    });
    db.run('RELEASE d1_batch');
    return results;
  } catch (error) {
    db.run('ROLLBACK TO d1_batch');
    db.run('RELEASE d1_batch');
    throw error;
  }
}

/**
 * D1's exec: runs a script of statements without bindings and counts them. (Cloudflare splits the
 * script on newlines; the preview accepts any SQLite script, statements may span lines.)
 */
export function executeScript(db: TSqlJsDatabase, sql: string): TD1ExecResult {
  const started = performance.now();
  const { count, error } = runScript(db, sql);
  if (error) throw new D1Error('D1_EXEC_ERROR', `Error in line ${error.line}: ${error.message}: SQLITE_ERROR`);
  return { count, duration: Math.round((performance.now() - started) * 1000) / 1000 };
}

export interface TScriptError {
  message: string;
  /** 1-based line in the script where the failing statement starts. */
  line: number;
}

/** Runs a SQL script statement by statement, stopping at the first error and reporting its line. */
export function runScript(db: TSqlJsDatabase, sql: string): { count: number; error: TScriptError | null } {
  let count = 0;
  let consumed = 0;
  const iterator = db.iterateStatements(sql);
  const lineOf = (offset: number) => {
    const before = sql.slice(0, offset);
    const skipped = /^\s*/.exec(sql.slice(offset))?.[0] ?? '';
    return before.split('\n').length + (skipped.match(/\n/g)?.length ?? 0);
  };
  try {
    for (const statement of iterator) {
      try {
        while (statement.step()) {
          /* drain rows */
        }
        count++;
      } catch (error) {
        return { count, error: { message: sqliteMessage(error), line: lineOf(consumed) } };
      } finally {
        statement.free();
      }
      consumed = sql.length - iterator.getRemainingSQL().length;
    }
  } catch (error) {
    return { count, error: { message: sqliteMessage(error), line: lineOf(consumed) } };
  }
  return { count, error: null };
}

// ---------------------------------------------------------------------------------------------
// D1's API over the engine, for code that holds the sql.js database itself.

export interface TD1PreparedStatement {
  bind(...values: unknown[]): TD1PreparedStatement;
  all<T = Record<string, TD1Value>>(): Promise<TD1Result<T>>;
  run<T = Record<string, TD1Value>>(): Promise<TD1Result<T>>;
  first<T = Record<string, TD1Value>>(column?: string): Promise<T | null>;
  raw<T = TD1Value[]>(options?: { columnNames?: boolean }): Promise<T[]>;
}

export interface TD1Database {
  prepare(sql: string): TD1PreparedStatement;
  batch<T = Record<string, TD1Value>>(statements: TD1PreparedStatement[]): Promise<TD1Result<T>[]>;
  exec(sql: string): Promise<TD1ExecResult>;
}

/** Something that runs D1 operations: the engine itself, or a port to the database worker. */
export interface TD1Executor {
  statement(statement: TSqlStatement, mode: TStatementMode, options: { column?: string; columnNames?: boolean }): Promise<unknown>;
  batch(statements: TSqlStatement[]): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
}

const STATEMENT = Symbol('shipyard.d1.statement');

/** Builds D1's `env.DB` API over an executor. The same class serves the frame (remote) and tests (local). */
export function createD1Binding(executor: TD1Executor): TD1Database {
  class PreparedStatement implements TD1PreparedStatement {
    readonly [STATEMENT]: TSqlStatement;
    constructor(sql: string, params: unknown[]) {
      // Values are checked when bound, as D1 does, so the error points at the bind() call.
      this[STATEMENT] = { sql, params: params.map(toSqlValue) };
    }
    bind(...values: unknown[]): TD1PreparedStatement {
      return new PreparedStatement(this[STATEMENT].sql, values);
    }
    all<T>(): Promise<TD1Result<T>> {
      return executor.statement(this[STATEMENT], 'all', {}) as Promise<TD1Result<T>>;
    }
    run<T>(): Promise<TD1Result<T>> {
      return executor.statement(this[STATEMENT], 'run', {}) as Promise<TD1Result<T>>;
    }
    first<T>(column?: string): Promise<T | null> {
      return executor.statement(this[STATEMENT], 'first', column === undefined ? {} : { column }) as Promise<T | null>;
    }
    raw<T>(options?: { columnNames?: boolean }): Promise<T[]> {
      return executor.statement(this[STATEMENT], 'raw', options?.columnNames ? { columnNames: true } : {}) as Promise<T[]>;
    }
  }
  const statementOf = (s: TD1PreparedStatement): TSqlStatement => {
    const inner = (s as Partial<Record<typeof STATEMENT, TSqlStatement>>)[STATEMENT];
    if (!inner) throw new D1Error('D1_TYPE_ERROR', 'batch() takes statements made by env.DB.prepare().');
    return inner;
  };
  const database: TD1Database & { withSession(): TD1Database & { getBookmark(): null } } = {
    prepare: (sql: string) => {
      if (typeof sql !== 'string') throw new D1Error('D1_TYPE_ERROR', 'prepare() takes a SQL string.');
      return new PreparedStatement(sql, []);
    },
    batch: <T>(statements: TD1PreparedStatement[]) => {
      if (!Array.isArray(statements)) return Promise.reject(new D1Error('D1_TYPE_ERROR', 'batch() takes an array of statements.'));
      let mapped: TSqlStatement[];
      try {
        mapped = statements.map(statementOf);
      } catch (error) {
        return Promise.reject(error);
      }
      return executor.batch(mapped) as Promise<TD1Result<T>[]>;
    },
    exec: (sql: string) => executor.exec(sql) as Promise<TD1ExecResult>,
    // D1 read replication sessions: the preview has one copy, so a session is the database itself.
    withSession: () => ({ ...database, getBookmark: () => null }),
  };
  return database;
}

/** D1's API over a local sql.js database (tests and tools). */
export function createD1Database(db: TSqlJsDatabase): TD1Database {
  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return createD1Binding({
    statement: (statement, mode, options) => run(() => executeStatement(db, statement, mode, options)),
    batch: (statements) => run(() => executeBatch(db, statements)),
    exec: (sql) => run(() => executeScript(db, sql)),
  });
}
