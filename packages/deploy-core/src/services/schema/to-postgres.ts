import { classifyStatement, splitStatementTokens, type TRawStatement } from './sql-statements.js';
import { identifierName, isSignificant, keyword, type TSqlToken } from './sql-tokens.js';

export interface TPgColumn {
  name: string;
  /** The type as the SQLite schema declared it (may be empty). */
  sqliteType: string;
  pgType: string;
  /** Identity column (was `INTEGER PRIMARY KEY [AUTOINCREMENT]`). */
  identity: boolean;
}

export interface TPgTable {
  name: string;
  columns: TPgColumn[];
  /** Primary key columns, in order. */
  primaryKey: string[];
}

export interface TPostgresSchema {
  /** Statements to run, in order. */
  statements: string[];
  /** The same statements as one script. */
  sql: string;
  tables: TPgTable[];
  /** Run after importing rows: moves identity sequences past the imported ids. */
  postImport: string[];
  /** What could not be converted exactly, in words for the deploy log. */
  warnings: string[];
}

// Words PostgreSQL reserves that SQLite lets a schema use unquoted as a name.
const PG_RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog ' +
    'current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except ' +
    'false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp ' +
    'not null offset on only or order placing primary references returning select session_user some symmetric table then to ' +
    'trailing true union unique user using variadic when where window with'
  ).split(' '),
);

const COLUMN_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** `name` as a PostgreSQL identifier: quoted when it is reserved or not a plain lower-case word. */
export function pgIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !PG_RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

function join(tokens: TSqlToken[]): string {
  return tokens.map((t) => t.text).join('');
}

/** Rewrites SQLite-only token spellings: `x`/[x] identifiers → "x", X'..' blobs → bytea literals. */
function convertTokens(tokens: TSqlToken[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'identifier') return pgIdentifier(identifierName(t));
      if (t.type === 'blob') return `'\\x${t.text.slice(2, -1)}'::bytea`;
      if (t.type === 'comment') return t.text.startsWith('--') ? '' : ' ';
      return t.text;
    })
    .join('')
    .replace(/[ \t]+\n/g, '\n');
}

/** Splits tokens at top-level commas. */
function splitTopLevel(tokens: TSqlToken[]): TSqlToken[][] {
  const parts: TSqlToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'punct' && t.text === '(') depth++;
    if (t.type === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.type === 'punct' && t.text === ',') parts.push([]);
    else (parts[parts.length - 1] as TSqlToken[]).push(t);
  }
  return parts;
}

/** Index just after the parenthesised group opening at `open`. */
function closeParen(tokens: TSqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as TSqlToken;
    if (t.type === 'punct' && t.text === '(') depth++;
    if (t.type === 'punct' && t.text === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return tokens.length;
}

/** Maps a declared SQLite type to PostgreSQL (SQLite's affinity rules decide unknown names). */
export function pgTypeFor(sqliteType: string): string {
  const t = sqliteType.trim().toUpperCase().replace(/\s+/g, ' ');
  const args = /\(([^)]*)\)/.exec(t)?.[1]?.replace(/\s+/g, '') ?? null;
  const base = t.replace(/\(.*$/, '').trim();
  if (base === '') return 'TEXT';
  if (base === 'BOOLEAN' || base === 'BOOL') return 'BOOLEAN';
  if (base === 'BIGINT' || base === 'INT8' || base === 'UNSIGNED BIG INT') return 'BIGINT';
  if (base === 'SMALLINT' || base === 'INT2' || base === 'TINYINT') return 'SMALLINT';
  // SQLite integers are 64-bit: a Date.now() stored in an INTEGER column overflows int4.
  if (base.includes('INT')) return 'BIGINT';
  if (base === 'DATETIME' || base === 'TIMESTAMP') return 'TIMESTAMP';
  if (base === 'DATE') return 'DATE';
  if (base === 'TIME') return 'TIME';
  if (base === 'JSON' || base === 'JSONB') return 'JSONB';
  if (base === 'VARCHAR' || base === 'CHARACTER VARYING' || base === 'NVARCHAR' || base === 'VARYING CHARACTER') {
    return args ? `VARCHAR(${args})` : 'TEXT';
  }
  if (base.includes('CHAR') || base.includes('CLOB') || base.includes('TEXT')) return 'TEXT';
  if (base.includes('BLOB')) return 'BYTEA';
  if (base.includes('REAL') || base.includes('FLOA') || base.includes('DOUB')) return 'DOUBLE PRECISION';
  if (base === 'DECIMAL' || base === 'NUMERIC') return args ? `NUMERIC(${args})` : 'NUMERIC';
  return 'NUMERIC';
}

const STRFTIME_TO_CHAR: Record<string, string> = {
  '%Y': 'YYYY',
  '%m': 'MM',
  '%d': 'DD',
  '%H': 'HH24',
  '%M': 'MI',
  '%S': 'SS',
  '%f': 'SS.MS',
  '%j': 'DDD',
  '%%': '%',
};

const NOW_UTC = "(now() AT TIME ZONE 'UTC')";

/** A SQLite time format (strftime) as a to_char pattern, or null when it uses unsupported codes. */
function toCharPattern(format: string): string | null {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c === '%') {
      const code = format.slice(i, i + 2);
      const mapped = STRFTIME_TO_CHAR[code];
      if (mapped === undefined) return null;
      out += mapped;
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      out += `"${c}"`;
    } else {
      out += c;
    }
  }
  return out;
}

/** Converts a DEFAULT expression; returns null when it cannot (the default is then dropped). */
function convertDefault(expr: TSqlToken[], pgType: string): string | null {
  const sig = expr.filter(isSignificant);
  // Unwrap one level of parentheses: DEFAULT (datetime('now')).
  const inner = sig[0]?.text === '(' && closeParen(sig, 0) === sig.length ? sig.slice(1, -1) : sig;
  const text = join(inner).replace(/\s+/g, '').toLowerCase();
  const isTimestampNow =
    text === 'current_timestamp' || text === "datetime('now')" || text === "datetime('now','utc')" || text === "datetime('now','localtime')";
  if (pgType === 'BOOLEAN') {
    if (text === '1' || text === "'1'" || text === 'true') return 'TRUE';
    if (text === '0' || text === "'0'" || text === 'false') return 'FALSE';
    return null;
  }
  if (isTimestampNow) {
    if (pgType === 'TIMESTAMP') return `date_trunc('second', ${NOW_UTC})`;
    if (pgType === 'DATE') return `${NOW_UTC}::date`;
    return `to_char(${NOW_UTC}, 'YYYY-MM-DD HH24:MI:SS')`;
  }
  if (text === 'current_date' || text === "date('now')") {
    return pgType === 'DATE' || pgType === 'TIMESTAMP' ? `${NOW_UTC}::date` : `to_char(${NOW_UTC}, 'YYYY-MM-DD')`;
  }
  if (text === 'current_time' || text === "time('now')") {
    return pgType === 'TIME' ? `${NOW_UTC}::time(0)` : `to_char(${NOW_UTC}, 'HH24:MI:SS')`;
  }
  if (text === 'unixepoch()' || text === "unixepoch('now')" || text === "strftime('%s','now')" || text === "cast(strftime('%s','now')asinteger)") {
    return `EXTRACT(EPOCH FROM now())::${pgType === 'BIGINT' ? 'bigint' : 'integer'}`;
  }
  const strftime = /^strftime\('([^']*)','now'\)$/.exec(join(inner).replace(/\s+/g, ''));
  if (strftime?.[1] !== undefined) {
    const pattern = toCharPattern(strftime[1]);
    return pattern === null ? null : `to_char(${NOW_UTC}, '${pattern}')`;
  }
  if (text === 'lower(hex(randomblob(16)))' || text === 'hex(randomblob(16))') {
    const uuid = "replace(gen_random_uuid()::text, '-', '')";
    return text.startsWith('lower') ? uuid : `upper(${uuid})`;
  }
  if (inner.length === 1 || (inner.length === 2 && (inner[0]?.text === '-' || inner[0]?.text === '+'))) {
    const literal = inner[inner.length - 1] as TSqlToken;
    if (literal.type === 'string' || literal.type === 'number' || keyword(literal) === 'NULL' || literal.type === 'blob') {
      return convertTokens(spaced(inner));
    }
    if (keyword(literal) === 'TRUE' || keyword(literal) === 'FALSE') return literal.text.toUpperCase();
  }
  return null;
}

interface TColumnResult {
  sql: string;
  column: TPgColumn;
  inlinePrimaryKey: boolean;
}

function convertColumn(table: string, def: TSqlToken[], warnings: string[]): TColumnResult {
  const sig = def.filter(isSignificant);
  const nameToken = sig[0] as TSqlToken;
  const name = identifierName(nameToken);
  let i = 1;
  const typeTokens: TSqlToken[] = [];
  while (i < sig.length && !COLUMN_CONSTRAINT_START.has(keyword(sig[i]) ?? '')) {
    const t = sig[i] as TSqlToken;
    if (t.text === '(') {
      const end = closeParen(sig, i);
      typeTokens.push(...sig.slice(i, end));
      i = end;
    } else {
      typeTokens.push(t);
      i++;
    }
  }
  const sqliteType = typeTokens.map((t) => t.text).join(' ').replace(/\s*\(\s*/g, '(').replace(/\s*\)/g, ')').replace(/\s*,\s*/g, ',');
  let pgType = pgTypeFor(sqliteType);
  if (sqliteType === '') warnings.push(`${table}.${name} has no type; it becomes TEXT.`);

  const rest = sig.slice(i);
  const parts: string[] = [];
  let identity = false;
  let inlinePrimaryKey = false;
  let j = 0;
  while (j < rest.length) {
    const word = keyword(rest[j]);
    const t = rest[j] as TSqlToken;
    if (word === 'CONSTRAINT') {
      parts.push(`CONSTRAINT ${pgIdentifier(identifierName(rest[j + 1] as TSqlToken))}`);
      j += 2;
    } else if (word === 'PRIMARY') {
      j += 2; // PRIMARY KEY
      if (keyword(rest[j]) === 'ASC' || keyword(rest[j]) === 'DESC') j++;
      j = skipConflictClause(rest, j, `${table}.${name}`, warnings);
      if (keyword(rest[j]) === 'AUTOINCREMENT') j++;
      inlinePrimaryKey = true;
      if (/^INT(EGER)?$/i.test(sqliteType)) {
        identity = true;
        pgType = 'BIGINT';
        parts.push('GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY');
      } else {
        parts.push('PRIMARY KEY');
      }
    } else if (word === 'NOT' && keyword(rest[j + 1]) === 'NULL') {
      parts.push('NOT NULL');
      j = skipConflictClause(rest, j + 2, `${table}.${name}`, warnings);
    } else if (word === 'NULL') {
      parts.push('NULL');
      j = skipConflictClause(rest, j + 1, `${table}.${name}`, warnings);
    } else if (word === 'UNIQUE') {
      parts.push('UNIQUE');
      j = skipConflictClause(rest, j + 1, `${table}.${name}`, warnings);
    } else if (word === 'CHECK') {
      const end = closeParen(rest, j + 1);
      const expr = rest.slice(j + 1, end);
      const compact = join(expr).replace(/\s+/g, '').toUpperCase();
      if (pgType === 'BOOLEAN' && /^\(\S+IN\((0,1|1,0)\)\)$/.test(compact)) {
        // A SQLite boolean check; a BOOLEAN column enforces it already.
      } else {
        parts.push(`CHECK ${convertTokens(spaced(expr))}`);
      }
      j = end;
    } else if (word === 'DEFAULT') {
      let end = j + 1;
      if (rest[end]?.text === '(') end = closeParen(rest, end);
      else if (rest[end]?.text === '-' || rest[end]?.text === '+') end += 2;
      else end += 1;
      const converted = convertDefault(rest.slice(j + 1, end), pgType);
      if (converted === null) warnings.push(`${table}.${name}: the default ${join(rest.slice(j + 1, end))} has no PostgreSQL equivalent and was dropped.`);
      else parts.push(`DEFAULT ${converted}`);
      j = end;
    } else if (word === 'COLLATE') {
      const collation = rest[j + 1]?.text ?? '';
      if (collation.toUpperCase() !== 'BINARY') warnings.push(`${table}.${name}: COLLATE ${collation} was dropped; comparisons become case-sensitive.`);
      j += 2;
    } else if (word === 'REFERENCES') {
      const end = foreignKeyClauseEnd(rest, j);
      parts.push(`REFERENCES ${convertTokens(spaced(rest.slice(j + 1, end)))}`);
      j = end;
    } else if (word === 'GENERATED' || word === 'AS') {
      if (word === 'GENERATED') j += 2; // GENERATED ALWAYS
      const open = j + 1;
      const end = closeParen(rest, open);
      parts.push(`GENERATED ALWAYS AS ${convertTokens(spaced(rest.slice(open, end)))} STORED`);
      j = end;
      if (keyword(rest[j]) === 'STORED' || keyword(rest[j]) === 'VIRTUAL') j++;
    } else {
      warnings.push(`${table}.${name}: "${t.text}" was not understood and was dropped.`);
      j++;
    }
  }
  const sql = [pgIdentifier(name), pgType, ...parts].join(' ');
  if (name !== name.toLowerCase() && nameToken.type === 'word') {
    warnings.push(`${table}.${name}: PostgreSQL folds unquoted names to lower case; results will name this column ${name.toLowerCase()}. Prefer snake_case.`);
  }
  return { sql, column: { name, sqliteType, pgType, identity }, inlinePrimaryKey };
}

const KEYWORDS_BEFORE_PAREN = new Set(
  'IN AS ON AND OR NOT CHECK KEY REFERENCES VALUES EXISTS THEN ELSE WHEN UNIQUE PRIMARY FOREIGN SELECT WHERE IS LIKE BETWEEN'.split(' '),
);

/** Joins significant tokens with single spaces where SQL needs or conventionally has them. */
function spaced(tokens: TSqlToken[]): TSqlToken[] {
  const out: TSqlToken[] = [];
  tokens.forEach((t, index) => {
    const prev = tokens[index - 1];
    if (prev !== undefined) {
      const tight =
        t.text === ')' ||
        t.text === ',' ||
        t.text === '.' ||
        prev.text === '(' ||
        prev.text === '.' ||
        ((prev.text === '-' || prev.text === '+') && (index === 1 || ['(', ',', '=', '*', '/'].includes(tokens[index - 2]?.text ?? ''))) ||
        (t.text === '(' && (prev.type === 'identifier' || (prev.type === 'word' && !KEYWORDS_BEFORE_PAREN.has(prev.text.toUpperCase()))));
      if (!tight) out.push({ type: 'space', text: ' ' });
    }
    out.push(t);
  });
  return out;
}

/** End of `REFERENCES t [(cols)] [ON DELETE|UPDATE action] [MATCH x] [[NOT] DEFERRABLE [INITIALLY x]]`. */
function foreignKeyClauseEnd(tokens: TSqlToken[], referencesAt: number): number {
  let i = referencesAt + 2;
  if (tokens[i]?.text === '(') i = closeParen(tokens, i);
  for (;;) {
    const word = keyword(tokens[i]);
    if (word === 'ON') {
      i += 2;
      const action = keyword(tokens[i]);
      i += action === 'SET' || action === 'NO' ? 2 : 1;
    } else if (word === 'MATCH') {
      i += 2;
    } else if (word === 'DEFERRABLE' || (word === 'NOT' && keyword(tokens[i + 1]) === 'DEFERRABLE')) {
      i += word === 'NOT' ? 2 : 1;
      if (keyword(tokens[i]) === 'INITIALLY') i += 2;
    } else {
      return Math.min(i, tokens.length);
    }
  }
}

function skipConflictClause(tokens: TSqlToken[], at: number, where: string, warnings: string[]): number {
  if (keyword(tokens[at]) === 'ON' && keyword(tokens[at + 1]) === 'CONFLICT') {
    warnings.push(`${where}: ON CONFLICT ${tokens[at + 2]?.text ?? ''} was dropped (PostgreSQL has no per-constraint conflict resolution).`);
    return at + 3;
  }
  return at;
}

function convertTableConstraint(table: string, def: TSqlToken[], warnings: string[]): { sql: string; primaryKey: string[] | null } {
  const sig = def.filter(isSignificant);
  let primaryKey: string[] | null = null;
  const pk = sig.findIndex((t) => keyword(t) === 'PRIMARY');
  if (pk !== -1) {
    const open = pk + 2;
    const end = closeParen(sig, open);
    primaryKey = splitTopLevel(sig.slice(open + 1, end - 1)).map((col) => identifierName(col.find(isSignificant) as TSqlToken));
  }
  const kept: TSqlToken[] = [];
  for (let i = 0; i < sig.length; i++) {
    if (keyword(sig[i]) === 'ON' && keyword(sig[i + 1]) === 'CONFLICT') {
      i = skipConflictClause(sig, i, table, warnings) - 1;
      continue;
    }
    if (keyword(sig[i]) === 'AUTOINCREMENT' || keyword(sig[i]) === 'ASC' || keyword(sig[i]) === 'DESC') continue;
    if (keyword(sig[i]) === 'COLLATE') {
      i++;
      continue;
    }
    kept.push(sig[i] as TSqlToken);
  }
  return { sql: convertTokens(spaced(kept)), primaryKey };
}

function convertCreateTable(statement: TRawStatement, warnings: string[]): { sql: string; table: TPgTable } | null {
  const sig = statement.tokens.filter(isSignificant);
  const open = sig.findIndex((t) => t.type === 'punct' && t.text === '(');
  const asSelect = sig.findIndex((t) => keyword(t) === 'AS');
  if (open === -1 || (asSelect !== -1 && asSelect < open)) return null;
  const head = sig.slice(0, open);
  const temp = head.some((t) => keyword(t) === 'TEMP' || keyword(t) === 'TEMPORARY');
  const ifNotExists = head.some((t) => keyword(t) === 'EXISTS');
  const nameToken = head[head.length - 1] as TSqlToken;
  const name = identifierName(nameToken);
  const end = closeParen(sig, open);
  const trailing = sig.slice(end).map((t) => t.text.toUpperCase());
  if (trailing.length > 0) warnings.push(`${name}: table options ${trailing.join(' ')} were dropped.`);

  const columns: TPgColumn[] = [];
  const lines: string[] = [];
  let primaryKey: string[] = [];
  for (const def of splitTopLevel(sig.slice(open + 1, end - 1))) {
    const first = keyword(def.find(isSignificant));
    if (first !== null && TABLE_CONSTRAINT_START.has(first) && !(first === 'PRIMARY' && keyword(def.filter(isSignificant)[1]) !== 'KEY')) {
      const converted = convertTableConstraint(name, def, warnings);
      if (converted.primaryKey) primaryKey = converted.primaryKey;
      lines.push(converted.sql);
    } else {
      const converted = convertColumn(name, def, warnings);
      columns.push(converted.column);
      if (converted.inlinePrimaryKey) primaryKey = [converted.column.name];
      lines.push(converted.sql);
    }
  }
  const create = `CREATE ${temp ? 'TEMPORARY ' : ''}TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${pgIdentifier(name)} (\n  ${lines.join(',\n  ')}\n)`;
  return { sql: create, table: { name, columns, primaryKey } };
}

function convertCreateIndex(statement: TRawStatement, warnings: string[], table: string | null): string {
  const kept: TSqlToken[] = [];
  const tokens = statement.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as TSqlToken;
    if (keyword(t) === 'COLLATE') {
      while (kept.length > 0 && kept[kept.length - 1]?.type === 'space') kept.pop();
      warnings.push(`Index on ${table ?? '?'}: COLLATE ${tokens.slice(i + 1).find(isSignificant)?.text ?? ''} was dropped.`);
      i = tokens.indexOf(tokens.slice(i + 1).find(isSignificant) as TSqlToken);
      continue;
    }
    kept.push(t);
  }
  return convertTokens(kept).trim();
}

/**
 * Converts a generated app's SQLite DDL to PostgreSQL: column types by SQLite's affinity rules,
 * `INTEGER PRIMARY KEY [AUTOINCREMENT]` → identity, `datetime('now')`/`CURRENT_TIMESTAMP`
 * defaults in the column's own format, 0/1 boolean defaults → FALSE/TRUE, quoted identifiers,
 * blob literals. What has no equivalent (triggers, COLLATE NOCASE, ON CONFLICT clauses) is listed
 * in `warnings`. Data goes through {@link insertsToPostgres}, then run `postImport`.
 */
export function toPostgres(sqliteDdl: string): TPostgresSchema {
  const statements: string[] = [];
  const tables: TPgTable[] = [];
  const warnings: string[] = [];
  for (const raw of splitStatementTokens(sqliteDdl)) {
    const statement = classifyStatement(raw);
    switch (statement.kind) {
      case 'transaction':
      case 'pragma':
      case 'internal':
        break;
      case 'create-table': {
        const converted = convertCreateTable(raw, warnings);
        if (converted === null) {
          warnings.push(`CREATE TABLE ${statement.table ?? ''} AS SELECT was copied unchanged; check it.`);
          statements.push(convertTokens(raw.tokens).trim());
        } else {
          statements.push(converted.sql);
          tables.push(converted.table);
        }
        break;
      }
      case 'create-index':
        statements.push(convertCreateIndex(raw, warnings, statement.table));
        break;
      case 'create-trigger':
        warnings.push(`Trigger on ${statement.table ?? '?'} was not converted: SQLite triggers need rewriting as PL/pgSQL functions.`);
        break;
      case 'insert':
        statements.push(...insertsToPostgres(raw.sql, tables).statements);
        break;
      case 'alter-table': {
        const sig = raw.tokens.filter(isSignificant);
        const add = sig.findIndex((t) => keyword(t) === 'ADD');
        const table = tables.find((t) => t.name === statement.table);
        if (add !== -1 && keyword(sig[add + 1]) !== 'CONSTRAINT') {
          const defStart = keyword(sig[add + 1]) === 'COLUMN' ? add + 2 : add + 1;
          const converted = convertColumn(statement.table ?? '?', sig.slice(defStart), warnings);
          table?.columns.push(converted.column);
          statements.push(`ALTER TABLE ${pgIdentifier(statement.table ?? '')} ADD COLUMN ${converted.sql}`);
        } else {
          statements.push(convertTokens(raw.tokens).trim());
        }
        break;
      }
      default:
        if (statement.kind === 'create-view') warnings.push(`View ${statement.table ?? ''} was copied with identifier quoting converted; check its SQL functions.`);
        statements.push(convertTokens(raw.tokens).trim());
    }
  }
  const postImport = tables.flatMap((table) =>
    table.columns
      .filter((c) => c.identity)
      .map(
        (c) =>
          `SELECT setval(pg_get_serial_sequence('${pgIdentifier(table.name).replace(/'/g, "''")}', '${c.name.replace(/'/g, "''")}'), ` +
          `COALESCE((SELECT MAX(${pgIdentifier(c.name)}) FROM ${pgIdentifier(table.name)}), 0) + 1, false)`,
      ),
  );
  return { statements, sql: statements.map((s) => `${s};`).join('\n\n'), tables, postImport, warnings };
}

export interface TPostgresInserts {
  statements: string[];
  warnings: string[];
}

/**
 * Converts SQLite INSERTs (a seed file or data dump) for PostgreSQL, given the converted schema:
 * 0/1 in BOOLEAN columns → FALSE/TRUE, blob literals → bytea, `INSERT OR IGNORE` →
 * `ON CONFLICT DO NOTHING`, `INSERT OR REPLACE`/`REPLACE` → upsert on the primary key.
 * Other statements are skipped (with a warning, except transaction control and PRAGMAs).
 */
export function insertsToPostgres(sql: string, tables: TPgTable[]): TPostgresInserts {
  const statements: string[] = [];
  const warnings: string[] = [];
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  for (const raw of splitStatementTokens(sql)) {
    const statement = classifyStatement(raw);
    if (statement.kind === 'transaction' || statement.kind === 'pragma' || statement.kind === 'internal') continue;
    if (statement.kind !== 'insert') {
      warnings.push(`Skipped a ${statement.kind} statement in the data: ${statement.sql.slice(0, 60)}`);
      continue;
    }
    const table = statement.table === null ? undefined : byName.get(statement.table.toLowerCase());
    statements.push(convertInsert(raw.tokens, table, warnings));
  }
  return { statements, warnings };
}

function convertInsert(tokens: TSqlToken[], table: TPgTable | undefined, warnings: string[]): string {
  const sig = tokens.filter(isSignificant);
  let conflict: 'ignore' | 'replace' | null = null;
  let i = 0;
  if (keyword(sig[0]) === 'REPLACE') {
    conflict = 'replace';
    i = 1;
  } else {
    i = 1;
    if (keyword(sig[1]) === 'OR') {
      const action = keyword(sig[2]);
      if (action === 'IGNORE') conflict = 'ignore';
      else if (action === 'REPLACE') conflict = 'replace';
      i = 3;
    }
  }
  // sig[i] is INTO; then the name, optional column list, then VALUES / SELECT / DEFAULT VALUES.
  const nameIndex = sig[i + 2]?.text === '.' ? i + 3 : i + 1;
  const tableName = identifierName(sig[nameIndex] as TSqlToken);
  let cursor = nameIndex + 1;
  let columns: string[] | null = null;
  if (sig[cursor]?.text === '(') {
    const end = closeParen(sig, cursor);
    columns = splitTopLevel(sig.slice(cursor + 1, end - 1)).map((c) => identifierName(c.find(isSignificant) as TSqlToken));
    cursor = end;
  }
  const names = columns ?? table?.columns.map((c) => c.name) ?? [];
  const booleanAt = new Set(
    names.flatMap((n, index) => (table?.columns.find((c) => c.name.toLowerCase() === n.toLowerCase())?.pgType === 'BOOLEAN' ? [index] : [])),
  );
  const body: string[] = [];
  if (keyword(sig[cursor]) === 'VALUES') {
    body.push('VALUES');
    let j = cursor + 1;
    const rows: string[] = [];
    while (sig[j]?.text === '(') {
      const end = closeParen(sig, j);
      const values = splitTopLevel(sig.slice(j + 1, end - 1)).map((v, index) => {
        const vs = v.filter(isSignificant);
        if (booleanAt.has(index) && vs.length === 1) {
          const literal = (vs[0] as TSqlToken).text;
          if (literal === '0' || literal === "'0'") return 'FALSE';
          if (literal === '1' || literal === "'1'") return 'TRUE';
        }
        return convertTokens(spaced(vs));
      });
      rows.push(`(${values.join(', ')})`);
      j = end;
      if (sig[j]?.text === ',') j++;
    }
    body.push(rows.join(',\n  '));
    const rest = sig.slice(j);
    if (rest.length > 0) body.push(convertTokens(spaced(rest)));
  } else {
    body.push(convertTokens(spaced(sig.slice(cursor))));
  }
  const target = `${pgIdentifier(tableName)}${columns ? ` (${columns.map(pgIdentifier).join(', ')})` : ''}`;
  let sql = `INSERT INTO ${target} ${body.join(' ')}`;
  if (conflict === 'ignore') sql += ' ON CONFLICT DO NOTHING';
  if (conflict === 'replace') {
    const pk = table?.primaryKey ?? [];
    const updatable = names.filter((n) => !pk.some((p) => p.toLowerCase() === n.toLowerCase()));
    if (pk.length === 0 || updatable.length === 0) {
      warnings.push(`INSERT OR REPLACE into ${tableName}: no primary key known, converted to ON CONFLICT DO NOTHING.`);
      sql += ' ON CONFLICT DO NOTHING';
    } else {
      sql += ` ON CONFLICT (${pk.map(pgIdentifier).join(', ')}) DO UPDATE SET ${updatable.map((n) => `${pgIdentifier(n)} = EXCLUDED.${pgIdentifier(n)}`).join(', ')}`;
    }
  }
  return sql;
}

export interface TDeclaredColumn {
  name: string;
  /** The column definition as SQLite declares it (`name TYPE constraints…`). */
  sqlite: string;
  /** The same definition for PostgreSQL. */
  postgres: string;
  /**
   * Why the column cannot be added to an existing table with `ALTER TABLE … ADD COLUMN` (SQLite's
   * rules, kept for both dialects so an app evolves the same way everywhere), or null.
   */
  notAddable: string | null;
}

/**
 * The columns each `CREATE TABLE` of a SQLite schema declares, for evolving a database that
 * already has the tables: a redeploy whose schema adds a column gets an `ADD COLUMN`.
 */
export function declaredColumns(sqliteDdl: string): Map<string, TDeclaredColumn[]> {
  const tables = new Map<string, TDeclaredColumn[]>();
  for (const raw of splitStatementTokens(sqliteDdl)) {
    if (classifyStatement(raw).kind !== 'create-table') continue;
    const sig = raw.tokens.filter(isSignificant);
    const open = sig.findIndex((t) => t.type === 'punct' && t.text === '(');
    const asSelect = sig.findIndex((t) => keyword(t) === 'AS');
    if (open === -1 || (asSelect !== -1 && asSelect < open)) continue;
    const table = identifierName(sig[open - 1] as TSqlToken);
    const end = closeParen(sig, open);
    const columns: TDeclaredColumn[] = [];
    for (const def of splitTopLevel(sig.slice(open + 1, end - 1))) {
      const first = keyword(def.find(isSignificant));
      const isConstraint =
        first !== null &&
        TABLE_CONSTRAINT_START.has(first) &&
        !(first === 'PRIMARY' && keyword(def.filter(isSignificant)[1]) !== 'KEY');
      if (isConstraint) continue;
      const converted = convertColumn(table, def, []);
      columns.push({
        name: converted.column.name,
        sqlite: join(spaced(def.filter(isSignificant))),
        postgres: converted.sql,
        notAddable: whyNotAddable(def.filter(isSignificant).slice(1)),
      });
    }
    tables.set(table, columns);
  }
  return tables;
}

/** SQLite's limits on `ADD COLUMN` (sqlite.org/lang_altertable.html), for a column's constraints. */
function whyNotAddable(rest: TSqlToken[]): string | null {
  const words = rest.map((t) => keyword(t));
  if (words.includes('PRIMARY')) return 'a new column cannot be a PRIMARY KEY';
  if (words.includes('UNIQUE')) return 'a new column cannot be UNIQUE (add a unique index instead)';
  const stored = words.includes('GENERATED') || words.includes('AS');
  if (stored && !words.includes('VIRTUAL')) return 'a new generated column must be VIRTUAL';
  const at = words.indexOf('DEFAULT');
  const value = at === -1 ? undefined : rest[at + 1];
  const defaultWord = keyword(value);
  if (value?.text === '(' || (defaultWord !== null && /^CURRENT_(TIME|DATE|TIMESTAMP)$/.test(defaultWord))) {
    return 'a new column needs a constant DEFAULT (not CURRENT_TIMESTAMP or an expression in parentheses)';
  }
  const notNull = words.some((w, i) => w === 'NOT' && words[i + 1] === 'NULL');
  if (notNull && (value === undefined || defaultWord === 'NULL')) {
    return 'a new NOT NULL column needs a DEFAULT for the rows the table already has';
  }
  return null;
}
