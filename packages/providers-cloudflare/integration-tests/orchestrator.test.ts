import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { createLogger } from '@shipyard/core';
import { createKeyring, generateKey } from '@shipyard/core/crypto';
import { createInlineQueue } from '@shipyard/core/jobs';
import { createTestDatabase } from '@shipyard/prisma-tooling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The real deploy-core orchestrator, from source (its package entry does not export it yet).
import { createDeployDb, DEPLOY_MIGRATIONS_DIR, type DeployDb } from '../../deploy-core/src/db';
import { createDeployWebJob } from '../../deploy-core/src/jobs';
import { createProviderRegistry } from '../../deploy-core/src/providers/registry';
import type { DatabaseProvider, TBuildArtifact, TDatabaseConnection } from '../../deploy-core/src/providers/types';
import { createDeployQueries } from '../../deploy-core/src/services/deploy-queries';
import { createDeployService } from '../../deploy-core/src/services/deploy-service';
import { createOrchestrator, type TAppSource } from '../../deploy-core/src/services/orchestrator';
import { cloudflarePagesHosting } from '../src/pages-hosting';
import { FakeCloudflare, TOKEN } from './fake-cloudflare';
import { testOptions } from './helpers';

/** The database side: a small libSQL-file double (the Cloudflare side is what is under test). */
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

const APP_FILES: Record<string, string> = {
  'shipyard.json': JSON.stringify({
    name: 'Notes',
    entry: 'index.html',
    api: 'api/index.ts',
    database: { schema: 'db/schema.sql', seed: 'db/seed.sql' },
    env: [{ name: 'GREETING', required: true }],
  }),
  'index.html': '<div id="root">notes v1</div><script type="module" src="/assets/app.js"></script>',
  'src/main.tsx': 'console.log("hello")',
  'api/index.ts': 'export default { fetch() { return new Response("ok") } }',
  'db/schema.sql': 'CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);',
  'db/seed.sql': "INSERT INTO notes (body) VALUES ('first');",
};

/** A deterministic stand-in for the esbuild step: static files plus `_worker.js`. */
async function build(files: Record<string, string>): Promise<TBuildArtifact> {
  const enc = new TextEncoder();
  const assets = new Map<string, Uint8Array>([
    ['index.html', enc.encode(files['index.html'] ?? '')],
    ['assets/app.js', enc.encode(`/* bundled */ ${files['src/main.tsx'] ?? ''}`)],
    ['assets/style.css', enc.encode('body{margin:0}')],
  ]);
  const worker = `const api = ${JSON.stringify(files['api/index.ts'] ?? '')};\nexport default { fetch(r, env) { return env.ASSETS.fetch(r) } };`;
  const hash = Buffer.from(JSON.stringify([...assets].map(([p, b]) => [p, Buffer.from(b).toString('base64')]))).toString('base64url').slice(-24);
  return { hash, assets, worker };
}

describe('deploy-core orchestrator with Cloudflare Pages hosting (fake Cloudflare API)', () => {
  let fake: FakeCloudflare;
  let workDir: string;
  let db: DeployDb;
  let cleanupDb: () => Promise<void>;
  let databases: ReturnType<typeof libsqlDatabases>;
  const checked: string[] = [];
  const keyring = createKeyring({ currentKeyId: 'k1', keys: { k1: generateKey() } });
  const logger = createLogger({ level: 'silent' });

  beforeEach(async () => {
    fake = await new FakeCloudflare().start();
    workDir = mkdtempSync(path.join(tmpdir(), 'cf-orch-'));
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
    const hosting = cloudflarePagesHosting.create(cloudflarePagesHosting.optionsSchema.parse(testOptions(fake)));
    const providers = createProviderRegistry({ hosting: [hosting], database: [databases.provider] });
    const orchestrator = createOrchestrator({
      db,
      keyring,
      providers,
      logger,
      loadSource: async ({ versionId }) => sources[versionId] ?? { files: APP_FILES },
      build,
      // The health check reaches "Cloudflare" through the fake, which serves each deployment's files.
      fetch: (async (url: string | URL | Request) => {
        const target = String(url instanceof Request ? url.url : url);
        checked.push(target);
        const res = fake.serve(target);
        const body = await res.text();
        return new Response(body, { status: body.includes('BROKEN') ? 500 : res.status });
      }) as typeof fetch,
      healthCheckTimeoutMs: 300,
      leaseMs: 2_000,
    });
    const deployJob = createDeployWebJob(orchestrator);
    const queue = createInlineQueue({ jobs: [deployJob], logger, concurrency: 2 });
    const service = createDeployService({ db, keyring, providers, queue, deployJob: deployJob as never, logger });
    return { service, queries: createDeployQueries(db), queue };
  }

  async function waitFor(queries: ReturnType<typeof createDeployQueries>, deploymentId: string) {
    for (let i = 0; i < 400; i++) {
      const p = await queries.progress({ orgId: 'org1', deploymentId });
      if (['succeeded', 'failed', 'cancelled'].includes(p.status)) return p;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('deployment did not finish');
  }

  it('deploys, redeploys, survives a failed health check, rolls back and deletes — all on Cloudflare Pages', async () => {
    const sources: Record<string, TAppSource> = {
      v2: { files: { ...APP_FILES, 'index.html': '<div id="root">notes v2</div>' } },
      v3: { files: { ...APP_FILES, 'index.html': '<div id="root">BROKEN</div>' } },
    };
    const { service, queries, queue } = setup(sources);
    const input = {
      orgId: 'org1',
      userId: 'user1',
      projectId: 'prj1',
      projectName: 'My Notes',
      sourceVersionId: 'v1',
      hostingProvider: 'cloudflare',
      databaseProvider: 'libsql-files',
      importPreviewData: false,
      env: { GREETING: 'hello there' },
    };

    const first = await service.deployWeb(input);
    expect(first.liveUrl).toBe('https://shipyard-my-notes.pages.dev');
    const p1 = await waitFor(queries, first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(p1.url).toBe('https://shipyard-my-notes.pages.dev');
    const project = fake.projects.get('shipyard-my-notes')!;
    const d1 = project.deployments[0]!;
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d1.id);
    // The health check fetched the deployment's own URL, not the live alias.
    expect(checked).toContain(d1.url);
    // Environment and database credentials reached Cloudflare as secrets, and only there.
    expect(project.env.production.GREETING).toEqual({ type: 'secret_text', value: 'hello there' });
    expect(project.env.production.DATABASE_URL?.value).toMatch(/^file:.*sy-my-notes\.db$/);
    expect(project.env.production.DATABASE_AUTH_TOKEN?.value).toBe('db-token-secret');
    const logs = JSON.stringify(p1.logs);
    for (const secret of ['hello there', 'db-token-secret', TOKEN]) expect(logs).not.toContain(secret);
    expect(p1.logs.some((l) => /Uploaded 3 file\(s\)/.test(l.message))).toBe(true);

    // Redeploy: only the changed page is uploaded; the new version goes live on promote.
    const second = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v2' });
    const p2 = await waitFor(queries, second.deploymentId);
    expect(p2.status).toBe('succeeded');
    expect(fake.checkMissing.at(-1)!.missing).toHaveLength(1);
    const d2 = project.deployments[0]!;
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d2.id);
    expect(await fake.serve('https://shipyard-my-notes.pages.dev/').text()).toContain('notes v2');

    // A deployment that fails its health check never goes live on Cloudflare.
    const third = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v3' });
    const p3 = await waitFor(queries, third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('health-check');
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d2.id);
    expect(await fake.serve('https://shipyard-my-notes.pages.dev/').text()).toContain('notes v2');

    // Rollback: Pages' rollback endpoint moves production back to the first deployment.
    const uploads = fake.uploads.length;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d1.id);
    expect(await fake.serve('https://shipyard-my-notes.pages.dev/').text()).toContain('notes v1');
    expect(fake.uploads.length).toBe(uploads);

    // Delete: the Pages project and its deployments are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(fake.projects.has('shipyard-my-notes')).toBe(false);
    await queue.close();
  }, 30_000);
});
