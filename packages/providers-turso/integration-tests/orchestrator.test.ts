import { startDeployHarness, type TDeployHarness } from '@shipyard/deploy-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wrapEnvWithRemoteDb, type RemoteD1Database } from '../../deploy-core/src/runtime/remote-db/remote-d1';
import { tursoDatabases } from '../src/turso-database';
import { API_TOKEN, FakeTurso } from '../src/testing';
import { testOptions } from './helpers';

describe('deploy-core orchestrator with Turso (fake Platform API, local libSQL servers)', () => {
  let fake: FakeTurso;
  let harness: TDeployHarness;

  beforeEach(async () => {
    fake = await new FakeTurso().start();
    harness = await startDeployHarness();
  });
  afterEach(async () => {
    await harness.close();
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('creates a Turso database, applies the schema over the remote protocol, seeds it once, reports row counts, and deletes it', async () => {
    const turso = tursoDatabases.create(tursoDatabases.optionsSchema.parse(testOptions(fake)));
    const { db } = harness;
    const { hosting, service, waitFor } = harness.databaseStack(turso);
    const input = { orgId: 'org1', userId: 'u1', projectId: 'prj1', projectName: 'My Notes', sourceVersionId: 'v1', hostingProvider: 'memory', databaseProvider: 'turso', importPreviewData: false };

    const first = await service.deployWeb(input);
    const p1 = await waitFor(first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    const database = fake.databases.get('sy-my-notes')!;
    expect(database.group).toBe('default');
    expect(database.tokens).toHaveLength(1);

    // Row counts are reported by the import step.
    const importStep = await db.deployStep.findUniqueOrThrow({ where: { deploymentId_name: { deploymentId: first.deploymentId, name: 'import-data' } } });
    expect(JSON.parse(importStep.output ?? '{}')).toEqual({ imported: true, rows: { notes: 2, tags: 3 } });
    expect(p1.logs.some((l) => l.message === 'Seeded the database: notes 2 rows, tags 3 rows.')).toBe(true);
    // …and match what the database file holds, read past the libSQL server.
    expect(await fake.readDatabase('sy-my-notes', 'SELECT (SELECT COUNT(*) FROM notes) AS notes, (SELECT COUNT(*) FROM tags) AS tags')).toEqual([{ notes: 2, tags: 3 }]);
    // The token is stored encrypted, never in logs.
    const jwt = database.tokens[0]!.jwt;
    const stored = await db.appDatabase.findUniqueOrThrow({ where: { appId: first.appId } });
    expect(stored.tokenCiphertext).not.toContain(jwt);
    for (const secret of [jwt, API_TOKEN]) expect(JSON.stringify(p1.logs)).not.toContain(secret);

    // The deployed app's env.DB (the remote shim over Hrana) sees the schema and the seed.
    const env = hosting.bound.get('my-notes')!;
    expect(env).toMatchObject({ DATABASE_URL: `libsql://${database.Hostname}?tls=0`, DATABASE_AUTH_TOKEN: jwt });
    const app = wrapEnvWithRemoteDb(env) as { DB: RemoteD1Database };
    expect(await app.DB.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").raw()).toEqual([
      ['_shipyard_imports'],
      ['notes'],
      ['notes_created'],
      ['tags'],
    ]);
    expect((await app.DB.prepare('SELECT body FROM notes ORDER BY id').all()).results).toEqual([{ body: 'first' }, { body: "it's second; really" }]);
    expect((await app.DB.prepare('INSERT INTO tags (name) VALUES (?)').bind('new').run()).meta.last_row_id).toBe(8);

    // Redeploy: the same database (a fresh token is not needed), the seed is not applied twice.
    const second = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'u1', sourceVersionId: 'v2' });
    expect((await waitFor(second.deploymentId)).status).toBe('succeeded');
    expect(fake.databases.size).toBe(1);
    expect(database.tokens).toHaveLength(1);
    expect(await turso.countRows({ provider: 'turso', externalId: 'sy-my-notes', name: 'sy-my-notes', url: env.DATABASE_URL!, authToken: jwt }, ['notes', 'tags'])).toEqual({ notes: 2, tags: 4 });

    // Delete: hosting and the Turso database are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(hosting.removed).toEqual(['my-notes']);
    expect(fake.databases.size).toBe(0);
  }, 30_000);
});

