import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  migrationTimestamp,
  readMigrationsDir,
  slugifyMigrationName,
  writeMigration,
} from './migrations-dir.mjs';

// The runtime path (applyMigrations, createTestDatabase) only needs @libsql/client. The schema
// engine (wasm + Prisma's adapter) and the prisma CLI are loaded on first use, so a process that
// only applies migrations on boot never pays for them.
export { applyMigrations } from './apply.mjs';
export { createTestDatabase } from './test-database.mjs';
export { isPrismaToolingError, PrismaToolingError } from './errors.mjs';

/**
 * @param {import('./index.js').GenerateClientOptions} options
 * @returns {Promise<import('./index.js').GenerateClientResult>}
 */
export async function generateClient(options) {
  const { generateClient: generate } = await import('./generate.mjs');
  return generate(options);
}

/**
 * @param {import('./index.js').CreateMigrationOptions} options
 * @returns {Promise<import('./index.js').CreatedMigration | null>}
 */
export async function createMigration({
  schemaPath,
  name,
  migrationsDir,
  now = new Date(),
  logger,
}) {
  const slug = slugifyMigrationName(name);
  const schema = resolve(schemaPath);
  const baseDir = resolve(migrationsDir ?? defaultMigrationsDir(schema));
  const { diffMigrationsToSchema } = await import('./schema-engine.mjs');
  const { sql, migrations } = await diffMigrationsToSchema({
    schemaPath: schema,
    migrationsDir: baseDir,
  });
  if (sql === '') {
    logger?.info(`No schema changes for ${schemaPath}; no migration created.`);
    return null;
  }
  const migrationName = `${migrationTimestamp(now, migrations.migrations)}_${slug}`;
  const { directory, migrationSqlPath } = await writeMigration({
    baseDir,
    name: migrationName,
    sql,
  });
  logger?.info(`Created ${migrationSqlPath}`);
  return { name: migrationName, directory, migrationSqlPath, sql };
}

/**
 * @param {import('./index.js').CheckDriftOptions} options
 * @returns {Promise<string>}
 */
export async function checkDrift({ schemaPath, migrationsDir }) {
  const schema = resolve(schemaPath);
  const { diffMigrationsToSchema } = await import('./schema-engine.mjs');
  const { sql } = await diffMigrationsToSchema({
    schemaPath: schema,
    migrationsDir: resolve(migrationsDir ?? defaultMigrationsDir(schema)),
  });
  return sql;
}

/**
 * `prisma/migrations` beside the schema file (or inside a schema folder), Prisma's default.
 * @param {string} schemaPath
 */
export function defaultMigrationsDir(schemaPath) {
  const schema = resolve(schemaPath);
  let isDirectory = false;
  try {
    isDirectory = statSync(schema).isDirectory();
  } catch {
    // A missing schema is reported by the command that reads it.
  }
  return isDirectory ? join(schema, 'migrations') : join(dirname(schema), 'migrations');
}

/**
 * The names of the committed migrations, in the order they apply.
 * @param {string} migrationsDir
 * @returns {Promise<string[]>}
 */
export async function listMigrations(migrationsDir) {
  const { migrations } = await readMigrationsDir(resolve(migrationsDir));
  return migrations.map((migration) => migration.name);
}
