import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLibSqlAdapter } from './index';

const exec = (sql: string) => ({ sql, args: [], argTypes: [] });

describe('createLibSqlAdapter (a file database shared by processes)', () => {
  let dir: string;
  let url: string;
  let writer: Worker;
  const write = (sql: string) =>
    new Promise<{ ok: boolean; message?: string }>((resolve) => {
      writer.once('message', resolve);
      writer.postMessage(sql);
    });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'libsql-shared-'));
    url = `file:${path.join(dir, 'shared.db')}`;
    const setup = await new PrismaLibSql({ url }).connect();
    await setup.executeScript(
      "PRAGMA journal_mode = WAL; CREATE TABLE counters (id TEXT PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counters VALUES ('a', 0);",
    );
    await setup.dispose();
    writer = new Worker(new URL('./concurrent-writer.fixture.mjs', import.meta.url), {
      workerData: { url },
    });
    await new Promise((resolve) => writer.once('message', resolve));
  });

  afterEach(async () => {
    await writer.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  // Prisma runs read-then-write transactions (upserts, nested writes). The other "process" commits
  // between the read and the write.
  async function readThenWrite(adapterFactory: PrismaLibSql) {
    const adapter = await adapterFactory.connect();
    const tx = await adapter.startTransaction();
    await tx.queryRaw(exec("SELECT n FROM counters WHERE id = 'a'"));
    const other = write("UPDATE counters SET n = n + 10 WHERE id = 'a'");
    // Give the other connection time to commit (or to start waiting for our lock).
    await new Promise((r) => setTimeout(r, 200));
    let outcome: string;
    try {
      await tx.executeRaw(exec("UPDATE counters SET n = n + 1 WHERE id = 'a'"));
      await tx.commit();
      outcome = 'committed';
    } catch (error) {
      outcome = String((error as { cause?: { message?: string } }).cause?.message ?? error);
      await tx.rollback().catch(() => undefined);
    }
    const otherResult = await other;
    const final = await adapter.queryRaw(exec("SELECT n FROM counters WHERE id = 'a'"));
    await adapter.dispose();
    return { outcome, otherResult, n: Number(final.rows[0]![0]) };
  }

  it('Prisma’s plain adapter fails the upgrade with SQLITE_BUSY at once (the problem)', async () => {
    const { outcome, otherResult, n } = await readThenWrite(
      new PrismaLibSql({ url, timeout: 5_000 }),
    );
    // The adapter reports SQLITE_BUSY as its SocketTimeout kind (Prisma's P1008).
    expect(outcome).toMatch(/SocketTimeout|SQLITE_BUSY|database is locked/i);
    expect(otherResult.ok).toBe(true);
    expect(n).toBe(10);
  });

  it('waits for the other writer instead, and both writes land', async () => {
    const { outcome, otherResult, n } = await readThenWrite(
      createLibSqlAdapter({ url, busyTimeoutMs: 5_000 }),
    );
    expect(outcome).toBe('committed');
    expect(otherResult).toEqual({ ok: true });
    expect(n).toBe(11);
  });

  it('leaves remote URLs to the plain adapter', () => {
    expect(createLibSqlAdapter({ url: 'libsql://db.example.turso.io' })).toBeInstanceOf(
      PrismaLibSql,
    );
  });
});
