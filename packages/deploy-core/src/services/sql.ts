import { insertsToPostgres, parseSqlDump, splitSqlStatements, toPostgres } from './schema/index.js';

/**
 * The SQL the deploy steps send to a database provider, in the provider's dialect. The app's
 * schema and data are SQLite (the generated-app contract); PostgreSQL gets them translated by the
 * schema tools.
 */
export type TSqlDialect = 'sqlite' | 'postgres';

/** The app's schema as statements for the target dialect. */
export function prepareSchema(schemaSql: string, dialect: TSqlDialect): string[] {
  return dialect === 'sqlite' ? splitSqlStatements(schemaSql) : toPostgres(schemaSql).statements;
}

/**
 * Data statements (a seed file or a preview dump) for the target dialect: INSERTs and the like,
 * without transaction control or PRAGMAs. For PostgreSQL, values follow the converted column types
 * and identity sequences are moved past imported ids afterwards.
 */
export function prepareData(
  dataSql: string,
  dialect: TSqlDialect,
  schemaSql: string,
): { statements: string[]; tables: string[] } {
  const runnable = parseSqlDump(dataSql).runnable.filter(
    (s) => s.kind === 'insert' || s.kind === 'update' || s.kind === 'delete',
  );
  const tables = [
    ...new Set(
      runnable.filter((s) => s.kind === 'insert' && s.table).map((s) => s.table as string),
    ),
  ];
  if (dialect === 'sqlite') return { statements: runnable.map((s) => s.sql), tables };
  const schema = toPostgres(schemaSql);
  const data = insertsToPostgres(runnable.map((s) => `${s.sql};`).join('\n'), schema.tables);
  return { statements: [...data.statements, ...schema.postImport], tables };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** An insert that does nothing when the key exists, in either dialect. */
export function insertIgnoringDuplicate(
  dialect: TSqlDialect,
  table: string,
  values: Record<string, string>,
): string {
  const columns = Object.keys(values).map(quoteIdentifier).join(', ');
  const literals = Object.values(values)
    .map((v) => `'${v.replace(/'/g, "''")}'`)
    .join(', ');
  return dialect === 'sqlite'
    ? `INSERT OR IGNORE INTO ${quoteIdentifier(table)} (${columns}) VALUES (${literals})`
    : `INSERT INTO ${quoteIdentifier(table)} (${columns}) VALUES (${literals}) ON CONFLICT DO NOTHING`;
}
