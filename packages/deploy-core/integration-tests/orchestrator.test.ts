import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { createLogger } from '@shipyard/core';
import { createKeyring, generateKey } from '@shipyard/core/crypto';
import { createInlineQueue, type JobQueue } from '@shipyard/core/jobs';
import { createTestDatabase } from '@shipyard/prisma-tooling';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeployDb, DEPLOY_MIGRATIONS_DIR, type DeployDb } from '../src/db';
import { createDeployWebJob } from '../src/jobs';
import { createDnsDomainProvider, type TDnsLookups } from '../src/providers/dns-domain';
import { createProviderRegistry } from '../src/providers/registry';
import type {
  DatabaseProvider,
  DomainProvider,
  HostingProvider,
  TBuildArtifact,
  TDatabaseConnection,
} from '../src/providers/types';
import { createDeployService } from '../src/services/deploy-service';
import { createDeployQueries } from '../src/services/deploy-queries';
import { createOrchestrator, type TAppSource } from '../src/services/orchestrator';
import { WEB_DEPLOY_STEPS } from '../src/services/steps';

// Test doubles for the provider interfaces: an in-memory host that records what it is asked,
// and a database provider over real libSQL files, so schema, seed and import run real SQL.

function memoryHosting() {
  const uploads = new Map<string, { hash: string; env: Record<string, string> }>();
  const live = new Map<string, string>();
  const calls: string[] = [];
  let failHealth = false;
  // While set, uploads wait here (or until their run is aborted): a worker stuck in a step.
  let gate: Promise<void> | null = null;
  let uploading = () => {};
  const provider: HostingProvider = {
    identifier: 'memory',
    label: 'Memory host',
    async deploy({ app, deploymentId, artifact, env }, ctx) {
      calls.push(`deploy:${deploymentId}`);
      if (gate) {
        uploading();
        await Promise.race([
          gate,
          new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), {
              once: true,
            }),
          ),
        ]);
      }
      if (!uploads.has(deploymentId)) uploads.set(deploymentId, { hash: artifact.hash, env });
      return {
        providerDeploymentId: deploymentId,
        url: `http://health.test/${failHealth ? 'fail' : 'ok'}/${app.slug}/${deploymentId}`,
      };
    },
    async promote({ app, providerDeploymentId }) {
      calls.push(`promote:${providerDeploymentId}`);
      live.set(app.slug, providerDeploymentId);
      return { url: `http://${app.slug}.memory.test` };
    },
    liveUrl: (app) => `http://${app.slug}.memory.test`,
    async addDomain({ app, domain }) {
      calls.push(`domain:${app.slug}:${domain}`);
    },
    async removeApp(app) {
      calls.push(`remove:${app.slug}`);
      live.delete(app.slug);
    },
  };
  return {
    provider,
    uploads,
    live,
    calls,
    setFailHealth: (v: boolean) => (failHealth = v),
    /** Holds uploads until the returned `open()`; `reached` resolves when one is waiting. */
    holdUploads() {
      let open = () => {};
      gate = new Promise<void>((resolve) => (open = resolve));
      const reached = new Promise<void>((resolve) => (uploading = resolve));
      return {
        reached,
        open: () => {
          gate = null;
          open();
        },
      };
    },
  };
}

function libsqlDatabases(dir: string) {
  const clients = new Map<string, Client>();
  const provisioned: string[] = [];
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
      provisioned.push(name);
      return {
        provider: 'libsql-files',
        externalId: name,
        name,
        url: `file:${path.join(dir, `${name}.db`)}`,
      };
    },
    async execute(conn, statements) {
      const results = await client(conn).batch(statements, 'write');
      return { rowsWritten: results.reduce((n, r) => n + r.rowsAffected, 0) };
    },
    async query(conn, sql, params) {
      const rs = await client(conn).execute({ sql, args: params });
      return rs.rows.map((r) => ({ ...r }));
    },
    async countRows(conn, tables) {
      const out: Record<string, number> = {};
      for (const t of tables)
        out[t] = Number(
          (await client(conn).execute(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0]!.n,
        );
      return out;
    },
    async remove(conn) {
      client(conn).close();
      clients.delete(conn.url);
      rmSync(conn.url.slice('file:'.length), { force: true });
    },
  };
  return { provider, provisioned, client, closeAll: () => clients.forEach((c) => c.close()) };
}

const APP_FILES: Record<string, string> = {
  'shipyard.json': JSON.stringify({
    name: 'Notes',
    entry: 'index.html',
    api: 'api/index.ts',
    database: { schema: 'db/schema.sql', seed: 'db/seed.sql' },
    env: [{ name: 'GREETING', required: true, description: 'Shown on the page' }],
  }),
  'index.html': '<div id="root"></div><script type="module" src="/src/main.tsx"></script>',
  'api/index.ts': 'export default { fetch() { return new Response("ok") } }',
  'db/schema.sql':
    'CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);',
  'db/seed.sql':
    "INSERT INTO notes (body) VALUES ('first'); INSERT INTO notes (body) VALUES ('second; with a semicolon');",
};

describe('deploy orchestrator', () => {
  let workDir: string;
  let cleanupDb: () => Promise<void>;
  let db: DeployDb;
  let hosting: ReturnType<typeof memoryHosting>;
  let databases: ReturnType<typeof libsqlDatabases>;
  let builds: number;
  let sources: Record<string, TAppSource>;
  const keyring = createKeyring({ currentKeyId: 'k1', keys: { k1: generateKey() } });
  const logger = createLogger({ level: 'silent' });

  const dnsZone: { txt: Record<string, string[][]>; cname: Record<string, string[]> } = {
    txt: {},
    cname: {},
  };
  const notFound = () => Object.assign(new Error('ENODATA'), { code: 'ENODATA' });
  const lookups: TDnsLookups = {
    resolveTxt: async (n) => dnsZone.txt[n] ?? Promise.reject(notFound()),
    resolveCname: async (n) => dnsZone.cname[n] ?? Promise.reject(notFound()),
    resolve4: async () => Promise.reject(notFound()),
  };

  function setup(opts: { healthTimeoutMs?: number; queueWaitMs?: number } = {}) {
    const dns = createDnsDomainProvider({ target: (app) => `${app.slug}.memory.test`, lookups });
    const providers = createProviderRegistry({
      hosting: [hosting.provider],
      database: [databases.provider],
      domain: [dns],
    });
    const orchestrator = createOrchestrator({
      db,
      keyring,
      providers,
      logger,
      loadSource: async ({ versionId }) => sources[versionId] ?? { files: APP_FILES },
      build: async (files): Promise<TBuildArtifact> => {
        builds++;
        const hash = Buffer.from(files['index.html'] ?? '')
          .toString('base64url')
          .slice(0, 24);
        return {
          hash,
          assets: new Map([['index.html', new TextEncoder().encode(files['index.html'] ?? '')]]),
          worker: files['api/index.ts'] ?? '',
        };
      },
      fetch: (async (url: string | URL | Request) =>
        new Response('ok', { status: String(url).includes('/fail/') ? 500 : 200 })) as typeof fetch,
      healthCheckTimeoutMs: opts.healthTimeoutMs ?? 300,
      leaseMs: 2_000,
      ...(opts.queueWaitMs ? { queueWaitMs: opts.queueWaitMs } : {}),
    });
    const deployJob = createDeployWebJob(orchestrator);
    const queue = createInlineQueue({ jobs: [deployJob], logger, concurrency: 4 });
    const service = createDeployService({
      db,
      keyring,
      providers,
      queue,
      deployJob: deployJob as never,
      logger,
    });
    const queries = createDeployQueries(db);
    return { orchestrator, queue, service, queries, deployJob };
  }

  async function waitFor(queries: ReturnType<typeof createDeployQueries>, deploymentId: string) {
    for (let i = 0; i < 200; i++) {
      const p = await queries.progress({ orgId: 'org1', deploymentId });
      if (['succeeded', 'failed', 'cancelled'].includes(p.status)) return p;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('deployment did not finish');
  }

  beforeEach(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'deploy-orch-'));
    const test = await createTestDatabase({ migrationsDir: DEPLOY_MIGRATIONS_DIR });
    cleanupDb = test.cleanup;
    db = createDeployDb({ url: test.url });
    hosting = memoryHosting();
    databases = libsqlDatabases(workDir);
    builds = 0;
    sources = {};
  });
  afterEach(async () => {
    databases.closeAll();
    await db.$disconnect();
    await cleanupDb();
    rmSync(workDir, { recursive: true, force: true });
  });
  afterAll(() => undefined);

  const deployInput = {
    orgId: 'org1',
    userId: 'user1',
    projectId: 'prj1',
    projectName: 'My Notes!',
    sourceVersionId: 'v1',
    hostingProvider: 'memory',
    databaseProvider: 'libsql-files',
    importPreviewData: false,
    env: { GREETING: 'hello there' },
  };

  it('deploys: database, schema, seed, build, env, upload, health check, promote', async () => {
    const { service, queries, queue } = setup();
    const { deploymentId, slug, liveUrl } = await service.deployWeb(deployInput);
    expect(slug).toBe('my-notes');
    expect(liveUrl).toBe('http://my-notes.memory.test');
    const result = await waitFor(queries, deploymentId);
    expect(result.error).toBeNull();
    expect(result.status).toBe('succeeded');
    expect(result.percent).toBe(100);
    expect(result.url).toBe('http://my-notes.memory.test');
    expect(result.steps.map((s) => [s.name, s.status])).toEqual(
      WEB_DEPLOY_STEPS.map((s) => [
        s.name,
        s.name === 'configure-domain' ? 'skipped' : 'succeeded',
      ]),
    );
    expect(result.logs.some((l) => /Seeded the database: notes 2 rows/.test(l.message))).toBe(true);
    expect(hosting.uploads.get(deploymentId)?.env).toEqual({ GREETING: 'hello there' });
    expect(hosting.live.get('my-notes')).toBe(deploymentId);
    const rows = await databases
      .client({ url: `file:${path.join(workDir, 'sy-my-notes.db')}` } as TDatabaseConnection)
      .execute('SELECT body FROM notes ORDER BY id');
    expect(rows.rows.map((r) => r.body)).toEqual(['first', 'second; with a semicolon']);
    // Secrets are ciphertext at rest and absent from the logs.
    const env = await db.envVar.findFirstOrThrow();
    expect(env.valueCiphertext).not.toContain('hello there');
    expect(JSON.stringify(result.logs)).not.toContain('hello there');
    const dbRow = await db.appDatabase.findFirstOrThrow();
    expect(dbRow.urlCiphertext).not.toContain('sy-my-notes');
    await queue.close();
  });

  it('redeploys keeping the data, and a failed health check leaves the previous deployment live', async () => {
    const { service, queries, queue } = setup();
    const first = await service.deployWeb(deployInput);
    await waitFor(queries, first.deploymentId);
    const conn = { url: `file:${path.join(workDir, 'sy-my-notes.db')}` } as TDatabaseConnection;
    await databases.client(conn).execute("INSERT INTO notes (body) VALUES ('added in production')");

    sources.v2 = { files: { ...APP_FILES, 'index.html': '<div id="root">v2</div>' } };
    const second = await service.redeploy({
      orgId: 'org1',
      appId: first.appId,
      userId: 'user1',
      sourceVersionId: 'v2',
    });
    const p2 = await waitFor(queries, second.deploymentId);
    expect(p2.status).toBe('succeeded');
    expect(hosting.live.get('my-notes')).toBe(second.deploymentId);
    const rows = await databases.client(conn).execute('SELECT COUNT(*) AS n FROM notes');
    expect(Number(rows.rows[0]!.n)).toBe(3); // seed not applied twice, production row kept
    expect(databases.provisioned).toEqual(['sy-my-notes']);

    hosting.setFailHealth(true);
    sources.v3 = { files: { ...APP_FILES, 'index.html': '<div id="root">v3 broken</div>' } };
    const third = await service.redeploy({
      orgId: 'org1',
      appId: first.appId,
      userId: 'user1',
      sourceVersionId: 'v3',
    });
    const p3 = await waitFor(queries, third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('health-check');
    expect(p3.error).toMatch(/previous version is still live/);
    expect(hosting.live.get('my-notes')).toBe(second.deploymentId);
    const app = await db.deployedApp.findUniqueOrThrow({ where: { id: first.appId } });
    expect(app.liveDeploymentId).toBe(second.deploymentId);
    expect(app.lockedBy).toBeNull();

    // Rollback moves the alias back with no rebuild.
    const buildsBefore = builds;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(hosting.live.get('my-notes')).toBe(first.deploymentId);
    expect(builds).toBe(buildsBefore);
    await queue.close();
  });

  it('a redeploy whose schema adds columns adds them to the existing tables, keeping the rows', async () => {
    const { service, queries, queue } = setup();
    const first = await service.deployWeb(deployInput);
    await waitFor(queries, first.deploymentId);
    const conn = { url: `file:${path.join(workDir, 'sy-my-notes.db')}` } as TDatabaseConnection;
    const redeploy = async (version: string, schema: string) => {
      sources[version] = { files: { ...APP_FILES, 'db/schema.sql': schema } };
      const { deploymentId } = await service.redeploy({
        orgId: 'org1',
        appId: first.appId,
        userId: 'user1',
        sourceVersionId: version,
      });
      return waitFor(queries, deploymentId);
    };

    // A new NOT NULL column with a constant default, a nullable one, and an index on the first.
    const v2 = await redeploy(
      'v2',
      `CREATE TABLE IF NOT EXISTS notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        body TEXT NOT NULL,
        pinned BOOLEAN NOT NULL DEFAULT 0, -- shown first
        tag TEXT
      );
      CREATE INDEX IF NOT EXISTS notes_pinned ON notes (pinned);`,
    );
    expect([v2.status, v2.error]).toEqual(['succeeded', null]);
    expect(v2.logs.some((l) => /adding 2 column\(s\) to existing tables/.test(l.message))).toBe(
      true,
    );
    const rows = await databases
      .client(conn)
      .execute('SELECT body, pinned, tag FROM notes ORDER BY id');
    expect(rows.rows.map((r) => [r.body, r.pinned, r.tag])).toEqual([
      ['first', 0, null],
      ['second; with a semicolon', 0, null],
    ]);
    const live = (await db.deployedApp.findUniqueOrThrow({ where: { id: first.appId } }))
      .liveDeploymentId;

    // A column SQLite cannot add to a table with rows: a clear error, nothing changed, v2 live.
    const v3 = await redeploy(
      'v3',
      `CREATE TABLE IF NOT EXISTS notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        body TEXT NOT NULL,
        pinned BOOLEAN NOT NULL DEFAULT 0,
        tag TEXT,
        created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
      );`,
    );
    expect(v3.status).toBe('failed');
    expect(v3.errorStep).toBe('apply-schema');
    expect(v3.error).toBe(
      'The schema adds notes.created_at, but a new column needs a constant DEFAULT (not CURRENT_TIMESTAMP or an expression in parentheses). Change the column in the schema and deploy again; the previous version is still live.',
    );
    const columns = await databases
      .client(conn)
      .execute('SELECT name FROM pragma_table_info(?)', ['notes']);
    expect(columns.rows.map((r) => r.name)).toEqual(['id', 'body', 'pinned', 'tag']);
    expect(
      (await db.deployedApp.findUniqueOrThrow({ where: { id: first.appId } })).liveDeploymentId,
    ).toBe(live);
    await queue.close();
  });

  it('imports preview data in place of the seed, with row counts, and refuses an empty import', async () => {
    const { service, queries, queue } = setup();
    await expect(service.deployWeb({ ...deployInput, importPreviewData: true })).rejects.toThrow(
      /no preview data was sent/,
    );
    const previewData =
      "INSERT INTO notes (id, body) VALUES (1, 'from preview');\nINSERT INTO notes (id, body) VALUES (2, 'it''s mine');\nINSERT INTO notes (id, body) VALUES (3, 'third');";
    const { deploymentId } = await service.deployWeb({
      ...deployInput,
      importPreviewData: true,
      previewData,
    });
    const p = await waitFor(queries, deploymentId);
    expect(p.status).toBe('succeeded');
    expect(p.logs.some((l) => l.message === 'Imported preview data: notes 3 rows.')).toBe(true);
    const rows = await databases
      .client({ url: `file:${path.join(workDir, 'sy-my-notes.db')}` } as TDatabaseConnection)
      .execute('SELECT body FROM notes ORDER BY id');
    expect(rows.rows.map((r) => r.body)).toEqual(['from preview', "it's mine", 'third']);
    // A later deploy without the option keeps the data and does not seed on top of it.
    const again = await service.deployWeb(deployInput);
    expect((await waitFor(queries, again.deploymentId)).status).toBe('succeeded');
    const after = await databases
      .client({ url: `file:${path.join(workDir, 'sy-my-notes.db')}` } as TDatabaseConnection)
      .execute('SELECT COUNT(*) AS n FROM notes');
    expect(Number(after.rows[0]!.n)).toBe(3);
    await queue.close();
  });

  it('fails before upload when a required env var is missing, with a message that names it', async () => {
    const { service, queries, queue } = setup();
    const { deploymentId } = await service.deployWeb({ ...deployInput, env: undefined });
    const p = await waitFor(queries, deploymentId);
    expect(p.status).toBe('failed');
    expect(p.errorStep).toBe('set-environment');
    expect(p.error).toContain('GREETING');
    expect(hosting.calls.filter((c) => c.startsWith('deploy:'))).toEqual([]);
    expect(p.steps.find((s) => s.name === 'promote')?.status).toBe('skipped');
    await queue.close();
  });

  it('rejects invalid env var names and reserved slugs with clear errors', async () => {
    const { service, queue } = setup();
    await expect(
      service.deployWeb({ ...deployInput, env: { 'bad-name': 'x', DB: 'y' } }),
    ).rejects.toThrow(/UPPER_SNAKE_CASE[\s\S]*reserved/);
    await expect(service.deployWeb({ ...deployInput, slug: 'admin' })).rejects.toThrow(/reserved/);
    await expect(service.deployWeb({ ...deployInput, hostingProvider: 'nope' })).rejects.toThrow(
      /"nope" is not configured.*Configured: memory/,
    );
    expect(await db.deployedApp.count()).toBe(0);
    await queue.close();
  });

  it.each(WEB_DEPLOY_STEPS.map((s, i) => [s.name, i] as const))(
    'resumes after a crash during %s and finishes exactly once',
    async (_name, crashedAt) => {
      const { service, queries, orchestrator, queue } = setup();
      // A deployment whose worker died while running step `crashedAt`: earlier steps recorded as
      // succeeded by actually running them, then the state a SIGKILL leaves behind.
      const { deploymentId, appId } = await service.deployWeb(deployInput);
      await waitFor(queries, deploymentId);
      const steps = await db.deployStep.findMany({
        where: { deploymentId },
        orderBy: { position: 'asc' },
      });
      for (const step of steps.slice(crashedAt)) {
        await db.deployStep.update({
          where: { id: step.id },
          data: { status: step.position === crashedAt ? 'running' : 'pending', finishedAt: null },
        });
      }
      await db.deployment.update({
        where: { id: deploymentId },
        data: { status: 'running', finishedAt: null },
      });
      await db.deployedApp.update({
        where: { id: appId },
        data: {
          lockedBy: deploymentId,
          lockedUntil: new Date(Date.now() - 1000),
          liveDeploymentId: crashedAt === WEB_DEPLOY_STEPS.length - 1 ? deploymentId : null,
        },
      });
      const result = await orchestrator.run(deploymentId);
      expect(result.status).toBe('succeeded');
      expect(databases.provisioned).toEqual(['sy-my-notes']);
      expect(hosting.uploads.size).toBe(1);
      const rows = await databases
        .client({ url: `file:${path.join(workDir, 'sy-my-notes.db')}` } as TDatabaseConnection)
        .execute('SELECT COUNT(*) AS n FROM notes');
      expect(Number(rows.rows[0]!.n)).toBe(2);
      const app = await db.deployedApp.findUniqueOrThrow({ where: { id: appId } });
      expect(app.liveDeploymentId).toBe(deploymentId);
      expect(app.lockedBy).toBeNull();
      // Running it again changes nothing.
      expect(await orchestrator.run(deploymentId)).toEqual(result);
      await queue.close();
    },
  );

  it('serializes deploys of one app and runs different apps in parallel', async () => {
    const { service, queries, queue } = setup();
    const a1 = await service.deployWeb(deployInput);
    const a2 = await service.redeploy({
      orgId: 'org1',
      appId: a1.appId,
      userId: 'user1',
      sourceVersionId: 'v1',
    });
    const others = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        service.deployWeb({ ...deployInput, projectId: `p-${i}`, projectName: `App ${i}` }),
      ),
    );
    const all = [a1.deploymentId, a2.deploymentId, ...others.map((o) => o.deploymentId)];
    const results = await Promise.all(all.map((id) => waitFor(queries, id)));
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
    const d1 = await db.deployment.findUniqueOrThrow({ where: { id: a1.deploymentId } });
    const d2 = await db.deployment.findUniqueOrThrow({ where: { id: a2.deploymentId } });
    expect(d2.startedAt!.getTime()).toBeGreaterThanOrEqual(d1.finishedAt!.getTime());
    expect(new Set(databases.provisioned).size).toBe(6);
    await queue.close();
  });

  it('a second run of one deployment (a redelivered job) waits for the first and repeats nothing', async () => {
    const { service, queries, queue, orchestrator } = setup();
    const held = hosting.holdUploads();
    const { deploymentId, appId } = await service.deployWeb(deployInput);
    await held.reached;
    // The first run is alive and renews its lease; the duplicate must wait, not run the steps.
    const duplicate = orchestrator.run(deploymentId);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(hosting.calls.filter((c) => c === `deploy:${deploymentId}`)).toHaveLength(1);
    held.open();
    expect((await waitFor(queries, deploymentId)).status).toBe('succeeded');
    expect(await duplicate).toMatchObject({ status: 'succeeded' });
    expect(hosting.calls.filter((c) => c.endsWith(deploymentId))).toEqual([
      `deploy:${deploymentId}`,
      `promote:${deploymentId}`,
    ]);
    const steps = await db.deployStep.findMany({ where: { deploymentId } });
    expect(steps.map((s) => s.attempts)).toEqual(steps.map(() => 1));
    expect((await db.deployedApp.findUniqueOrThrow({ where: { id: appId } })).lockedBy).toBeNull();
    await queue.close();
  });

  it('a run that lost its lease to another run stops without writing, and the deployment resumes', async () => {
    const { service, queries, queue, orchestrator } = setup();
    const held = hosting.holdUploads();
    const { deploymentId, appId } = await service.deployWeb(deployInput);
    await held.reached;
    // Another run took the lease over (this worker looked dead to it).
    await db.deployedApp.update({
      where: { id: appId },
      data: { lockedBy: `${deploymentId}#other-run`, lockedUntil: new Date(Date.now() + 60_000) },
    });
    // The first run notices at its next renewal (every leaseMs / 3) and aborts its upload.
    await new Promise((r) => setTimeout(r, 1_500));
    held.open();
    await new Promise((r) => setTimeout(r, 300));
    // The first run wrote nothing: the deployment and its upload step still read "running".
    const mid = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    expect(mid.status).toBe('running');
    expect(
      (await db.deployStep.findFirstOrThrow({ where: { deploymentId, name: 'upload' } })).status,
    ).toBe('running');
    expect(hosting.live.size).toBe(0);
    // The run that holds the lease goes away; the deployment resumes at the upload and finishes once.
    await db.deployedApp.update({
      where: { id: appId },
      data: { lockedBy: null, lockedUntil: null },
    });
    expect(await orchestrator.run(deploymentId)).toMatchObject({ status: 'succeeded' });
    const steps = await db.deployStep.findMany({ where: { deploymentId } });
    expect(steps.find((s) => s.name === 'upload')?.attempts).toBe(2);
    expect(steps.find((s) => s.name === 'build')?.attempts).toBe(1);
    expect(hosting.calls.filter((c) => c === `promote:${deploymentId}`)).toHaveLength(1);
    expect((await waitFor(queries, deploymentId)).status).toBe('succeeded');
    await queue.close();
  });

  it('two first deploys of one project at once make one app and run one after the other', async () => {
    const { service, queries, queue } = setup();
    const [a, b] = await Promise.all([
      service.deployWeb(deployInput),
      service.deployWeb(deployInput),
    ]);
    expect(b.appId).toBe(a.appId);
    const results = await Promise.all([
      waitFor(queries, a.deploymentId),
      waitFor(queries, b.deploymentId),
    ]);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(await db.deployedApp.count()).toBe(1);
    expect(databases.provisioned).toEqual(['sy-my-notes']);
    await queue.close();
  });

  it('a deployment that cannot get its lease in time fails with a clear message instead of staying queued', async () => {
    const { service, queries, queue } = setup({ queueWaitMs: 300 });
    const first = await service.deployWeb(deployInput);
    await waitFor(queries, first.deploymentId);
    // A stuck, earlier deployment that never finishes holds the app.
    await db.deployedApp.update({
      where: { id: first.appId },
      data: { lockedBy: 'dep_stuck#run', lockedUntil: new Date(Date.now() + 3_600_000) },
    });
    const again = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    const result = await waitFor(queries, again.deploymentId);
    expect(result.status).toBe('failed');
    const row = await db.deployment.findUniqueOrThrow({ where: { id: again.deploymentId } });
    expect(row.error).toMatch(/Another deployment of this app is still running/);
    await queue.close();
  });

  it('cancelling a deployment whose job never started closes it, so it does not hold the app back', async () => {
    const { orchestrator } = setup({ queueWaitMs: 2_000 });
    // A queue whose jobs wait forever (a backlog): cancel() removes them before they start.
    const removed: string[] = [];
    const stuckQueue = {
      enqueue: async () => 'job',
      cancel: async (_name: string, id: string) => {
        removed.push(id);
        return true;
      },
    } as unknown as JobQueue;
    const { deployJob } = setup();
    const service = createDeployService({
      db,
      keyring,
      providers: createProviderRegistry({
        hosting: [hosting.provider],
        database: [databases.provider],
      }),
      queue: stuckQueue,
      deployJob: deployJob as never,
      logger,
    });
    const first = await service.deployWeb(deployInput);
    expect(await service.cancel({ orgId: 'org1', deploymentId: first.deploymentId })).toEqual({
      cancelled: true,
    });
    expect(removed).toEqual([first.deploymentId]);
    const closed = await db.deployment.findUniqueOrThrow({
      where: { id: first.deploymentId },
      include: { steps: true },
    });
    expect(closed.status).toBe('cancelled');
    expect(closed.error).toMatch(/cancelled before it started/);
    expect(closed.steps.every((step) => step.status === 'skipped')).toBe(true);
    // A run of the removed job that still happens (a race) finds it closed and does nothing.
    expect(await orchestrator.run(first.deploymentId)).toMatchObject({ status: 'cancelled' });
    // The next deployment of the app does not wait for the cancelled one.
    const next = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(await orchestrator.run(next.deploymentId)).toMatchObject({ status: 'succeeded' });
  });

  it('a rollback waits its turn: refused while a deploy of the app runs, done once it finished', async () => {
    const { service, queries, queue } = setup();
    const first = await service.deployWeb(deployInput);
    await waitFor(queries, first.deploymentId);
    sources.v2 = { files: { ...APP_FILES, 'index.html': '<div id="root">v2</div>' } };
    const second = await service.redeploy({
      orgId: 'org1',
      appId: first.appId,
      userId: 'user1',
      sourceVersionId: 'v2',
    });
    await waitFor(queries, second.deploymentId);
    const held = hosting.holdUploads();
    sources.v3 = { files: { ...APP_FILES, 'index.html': '<div id="root">v3</div>' } };
    const third = await service.redeploy({
      orgId: 'org1',
      appId: first.appId,
      userId: 'user1',
      sourceVersionId: 'v3',
    });
    await held.reached;
    await expect(
      service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' }),
    ).rejects.toThrow(/A deployment of this app is running/);
    expect(hosting.live.get('my-notes')).toBe(second.deploymentId);
    held.open();
    expect((await waitFor(queries, third.deploymentId)).status).toBe('succeeded');
    const back = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(back.deploymentId).toBe(second.deploymentId);
    expect(hosting.live.get('my-notes')).toBe(second.deploymentId);
    const app = await db.deployedApp.findUniqueOrThrow({ where: { id: first.appId } });
    expect(app).toMatchObject({ liveDeploymentId: second.deploymentId, lockedBy: null });
    await queue.close();
  });

  it('attaches a custom domain once DNS proves it, and every later deploy keeps it attached', async () => {
    const { service, queries, queue } = setup();
    const { deploymentId, appId } = await service.deployWeb(deployInput);
    await waitFor(queries, deploymentId);
    await expect(service.addDomain({ orgId: 'org1', appId, domain: 'localhost' })).rejects.toThrow(
      /not a valid domain|reserved/,
    );
    const added = await service.addDomain({ orgId: 'org1', appId, domain: 'Notes.Example.COM' });
    expect(added.name).toBe('notes.example.com');
    expect(added.records).toEqual([
      { type: 'CNAME', name: 'notes.example.com', value: 'my-notes.memory.test' },
      {
        type: 'TXT',
        name: '_shipyard-verify.notes.example.com',
        value: expect.stringMatching(/^shipyard-verify=[0-9a-f]{32}$/),
      },
    ]);
    const pending = await service.verifyDomain({ orgId: 'org1', appId, domainId: added.id });
    expect(pending.status).toBe('pending');
    expect(pending.problems.join(' ')).toMatch(/no TXT record/);
    dnsZone.txt['_shipyard-verify.notes.example.com'] = [[added.records[1]!.value]];
    dnsZone.cname['notes.example.com'] = ['my-notes.memory.test.'];
    expect((await service.verifyDomain({ orgId: 'org1', appId, domainId: added.id })).status).toBe(
      'verified',
    );
    expect(hosting.calls).toContain('domain:my-notes:notes.example.com');
    const again = await service.redeploy({ orgId: 'org1', appId, userId: 'user1' });
    const p = await waitFor(queries, again.deploymentId);
    expect(p.steps.find((s) => s.name === 'configure-domain')?.status).toBe('succeeded');
    await expect(
      service.addDomain({ orgId: 'org1', appId, domain: 'notes.example.com' }),
    ).rejects.toThrow(/already attached/);
    await queue.close();
  });

  it("points a custom domain at the hosting provider's own target", async () => {
    const { service, queries, queue } = setup();
    const { deploymentId, appId } = await service.deployWeb(deployInput);
    await waitFor(queries, deploymentId);
    // A host whose custom domains point at a shared edge name, not at the app's own subdomain.
    hosting.provider.domainTarget = () => 'edge.memory-cdn.test';
    const added = await service.addDomain({ orgId: 'org1', appId, domain: 'app.example.org' });
    expect(added.records[0]).toEqual({
      type: 'CNAME',
      name: 'app.example.org',
      value: 'edge.memory-cdn.test',
    });
    dnsZone.txt['_shipyard-verify.app.example.org'] = [[added.records[1]!.value]];
    dnsZone.cname['app.example.org'] = ['my-notes.memory.test'];
    const wrong = await service.verifyDomain({ orgId: 'org1', appId, domainId: added.id });
    expect(wrong.problems).toEqual([
      'app.example.org points at my-notes.memory.test, not at edge.memory-cdn.test.',
    ]);
    dnsZone.cname['app.example.org'] = ['edge.memory-cdn.test.'];
    expect((await service.verifyDomain({ orgId: 'org1', appId, domainId: added.id })).status).toBe(
      'verified',
    );
    await queue.close();
  });

  it('verifies a domain with the provider that listed its records, even after another one is added first', async () => {
    const { service, queries, queue, deployJob } = setup();
    const { deploymentId, appId } = await service.deployWeb(deployInput);
    await waitFor(queries, deploymentId);
    const added = await service.addDomain({ orgId: 'org1', appId, domain: 'www.example.net' });
    dnsZone.txt['_shipyard-verify.www.example.net'] = [[added.records[1]!.value]];
    dnsZone.cname['www.example.net'] = ['my-notes.memory.test'];
    // The org connects a registrar-backed provider, which now comes first.
    const asked: string[] = [];
    const registrar: DomainProvider = {
      identifier: 'registrar',
      label: 'Registrar',
      recordsFor: () => [],
      verify: async ({ domain }) => {
        asked.push(domain);
        return { verified: false, problems: ['not in this registrar'] };
      },
    };
    const later = createDeployService({
      db,
      keyring,
      providers: createProviderRegistry({
        hosting: [hosting.provider],
        database: [databases.provider],
        domain: [
          registrar,
          createDnsDomainProvider({ target: (a) => `${a.slug}.memory.test`, lookups }),
        ],
      }),
      queue,
      deployJob: deployJob as never,
      logger,
    });
    expect((await later.verifyDomain({ orgId: 'org1', appId, domainId: added.id })).status).toBe(
      'verified',
    );
    expect(asked).toEqual([]);
    await queue.close();
  });

  it('refuses a database the hosting cannot reach at run time, before anything is made', async () => {
    const { queue, deployJob } = setup();
    const direct: DatabaseProvider = {
      ...databases.provider,
      identifier: 'pg-direct',
      label: 'PostgreSQL (direct)',
      runtimeAccess: 'tcp',
    };
    const service = createDeployService({
      db,
      keyring,
      providers: createProviderRegistry({ hosting: [hosting.provider], database: [direct] }),
      queue,
      deployJob: deployJob as never,
      logger,
    });
    await expect(
      service.deployWeb({ ...deployInput, databaseProvider: 'pg-direct' }),
    ).rejects.toThrow(
      "Apps on Memory host reach their database over HTTP (Turso/libSQL, Neon), but PostgreSQL (direct) needs a direct PostgreSQL connection, which they cannot open. Choose Neon or Turso for this app's database, or a host that connects to PostgreSQL directly.",
    );
    expect(await db.deployedApp.count()).toBe(0);
    expect(databases.provisioned).toEqual([]);
    // A host that opens TCP connections may use it.
    const tcpHosting: HostingProvider = { ...hosting.provider, tcpDatabases: true };
    const allowed = createDeployService({
      db,
      keyring,
      providers: createProviderRegistry({ hosting: [tcpHosting], database: [direct] }),
      queue,
      deployJob: deployJob as never,
      logger,
    });
    await expect(
      allowed.deployWeb({ ...deployInput, databaseProvider: 'pg-direct' }),
    ).resolves.toMatchObject({
      slug: 'my-notes',
    });
    await queue.close();
  });

  it('deletes an app: hosting, database and every record', async () => {
    const { service, queries, queue } = setup();
    const { deploymentId, appId } = await service.deployWeb(deployInput);
    await waitFor(queries, deploymentId);
    await service.deleteApp({ orgId: 'org1', appId });
    expect(hosting.calls).toContain('remove:my-notes');
    expect(await db.deployedApp.count()).toBe(0);
    expect(await db.deployment.count()).toBe(0);
    expect(await db.envVar.count()).toBe(0);
    expect(await db.appDatabase.count()).toBe(0);
    await expect(service.deleteApp({ orgId: 'org1', appId })).rejects.toThrow(/does not exist/);
    await queue.close();
  });
});
