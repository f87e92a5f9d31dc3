import path from 'node:path';
import {
  createAiEditorRouter,
  aiEnvPreset,
  createAiProviderRegistry,
  createAiProvidersFromEnv,
  createScaffoldProvider,
  createEditorDb,
  createGenerateJob,
  createGenerationRunner,
  createGenerationService,
  createProjectService,
  EDITOR_MIGRATIONS_DIR,
  loadVersionFiles,
  type AiProvider,
} from '@shipyard/ai-editor';
import { AppError, type Logger } from '@shipyard/core';
import { defineEnvPreset, loadConfig } from '@shipyard/core/config';
import type { Keyring } from '@shipyard/core/crypto';
import type { JobDefinition, JobQueue } from '@shipyard/core/jobs';
import {
  buildApp,
  createDeployDb,
  createDeployQueries,
  createDeployRouter,
  createDeployService,
  createDeployWebJob,
  createDnsDomainProvider,
  createOrchestrator,
  createProviderCredentials,
  createProviderRegistry,
  DEPLOY_MIGRATIONS_DIR,
  RUNTIME_PACKAGES,
  type TProviderCatalogEntry,
  type TProviderSet,
} from '@shipyard/deploy-core';
import {
  createLocalDatabaseProvider,
  createLocalHostingProvider,
  type TLocalHostControl,
} from '@shipyard/providers-local';
import { z } from 'zod';
import {
  cloudProviderHostOptions,
  cloudProvidersEnvPreset,
  createCloudProviderCatalog,
  createCloudProviders,
  orgProviderCatalog,
  type TConfiguredProvider,
} from './cloud-providers';
import { deriveSecret } from './dev-secrets';

const ZLibsqlUrl = z
  .string()
  .regex(
    /^(file:|libsql:|https?:|wss?:)/,
    'must be a libSQL URL (file:, libsql:, http(s): or ws(s):)',
  );

/**
 * Variables of the domain packages, combined by each host's env.ts with its own preset (the
 * preset reads nothing itself).
 */
export const servicesEnvPreset = defineEnvPreset('services', {
  /** ai-editor's database. Default `file:<data dir>/ai-editor.db`. */
  EDITOR_DATABASE_URL: ZLibsqlUrl.optional(),
  /** deploy-core's database. Default `file:<data dir>/deploy-core.db`. */
  DEPLOY_DATABASE_URL: ZLibsqlUrl.optional(),
  /** Port where the local host serves deployed apps (`<app>.localhost:<port>`). */
  LOCAL_HOST_PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /** Apps are served at `<slug>.<domain>`; browsers resolve `*.localhost` to this machine. */
  LOCAL_HOST_BASE_DOMAIN: z.string().min(1).default('localhost'),
  /** Control URL of a local host in another process (`shipyard-host --control-port`). Unset: the platform runs the host itself. */
  LOCAL_HOST_CONTROL_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Port of the control API the platform opens for workers when it runs the host and Redis is set. */
  LOCAL_HOST_CONTROL_PORT: z.coerce.number().int().min(1).max(65535).default(8788),
  /** Bearer token for the host's control API, 24+ characters. Generated in development. */
  LOCAL_HOST_CONTROL_TOKEN: z.string().min(24).optional(),
});

export interface TDomainConfig {
  editorDatabaseUrl: string;
  deployDatabaseUrl: string;
  localHost: {
    port: number;
    baseDomain: string;
    controlUrl: string | null;
    controlPort: number;
    controlToken: string;
  };
  /** Keyed providers first (from OPENAI_* / ANTHROPIC_*), then the offline scaffold provider. */
  aiProviders: AiProvider[];
  /** Cloud hosting, database and domain providers whose tokens are set. */
  cloudProviders: TProviderSet;
  configuredCloudProviders: TConfiguredProvider[];
  /** The providers teams may connect themselves, calling the vendor APIs this host allows. */
  providerCatalog: TProviderCatalogEntry[];
}

/**
 * Reads the domain packages' variables from `source` (the host's env.ts passes process.env) and
 * throws one ConfigError listing every problem.
 */
export function loadDomainConfig(
  source: Record<string, string | undefined>,
  host: { dataDir: string; encryptionKeys: string },
): TDomainConfig {
  const env = loadConfig([servicesEnvPreset, aiEnvPreset, cloudProvidersEnvPreset], source);
  const catalog = createCloudProviderCatalog(cloudProviderHostOptions(env));
  const cloud = createCloudProviders(env, catalog);
  const urls = defaultDatabaseUrls(host.dataDir);
  return {
    editorDatabaseUrl: env.EDITOR_DATABASE_URL ?? urls.editor,
    deployDatabaseUrl: env.DEPLOY_DATABASE_URL ?? urls.deploy,
    localHost: {
      port: env.LOCAL_HOST_PORT,
      baseDomain: env.LOCAL_HOST_BASE_DOMAIN,
      controlUrl: env.LOCAL_HOST_CONTROL_URL ?? null,
      controlPort: env.LOCAL_HOST_CONTROL_PORT,
      controlToken:
        env.LOCAL_HOST_CONTROL_TOKEN ?? deriveSecret(host.encryptionKeys, 'local-host-control'),
    },
    aiProviders: [...createAiProvidersFromEnv(env), createScaffoldProvider()],
    cloudProviders: cloud.set,
    configuredCloudProviders: cloud.configured,
    providerCatalog: orgProviderCatalog(catalog),
  };
}

export function defaultDatabaseUrls(dataDir: string) {
  return {
    editor: `file:${path.join(dataDir, 'ai-editor.db')}`,
    deploy: `file:${path.join(dataDir, 'deploy-core.db')}`,
  };
}

/** Applies pending migrations of every domain database; the platform and the worker call it on boot. */
export async function migrateDomainDatabases(opts: {
  editorDatabaseUrl: string;
  deployDatabaseUrl: string;
  logger: Logger;
}) {
  const { applyMigrations } = await import('@shipyard/prisma-tooling/migrate');
  const results = [];
  for (const [name, migrationsDir, url] of [
    ['ai-editor', EDITOR_MIGRATIONS_DIR, opts.editorDatabaseUrl],
    ['deploy-core', DEPLOY_MIGRATIONS_DIR, opts.deployDatabaseUrl],
  ] as const) {
    const result = await applyMigrations({ migrationsDir, url });
    if (result.applied.length)
      opts.logger.info({ database: name, applied: result.applied }, 'applied migrations');
    results.push({ name, ...result });
  }
  return results;
}

export interface TDomainServicesOptions {
  editorDatabaseUrl: string;
  deployDatabaseUrl: string;
  keyring: Keyring;
  logger: Logger;
  /** AI providers in picker order: keyed providers first, then scaffold. */
  aiProviders: AiProvider[];
  /** The local host (in-process through `hostControl`, or a client of another process). */
  localHost: TLocalHostControl;
  /** More providers the operator configured (cloud hosting, databases, domains). */
  extraProviders?: TProviderSet;
  /**
   * The providers teams may connect with their own credentials (Settings → Providers), from
   * `loadDomainConfig(...).providerCatalog`. Default: every cloud provider Shipyard ships, at the
   * vendors' public APIs. An empty list turns the feature off.
   */
  providerCatalog?: readonly TProviderCatalogEntry[];
  /**
   * How long a deploy holds its app's lease without renewing it (default 30 s): after a worker
   * dies mid-deploy, another worker resumes the deployment once this has passed.
   */
  deployLeaseMs?: number;
}

/**
 * Builds the domain services once per process. Jobs come first (the queue needs them), then
 * `createRouters(queue)` gives the routers the host mounts.
 */
export function createDomainServices(opts: TDomainServicesOptions) {
  const { logger } = opts;
  const editorDb = createEditorDb({ url: opts.editorDatabaseUrl });
  const deployDb = createDeployDb({ url: opts.deployDatabaseUrl });
  const ai = createAiProviderRegistry(opts.aiProviders);
  const runtimePackages = Object.entries(RUNTIME_PACKAGES).map(([name, p]) => ({
    name,
    version: p.version,
  }));
  const runner = createGenerationRunner({ db: editorDb, ai, logger, runtimePackages });
  const generateJob = createGenerateJob(runner);

  const extra = opts.extraProviders ?? {};
  const catalog = opts.providerCatalog ?? orgProviderCatalog(createCloudProviderCatalog());
  const credentials = catalog.length
    ? createProviderCredentials({ db: deployDb, keyring: opts.keyring, catalog, logger })
    : undefined;
  const providers = createProviderRegistry(
    {
      hosting: [createLocalHostingProvider(opts.localHost), ...(extra.hosting ?? [])],
      database: [createLocalDatabaseProvider(opts.localHost), ...(extra.database ?? [])],
      // Domains at any DNS provider, verified through public DNS; registrar-backed providers come first.
      domain: [
        ...(extra.domain ?? []),
        createDnsDomainProvider({
          target: (app) => new URL(opts.localHost.appUrl(app.slug)).hostname,
        }),
      ],
      mobile: extra.mobile ?? [],
      desktop: extra.desktop ?? [],
    },
    credentials ? { orgProviders: credentials.orgProviders } : {},
  );
  const orchestrator = createOrchestrator({
    db: deployDb,
    keyring: opts.keyring,
    providers,
    logger,
    loadSource: async ({ versionId }) => {
      const files = await loadVersionFiles(editorDb, versionId);
      if (!files.size)
        throw new AppError('PRECONDITION_FAILED', 'This version has no files to deploy.');
      return { files: Object.fromEntries(files) };
    },
    build: async (files) => buildApp({ files }),
    ...(opts.deployLeaseMs ? { leaseMs: opts.deployLeaseMs } : {}),
  });
  const deployJob = createDeployWebJob(orchestrator);
  const jobs: JobDefinition[] = [
    generateJob as unknown as JobDefinition,
    deployJob as unknown as JobDefinition,
  ];

  function createRouters(queue: JobQueue) {
    const projects = createProjectService({ db: editorDb });
    const generations = createGenerationService({
      db: editorDb,
      queue,
      generateJob: generateJob as never,
      ai,
      logger,
    });
    const deployService = createDeployService({
      db: deployDb,
      keyring: opts.keyring,
      providers,
      queue,
      deployJob: deployJob as never,
      logger,
    });
    const deployQueries = createDeployQueries(deployDb);
    const editor = createAiEditorRouter({ db: editorDb, projects, generations, ai, queue });
    const deploy = createDeployRouter({
      service: deployService,
      queries: deployQueries,
      providers,
      ...(credentials ? { credentials } : {}),
      async resolveProject({ orgId, projectId, versionId }) {
        const project = await projects.getProject(orgId, projectId);
        const chosen = versionId ?? project.currentVersionId;
        if (!chosen)
          throw new AppError(
            'PRECONDITION_FAILED',
            'This project has no version yet. Generate the app first, then deploy it.',
          );
        if (versionId) {
          const version = await editorDb.projectVersion.findFirst({
            where: { id: versionId, projectId },
          });
          if (!version)
            throw new AppError('NOT_FOUND', 'This version does not belong to the project.');
        }
        return { name: project.name, versionId: chosen };
      },
    });
    return { editor, deploy, projects, generations, deployService, deployQueries };
  }

  async function close() {
    await Promise.allSettled([editorDb.$disconnect(), deployDb.$disconnect()]);
  }

  return {
    editorDb,
    deployDb,
    ai,
    providers,
    /** Per-org provider credentials (undefined when the catalog is empty). */
    credentials,
    runner,
    orchestrator,
    generateJob,
    deployJob,
    jobs,
    createRouters,
    close,
  };
}

export type DomainServices = ReturnType<typeof createDomainServices>;
export type DomainRouters = ReturnType<DomainServices['createRouters']>;

export { loadOrCreateDevSecrets, deriveSecret, type TDevSecrets } from './dev-secrets';
export {
  CLOUD_API_VENDORS,
  cloudProviderHostOptions,
  cloudProvidersEnvPreset,
  createCloudProviderCatalog,
  createCloudProviders,
  orgProviderCatalog,
  type TCloudApiVendor,
  type TCloudProviderEntry,
  type TCloudProviderHostOptions,
  type TConfiguredProvider,
} from './cloud-providers';
export { createHostHandle, type THostHandleOptions } from './host-handle';

/**
 * With the inline job driver, queued work lives in memory: after a restart, unfinished
 * deployments are queued again (they resume from their recorded steps) and generations that
 * were running are closed as failed (nothing was committed, so the project is unchanged).
 */
export async function resumeUnfinishedWork(services: DomainServices, queue: JobQueue) {
  const deployments = await services.deployDb.deployment.findMany({
    where: { status: { in: ['queued', 'running'] } },
    select: { id: true },
  });
  for (const d of deployments)
    await queue.enqueue(services.deployJob, { deploymentId: d.id }, { jobId: d.id });
  const generations = await services.editorDb.generation.findMany({
    where: { status: { in: ['queued', 'running'] } },
    select: { id: true, projectId: true },
  });
  for (const g of generations) {
    await services.editorDb.generation.update({
      where: { id: g.id },
      data: {
        status: 'failed',
        error:
          'The server restarted during this generation. The project is unchanged; send the request again.',
        finishedAt: new Date(),
      },
    });
    await services.editorDb.project.updateMany({
      where: { id: g.projectId, lockedBy: g.id },
      data: { lockedBy: null, lockedUntil: null },
    });
  }
  return { deployments: deployments.length, generations: generations.length };
}
