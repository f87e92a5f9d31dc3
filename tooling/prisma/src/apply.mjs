import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { messageOf, PrismaToolingError } from './errors.mjs';
import { readMigrationsDir, sqlMatchesChecksum } from './migrations-dir.mjs';
import { splitSqlStatements } from './sql-split.mjs';

/** Prisma's own DDL for SQLite, byte for byte, so `prisma migrate` reads the same table. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Prisma stores timestamps as RFC 3339 text with milliseconds: 2025-01-31T12:00:00.123+00:00 */
const NOW_SQL = `strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')`;

/**
 * Fails the batch (json() rejects the text) when another connection recorded the same migration
 * between our read and our write. It is the only portable way to abort a libSQL batch on a
 * condition: batches cannot branch, and RAISE() exists only inside triggers.
 */
const ALREADY_APPLIED_GUARD = `SELECT json(CASE WHEN (SELECT count(*) FROM "_prisma_migrations" WHERE "migration_name" = ? AND "rolled_back_at" IS NULL) > 1 THEN 'migration already recorded by another connection' ELSE '0' END)`;

const BUSY_RETRY_MS = 60_000;

/**
 * @typedef {{
 *   id: string, checksum: string, finished_at: string | null, migration_name: string,
 *   logs: string | null, rolled_back_at: string | null, started_at: string, applied_steps_count: number
 * }} MigrationRow
 * @typedef {import('./index.js').ApplyMigrationsOptions} ApplyMigrationsOptions
 * @typedef {import('./index.js').ApplyMigrationsResult} ApplyMigrationsResult
 */

/**
 * Applies pending migrations and records them in `_prisma_migrations` exactly as
 * `prisma migrate deploy` does. Each migration runs in one libSQL batch
 * (`client.migrate`: foreign keys off, one transaction), together with its history row, so it
 * is either fully applied and recorded, or not at all.
 *
 * @param {ApplyMigrationsOptions} options
 * @returns {Promise<ApplyMigrationsResult>}
 */
export async function applyMigrations({ migrationsDir, url, authToken, logger }) {
  const startedAt = performance.now();
  const [onDisk] = await Promise.all([readMigrationsDir(migrationsDir), ensureFileDirectory(url)]);
  const client = createClient(authToken === undefined ? { url } : { url, authToken });
  try {
    if (client.protocol === 'file') await client.execute('PRAGMA busy_timeout = 10000');
    let rows = await readHistory(client);
    if (rows === null) {
      await withBusyRetry(() => client.execute(CREATE_MIGRATIONS_TABLE));
      rows = [];
    }
    assertHistoryIsSound(onDisk.migrations, rows);

    /** @type {string[]} */
    const applied = [];
    const appliedNames = new Set(finishedRows(rows).map((row) => row.migration_name));
    for (const migration of onDisk.migrations) {
      if (appliedNames.has(migration.name)) continue;
      logger?.info(`Applying ${migration.name}`);
      const outcome = await applyOne(client, migration);
      if (outcome.status === 'applied') {
        applied.push(migration.name);
        continue;
      }
      // Another process recorded it while we waited for the lock: check what it recorded.
      const latest = (await readHistory(client)) ?? [];
      assertHistoryIsSound(onDisk.migrations, latest);
      if (!finishedRows(latest).some((row) => row.migration_name === migration.name)) {
        throw new PrismaToolingError(
          'MIGRATION_FAILED',
          `Migration ${migration.name} was not applied: the check for a concurrent apply failed (${outcome.error}), ` +
            'yet no other process has recorded it. Nothing was changed; run again, and report this if it persists.',
          { migrationName: migration.name },
        );
      }
      logger?.info(`${migration.name} was applied by another process`);
    }
    const alreadyApplied = onDisk.migrations
      .map((migration) => migration.name)
      .filter((name) => !applied.includes(name));
    return { applied, alreadyApplied, durationMs: performance.now() - startedAt };
  } finally {
    client.close();
  }
}

/**
 * @param {import('@libsql/client').Client} client
 * @param {import('./migrations-dir.mjs').MigrationOnDisk} migration
 * @returns {Promise<{ status: 'applied' } | { status: 'recorded-by-another-connection', error: string }>}
 */
async function applyOne(client, migration) {
  const statements = splitSqlStatements(migration.sql);
  const firstScriptStatement = 2;
  try {
    await withBusyRetry(() => {
      const id = randomUUID();
      return client.migrate([
        {
          sql: `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES (?, ?, ?, ${NOW_SQL}, 0)`,
          args: [id, migration.checksum, migration.name],
        },
        { sql: ALREADY_APPLIED_GUARD, args: [migration.name] },
        ...statements,
        {
          sql: `UPDATE "_prisma_migrations" SET "finished_at" = ${NOW_SQL}, "applied_steps_count" = 1 WHERE "id" = ?`,
          args: [id],
        },
      ]);
    });
    return { status: 'applied' };
  } catch (error) {
    const index = statementIndexOf(error);
    if (index === 1) return { status: 'recorded-by-another-connection', error: messageOf(error) };
    const sqlError = messageOf(error);
    const failing =
      index !== undefined &&
      index >= firstScriptStatement &&
      index < firstScriptStatement + statements.length
        ? statements[index - firstScriptStatement]
        : undefined;
    await recordRolledBackAttempt(client, migration, sqlError);
    throw new PrismaToolingError(
      'MIGRATION_FAILED',
      `Migration ${migration.name} failed and was rolled back: ${sqlError}` +
        (failing === undefined ? '' : `\nFailing statement:\n${truncate(failing, 500)}`) +
        '\nThe database is still at the last migration that succeeded. Fix this migration (it was not applied, so editing it is safe) and run again.',
      { migrationName: migration.name, cause: error },
    );
  }
}

/**
 * Leaves a trace of the failed attempt the way `prisma migrate resolve --rolled-back` would:
 * Prisma ignores rows with rolled_back_at and will apply the migration again.
 *
 * @param {import('@libsql/client').Client} client
 * @param {import('./migrations-dir.mjs').MigrationOnDisk} migration
 * @param {string} logs
 */
async function recordRolledBackAttempt(client, migration, logs) {
  try {
    await withBusyRetry(() =>
      client.execute({
        sql: `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count") VALUES (?, ?, ?, ?, ${NOW_SQL}, ${NOW_SQL}, 0)`,
        args: [randomUUID(), migration.checksum, migration.name, logs],
      }),
    );
  } catch {
    // The failure itself is what the caller must see; the trace row is best effort.
  }
}

/**
 * @param {import('@libsql/client').Client} client
 * @returns {Promise<MigrationRow[] | null>} null when the history table does not exist yet
 */
async function readHistory(client) {
  try {
    const result = await client.execute(
      'SELECT "id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count" FROM "_prisma_migrations" ORDER BY "started_at"',
    );
    return result.rows.map(
      (row) => /** @type {MigrationRow} */ (/** @type {unknown} */ ({ ...row })),
    );
  } catch (error) {
    if (/no such table/i.test(messageOf(error))) return null;
    throw error;
  }
}

/** @param {MigrationRow[]} rows */
function finishedRows(rows) {
  return rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
}

/**
 * Refuses to continue over a history Prisma would also refuse (an unfinished migration), and
 * over an applied migration whose file was edited since.
 *
 * @param {import('./migrations-dir.mjs').MigrationOnDisk[]} migrations
 * @param {MigrationRow[]} rows
 */
function assertHistoryIsSound(migrations, rows) {
  const unfinished = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (unfinished.length > 0) {
    const details = unfinished
      .map(
        (row) =>
          `- ${row.migration_name} (started ${row.started_at})${row.logs ? `: ${row.logs.trim()}` : ''}`,
      )
      .join('\n');
    throw new PrismaToolingError(
      'FAILED_MIGRATION_IN_DATABASE',
      `The database records migrations that started but never finished:\n${details}\n` +
        'Check whether their changes are in the database. If they are not, mark them rolled back with\n' +
        `  UPDATE "_prisma_migrations" SET "rolled_back_at" = ${NOW_SQL} WHERE "finished_at" IS NULL AND "rolled_back_at" IS NULL;\n` +
        'and run again; if they are, finish them by hand and set "finished_at" instead.',
      { migrationName: unfinished[0]?.migration_name },
    );
  }
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const edited = finishedRows(rows).filter((row) => {
    const onDisk = byName.get(row.migration_name);
    return onDisk !== undefined && !sqlMatchesChecksum(onDisk.sql, row.checksum);
  });
  if (edited.length > 0) {
    const names = edited.map((row) => row.migration_name);
    throw new PrismaToolingError(
      'CHECKSUM_MISMATCH',
      `Migration${names.length > 1 ? 's' : ''} ${names.join(', ')} changed after being applied to this database ` +
        '(the checksum of migration.sql no longer matches _prisma_migrations). Applied migrations must not change: ' +
        'restore the file from version control and put the change in a new migration (shipyard-prisma migrate new).',
      { migrationName: names[0] },
    );
  }
}

/**
 * @template T
 * @param {() => Promise<T>} operation
 * @returns {Promise<T>}
 */
async function withBusyRetry(operation) {
  const deadline = Date.now() + BUSY_RETRY_MS;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
    }
  }
}

/** @param {unknown} error */
function isBusy(error) {
  const code = /** @type {{ code?: unknown }} */ (error)?.code;
  return (
    (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) ||
    /database is locked|SQLITE_BUSY/i.test(messageOf(error))
  );
}

/**
 * @param {unknown} error
 * @returns {number | undefined}
 */
function statementIndexOf(error) {
  const index = /** @type {{ statementIndex?: unknown }} */ (error)?.statementIndex;
  return typeof index === 'number' ? index : undefined;
}

/** @param {string} url */
async function ensureFileDirectory(url) {
  const path = filePathOf(url);
  if (path !== undefined) await mkdir(dirname(path), { recursive: true });
}

/**
 * The local path of a `file:` URL, or undefined for remote and in-memory databases.
 * @param {string} url
 */
export function filePathOf(url) {
  if (!url.startsWith('file:')) return undefined;
  const withoutQuery = url.split('?')[0] ?? url;
  if (withoutQuery.startsWith('file://')) return fileURLToPath(withoutQuery);
  const path = withoutQuery.slice('file:'.length);
  return path === ':memory:' || path === '' ? undefined : path;
}

/**
 * @param {string} text
 * @param {number} max
 */
function truncate(text, max) {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
