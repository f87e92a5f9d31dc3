import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPrismaToolingError } from './errors.mjs';
import {
  checksumOf,
  migrationTimestamp,
  readMigrationsDir,
  slugifyMigrationName,
  sqlMatchesChecksum,
  SQLITE_LOCKFILE_CONTENT,
  writeMigration,
} from './migrations-dir.mjs';

describe('checksums', () => {
  it("is Prisma's sha256 hex of migration.sql", () => {
    expect(checksumOf('hello')).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
  });

  it('matches whatever the line endings, like Prisma, and detects real edits', () => {
    const unix = 'CREATE TABLE a (id TEXT);\nCREATE TABLE b (id TEXT);\n';
    const windows = unix.replaceAll('\n', '\r\n');
    expect(sqlMatchesChecksum(windows, checksumOf(unix))).toBe(true);
    expect(sqlMatchesChecksum(unix, checksumOf(windows))).toBe(true);
    expect(sqlMatchesChecksum(`${unix}-- edited\n`, checksumOf(unix))).toBe(false);
  });
});

describe('migration names', () => {
  it('slugifies like Prisma', () => {
    expect(slugifyMigrationName('Add projects')).toBe('add_projects');
    expect(slugifyMigrationName('  Crème brûlée: v2!  ')).toBe('creme_brulee_v2');
  });

  it('rejects a name with no letters or digits', () => {
    let caught: unknown;
    try {
      slugifyMigrationName('  !!  ');
    } catch (error) {
      caught = error;
    }
    expect(isPrismaToolingError(caught) && caught.code).toBe('INVALID_MIGRATION_NAME');
  });

  it('uses the UTC timestamp, but never sorts before or beside an existing migration', () => {
    const now = new Date('2025-03-04T05:06:07.890Z');
    expect(migrationTimestamp(now, [])).toBe('20250304050607');
    const existing = [{ name: '20250304050607_init', sql: '', checksum: '' }];
    expect(migrationTimestamp(now, existing)).toBe('20250304050608');
    const future = [{ name: '20991231235959_from_a_fast_clock', sql: '', checksum: '' }];
    expect(migrationTimestamp(now, future)).toBe('21000101000000');
  });
});

describe('migrations directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prisma-tooling-unit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads migrations in name order and treats a missing directory as empty', async () => {
    expect((await readMigrationsDir(join(dir, 'missing'))).migrations).toEqual([]);
    await writeMigration({ baseDir: dir, name: '20250102000000_second', sql: 'SELECT 2;\n' });
    await writeMigration({ baseDir: dir, name: '20250101000000_first', sql: 'SELECT 1;\n' });
    const { migrations, lockfile } = await readMigrationsDir(dir);
    expect(migrations.map((m) => m.name)).toEqual([
      '20250101000000_first',
      '20250102000000_second',
    ]);
    expect(migrations[0]?.checksum).toBe(checksumOf('SELECT 1;\n'));
    expect(lockfile).toBe(SQLITE_LOCKFILE_CONTENT);
    expect(await readFile(join(dir, 'migration_lock.toml'), 'utf8')).toBe(SQLITE_LOCKFILE_CONTENT);
  });

  it('names a migration directory that has no migration.sql', async () => {
    await mkdir(join(dir, '20250101000000_empty'));
    await expect(readMigrationsDir(dir)).rejects.toMatchObject({
      code: 'MIGRATIONS_DIR_INVALID',
      migrationName: '20250101000000_empty',
    });
  });

  it('refuses migrations written for another provider', async () => {
    await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    await expect(readMigrationsDir(dir)).rejects.toMatchObject({ code: 'PROVIDER_MISMATCH' });
  });
});
