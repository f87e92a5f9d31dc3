/**
 * @shipyard/prisma-tooling — offline Prisma 7 tooling for libSQL: generate clients, create and
 * apply migrations, detect drift, and make migrated test databases. Hand-written types for
 * src/index.mjs.
 */

/** Receives one line of progress per step. Nothing is printed when it is omitted. */
export interface ProgressLogger {
  info(message: string): void;
}

export interface GenerateClientOptions {
  /** A `schema.prisma` file, or a folder of `.prisma` files. */
  schemaPath: string;
  logger?: ProgressLogger;
}

export interface GenerateClientResult {
  /** Absolute schema path. */
  schemaPath: string;
  /** Absolute output directory declared by the schema's generator, or null when it declares none. */
  outputDir: string | null;
  durationMs: number;
}

/**
 * Runs `prisma generate` (prisma-client generator) with no network: the engine download is
 * skipped and the package's own prisma.config.ts, if any, is not loaded.
 * @throws PrismaToolingError SCHEMA_NOT_FOUND | GENERATE_FAILED
 */
export function generateClient(options: GenerateClientOptions): Promise<GenerateClientResult>;

export interface CreateMigrationOptions {
  schemaPath: string;
  /** Free text; slugified like Prisma does ("Add projects" → "add_projects"). */
  name: string;
  /** Defaults to `migrations/` beside the schema. */
  migrationsDir?: string;
  /** Clock for the timestamp prefix (tests). Defaults to now. */
  now?: Date;
  logger?: ProgressLogger;
}

export interface CreatedMigration {
  /** Directory name, `<YYYYMMDDHHMMSS>_<slug>`. */
  name: string;
  directory: string;
  migrationSqlPath: string;
  sql: string;
}

/**
 * Writes `<migrationsDir>/<YYYYMMDDHHMMSS>_<name>/migration.sql` and `migration_lock.toml`
 * holding the SQL that takes the committed migrations to the schema. Resolves to null, and
 * writes nothing, when there is no change.
 * @throws PrismaToolingError SCHEMA_NOT_FOUND | INVALID_MIGRATION_NAME | SCHEMA_ENGINE_ERROR | MIGRATIONS_DIR_INVALID | PROVIDER_MISMATCH
 */
export function createMigration(options: CreateMigrationOptions): Promise<CreatedMigration | null>;

export interface ApplyMigrationsOptions {
  migrationsDir: string;
  /** `file:` path or URL, `libsql://`, `http(s)://`, `ws(s)://`. */
  url: string;
  /** For remote libSQL servers (Turso, sqld with auth). */
  authToken?: string;
  logger?: ProgressLogger;
}

export interface ApplyMigrationsResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Migrations that were already applied (by an earlier run or a concurrent process). */
  alreadyApplied: string[];
  durationMs: number;
}

/**
 * Applies pending migrations and records them in `_prisma_migrations` as `prisma migrate deploy`
 * does. Idempotent and safe when several processes run it at once. Each migration runs in one
 * transaction with its history row, with foreign keys off as Prisma's SQLite scripts expect.
 * @throws PrismaToolingError MIGRATION_FAILED (database left at the last good migration) |
 *   CHECKSUM_MISMATCH | FAILED_MIGRATION_IN_DATABASE | MIGRATIONS_DIR_INVALID | PROVIDER_MISMATCH
 */
export function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult>;

export interface CheckDriftOptions {
  schemaPath: string;
  migrationsDir?: string;
}

/**
 * The SQL the schema needs beyond the committed migrations; "" when they match.
 * @throws PrismaToolingError SCHEMA_NOT_FOUND | SCHEMA_ENGINE_ERROR | MIGRATIONS_DIR_INVALID | PROVIDER_MISMATCH
 */
export function checkDrift(options: CheckDriftOptions): Promise<string>;

export interface CreateTestDatabaseOptions {
  migrationsDir: string;
}

export interface TestDatabase {
  /** `file:` URL of a fresh database with every migration applied. */
  url: string;
  filePath: string;
  /** Deletes the database file. */
  cleanup(): Promise<void>;
}

/**
 * A fresh, fully migrated `file:` database. The first call per migrations directory migrates a
 * template; later calls copy it.
 */
export function createTestDatabase(options: CreateTestDatabaseOptions): Promise<TestDatabase>;

/** `migrations/` beside a schema file, or inside a schema folder. */
export function defaultMigrationsDir(schemaPath: string): string;

/** Committed migration names in the order they apply. */
export function listMigrations(migrationsDir: string): Promise<string[]>;

export type PrismaToolingErrorCode =
  /** The schema path does not exist. */
  | 'SCHEMA_NOT_FOUND'
  /** `prisma generate` failed; its output is in the message. */
  | 'GENERATE_FAILED'
  /** The migration name has no letters or digits. */
  | 'INVALID_MIGRATION_NAME'
  /** A migration directory has no readable migration.sql. */
  | 'MIGRATIONS_DIR_INVALID'
  /** migration_lock.toml names a provider other than sqlite. */
  | 'PROVIDER_MISMATCH'
  /** An applied migration's migration.sql was edited afterwards. */
  | 'CHECKSUM_MISMATCH'
  /** The database records a migration that started and never finished. */
  | 'FAILED_MIGRATION_IN_DATABASE'
  /** A migration's SQL failed; it was rolled back. */
  | 'MIGRATION_FAILED'
  /** The schema engine rejected the schema or could not replay the migrations. */
  | 'SCHEMA_ENGINE_ERROR';

export class PrismaToolingError extends Error {
  constructor(
    code: PrismaToolingErrorCode,
    message: string,
    options?: { migrationName?: string; cause?: unknown },
  );
  readonly name: 'PrismaToolingError';
  readonly code: PrismaToolingErrorCode;
  /** The migration involved, when there is one. */
  readonly migrationName: string | undefined;
  /** True for any PrismaToolingError, even from another copy of this package. */
  static is(value: unknown): value is PrismaToolingError;
}

export function isPrismaToolingError(value: unknown): value is PrismaToolingError;
