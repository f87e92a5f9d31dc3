import type { Logger } from '@shipyard/core';
import type { TPackageDatabase } from './registry';

/**
 * Applies pending migrations to every registered package database before the worker takes
 * jobs, so a new processor never meets an old schema. Safe to run from several workers at once.
 */
export async function migrateOnBoot(databases: TPackageDatabase[], logger: Logger): Promise<void> {
  if (databases.length === 0) {
    logger.debug('no package databases to migrate');
    return;
  }
  const { applyMigrations } = await import('@shipyard/prisma-tooling/migrate');
  for (const database of databases) {
    const log = logger.child({ component: 'migrate', package: database.package });
    const result = await applyMigrations({
      migrationsDir: database.migrationsDir,
      url: database.url,
      ...(database.authToken ? { authToken: database.authToken } : {}),
      logger: { info: (message: string) => log.debug(message) },
    });
    log.info(
      {
        applied: result.applied,
        alreadyApplied: result.alreadyApplied.length,
        durationMs: Math.round(result.durationMs),
      },
      result.applied.length > 0 ? 'database migrated' : 'database up to date',
    );
  }
}
