import { createLogger } from '@shipyard/core';
import { createKeyring, generateKey } from '@shipyard/core/crypto';
import { createInlineQueue } from '@shipyard/core/jobs';
import {
  createDeployDb,
  createDeployQueries,
  createDeployService,
  createDeployWebJob,
  createOrchestrator,
  createProviderRegistry,
  DEPLOY_MIGRATIONS_DIR,
  type DeployDb,
  type HostingProvider,
  type TBuildArtifact,
} from '@shipyard/deploy-core';
import { createTestDatabase } from '@shipyard/prisma-tooling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wrapEnvWithRemoteDb, type RemoteD1Database } from '../../deploy-core/src/runtime/remote-db/remote-d1';
import { neonDatabases } from '../src/neon-database';
import { API_KEY, FakeNeon } from './fake-neon';
import { testOptions } from './helpers';

/** A host double that keeps what a real host would bind into the worker: env plus DATABASE_*. */
function memoryHosting() {
  const bound = new Map<string, Record<string, string>>();
  const removed: string[] = [];
  const provider: HostingProvider = {
    identifier: 'memory',
    label: 'Memory host',
    async deploy({ app, deploymentId, env, database }) {
      bound.set(app.slug, { ...env, ...(database ? { DATABASE_URL: database.url, ...(database.authToken ? { DATABASE_AUTH_TOKEN: database.authToken } : {}) } : {}) });
      return { providerDeploymentId: deploymentId, url: `http://health.test/${app.slug}/${deploymentId}` };
    },
    async promote({ app }) {
      return { url: `https://${app.slug}.memory.test` };
    },
    liveUrl: (app) => `https://${app.slug}.memory.test`,
    async removeApp(app) {
      removed.push(app.slug);
    },
  };
  return { provider, bound, removed };
}

const APP_FILES: Record<string, string> = {
  'shipyard.json': JSON.stringify({ name: 'Notes', entry: 'index.html', api: 'api/index.ts', database: { schema: 'db/schema.sql', seed: 'db/seed.sql' } }),
  'index.html': '<div id="root">notes</div>',
  'api/index.ts': 'export default { fetch() { return new Response("ok") } }',
  'db/schema.sql': `
    CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, score REAL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);
    CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE INDEX IF NOT EXISTS notes_created ON notes (created_at);`,
  'db/seed.sql': `
    INSERT INTO notes (body, score) VALUES ('first', 1.5), ('it''s second; really', 2);
    INSERT INTO tags (id, name) VALUES (1, 'work'), (2, 'home'), (7, 'later');`,
};

async function build(files: Record<string, string>): Promise<TBuildArtifact> {
  const enc = new TextEncoder();
  const assets = new Map<string, Uint8Array>([['index.html', enc.encode(files['index.html'] ?? '')]]);
  return { hash: Buffer.from(files['index.html'] ?? '').toString('base64url').slice(0, 16), assets, worker: 'export default {}' };
}

describe('deploy-core orchestrator with Neon (fake Neon API, real PostgreSQL)', () => {
  let fake: FakeNeon;
  let db: DeployDb;
  let cleanupDb: () => Promise<void>;
  const keyring = createKeyring({ currentKeyId: 'k1', keys: { k1: generateKey() } });
  const logger = createLogger({ level: 'silent' });

  beforeEach(async () => {
    fake = await new FakeNeon().start();
    const test = await createTestDatabase({ migrationsDir: DEPLOY_MIGRATIONS_DIR });
    cleanupDb = test.cleanup;
    db = createDeployDb({ url: test.url });
  });
  afterEach(async () => {
    await db.$disconnect();
    await cleanupDb();
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('provisions a Neon project, applies the PostgreSQL schema, seeds it once, reports row counts, and deletes it', async () => {
    const hosting = memoryHosting();
    const neon = neonDatabases.create(neonDatabases.optionsSchema.parse(testOptions(fake)));
    const providers = createProviderRegistry({ hosting: [hosting.provider], database: [neon] });
    const orchestrator = createOrchestrator({
      db,
      keyring,
      providers,
      logger,
      loadSource: async () => ({ files: APP_FILES }),
      build,
      fetch: (async () => new Response('ok')) as typeof fetch,
      healthCheckTimeoutMs: 300,
      leaseMs: 2_000,
    });
    const deployJob = createDeployWebJob(orchestrator);
    const queue = createInlineQueue({ jobs: [deployJob], logger, concurrency: 1 });
    const service = createDeployService({ db, keyring, providers, queue, deployJob: deployJob as never, logger });
    const queries = createDeployQueries(db);
    const waitFor = async (deploymentId: string) => {
      for (let i = 0; i < 400; i++) {
        const p = await queries.progress({ orgId: 'org1', deploymentId });
        if (['succeeded', 'failed', 'cancelled'].includes(p.status)) return p;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('deployment did not finish');
    };
    const input = { orgId: 'org1', userId: 'u1', projectId: 'prj1', projectName: 'My Notes', sourceVersionId: 'v1', hostingProvider: 'memory', databaseProvider: 'neon', importPreviewData: false };

    const first = await service.deployWeb(input);
    const p1 = await waitFor(first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(fake.projects.size).toBe(1);
    const project = [...fake.projects.values()][0]!;
    expect(project.name).toBe('sy-my-notes');

    // Row counts are reported by the import step.
    const importStep = await db.deployStep.findUniqueOrThrow({ where: { deploymentId_name: { deploymentId: first.deploymentId, name: 'import-data' } } });
    expect(JSON.parse(importStep.output ?? '{}')).toEqual({ imported: true, rows: { notes: 2, tags: 3 } });
    expect(p1.logs.some((l) => l.message === 'Seeded the database: notes 2 rows, tags 3 rows.')).toBe(true);
    // The database connection is stored encrypted, never in logs.
    const stored = await db.appDatabase.findUniqueOrThrow({ where: { appId: first.appId } });
    expect(stored.urlCiphertext).not.toContain(project.password);
    expect(JSON.stringify(p1.logs)).not.toContain(project.password);
    expect(JSON.stringify(p1.logs)).not.toContain(API_KEY);

    // The schema arrived in its PostgreSQL form, and the deployed app's env.DB reads the seed.
    const env = hosting.bound.get('my-notes')!;
    expect(env.DATABASE_URL).toBe(fake.uri(project));
    const app = wrapEnvWithRemoteDb(env, { neonSqlEndpoint: fake.sqlEndpoint }) as { DB: RemoteD1Database };
    const columns = await app.DB.prepare("SELECT column_name, data_type, is_identity FROM information_schema.columns WHERE table_name = 'notes' ORDER BY ordinal_position").raw();
    expect(columns).toEqual([
      ['id', 'bigint', 'YES'],
      ['body', 'text', 'NO'],
      ['score', 'double precision', 'NO'],
      ['created_at', 'timestamp without time zone', 'NO'],
    ]);
    expect((await app.DB.prepare('SELECT body FROM notes ORDER BY id').all()).results).toEqual([{ body: 'first' }, { body: "it's second; really" }]);
    // Explicit seed ids moved the identity: the app's next tag gets id 8.
    const added = await app.DB.prepare('INSERT INTO tags (name) VALUES (?)').bind('new').run();
    expect(added.meta.last_row_id).toBe(8);

    // Redeploy: the same project, the seed is not applied twice.
    const second = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'u1', sourceVersionId: 'v2' });
    expect((await waitFor(second.deploymentId)).status).toBe('succeeded');
    expect(fake.projects.size).toBe(1);
    expect(await neon.countRows({ provider: 'neon', externalId: project.id, name: project.name, url: fake.uri(project) }, ['notes', 'tags'])).toEqual({ notes: 2, tags: 4 });

    // Delete: hosting and the Neon project (with its database) are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(hosting.removed).toEqual(['my-notes']);
    expect(fake.projects.size).toBe(0);
    expect(await fake.databaseExists(project.pgDatabase)).toBe(false);
    await queue.close();
  }, 30_000);
});

