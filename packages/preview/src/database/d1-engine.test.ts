import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createD1Database, D1Error, type TD1Database } from './d1-engine.js';
import type { TSqlJsDatabase, TSqlJsStatic } from './sqljs.js';
import { loadSqlJs } from './test-utils/load-sqljs.js';

let SQL: TSqlJsStatic;
let raw: TSqlJsDatabase;
let DB: TD1Database;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

beforeEach(() => {
  raw = new SQL.Database();
  raw.run('PRAGMA foreign_keys = ON');
  raw.exec(`
    CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, done BOOLEAN NOT NULL DEFAULT 0, data BLOB);
    INSERT INTO tasks (title) VALUES ('one'), ('two');
  `);
  DB = createD1Database(raw);
});

describe('D1 prepared statements', () => {
  it('all() returns rows as objects with D1 meta', async () => {
    const result = await DB.prepare('SELECT id, title, done FROM tasks ORDER BY id').all();
    expect(result.success).toBe(true);
    expect(result.results).toEqual([
      { id: 1, title: 'one', done: 0 },
      { id: 2, title: 'two', done: 0 },
    ]);
    expect(result.meta.changes).toBe(0);
    expect(result.meta.rows_read).toBe(2);
    expect(result.meta.changed_db).toBe(false);
    expect(result.meta.size_after).toBeGreaterThan(0);
  });

  it('bind() returns a new statement and leaves the original unbound', async () => {
    const byId = DB.prepare('SELECT title FROM tasks WHERE id = ?');
    const second = byId.bind(2);
    expect(await second.first('title')).toBe('two');
    expect(await byId.bind(1).first('title')).toBe('one');
  });

  it('supports numbered parameters (?1) as D1 does', async () => {
    const row = await DB.prepare('SELECT ?1 AS a, ?2 AS b, ?1 AS c').bind('x', 5).first();
    expect(row).toEqual({ a: 'x', b: 5, c: 'x' });
  });

  it('first() returns the first row, null when there is none, and one column by name', async () => {
    expect(await DB.prepare('SELECT * FROM tasks WHERE id = ?').bind(99).first()).toBeNull();
    expect(await DB.prepare('SELECT title FROM tasks ORDER BY id').first<{ title: string }>()).toEqual({ title: 'one' });
    expect(await DB.prepare('SELECT COUNT(*) AS n FROM tasks').first('n')).toBe(2);
    await expect(DB.prepare('SELECT title FROM tasks').first('nope')).rejects.toThrow('D1_COLUMN_NOTFOUND');
  });

  it('run() reports changes and the last row id; RETURNING rows come back too', async () => {
    const insert = await DB.prepare('INSERT INTO tasks (title, done) VALUES (?, ?)').bind('three', true).run();
    expect(insert.meta.changes).toBe(1);
    expect(insert.meta.last_row_id).toBe(3);
    expect(insert.meta.changed_db).toBe(true);
    const returning = await DB.prepare('INSERT INTO tasks (title) VALUES (?) RETURNING id, title, done').bind('four').first();
    expect(returning).toEqual({ id: 4, title: 'four', done: 0 });
    const update = await DB.prepare('UPDATE tasks SET done = 1').run();
    expect(update.meta.changes).toBe(4);
    const stored = await DB.prepare('SELECT done FROM tasks WHERE id = 3').first('done');
    expect(stored).toBe(1);
  });

  it('raw() returns arrays, with column names first on request', async () => {
    const statement = DB.prepare('SELECT id, title FROM tasks ORDER BY id');
    expect(await statement.raw()).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(await statement.raw({ columnNames: true })).toEqual([['id', 'title'], [1, 'one'], [2, 'two']]);
  });

  it('stores blobs from ArrayBuffer, typed arrays and byte arrays, and returns them as byte arrays like D1', async () => {
    await DB.prepare('UPDATE tasks SET data = ? WHERE id = 1').bind(new Uint8Array([1, 2, 255])).run();
    await DB.prepare('UPDATE tasks SET data = ? WHERE id = 2').bind(new Uint8Array([7]).buffer).run();
    await DB.prepare('INSERT INTO tasks (title, data) VALUES (?, ?)').bind('bytes', [0, 128]).run();
    const rows = await DB.prepare('SELECT data FROM tasks ORDER BY id').raw();
    expect(rows).toEqual([[[1, 2, 255]], [[7]], [[0, 128]]]);
  });

  it('refuses values D1 cannot bind, with D1 error text, at bind()', () => {
    const statement = DB.prepare('SELECT ?');
    expect(() => statement.bind(undefined)).toThrow(/^D1_TYPE_ERROR: Type 'undefined' not supported/);
    expect(() => statement.bind({ a: 1 })).toThrow(/D1_TYPE_ERROR: Type 'object' not supported/);
    expect(() => statement.bind(2n ** 60n)).toThrow(/outside the safe integer range/);
  });

  it('SQL errors read like D1 errors', async () => {
    const error = await DB.prepare('SELECT * FROM missing').all().catch((e: unknown) => e);
    expect(D1Error.is(error)).toBe(true);
    expect((error as Error).message).toBe('D1_ERROR: no such table: missing: SQLITE_ERROR');
    await expect(DB.prepare('INSERT INTO tasks (title) VALUES (NULL)').run()).rejects.toThrow(/NOT NULL constraint failed: tasks.title/);
  });
});

describe('D1 batch and exec', () => {
  it('batch() runs statements in order and returns one result each', async () => {
    const results = await DB.batch([
      DB.prepare('INSERT INTO tasks (title) VALUES (?)').bind('b1'),
      DB.prepare('SELECT COUNT(*) AS n FROM tasks'),
    ]);
    expect(results).toHaveLength(2);
    expect(results[0]?.meta.changes).toBe(1);
    expect(results[1]?.results).toEqual([{ n: 3 }]);
  });

  it('batch() is atomic: one failing statement rolls back the others', async () => {
    await expect(
      DB.batch([
        DB.prepare('INSERT INTO tasks (title) VALUES (?)').bind('kept?'),
        DB.prepare('INSERT INTO tasks (title) VALUES (NULL)'),
      ]),
    ).rejects.toThrow(/NOT NULL/);
    expect(await DB.prepare('SELECT COUNT(*) AS n FROM tasks').first('n')).toBe(2);
    // The database is usable afterwards (no transaction left open).
    await DB.prepare('INSERT INTO tasks (title) VALUES (?)').bind('after').run();
    expect(await DB.prepare('SELECT COUNT(*) AS n FROM tasks').first('n')).toBe(3);
  });

  it('batch() refuses things that are not prepared statements', async () => {
    await expect(DB.batch([{} as never])).rejects.toThrow(/D1_TYPE_ERROR/);
  });

  it('exec() runs a multi-statement script and counts statements', async () => {
    const result = await DB.exec(`
      CREATE TABLE tags (name TEXT PRIMARY KEY);
      INSERT INTO tags VALUES ('a');
      INSERT INTO tags VALUES ('b');
    `);
    expect(result.count).toBe(3);
    expect(await DB.prepare('SELECT COUNT(*) AS n FROM tags').first('n')).toBe(2);
  });

  it('exec() names the line of the failing statement', async () => {
    await expect(DB.exec("INSERT INTO tasks (title) VALUES ('x');\n\nINSERT INTO nowhere VALUES (1);")).rejects.toThrow(
      /D1_EXEC_ERROR: Error in line 3: no such table: nowhere/,
    );
  });

  it('withSession() reads and writes the same database', async () => {
    const session = (DB as unknown as { withSession(): TD1Database & { getBookmark(): null } }).withSession();
    expect(await session.prepare('SELECT COUNT(*) AS n FROM tasks').first('n')).toBe(2);
    expect(session.getBookmark()).toBeNull();
  });
});
