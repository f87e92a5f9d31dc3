/**
 * `@shipyard/preview/d1` — the preview's Cloudflare D1 shim and SQL export over sql.js, usable in
 * any JavaScript runtime (the preview runs it in a Web Worker; tools and tests run it in Node).
 */
export {
  createD1Database,
  D1Error,
  type TD1Database,
  type TD1ExecResult,
  type TD1Meta,
  type TD1PreparedStatement,
  type TD1Result,
  type TD1Value,
} from './database/d1-engine.js';
export { exportDatabaseSql } from './database/export-sql.js';
export type { TSqlJsDatabase, TSqlJsStatic } from './database/sqljs.js';
