import type { TSqlJsDatabase, TSqlJsValue } from './sqljs.js';

/** Tables the export never includes: SQLite's own, and Cloudflare's internal ones. */
const INTERNAL_TABLE = /^(sqlite_|_cf_|d1_)/i;
const ROWS_PER_INSERT = 100;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * A SQLite literal for a value read with its storage class. Integers are read as text so values
 * beyond 2^53 survive; reals keep a decimal point so they stay REAL in columns without affinity.
 */
export function sqlLiteral(value: TSqlJsValue, storageClass: string): string {
  if (value === null || storageClass === 'null') return 'NULL';
  if (storageClass === 'integer') return String(value);
  if (storageClass === 'real') {
    const n = typeof value === 'number' ? value : Number(value);
    if (Number.isNaN(n)) return 'NULL';
    if (n === Infinity) return '9e999';
    if (n === -Infinity) return '-9e999';
    const text = String(n);
    return /[.eE]/.test(text) ? text : `${text}.0`;
  }
  if (value instanceof Uint8Array) return `X'${hex(value)}'`;
  const text = String(value);
  // NUL cannot appear inside a quoted literal; such text goes in as a blob cast back to text.
  if (text.includes('\0')) return `CAST(X'${hex(new TextEncoder().encode(text))}' AS TEXT)`;
  return `'${text.replace(/'/g, "''")}'`;
}

interface TTableInfo {
  name: string;
  columns: string[];
  dependsOn: string[];
}

function userTables(db: TSqlJsDatabase): TTableInfo[] {
  const names = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]?.values ?? [])
    .map((row) => String(row[0]))
    .filter((name) => !INTERNAL_TABLE.test(name));
  return names.map((name) => {
    // table_xinfo lists generated columns too (hidden 2 and 3); those cannot be inserted.
    const info = db.exec(`SELECT name, hidden FROM pragma_table_xinfo(${sqlLiteral(name, 'text')})`)[0]?.values ?? [];
    const columns = info.filter((row) => Number(row[1]) === 0).map((row) => String(row[0]));
    const fks = db.exec(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(${sqlLiteral(name, 'text')})`)[0]?.values ?? [];
    return { name, columns, dependsOn: fks.map((row) => String(row[0])) };
  });
}

/** Orders tables so that a table comes after the tables its foreign keys point to (cycles keep name order). */
function inDependencyOrder(tables: TTableInfo[]): TTableInfo[] {
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const ordered: TTableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TTableInfo) => {
    const key = table.name.toLowerCase();
    if (state.get(key)) return;
    state.set(key, 'visiting');
    for (const dep of table.dependsOn) {
      const target = byName.get(dep.toLowerCase());
      if (target && target !== table && state.get(dep.toLowerCase()) !== 'visiting') visit(target);
    }
    state.set(key, 'done');
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

/**
 * The database's rows as SQL INSERT statements, parents before children, ready to import into the
 * deployed database after its schema is applied. Schema is not included: the app's db/schema.sql
 * is the schema.
 */
export function exportDatabaseSql(db: TSqlJsDatabase, options: { now?: Date } = {}): string {
  const tables = inDependencyOrder(userTables(db));
  const chunks: string[] = [];
  let totalRows = 0;
  for (const table of tables) {
    if (table.columns.length === 0) continue;
    const selectList = table.columns
      .map((c) => {
        const q = quoteIdentifier(c);
        return `typeof(${q}), CASE typeof(${q}) WHEN 'integer' THEN CAST(${q} AS TEXT) ELSE ${q} END`;
      })
      .join(', ');
    const statement = db.prepare(`SELECT ${selectList} FROM ${quoteIdentifier(table.name)}`);
    const rows: string[] = [];
    try {
      while (statement.step()) {
        const raw = statement.get();
        const literals: string[] = [];
        for (let i = 0; i < table.columns.length; i++) literals.push(sqlLiteral(raw[i * 2 + 1] ?? null, String(raw[i * 2])));
        rows.push(`(${literals.join(', ')})`);
      }
    } finally {
      statement.free();
    }
    if (rows.length === 0) continue;
    totalRows += rows.length;
    const head = `INSERT INTO ${quoteIdentifier(table.name)} (${table.columns.map(quoteIdentifier).join(', ')}) VALUES`;
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      chunks.push(`${head}\n  ${rows.slice(i, i + ROWS_PER_INSERT).join(',\n  ')};`);
    }
  }
  const stamp = (options.now ?? new Date()).toISOString();
  const header = `-- Shipyard preview data, exported ${stamp}: ${totalRows} row(s) in ${tables.filter((t) => t.columns.length > 0).length} table(s).\n`;
  return chunks.length === 0 ? header : `${header}${chunks.join('\n\n')}\n`;
}
