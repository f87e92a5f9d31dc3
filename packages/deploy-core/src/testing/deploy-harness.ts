import { createLogger } from '@shipyard/core';
import { createKeyring, generateKey } from '@shipyard/core/crypto';
import { createInlineQueue } from '@shipyard/core/jobs';
import { createDeployDb, DEPLOY_MIGRATIONS_DIR, type DeployDb } from '../db';
import { createDeployWebJob } from '../jobs';
import { createProviderRegistry, type TProviderSet } from '../providers/registry';
import type { DatabaseProvider, HostingProvider } from '../providers/types';
import {
  createDeployQueries,
  type DeployQueries,
  type TDeploymentProgress,
} from '../services/deploy-queries';
import { createDeployService, type DeployService } from '../services/deploy-service';
import {
  createOrchestrator,
  type TAppSource,
  type TOrchestratorDeps,
} from '../services/orchestrator';
import { TERMINAL_DEPLOY_STATUSES } from '../services/steps';
import { healthCheckThrough, libsqlFileDatabases, memoryHosting } from './doubles';
import { buildPageOnly, NOTES_APP } from './fixtures';

export interface TDeployStackOptions extends Pick<TOrchestratorDeps, 'loadSource' | 'build'> {
  providers: TProviderSet;
  /** What the health check fetches through. */
  fetch: typeof fetch;
  /** Default 2 s. */
  leaseMs?: number;
  /** Deploys the inline queue runs at once (default 1). */
  concurrency?: number;
  /** How long `waitFor` polls a deployment before giving up (default 10 s). */
  waitTimeoutMs?: number;
}

/** The real orchestrator, deploy job and service over the harness database, on an inline queue. */
export interface TDeployStack {
  service: DeployService;
  queries: DeployQueries;
  /** Polls a deployment of org1 (every 25 ms) until it has finished. */
  waitFor(deploymentId: string): Promise<TDeploymentProgress>;
}

export interface THostingStackOptions {
  hosting: HostingProvider;
  /** The fake vendor's `serve`: the health check fetches each deployment through it. */
  serve: (url: string) => Response | Promise<Response>;
  /** The app's files; `sources` may give other files for some source versions. */
  files: Record<string, string>;
  sources?: Record<string, TAppSource>;
  build: TOrchestratorDeps['build'];
  leaseMs?: number;
  waitTimeoutMs?: number;
}

export interface TDeployHarness {
  db: DeployDb;
  stack(options: TDeployStackOptions): TDeployStack;
  /**
   * The stack for a hosting provider under test, with a database provider over libSQL files
   * (its token: `db-token-secret`). The health check fetches through `serve`, records each URL in
   * `checked`, and fails a page that contains "BROKEN". Two deploys run at once.
   */
  hostingStack(options: THostingStackOptions): TDeployStack & { checked: string[] };
  /**
   * The stack for a database provider under test: it deploys the notes app (two tables, an
   * index and a seed) with a page-only build to a memory host whose health check always passes.
   */
  databaseStack(
    database: DatabaseProvider,
  ): TDeployStack & { hosting: ReturnType<typeof memoryHosting> };
  /** Closes the stacks' queues and doubles, and the database, and deletes it. */
  close(): Promise<void>;
}

const POLL_MS = 25;

/**
 * A fresh, migrated deploy-core database (one per test) and the stacks a host composes over it
 * with the providers under test: for suites that run real deployments through a provider.
 * Needs `@shipyard/prisma-tooling` (the monorepo's migration tooling) as a dev dependency.
 */
export async function startDeployHarness(): Promise<TDeployHarness> {
  const { createTestDatabase } = await import('@shipyard/prisma-tooling');
  const test = await createTestDatabase({ migrationsDir: DEPLOY_MIGRATIONS_DIR });
  const db = createDeployDb({ url: test.url });
  const keyring = createKeyring({ currentKeyId: 'k1', keys: { k1: generateKey() } });
  const logger = createLogger({ level: 'silent' });
  const cleanups: (() => unknown)[] = [];

  function stack(options: TDeployStackOptions): TDeployStack {
    const providers = createProviderRegistry(options.providers);
    const orchestrator = createOrchestrator({
      db,
      keyring,
      providers,
      logger,
      loadSource: options.loadSource,
      build: options.build,
      fetch: options.fetch,
      healthCheckTimeoutMs: 300,
      leaseMs: options.leaseMs ?? 2_000,
    });
    const deployJob = createDeployWebJob(orchestrator);
    const queue = createInlineQueue({
      jobs: [deployJob],
      logger,
      concurrency: options.concurrency ?? 1,
    });
    cleanups.push(() => queue.close());
    const service = createDeployService({
      db,
      keyring,
      providers,
      queue,
      deployJob: deployJob as never,
      logger,
    });
    const queries = createDeployQueries(db);
    async function waitFor(deploymentId: string) {
      for (let i = 0; i < (options.waitTimeoutMs ?? 10_000) / POLL_MS; i++) {
        const progress = await queries.progress({ orgId: 'org1', deploymentId });
        if (TERMINAL_DEPLOY_STATUSES.includes(progress.status)) return progress;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      throw new Error(`deployment ${deploymentId} did not finish`);
    }
    return { service, queries, waitFor };
  }

  return {
    db,
    stack,
    hostingStack({ hosting, serve, files, sources = {}, ...options }) {
      const databases = libsqlFileDatabases({ authToken: 'db-token-secret' });
      cleanups.push(() => databases.close());
      const checked: string[] = [];
      const built = stack({
        ...options,
        providers: { hosting: [hosting], database: [databases.provider] },
        loadSource: async ({ versionId }) => sources[versionId] ?? { files },
        fetch: healthCheckThrough(serve, checked),
        concurrency: 2,
      });
      return { ...built, checked };
    },
    databaseStack(database) {
      const hosting = memoryHosting();
      const built = stack({
        providers: { hosting: [hosting.provider], database: [database] },
        loadSource: async () => ({ files: NOTES_APP }),
        build: buildPageOnly,
        fetch: (async () => new Response('ok')) as typeof fetch,
      });
      return { ...built, hosting };
    },
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await db.$disconnect();
      await test.cleanup();
    },
  };
}
