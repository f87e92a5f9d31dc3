import { describe, expect, it } from 'vitest';
import { countRows, parseSqlDump, splitSqlStatements } from './sql-statements.js';

describe('splitSqlStatements', () => {
  it('splits on semicolons outside strings, identifiers and comments', () => {
    const sql = `
      CREATE TABLE "a;b" (x TEXT DEFAULT 'semi;colon'); -- a comment; with a semicolon
      /* block; comment */ INSERT INTO [a;b] VALUES ('it''s; fine');
      INSERT INTO \`a;b\` VALUES ("x;y")
    `;
    expect(splitSqlStatements(sql)).toEqual([
      `CREATE TABLE "a;b" (x TEXT DEFAULT 'semi;colon')`,
      `-- a comment; with a semicolon\n      /* block; comment */ INSERT INTO [a;b] VALUES ('it''s; fine')`,
      'INSERT INTO `a;b` VALUES ("x;y")',
    ]);
  });

  it('keeps trigger bodies whole, including CASE … END inside them', () => {
    const sql = `CREATE TRIGGER t AFTER INSERT ON tasks BEGIN
        UPDATE tasks SET done = CASE WHEN NEW.status = 'done' THEN 1 ELSE 0 END WHERE id = NEW.id;
        INSERT INTO log VALUES (NEW.id);
      END;
      SELECT 1;`;
    const statements = splitSqlStatements(sql);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^CREATE TRIGGER[\s\S]*INSERT INTO log VALUES \(NEW.id\);\s*END$/);
    expect(statements[1]).toBe('SELECT 1');
  });

  it('does not treat BEGIN TRANSACTION as a trigger body', () => {
    expect(splitSqlStatements('BEGIN TRANSACTION; CREATE TABLE a (x); COMMIT;')).toEqual(['BEGIN TRANSACTION', 'CREATE TABLE a (x)', 'COMMIT']);
  });

  it('drops empty statements and comment-only tails', () => {
    expect(splitSqlStatements(';;  ; -- nothing\n')).toEqual([]);
  });
});

describe('parseSqlDump', () => {
  it('keeps DDL and data, skips transaction control, pragmas and internal tables', () => {
    const dump = `PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT);
INSERT INTO tasks VALUES(1,'a');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('tasks',1);
CREATE INDEX tasks_title ON tasks (title);
COMMIT;`;
    const parsed = parseSqlDump(dump);
    expect(parsed.runnable.map((s) => [s.kind, s.table])).toEqual([
      ['create-table', 'tasks'],
      ['insert', 'tasks'],
      ['create-index', 'tasks'],
    ]);
    expect(parsed.skipped.map((s) => s.kind)).toEqual(['pragma', 'transaction', 'internal', 'internal', 'transaction']);
  });

  it('reads quoted and schema-qualified table names', () => {
    const parsed = parseSqlDump(`INSERT INTO "main"."My Table" VALUES (1); CREATE TABLE IF NOT EXISTS [x y] (a);`);
    expect(parsed.runnable.map((s) => s.table)).toEqual(['My Table', 'x y']);
  });
});

describe('countRows', () => {
  it('counts every row of multi-row VALUES, per table', () => {
    const seed = `
      INSERT INTO tasks (title) VALUES ('a'), ('b; c'), ('(d)');
      INSERT INTO notes VALUES (1, 'x', json('{"a":(1)}'));
      INSERT OR IGNORE INTO tasks (title) VALUES ('e') ON CONFLICT DO NOTHING;
      INSERT INTO archive SELECT * FROM tasks;
      UPDATE tasks SET title = 'z';
    `;
    expect(countRows(seed)).toEqual({ tasks: 4, notes: 1 });
  });
});
