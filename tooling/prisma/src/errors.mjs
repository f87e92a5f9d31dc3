const FLAG = Symbol.for('shipyard.prisma-tooling.error');

/**
 * The one error type of @shipyard/prisma-tooling. `code` tells callers what went wrong;
 * `migrationName` names the migration involved, when there is one.
 *
 * Codes:
 * - SCHEMA_NOT_FOUND: the schema path does not exist.
 * - GENERATE_FAILED: `prisma generate` exited with an error (its output is in the message).
 * - INVALID_MIGRATION_NAME: the name has no letters or digits left after slugifying.
 * - MIGRATIONS_DIR_INVALID: a migration directory has no readable migration.sql.
 * - PROVIDER_MISMATCH: migration_lock.toml names a provider other than sqlite.
 * - CHECKSUM_MISMATCH: an applied migration's migration.sql was edited afterwards.
 * - FAILED_MIGRATION_IN_DATABASE: the database records an unfinished (failed) migration.
 * - MIGRATION_FAILED: a migration's SQL failed; the database was left at the last good migration.
 * - SCHEMA_ENGINE_ERROR: the Prisma schema engine rejected the schema or the migration history.
 */
export class PrismaToolingError extends Error {
  /** @override @readonly @type {'PrismaToolingError'} */
  name = 'PrismaToolingError';

  /**
   * @param {import('./index.js').PrismaToolingErrorCode} code
   * @param {string} message
   * @param {{ migrationName?: string, cause?: unknown }} [options]
   */
  constructor(code, message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    /** @readonly */
    this.code = code;
    /** @readonly */
    this.migrationName = options.migrationName;
    Object.defineProperty(this, FLAG, { value: true });
  }

  /**
   * True for any PrismaToolingError, even one created by another copy of this package.
   * @param {unknown} value
   * @returns {value is PrismaToolingError}
   */
  static is(value) {
    return typeof value === 'object' && value !== null && /** @type {any} */ (value)[FLAG] === true;
  }
}

/**
 * @param {unknown} value
 * @returns {value is PrismaToolingError}
 */
export function isPrismaToolingError(value) {
  return PrismaToolingError.is(value);
}

/**
 * The message of anything thrown, without a stack.
 * @param {unknown} error
 */
export function messageOf(error) {
  if (error instanceof Error) return error.message;
  return String(error);
}
