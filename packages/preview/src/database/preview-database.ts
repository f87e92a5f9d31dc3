import type { TEnsureResult, TPreviewBuildError } from '../protocol.js';
import { exportDatabaseSql } from './export-sql.js';
import { runScript } from './d1-engine.js';
import type { TSqlJsDatabase, TSqlJsStatic } from './sqljs.js';

export interface TDatabaseSource {
  schema: string;
  seed: string;
  schemaPath: string;
  seedPath: string | null;
}

/**
 * The preview session's database. It lives as long as the preview: code changes keep its rows;
 * a changed schema (or {@link reset}) re-creates it from db/schema.sql and db/seed.sql.
 */
export class PreviewDatabase {
  private db: TSqlJsDatabase | null = null;
  private source: TDatabaseSource | null = null;

  constructor(private readonly sql: TSqlJsStatic) {}

  /** The open database, or null when the app has none. */
  get current(): TSqlJsDatabase | null {
    return this.db;
  }

  /** Makes sure the database matches the app's schema; creates or re-creates it when needed. */
  ensure(source: TDatabaseSource): TEnsureResult {
    const started = performance.now();
    if (this.db && this.source && normalizeSql(this.source.schema) === normalizeSql(source.schema)) {
      this.source = source;
      return { action: 'kept', errors: [], durationMs: performance.now() - started };
    }
    const action = this.db ? 'recreated' : 'created';
    const errors = this.create(source);
    return { action, errors, durationMs: performance.now() - started };
  }

  /** Re-creates the database from the current schema and seed. */
  reset(): TEnsureResult {
    const started = performance.now();
    if (!this.source) return { action: 'kept', errors: [], durationMs: 0 };
    const errors = this.create(this.source);
    return { action: 'recreated', errors, durationMs: performance.now() - started };
  }

  /** Closes the database (the app no longer declares one). */
  drop(): void {
    this.db?.close();
    this.db = null;
    this.source = null;
  }

  exportSql(now?: Date): string {
    if (!this.db) return '';
    return exportDatabaseSql(this.db, now ? { now } : {});
  }

  private create(source: TDatabaseSource): TPreviewBuildError[] {
    this.db?.close();
    const db = new this.sql.Database();
    db.run('PRAGMA foreign_keys = ON');
    this.db = db;
    this.source = source;
    const errors: TPreviewBuildError[] = [];
    const schema = runScript(db, source.schema);
    if (schema.error) {
      errors.push({
        kind: 'database',
        message: `The schema failed: ${schema.error.message}. Fix ${source.schemaPath}; the preview database was created from the statements before it.`,
        file: source.schemaPath,
        line: schema.error.line,
        column: null,
      });
      return errors;
    }
    if (source.seed.trim() && source.seedPath) {
      const seed = runScript(db, source.seed);
      if (seed.error) {
        errors.push({
          kind: 'database',
          message: `The seed data failed: ${seed.error.message}. Fix ${source.seedPath}; rows before it were inserted.`,
          file: source.seedPath,
          line: seed.error.line,
          column: null,
        });
      }
    }
    return errors;
  }
}

/** Schema text compared without comments and whitespace differences, so a reformat keeps the data. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),;=])\s*/g, '$1')
    .trim();
}
