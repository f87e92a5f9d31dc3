import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { createLogger } from '@shipyard/core';
import { createKeyring, generateKey } from '@shipyard/core/crypto';
import { createInlineQueue } from '@shipyard/core/jobs';
import { buildApp } from '@shipyard/deploy-core';
import { createTestDatabase } from '@shipyard/prisma-tooling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The real deploy-core orchestrator, service and job, from source (as the sibling provider tests do).
import { createDeployDb, DEPLOY_MIGRATIONS_DIR, type DeployDb } from '../../deploy-core/src/db';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { createDeployWebJob } from '../../deploy-core/src/jobs';
import { createProviderRegistry } from '../../deploy-core/src/providers/registry';
import type { DatabaseProvider, TDatabaseConnection } from '../../deploy-core/src/providers/types';
import { createDeployQueries } from '../../deploy-core/src/services/deploy-queries';
import { createDeployService } from '../../deploy-core/src/services/deploy-service';
import { createOrchestrator, type TAppSource } from '../../deploy-core/src/services/orchestrator';
import { vercelHosting } from '../src/vercel-hosting';
import { FakeVercel, TOKEN } from './fake-vercel';
import { testOptions } from './helpers';

/** The database side: a small libSQL-file double (the Vercel side is what is under test). */
function libsqlDatabases(dir: string) {
  const clients = new Map<string, Client>();
  const client = (conn: TDatabaseConnection) => {
    let c = clients.get(conn.url);
    if (!c) clients.set(conn.url, (c = createClient({ url: conn.url })));
    return c;
  };
  const provider: DatabaseProvider = {
    identifier: 'libsql-files',
    label: 'libSQL files',
    dialect: 'sqlite',
    async provision({ name }) {
      return { provider: 'libsql-files', externalId: name, name, url: `file:${path.join(dir, `${name}.db`)}`, authToken: 'db-token-secret' };
    },
    async execute(conn, statements) {
      const results = await client(conn).batch(statements, 'write');
      return { rowsWritten: results.reduce((n, r) => n + r.rowsAffected, 0) };
    },
    async query(conn, sql, params) {
      return (await client(conn).execute({ sql, args: params })).rows.map((r) => ({ ...r }));
    },
    async countRows(conn, tables) {
      const out: Record<string, number> = {};
      for (const t of tables) out[t] = Number((await client(conn).execute(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0]!.n);
      return out;
    },
    async remove(conn) {
      client(conn).close();
      clients.delete(conn.url);
      rmSync(conn.url.slice('file:'.length), { force: true });
    },
  };
  return { provider, closeAll: () => clients.forEach((c) => c.close()) };
}

const REFERENCE_APP = loadAppFiles();

describe('deploy-core orchestrator with Vercel hosting (fake Vercel API, reference app, real build)', () => {
  let fake: FakeVercel;
  let workDir: string;
  let db: DeployDb;
  let cleanupDb: () => Promise<void>;
  let databases: ReturnType<typeof libsqlDatabases>;
  const checked: string[] = [];
  const keyring = createKeyring({ currentKeyId: 'k1', keys: { k1: generateKey() } });
  const logger = createLogger({ level: 'silent' });

  beforeEach(async () => {
    fake = await new FakeVercel().start();
    workDir = mkdtempSync(path.join(tmpdir(), 'vercel-orch-'));
    const test = await createTestDatabase({ migrationsDir: DEPLOY_MIGRATIONS_DIR });
    cleanupDb = test.cleanup;
    db = createDeployDb({ url: test.url });
    databases = libsqlDatabases(workDir);
    checked.length = 0;
  });
  afterEach(async () => {
    databases.closeAll();
    await db.$disconnect();
    await cleanupDb();
    rmSync(workDir, { recursive: true, force: true });
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  function setup(sources: Record<string, TAppSource>) {
    const hosting = vercelHosting.create(vercelHosting.optionsSchema.parse(testOptions(fake)));
    const providers = createProviderRegistry({ hosting: [hosting], database: [databases.provider] });
    const orchestrator = createOrchestrator({
      db,
      keyring,
      providers,
      logger,
      loadSource: async ({ versionId }) => sources[versionId] ?? { files: REFERENCE_APP },
      build: async (files) => buildApp({ files }),
      // The health check reaches "Vercel" through the fake, which serves each deployment's files.
      fetch: (async (url: string | URL | Request) => {
        const target = String(url instanceof Request ? url.url : url);
        checked.push(target);
        const res = await fake.serve(target);
        const body = await res.text();
        return new Response(body, { status: body.includes('BROKEN') ? 500 : res.status });
      }) as typeof fetch,
      healthCheckTimeoutMs: 300,
      leaseMs: 5_000,
    });
    const deployJob = createDeployWebJob(orchestrator);
    const queue = createInlineQueue({ jobs: [deployJob], logger, concurrency: 2 });
    const service = createDeployService({ db, keyring, providers, queue, deployJob: deployJob as never, logger });
    return { service, queries: createDeployQueries(db), queue };
  }

  async function waitFor(queries: ReturnType<typeof createDeployQueries>, deploymentId: string) {
    for (let i = 0; i < 1200; i++) {
      const p = await queries.progress({ orgId: 'org1', deploymentId });
      if (['succeeded', 'failed', 'cancelled'].includes(p.status)) return p;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('deployment did not finish');
  }

  it('deploys the reference app, redeploys, survives a failed health check, rolls back and deletes — all on Vercel', async () => {
    const sources: Record<string, TAppSource> = {
      v2: { files: { ...REFERENCE_APP, 'index.html': REFERENCE_APP['index.html']!.replace('<body>', '<body><p>v2</p>') } },
      v3: { files: { ...REFERENCE_APP, 'index.html': REFERENCE_APP['index.html']!.replace('<body>', '<body><p>BROKEN</p>') } },
    };
    const { service, queries, queue } = setup(sources);
    const input = {
      orgId: 'org1',
      userId: 'user1',
      projectId: 'prj1',
      projectName: 'Team Tasks',
      sourceVersionId: 'v1',
      hostingProvider: 'vercel',
      databaseProvider: 'libsql-files',
      importPreviewData: false,
      env: { SUPPORT_EMAIL: 'help@example.com' },
    };
    const live = 'https://shipyard-team-tasks.vercel.app';

    const first = await service.deployWeb(input);
    expect(first.liveUrl).toBe(live);
    const p1 = await waitFor(queries, first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(p1.url).toBe(live);
    const project = fake.project('shipyard-team-tasks')!;
    const d1 = fake.deploymentsOf(project.name)[0]!;
    expect(fake.production(project.name)?.id).toBe(d1.id);
    // The health check fetched the staged deployment's own URL before it was promoted.
    expect(checked).toContain(`https://${d1.url}`);
    // Env and database credentials reached Vercel encrypted, and only there.
    expect(project.env.find((e) => e.key === 'SUPPORT_EMAIL')).toMatchObject({ type: 'encrypted', target: ['production'] });
    expect(project.env.find((e) => e.key === 'DATABASE_URL')?.value).toMatch(/^file:.*sy-team-tasks\.db$/);
    expect(project.env.find((e) => e.key === 'DATABASE_AUTH_TOKEN')?.value).toBe('db-token-secret');
    const logs = JSON.stringify(p1.logs);
    for (const secret of ['help@example.com', 'db-token-secret', TOKEN]) expect(logs).not.toContain(secret);
    // The production domain serves the built page and the app's API through the Edge function.
    expect(await (await fake.serve(`${live}/`)).text()).toContain('<div id="root">');
    const health = await fake.serve(`${live}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    // Redeploy a page change: only the changed page travels (the API is identical).
    const uploadsBefore = fake.uploads.length;
    const second = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v2' });
    const p2 = await waitFor(queries, second.deploymentId);
    expect(p2.status).toBe('succeeded');
    const d2 = fake.deploymentsOf(project.name)[0]!;
    expect(fake.production(project.name)?.id).toBe(d2.id);
    expect(fake.uploads.slice(uploadsBefore)).toEqual([d2.files.find((f) => f.file === 'index.html')!.sha]);
    expect(await (await fake.serve(`${live}/`)).text()).toContain('<p>v2</p>');

    // A deployment that fails its health check never reaches the production domain.
    const third = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v3' });
    const p3 = await waitFor(queries, third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('health-check');
    expect(fake.production(project.name)?.id).toBe(d2.id);

    // Rollback promotes the first deployment again: no upload, no new deployment.
    const uploads = fake.uploads.length;
    const deployments = fake.deploymentsOf(project.name).length;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(fake.production(project.name)?.id).toBe(d1.id);
    expect(await (await fake.serve(`${live}/`)).text()).not.toContain('<p>v2</p>');
    expect(fake.uploads.length).toBe(uploads);
    expect(fake.deploymentsOf(project.name)).toHaveLength(deployments);

    // Delete: the Vercel project and its deployments are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(fake.project('shipyard-team-tasks')).toBeUndefined();
    await queue.close();
  }, 60_000);
});
