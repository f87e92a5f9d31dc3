import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from './sql-split.mjs';

describe('splitSqlStatements', () => {
  it('splits a Prisma SQLite migration into its statements, keeping each comment with its statement', () => {
    const sql = [
      '-- CreateTable',
      'CREATE TABLE "Note" (',
      '    "id" TEXT NOT NULL PRIMARY KEY',
      ');',
      '',
      '-- RedefineTables',
      'PRAGMA defer_foreign_keys=ON;',
      'PRAGMA foreign_keys=OFF;',
      '',
    ].join('\n');
    expect(splitSqlStatements(sql)).toEqual([
      '-- CreateTable\nCREATE TABLE "Note" (\n    "id" TEXT NOT NULL PRIMARY KEY\n)',
      '-- RedefineTables\nPRAGMA defer_foreign_keys=ON',
      'PRAGMA foreign_keys=OFF',
    ]);
  });

  it('does not split inside strings, quoted identifiers or comments', () => {
    const sql = `INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine', [c;d], \`e;f\`); /* ; */ -- ;\nSELECT 1`;
    expect(splitSqlStatements(sql)).toEqual([
      `INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine', [c;d], \`e;f\`)`,
      '/* ; */ -- ;\nSELECT 1',
    ]);
  });

  it('keeps a trigger body, including CASE … END inside it, in one statement', () => {
    const trigger = [
      'CREATE TRIGGER "touch" AFTER UPDATE ON "Note"',
      'WHEN (CASE WHEN NEW."title" = \'\' THEN 0 ELSE 1 END) = 1',
      'BEGIN',
      '  UPDATE "Note" SET "title" = CASE WHEN NEW."title" IS NULL THEN \'x\' ELSE NEW."title" END WHERE "id" = NEW."id";',
      '  DELETE FROM "Log";',
      'END',
    ].join('\n');
    expect(
      splitSqlStatements(
        `${trigger};\nCREATE TEMP TRIGGER t2 AFTER INSERT ON "a" BEGIN SELECT 1; END;\nSELECT 2;`,
      ),
    ).toEqual([
      trigger,
      'CREATE TEMP TRIGGER t2 AFTER INSERT ON "a" BEGIN SELECT 1; END',
      'SELECT 2',
    ]);
  });

  it('drops empty and comment-only statements', () => {
    expect(splitSqlStatements('-- This is an empty migration.\n')).toEqual([]);
    expect(splitSqlStatements(';;  ;\n/* nothing */;')).toEqual([]);
  });
});
