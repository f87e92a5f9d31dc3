import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, insertsToPostgres, toPostgres } from '../src/index.js';
import { loadAppFiles } from './fixtures/load-app.js';

// Runs the converted schema and seed against the PostgreSQL server every environment has
// (127.0.0.1:5432, user postgres, trust), through psql.
const database = `shipyard_schema_test_${process.pid}`;
const psql = (sql: string, db = 'postgres') =>
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-q', '-t', '-A', '-F', '|', '-c', sql], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

describe('the reference app schema on PostgreSQL', () => {
  const files = loadAppFiles();

  beforeAll(() => {
    psql(`CREATE DATABASE ${database}`);
  });

  afterAll(() => {
    psql(`DROP DATABASE IF EXISTS ${database}`);
  });

  it('creates the tables, imports the seed with the same row counts and keeps identities working', () => {
    const schema = toPostgres(files['db/schema.sql'] ?? '');
    expect(schema.warnings).toEqual([]);
    for (const statement of schema.statements) psql(statement, database);
    const seed = insertsToPostgres(files['db/seed.sql'] ?? '', schema.tables);
    expect(seed.warnings).toEqual([]);
    psql(`BEGIN; ${seed.statements.join(';\n')}; COMMIT;`, database);
    for (const statement of schema.postImport) psql(statement, database);

    const expected = countRows(files['db/seed.sql'] ?? '');
    for (const [table, rows] of Object.entries(expected)) expect(Number(psql(`SELECT COUNT(*) FROM ${table}`, database))).toBe(rows);

    // Defaults and identity after import behave as in SQLite.
    const inserted = psql(`INSERT INTO tasks (title) VALUES ('new') RETURNING id, status, done, created_at`, database).split('|');
    expect(inserted[0]).toBe(String((expected.tasks ?? 0) + 1));
    expect(inserted[1]).toBe('todo');
    expect(inserted[2]).toBe('f');
    expect(inserted[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(psql('SELECT title FROM tasks WHERE done ORDER BY id', database)).toBe('Invite the design team');
    expect(psql("SELECT body FROM notes WHERE title = 'Release checklist'", database)).toBe("Tests; changelog; tag 'v1.0'.");
  });
});
