import path from 'node:path';
import type * as PrismaTooling from '@shipyard/prisma-tooling/migrate';
import type * as Services from '@shipyard/services';
import { getDomain } from './domain';
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
  // Loaded at run time, not bundled (see domain.ts).
  const { applyMigrations } = (await import(
    /* turbopackIgnore: true */ /* webpackIgnore: true */ '@shipyard/prisma-tooling/migrate'
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
  const domain = await getDomain();
  await domain.localHost.start().then(
    () => undefined,
    (error: unknown) => log.error({ err: error }, 'the local host did not start; deploys to it will fail until it does'),
  );
  const services = (await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ '@shipyard/services')) as typeof Services;
  await services.migrateDomainDatabases({
    editorDatabaseUrl: domain.config.editorDatabaseUrl,
    deployDatabaseUrl: domain.config.deployDatabaseUrl,
    logger: log,
  });
  if (platform.queueDriver === 'inline') {
    const resumed = await services.resumeUnfinishedWork(domain.services, domain.queue);
    if (resumed.deployments || resumed.generations) log.info(resumed, 'resumed work the last run left unfinished');
  }
  log.info(
    {
      appUrl: env.appUrl,
      deployedApps: `http://<app>.${domain.config.localHost.baseDomain}:${domain.config.localHost.port}`,
      ai: domain.services.ai.list().map((p) => p.id),
      dataDir: env.dataDir,
      jobs: platform.queueDriver,
      rateLimits: platform.redis ? 'redis' : 'memory',
      mail: platform.mailer.driver,
      secretsFrom: env.secretsSource,
    },
    'platform ready',
  );
}
