import 'server-only';
import type * as CoreCrypto from '@shipyard/core/crypto';
import type * as CoreJobs from '@shipyard/core/jobs';
import type * as Services from '@shipyard/services';
import { domainEnvSource } from '../env';
import { platformJobs } from './jobs';
import { getPlatform, type TPlatform } from './platform';
import { createAppRouter, type AppRouter } from './routers/app';

/**
 * The domain packages (ai-editor, deploy-core, the local host) composed for this platform. They
 * are loaded from node_modules at run time, not bundled: Next.js bundles workspace packages
 * whatever `serverExternalPackages` says, and these find their migrations, workerd and esbuild
 * through their own install paths.
 */
export type TPlatformDomain = {
  services: Services.DomainServices;
  routers: Services.DomainRouters;
  queue: CoreJobs.JobQueue;
  localHost: ReturnType<typeof Services.createHostHandle>;
  config: Services.TDomainConfig;
  /** Everything served at /api/trpc. */
  router: AppRouter;
};

async function createDomain(platform: TPlatform): Promise<TPlatformDomain> {
  const services = (await import(
    /* turbopackIgnore: true */ /* webpackIgnore: true */ '@shipyard/services'
  )) as typeof Services;
  const jobs = (await import(
    /* turbopackIgnore: true */ /* webpackIgnore: true */ '@shipyard/core/jobs'
  )) as typeof CoreJobs;
  const crypto = (await import(
    /* turbopackIgnore: true */ /* webpackIgnore: true */ '@shipyard/core/crypto'
  )) as typeof CoreCrypto;
  const { env, logger } = platform;
  const config = services.loadDomainConfig(domainEnvSource(), {
    dataDir: env.dataDir,
    encryptionKeys: env.encryptionKeys,
  });
  const localHost = services.createHostHandle({
    dataDir: env.dataDir,
    port: config.localHost.port,
    baseDomain: config.localHost.baseDomain,
    controlUrl: config.localHost.controlUrl,
    controlToken: config.localHost.controlToken,
    // With Redis, BullMQ workers in other processes deploy through this process's host.
    serveControlOnPort:
      env.redisUrl && !config.localHost.controlUrl ? config.localHost.controlPort : null,
    logger,
  });
  const domain = services.createDomainServices({
    editorDatabaseUrl: config.editorDatabaseUrl,
    deployDatabaseUrl: config.deployDatabaseUrl,
    keyring: crypto.createKeyring(crypto.parseKeyringSpec(env.encryptionKeys)),
    logger,
    aiProviders: config.aiProviders,
    localHost: localHost.control,
    extraProviders: config.cloudProviders,
    // Teams' own provider credentials (Settings → Providers), calling the vendor APIs this host allows.
    providerCatalog: config.providerCatalog,
  });
  const allJobs = [...platformJobs, ...domain.jobs];
  const queueLogger = logger.child({ component: 'jobs' });
  const queue = env.redisUrl
    ? jobs.createBullMQQueue({ redisUrl: env.redisUrl, jobs: allJobs, logger: queueLogger })
    : jobs.createInlineQueue({ jobs: allJobs, logger: queueLogger });
  const routers = domain.createRouters(queue);
  const router = createAppRouter({
    orgs: platform.orgs,
    accounts: platform.accounts,
    editor: routers.editor,
    deploy: routers.deploy,
  });
  return { services: domain, routers, queue, localHost, config, router };
}

const globalKey = Symbol.for('shipyard.platform.domain');
type TGlobalWithDomain = typeof globalThis & { [globalKey]?: Promise<TPlatformDomain> };

/** One instance per process (kept on globalThis so `next dev` reloads reuse it). */
export function getDomain(): Promise<TPlatformDomain> {
  const store = globalThis as TGlobalWithDomain;
  store[globalKey] ??= createDomain(getPlatform()).catch((error: unknown) => {
    delete store[globalKey];
    throw error;
  });
  return store[globalKey];
}
