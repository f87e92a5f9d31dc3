import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { createTestDatabase, type TestDatabase } from '@shipyard/prisma-tooling';
import { afterEach, describe, expect, it } from 'vitest';
import { PrismaClient } from '../src/generated/prisma/client';
import { createEditorDb, createProjectService, EDITOR_MIGRATIONS_DIR, type EditorDb } from '../src/index';

// The editor's libSQL `file:` database shared with another process (platform + apps/worker).

const HOLDER = fileURLToPath(new URL('./fixtures/editor/hold-writes.mjs', import.meta.url));
const ROUNDS = 30;

/** Starts a process that keeps taking the database's write lock for `holdMs` at a time; resolves once it holds it. */
async function startWriter(url: string, holdMs: number, rounds = ROUNDS) {
  const child = spawn(process.execPath, [HOLDER, url, String(rounds), String(holdMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('locked')) resolve();
    });
    child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
  });
  return { done, stderr: () => stderr };
}

let database: TestDatabase | undefined;
const clients: EditorDb[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.$disconnect();
  await database?.cleanup();
  database = undefined;
});

/** Manual edits, each on top of the previous one, while the other process writes. */
async function editInALine(db: EditorDb, count: number) {
  const projects = createProjectService({ db });
  const errors: string[] = [];
  let projectId: string | null = null;
  let parent: string | null = null;
  for (let i = 0; i < count; i++) {
    try {
      projectId ??= (await projects.create({ orgId: 'org_a', userId: 'u_a', name: 'Shared file' })).id;
      const version: { id: string } = await projects.writeFiles({ orgId: 'org_a', projectId, userId: 'u_a', parentVersionId: parent, writes: { 'count.txt': `${i}\n` } });
      parent = version.id;
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { projectId, errors };
}

describe('a file: database shared by two processes', () => {
  it('waits for the other process’s write lock instead of failing with SQLITE_BUSY, and uses WAL', async () => {
    database = await createTestDatabase({ migrationsDir: EDITOR_MIGRATIONS_DIR });
    const db = createEditorDb({ url: database.url });
    clients.push(db);
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(mode?.journal_mode).toBe('wal');

    const writer = await startWriter(database.url, 25);
    const { projectId, errors } = await editInALine(db, ROUNDS);
    expect(await writer.done, writer.stderr()).toBe(0);
    expect(errors).toEqual([]);
    expect(await db.projectVersion.count({ where: { projectId: projectId! } })).toBe(ROUNDS);
    expect(await db.promptHistory.count({ where: { orgId: 'org_child' } })).toBe(ROUNDS);
  });

  it('one write during a long lock: waits with createEditorDb, fails at once without the busy timeout', async () => {
    database = await createTestDatabase({ migrationsDir: EDITOR_MIGRATIONS_DIR });
    const db = createEditorDb({ url: database.url });
    const raw = new PrismaClient({ adapter: new PrismaLibSql({ url: database.url }) });
    clients.push(db, raw);
    await db.project.count(); // open both connections before the lock is taken
    await raw.project.count();

    let writer = await startWriter(database.url, 1_000, 1);
    const rawError = await raw.project
      .create({ data: { id: 'prj_raw', orgId: 'o', name: 'raw', createdById: 'u' } })
      .then(() => null, (error: unknown) => error as Error);
    expect(rawError?.message).toMatch(/timed out|SQLITE_BUSY|locked/i);
    expect(await writer.done, writer.stderr()).toBe(0);

    writer = await startWriter(database.url, 1_000, 1);
    const t0 = Date.now();
    await db.project.create({ data: { id: 'prj_waits', orgId: 'o', name: 'waits', createdById: 'u' } });
    expect(Date.now() - t0).toBeGreaterThan(500);
    expect(await writer.done, writer.stderr()).toBe(0);
    expect(await db.project.count({ where: { id: 'prj_waits' } })).toBe(1);
  });
});
