/**
 * The only place this package reads the environment.
 */

/**
 * The environment for the `prisma` CLI child process: the caller's environment, plus what keeps
 * Prisma offline. Generate never runs the schema engine, but the CLI downloads one at start-up
 * unless PRISMA_SCHEMA_ENGINE_BINARY names an executable; Node itself is one that always exists.
 *
 * @returns {NodeJS.ProcessEnv}
 */
export function prismaCliEnv() {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
    NO_COLOR: '1',
  };
}

/**
 * The libSQL auth token for `migrate deploy --url libsql://…` when --auth-token is not given.
 * @returns {string | undefined}
 */
export function libsqlAuthTokenFromEnv() {
  return process.env.LIBSQL_AUTH_TOKEN || process.env.TURSO_AUTH_TOKEN || undefined;
}
