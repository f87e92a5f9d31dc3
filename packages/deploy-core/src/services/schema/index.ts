export { tokenizeSql, type TSqlToken } from './sql-tokens.js';
export {
  classifyStatement,
  countRows,
  parseSqlDump,
  splitSqlStatements,
  type TParsedSqlDump,
  type TSqlStatement,
  type TSqlStatementKind,
} from './sql-statements.js';
export {
  declaredColumns,
  insertsToPostgres,
  pgIdentifier,
  pgTypeFor,
  toPostgres,
  type TDeclaredColumn,
  type TPgColumn,
  type TPgTable,
  type TPostgresInserts,
  type TPostgresSchema,
} from './to-postgres.js';
