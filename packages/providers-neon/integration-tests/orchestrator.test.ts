import { startDeployHarness, type TDeployHarness } from '@shipyard/deploy-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wrapEnvWithRemoteDb, type RemoteD1Database } from '../../deploy-core/src/runtime/remote-db/remote-d1';
import { neonDatabases } from '../src/neon-database';
import { API_KEY, FakeNeon } from '../src/testing';
import { testOptions } from './helpers';

describe('deploy-core orchestrator with Neon (fake Neon API, real PostgreSQL)', () => {
  let fake: FakeNeon;
  let harness: TDeployHarness;

  beforeEach(async () => {
    fake = await new FakeNeon().start();
    harness = await startDeployHarness();
  });
  afterEach(async () => {
    await harness.close();
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('provisions a Neon project, applies the PostgreSQL schema, seeds it once, reports row counts, and deletes it', async () => {
    const neon = neonDatabases.create(neonDatabases.optionsSchema.parse(testOptions(fake)));
    const { db } = harness;
    const { hosting, service, waitFor } = harness.databaseStack(neon);
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
  }, 30_000);
});

