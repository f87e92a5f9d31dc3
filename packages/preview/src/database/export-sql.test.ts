import { beforeAll, describe, expect, it } from 'vitest';
import { exportDatabaseSql, sqlLiteral } from './export-sql.js';
import { PreviewDatabase } from './preview-database.js';
import type { TSqlJsDatabase, TSqlJsStatic } from './sqljs.js';
import { loadSqlJs } from './test-utils/load-sqljs.js';

let SQL: TSqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const SCHEMA = `
CREATE TABLE IF NOT EXISTS authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- books point at authors: the export must insert authors first
CREATE TABLE IF NOT EXISTS books (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL REFERENCES authors(id),
  title TEXT NOT NULL,
  price REAL,
  big INTEGER,
  cover BLOB,
  anything,
  title_upper TEXT GENERATED ALWAYS AS (upper(title)) VIRTUAL
);
CREATE TABLE IF NOT EXISTS "odd ""name""" ("we""ird" TEXT);
`;

function dump(db: TSqlJsDatabase, table: string): unknown[][] {
  return db.exec(`SELECT *, typeof(1) FROM ${table} ORDER BY rowid`)[0]?.values ?? [];
}

function typed(db: TSqlJsDatabase, sql: string): unknown[][] {
  return db.exec(sql)[0]?.values ?? [];
}

describe('exportDatabaseSql', () => {
  it('round-trips every storage class, quoting and foreign-key order into a fresh database', () => {
    const source = new SQL.Database();
    source.run('PRAGMA foreign_keys = ON');
    source.exec(SCHEMA);
    // Children are inserted after parents here, but the table names sort children first.
    source.exec(`INSERT INTO authors (id, name) VALUES (2, 'Zoë O''Brien'), (1, 'Ann')`);
    source.exec(`INSERT INTO books (author_id, title, price, big, cover, anything) VALUES
      (1, 'It''s -- not a comment; really', 9.5, 9007199254740993, X'00ff10', 3.0),
      (2, 'line
break', 10, -1, NULL, 'text'),
      (2, 'emoji 🚢 and "quotes"', NULL, 0, X'', X'cafe')`);
    source.exec(`INSERT INTO "odd ""name""" VALUES ('a' || char(0) || 'b')`);

    const sql = exportDatabaseSql(source, { now: new Date('2026-11-21T00:00:00Z') });
    expect(sql.startsWith('-- Shipyard preview data, exported 2026-11-21T00:00:00.000Z: 6 row(s) in 3 table(s).')).toBe(true);
    expect(sql.indexOf('INSERT INTO "authors"')).toBeLessThan(sql.indexOf('INSERT INTO "books"'));
    expect(sql).not.toContain('title_upper');
    expect(sql).toContain('9007199254740993');

    const target = new SQL.Database();
    target.run('PRAGMA foreign_keys = ON');
    target.exec(SCHEMA);
    target.exec(sql);

    const books = 'SELECT id, author_id, title, price, typeof(price), big, typeof(big), hex(cover), typeof(cover), anything, typeof(anything), title_upper FROM books ORDER BY id';
    expect(typed(target, books)).toEqual(typed(source, books));
    expect(typed(target, 'SELECT CAST(big AS TEXT) FROM books WHERE id = 1')).toEqual([['9007199254740993']]);
    expect(typed(target, 'SELECT typeof(anything) FROM books ORDER BY id')).toEqual([['real'], ['text'], ['blob']]);
    expect(dump(target, 'authors')).toEqual(dump(source, 'authors'));
    const odd = `SELECT hex("we""ird"), typeof("we""ird") FROM "odd ""name"""`;
    expect(typed(target, odd)).toEqual(typed(source, odd));
    // The AUTOINCREMENT counter follows the imported ids.
    target.exec(`INSERT INTO books (author_id, title) VALUES (1, 'next')`);
    expect(typed(target, `SELECT id FROM books WHERE title = 'next'`)).toEqual([[4]]);
  });

  it('writes large tables as multi-row INSERTs of at most 100 rows', () => {
    const db = new SQL.Database();
    db.exec('CREATE TABLE n (v INTEGER)');
    db.exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 250) INSERT INTO n SELECT x FROM c`);
    const sql = exportDatabaseSql(db);
    expect(sql.match(/INSERT INTO "n"/g)).toHaveLength(3);
    const copy = new SQL.Database();
    copy.exec('CREATE TABLE n (v INTEGER)');
    copy.exec(sql);
    expect(typed(copy, 'SELECT COUNT(*), SUM(v) FROM n')).toEqual([[250, 31375]]);
  });

  it('exports only a header for an empty database', () => {
    const db = new SQL.Database();
    db.exec('CREATE TABLE t (a TEXT)');
    expect(exportDatabaseSql(db, { now: new Date(0) })).toBe('-- Shipyard preview data, exported 1970-01-01T00:00:00.000Z: 0 row(s) in 1 table(s).\n');
  });

  it('formats literals SQLite reads back exactly', () => {
    expect(sqlLiteral(null, 'null')).toBe('NULL');
    expect(sqlLiteral(1, 'real')).toBe('1.0');
    expect(sqlLiteral(1e300, 'real')).toBe('1e+300');
    expect(sqlLiteral(Infinity, 'real')).toBe('9e999');
    expect(sqlLiteral("a'b", 'text')).toBe("'a''b'");
    expect(sqlLiteral(new Uint8Array([0, 171]), 'blob')).toBe("X'00ab'");
  });
});

describe('PreviewDatabase', () => {
  const source = (schema: string, seed = '') => ({ schema, seed, schemaPath: 'db/schema.sql', seedPath: seed ? 'db/seed.sql' : null });
  const SEEDED = source('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT);', "INSERT INTO t (v) VALUES ('seed');");

  it('keeps rows when only code or formatting changes, and re-creates on a schema change', () => {
    const db = new PreviewDatabase(SQL);
    expect(db.ensure(SEEDED).action).toBe('created');
    db.current!.run("INSERT INTO t (v) VALUES ('user row')");
    const reformatted = source('-- tasks\nCREATE TABLE IF NOT EXISTS t (\n  id INTEGER PRIMARY KEY,\n  v TEXT\n);', SEEDED.seed);
    expect(db.ensure(reformatted).action).toBe('kept');
    expect(typed(db.current!, 'SELECT v FROM t ORDER BY id')).toEqual([['seed'], ['user row']]);

    const changed = source('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT, extra INTEGER);', SEEDED.seed);
    expect(db.ensure(changed).action).toBe('recreated');
    expect(typed(db.current!, 'SELECT v, extra FROM t')).toEqual([['seed', null]]);
  });

  it('reset() re-creates from schema and seed; exportSql() returns the rows', () => {
    const db = new PreviewDatabase(SQL);
    db.ensure(SEEDED);
    db.current!.run("INSERT INTO t (v) VALUES ('gone after reset')");
    expect(db.exportSql()).toContain("'gone after reset'");
    expect(db.reset().action).toBe('recreated');
    expect(db.exportSql()).not.toContain('gone after reset');
    expect(db.exportSql()).toContain("(1, 'seed')");
  });

  it('reports schema and seed errors with file and line', () => {
    const db = new PreviewDatabase(SQL);
    const bad = db.ensure(source('CREATE TABLE a (x TEXT);\n\nCREATE TABLE b (x TEXT,);'));
    expect(bad.errors).toEqual([
      expect.objectContaining({ kind: 'database', file: 'db/schema.sql', line: 3, message: expect.stringContaining('near ")": syntax error') }),
    ]);
    const badSeed = db.ensure(source('CREATE TABLE c (x TEXT NOT NULL);', "INSERT INTO c VALUES ('ok');\nINSERT INTO c VALUES (NULL);"));
    expect(badSeed.errors).toEqual([expect.objectContaining({ file: 'db/seed.sql', line: 2, message: expect.stringContaining('NOT NULL') })]);
  });
});
