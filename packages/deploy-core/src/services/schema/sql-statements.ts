import { identifierName, isSignificant, keyword, tokenizeSql, type TSqlToken } from './sql-tokens.js';

/** One statement of a SQL script, as tokens (comments kept) without its trailing `;`. */
export interface TRawStatement {
  tokens: TSqlToken[];
  /** The statement text, trimmed, without the `;`. */
  sql: string;
}

/**
 * Splits a script into statements on `;`, ignoring semicolons inside strings, quoted identifiers,
 * comments and `CREATE TRIGGER … BEGIN … END` bodies (including nested `CASE … END`).
 */
export function splitStatementTokens(sql: string): TRawStatement[] {
  const out: TRawStatement[] = [];
  let current: TSqlToken[] = [];
  let depth = 0;
  let isTrigger: boolean | null = null;
  const flush = () => {
    const text = current.map((t) => t.text).join('').trim();
    if (current.some(isSignificant)) out.push({ tokens: current, sql: text });
    current = [];
    depth = 0;
    isTrigger = null;
  };
  for (const token of tokenizeSql(sql)) {
    if (token.type === 'punct' && token.text === ';' && depth === 0) {
      flush();
      continue;
    }
    current.push(token);
    if (token.type !== 'word') continue;
    if (isTrigger === null) {
      const words = current.filter(isSignificant).map(keyword);
      if (words.length >= 2 && words[0] === 'CREATE') {
        const kind = words[1] === 'TEMP' || words[1] === 'TEMPORARY' ? words[2] : words[1];
        if (kind !== undefined) isTrigger = kind === 'TRIGGER';
      } else if (words.length >= 1 && words[0] !== 'CREATE') {
        isTrigger = false;
      }
    }
    if (!isTrigger) continue;
    const word = token.text.toUpperCase();
    if (word === 'BEGIN' || (word === 'CASE' && depth > 0)) depth++;
    else if (word === 'END' && depth > 0) depth--;
  }
  flush();
  return out;
}

/** Splits a SQL script into statements (text, without trailing `;`). See {@link splitStatementTokens}. */
export function splitSqlStatements(sql: string): string[] {
  return splitStatementTokens(sql).map((s) => s.sql);
}

export type TSqlStatementKind =
  | 'create-table'
  | 'create-index'
  | 'create-view'
  | 'create-trigger'
  | 'alter-table'
  | 'drop'
  | 'insert'
  | 'update'
  | 'delete'
  | 'transaction'
  | 'pragma'
  | 'internal'
  | 'other';

export interface TSqlStatement {
  kind: TSqlStatementKind;
  /** The table the statement creates or writes, unquoted; null when it has none. */
  table: string | null;
  sql: string;
}

const INTERNAL_TABLE = /^(sqlite_|_cf_|d1_|_litestream)/i;

/** Classifies one statement. */
export function classifyStatement(statement: TRawStatement): TSqlStatement {
  const sig = statement.tokens.filter(isSignificant);
  const words = sig.map(keyword);
  const first = words[0];
  const at = (i: number) => sig[i];
  const nameAfter = (index: number): string | null => {
    // Skip IF NOT EXISTS / IF EXISTS, then read [schema.]name.
    let i = index;
    if (words[i] === 'IF') i += words[i + 1] === 'NOT' ? 3 : 2;
    const token = at(i);
    if (token === undefined) return null;
    if (at(i + 1)?.text === '.' && at(i + 2) !== undefined) return identifierName(at(i + 2) as TSqlToken);
    return identifierName(token);
  };
  let kind: TSqlStatementKind = 'other';
  let table: string | null = null;
  if (first === 'BEGIN' || first === 'COMMIT' || first === 'END' || first === 'ROLLBACK' || first === 'SAVEPOINT' || first === 'RELEASE') {
    kind = 'transaction';
  } else if (first === 'PRAGMA') {
    kind = 'pragma';
  } else if (first === 'CREATE') {
    let i = 1;
    if (words[i] === 'TEMP' || words[i] === 'TEMPORARY') i++;
    if (words[i] === 'UNIQUE') i++;
    if (words[i] === 'VIRTUAL') i++;
    const object = words[i];
    if (object === 'TABLE') {
      kind = 'create-table';
      table = nameAfter(i + 1);
    } else if (object === 'INDEX') {
      kind = 'create-index';
      const on = words.indexOf('ON', i);
      table = on === -1 ? null : nameAfter(on + 1);
    } else if (object === 'VIEW') {
      kind = 'create-view';
      table = nameAfter(i + 1);
    } else if (object === 'TRIGGER') {
      kind = 'create-trigger';
      const on = words.indexOf('ON', i);
      table = on === -1 ? null : nameAfter(on + 1);
    }
  } else if (first === 'ALTER') {
    kind = 'alter-table';
    table = nameAfter(2);
  } else if (first === 'DROP') {
    kind = 'drop';
    table = nameAfter(2);
  } else if (first === 'INSERT' || first === 'REPLACE') {
    kind = 'insert';
    const into = words.indexOf('INTO');
    table = into === -1 ? null : nameAfter(into + 1);
  } else if (first === 'UPDATE') {
    kind = 'update';
    const skip = words[1] === 'OR' ? 3 : 1;
    table = nameAfter(skip);
  } else if (first === 'DELETE') {
    kind = 'delete';
    const from = words.indexOf('FROM');
    table = from === -1 ? null : nameAfter(from + 1);
  }
  if (table !== null && INTERNAL_TABLE.test(table) && kind !== 'other') kind = 'internal';
  return { kind, table, sql: statement.sql };
}

export interface TParsedSqlDump {
  /** Every statement, classified, in order. */
  statements: TSqlStatement[];
  /** What to run against an empty database, in order: DDL and data, without transaction control,
   *  PRAGMAs or writes to internal tables (`sqlite_sequence`, `_cf_*`). */
  runnable: TSqlStatement[];
  /** Statements left out of `runnable`, for the import report. */
  skipped: TSqlStatement[];
}

/**
 * Parses a SQL dump (`sqlite3 .dump`, D1 export, the preview's export) or a schema/seed file.
 * D1 runs imports as a batch, which is already a transaction, so BEGIN/COMMIT are dropped.
 */
export function parseSqlDump(dump: string): TParsedSqlDump {
  const statements = splitStatementTokens(dump).map(classifyStatement);
  const runnable: TSqlStatement[] = [];
  const skipped: TSqlStatement[] = [];
  for (const s of statements) {
    if (s.kind === 'transaction' || s.kind === 'pragma' || s.kind === 'internal') skipped.push(s);
    else runnable.push(s);
  }
  return { statements, runnable, skipped };
}

/**
 * Rows each table receives from the INSERT statements of a seed file or dump: multi-row
 * `VALUES (…), (…)` count each row. `INSERT … SELECT` has no countable rows and is not counted.
 */
export function countRows(sql: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const raw of splitStatementTokens(sql)) {
    const statement = classifyStatement(raw);
    if (statement.kind !== 'insert' || statement.table === null) continue;
    const rows = countValueRows(raw.tokens);
    if (rows === null) continue;
    counts[statement.table] = (counts[statement.table] ?? 0) + rows;
  }
  return counts;
}

/** Number of top-level `( … )` groups after VALUES, or null when the INSERT has no VALUES list. */
function countValueRows(tokens: TSqlToken[]): number | null {
  const sig = tokens.filter(isSignificant);
  const values = sig.findIndex((t) => keyword(t) === 'VALUES');
  if (values === -1) return null;
  let depth = 0;
  let rows = 0;
  for (let i = values + 1; i < sig.length; i++) {
    const t = sig[i] as TSqlToken;
    if (t.type === 'punct' && t.text === '(') {
      if (depth === 0) rows++;
      depth++;
    } else if (t.type === 'punct' && t.text === ')') {
      depth--;
    } else if (depth === 0 && t.type === 'word') {
      break; // ON CONFLICT, RETURNING
    }
  }
  return rows;
}
