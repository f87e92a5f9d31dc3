import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaTestServer, type THranaTestServer } from './hrana-test-server';
import { createRemoteD1, remoteDbShimSource, wrapEnvWithRemoteDb, type RemoteD1Database, type TRemoteDbRuntime } from './remote-d1';

const TOKEN = 'libsql-db-token-0123456789';
let dir: string;
let server: THranaTestServer;
let db: RemoteD1Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'remote-d1-'));
  server = await startHranaTestServer({ dbUrl: `file:${join(dir, 'app.db')}`, authToken: TOKEN });
  db = createRemoteD1({ url: `libsql://${server.host}?tls=0`, authToken: TOKEN });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  expect(server.failures).toEqual([]);
});

describe('createRemoteD1 over Hrana (libSQL HTTP)', () => {
  it('implements the D1 statement API: exec, bind, run, all, first, raw', async () => {
    const exec = await db.exec(`
      CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, score REAL, data BLOB);
      -- a comment; with a semicolon
      INSERT INTO tasks (title) VALUES ('first; with semicolon');
    `);
    expect(exec.count).toBe(2);

    const run = await db.prepare('INSERT INTO tasks (title, done, score, data) VALUES (?, ?, ?, ?)').bind('second', true, 2.5, new Uint8Array([1, 2, 255])).run();
    expect(run.success).toBe(true);
    expect(run.meta).toMatchObject({ changes: 1, last_row_id: 2, changed_db: true, rows_written: 1 });

    const all = await db.prepare('SELECT id, title, done, score, data FROM tasks ORDER BY id').all<{ id: number; title: string }>();
    expect(all.results).toEqual([
      { id: 1, title: 'first; with semicolon', done: 0, score: null, data: null },
      { id: 2, title: 'second', done: 1, score: 2.5, data: [1, 2, 255] },
    ]);
    expect(await db.prepare('SELECT title FROM tasks WHERE id = ?1').bind(2).first()).toEqual({ title: 'second' });
    expect(await db.prepare('SELECT title FROM tasks WHERE id = ?').bind(1).first('title')).toBe('first; with semicolon');
    expect(await db.prepare('SELECT title FROM tasks WHERE id = ?').bind(99).first()).toBeNull();
    await expect(db.prepare('SELECT title FROM tasks').first('nope')).rejects.toThrow('D1_ERROR: Column not found: nope');
    expect(await db.prepare('SELECT id, title FROM tasks ORDER BY id').raw()).toEqual([
      [1, 'first; with semicolon'],
      [2, 'second'],
    ]);
    expect(await db.prepare('SELECT id FROM tasks WHERE id = 1').raw({ columnNames: true })).toEqual([['id'], [1]]);
    expect(() => db.prepare('SELECT ?').bind({} as never)).toThrow(/D1_TYPE_ERROR/);

    // The requests were real Hrana pipelines with the Bearer token, each closing its stream.
    const last = server.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', path: '/v2/pipeline', authorization: `Bearer ${TOKEN}` });
    expect(last.body?.requests.map((r) => r.type)).toEqual(['execute', 'close']);
  });

  it('runs batch() atomically: a failing statement rolls back the ones before it', async () => {
    await db.exec('CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL)');
    const ok = await db.batch([
      db.prepare('INSERT INTO accounts VALUES (?, ?)').bind('alice', 100),
      db.prepare('INSERT INTO accounts VALUES (?, ?)').bind('bob', 50),
      db.prepare('SELECT COUNT(*) AS n FROM accounts'),
    ]);
    expect(ok.map((r) => r.meta.changes)).toEqual([1, 1, 0]);
    expect(ok[2]!.results).toEqual([{ n: 2 }]);

    const failing = db.batch([
      db.prepare('UPDATE accounts SET balance = balance - 30 WHERE name = ?').bind('alice'),
      db.prepare('INSERT INTO accounts VALUES (?, ?)').bind('bob', 1),
    ]);
    await expect(failing).rejects.toThrow(/D1_ERROR: .*UNIQUE constraint failed.*statement 2 of 2; the batch was rolled back/);
    expect(await db.prepare('SELECT balance FROM accounts WHERE name = ?').bind('alice').first('balance')).toBe(100);
  });

  it('reports a rejected token without echoing it', async () => {
    const wrong = createRemoteD1({ url: `libsql://${server.host}?tls=0`, authToken: 'stale-token-987654321' });
    const error = await wrong.prepare('SELECT 1').all().catch((e: Error) => e);
    expect(String(error)).toMatch(/D1_ERROR: The libSQL database rejected the credentials \(HTTP 401/);
    expect(String(error)).not.toContain('stale-token-987654321');
  });

  it('maps libsql:// to https:// and posts to /v2/pipeline', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      seen.push({ url, headers: init.headers as Record<string, string> });
      return new Response(JSON.stringify({ baton: null, base_url: null, results: [{ type: 'ok', response: { type: 'execute', result: { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: null } } }, { type: 'ok', response: { type: 'close' } }] }));
    };
    await createRemoteD1({ url: 'libsql://shop-acme.turso.io', authToken: 't0ken-abcdef', fetch }).prepare('SELECT 1').run();
    expect(seen[0]).toMatchObject({ url: 'https://shop-acme.turso.io/v2/pipeline', headers: { authorization: 'Bearer t0ken-abcdef' } });
  });

  it('posts Neon queries to https://api.<region host>/sql with the connection string and $n placeholders', async () => {
    const seen: { url: string; headers: Record<string, string>; body: unknown }[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      seen.push({ url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ fields: [{ name: 'id', dataTypeID: 20 }, { name: 'ok', dataTypeID: 16 }], rows: [['7', 't']], rowCount: 1, command: 'SELECT' }));
    };
    const url = 'postgresql://app_owner:npg_secret@ep-cool-dawn-123.us-east-2.aws.neon.tech/app?sslmode=require';
    const neon = createRemoteD1({ url, fetch });
    expect(neon.protocol).toBe('neon');
    expect(await neon.prepare("SELECT id, ok FROM t WHERE a = ? AND b = '?' AND c = ?").bind('x', 3).first()).toEqual({ id: 7, ok: 1 });
    expect(seen[0]).toMatchObject({
      url: 'https://api.us-east-2.aws.neon.tech/sql',
      headers: { 'Neon-Connection-String': url, 'Neon-Raw-Text-Output': 'true', 'Neon-Array-Mode': 'true' },
      body: { query: "SELECT id, ok FROM t WHERE a = $1 AND b = '?' AND c = $2", params: ['x', '3'] },
    });
  });
});

describe('wrapEnvWithRemoteDb', () => {
  it('adds DB from DATABASE_URL, keeps a native binding, and reuses one client per URL', async () => {
    const env = { DATABASE_URL: `libsql://${server.host}?tls=0`, DATABASE_AUTH_TOKEN: TOKEN, GREETING: 'hi' };
    const wrapped = wrapEnvWithRemoteDb(env) as typeof env & { DB: RemoteD1Database };
    expect(wrapped.GREETING).toBe('hi');
    expect(await wrapped.DB.prepare('SELECT COUNT(*) AS n FROM tasks').first('n')).toBe(2);
    expect((wrapWith(env) as { DB: unknown }).DB).toBe(wrapped.DB);
    const native = { DB: { native: true }, DATABASE_URL: env.DATABASE_URL };
    expect(wrapEnvWithRemoteDb(native)).toBe(native);
    const none = { OTHER: '1' };
    expect(wrapEnvWithRemoteDb(none)).toBe(none);
    expect(wrapEnvWithRemoteDb({ DATABASE_URL: 'file:/tmp/x.db' })).not.toHaveProperty('DB');
    // A PostgreSQL URL that is not Neon's: its password must never be sent to some api.<domain>/sql.
    expect(wrapEnvWithRemoteDb({ DATABASE_URL: 'postgresql://u:pw@db.example.com/app' })).not.toHaveProperty('DB');
    expect(() => createRemoteD1({ url: 'postgresql://u:pw@db.example.com/app' })).toThrow(/db\.example\.com, which is not a Neon host/);
  });

  it('works from the inlined source the build puts into _worker.js', async () => {
    const source = remoteDbShimSource('__shim');
    expect(source).not.toMatch(/\bimport\b|\brequire\(/);
    // Evaluated with nothing in scope but the platform globals a worker has.
    const runtime = new Function(`${source}\nreturn __shim;`)() as TRemoteDbRuntime;
    const env = runtime.wrapEnvWithRemoteDb({ DATABASE_URL: `libsql://${server.host}?tls=0`, DATABASE_AUTH_TOKEN: TOKEN }) as { DB: RemoteD1Database };
    const [a, b] = await env.DB.batch([env.DB.prepare('SELECT title FROM tasks WHERE id = ?').bind(1), env.DB.prepare('SELECT COUNT(*) AS n FROM accounts')]);
    expect(a!.results).toEqual([{ title: 'first; with semicolon' }]);
    expect(b!.results).toEqual([{ n: 2 }]);
    expect(() => remoteDbShimSource('not valid')).toThrow(/not a JavaScript identifier/);
  });

  it('still works when the module was compiled with keepNames (as tsx and some bundlers do)', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const built = await esbuild.build({ entryPoints: [join(here, 'remote-d1.ts')], bundle: true, format: 'esm', platform: 'neutral', keepNames: true, write: false });
    const text = built.outputFiles[0]!.text;
    expect(text).toContain('__name(');
    const file = join(dir, 'keep-names.mjs');
    writeFileSync(file, text);
    const mod = (await import(pathToFileURL(file).href)) as { remoteDbShimSource(name: string): string };
    const runtime = new Function(`${mod.remoteDbShimSource('__kept')}\nreturn __kept;`)() as TRemoteDbRuntime;
    const remote = runtime.createRemoteD1({ url: `libsql://${server.host}?tls=0`, authToken: TOKEN });
    expect(await remote.prepare('SELECT ? * 2 AS n').bind(21).first('n')).toBe(42);
  });
});

function wrapWith(env: Record<string, unknown>) {
  return wrapEnvWithRemoteDb({ ...env });
}
