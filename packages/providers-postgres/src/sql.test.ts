import { describe, expect, it } from 'vitest';
import { questionToDollar, sqliteDmlToPostgres, tablesInserted } from './sql';

describe('questionToDollar', () => {
  it('numbers placeholders and leaves strings, identifiers and comments alone', () => {
    expect(questionToDollar(`SELECT '?' AS q, "a?b" FROM t -- why?\nWHERE a = ? AND b = ? /* ? */`)).toBe(
      `SELECT '?' AS q, "a?b" FROM t -- why?\nWHERE a = $1 AND b = $2 /* ? */`,
    );
  });

  it('keeps numbered placeholders and continues after them', () => {
    expect(questionToDollar('SELECT ?2, ?1, ?')).toBe('SELECT $2, $1, $3');
  });

  it('does not touch dollar-quoted bodies or escaped quotes', () => {
    expect(questionToDollar(`SELECT $$ ? $$, 'it''s ?', ?`)).toBe(`SELECT $$ ? $$, 'it''s ?', $1`);
  });
});

describe('sqliteDmlToPostgres', () => {
  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING', () => {
    expect(sqliteDmlToPostgres(`INSERT OR IGNORE INTO _shipyard_imports (key, imported_at) VALUES ('seed', 'now');`)).toBe(
      `INSERT INTO _shipyard_imports (key, imported_at) VALUES ('seed', 'now') ON CONFLICT DO NOTHING`,
    );
    expect(sqliteDmlToPostgres(`insert or ignore into t (a) values (1) returning a`)).toBe(`INSERT INTO t (a) values (1) ON CONFLICT DO NOTHING returning a`);
  });

  it('refuses INSERT OR REPLACE with a way forward', () => {
    expect(() => sqliteDmlToPostgres('INSERT OR REPLACE INTO t VALUES (1)')).toThrow(/ON CONFLICT \(column\) DO UPDATE/);
  });

  it('leaves other statements as they are', () => {
    expect(sqliteDmlToPostgres('CREATE TABLE t (id int)')).toBe('CREATE TABLE t (id int)');
  });
});

describe('tablesInserted', () => {
  it('folds unquoted names like PostgreSQL and keeps quoted ones', () => {
    expect(tablesInserted(['INSERT INTO Tasks VALUES (1)', 'insert into "Notes" values (2)', 'INSERT OR IGNORE INTO tasks VALUES (3)', 'DELETE FROM x'])).toEqual(['tasks', 'Notes']);
  });
});
