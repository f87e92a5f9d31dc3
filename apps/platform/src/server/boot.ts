import path from 'node:path';
import type * as PrismaTooling from '@shipyard/prisma-tooling';
import { getPlatform } from './platform';

/** Where the committed migrations are; `next dev` / `next start` run with the app as cwd. */
export function platformMigrationsDir(appDir: string = process.cwd()): string {
  return path.join(appDir, 'prisma', 'migrations');
}

/**
 * Runs once when the Node.js server starts (src/instrumentation.ts): applies pending migrations
 * to the platform database, then builds the platform so the first request does not pay for it.
 */
export async function bootPlatform(): Promise<void> {
  const platform = getPlatform();
  const { env, logger } = platform;
  const log = logger.child({ component: 'boot' });
  // Loaded at run time, not traced by the bundler: the tooling's entry also imports the Prisma
  // CLI (for `generate`), whose packaged assets Turbopack cannot trace.
  const { applyMigrations } = (await import(
    /* turbopackIgnore: true */ /* webpackIgnore: true */ '@shipyard/prisma-tooling'
  )) as typeof PrismaTooling;
  const result = await applyMigrations({
    migrationsDir: platformMigrationsDir(),
    url: env.databaseUrl,
    logger: { info: (message) => log.debug(message) },
  });
  log.info(
    {
      applied: result.applied,
      alreadyApplied: result.alreadyApplied.length,
      durationMs: Math.round(result.durationMs),
    },
    result.applied.length > 0 ? 'database migrated' : 'database up to date',
  );
  log.info(
    {
      appUrl: env.appUrl,
      dataDir: env.dataDir,
      jobs: platform.queueDriver,
      rateLimits: platform.redis ? 'redis' : 'memory',
      mail: platform.mailer.driver,
      secretsFrom: env.secretsSource,
    },
    'platform ready',
  );
}
