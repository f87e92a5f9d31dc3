import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  createTestDatabase,
  generateClient,
  isPrismaToolingError,
  listMigrations,
} from '@shipyard/prisma-tooling';
import { readMigrationsDir, toEngineMigrationList } from '../src/migrations-dir.mjs';
import { loadSchemaEngineModule } from '../src/schema-engine.mjs';

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const fixtures = join(packageRoot, 'integration-tests', 'fixtures');
const bin = join(packageRoot, 'bin', 'shipyard-prisma.mjs');

// The working copy lives inside this package so the generated client resolves @prisma/client
// from our node_modules. It is a tiny monorepo: pnpm-workspace.yaml + packages/notes.
const root = join(packageRoot, '.tmp', `run-${randomUUID().slice(0, 8)}`);
const packageDir = join(root, 'packages', 'notes');
const schemaPath = join(packageDir, 'prisma', 'schema.prisma');
const migrationsDir = join(packageDir, 'prisma', 'migrations');
const databaseUrl = pathToFileURL(join(root, 'app.db')).href;

type Row = Record<string, unknown>;
interface Delegate {
  create(args: { data: Row }): Promise<Row>;
  findMany(args?: Row): Promise<Row[]>;
  count(args?: Row): Promise<number>;
}
interface NotesClient {
  author: Delegate;
  note: Delegate;
  tag: Delegate;
  $disconnect(): Promise<void>;
}
interface GeneratedModule {
  PrismaClient: new (options: { adapter: PrismaLibSql }) => NotesClient;
}

async function importGeneratedClient(snapshot: string): Promise<GeneratedModule> {
  // The client is regenerated between tests, and vitest caches modules by path: import a copy.
  const generated = join(packageDir, 'src', 'generated');
  await cp(join(generated, 'prisma'), join(generated, snapshot), { recursive: true });
  return (await import(
    pathToFileURL(join(generated, snapshot, 'client.ts')).href
  )) as GeneratedModule;
}

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnNode(
  args: string[],
  cwd = root,
): { done: Promise<Exit>; started(text: string): Promise<void> } {
  const child = spawn(process.execPath, args, { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
  const started = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) resolve();
      };
      child.stdout.on('data', check);
      check();
      void done.then((exit) =>
        reject(new Error(`exited before printing "${text}": ${exit.stderr}`)),
      );
    });
  return { done, started };
}

function runCli(args: string[], cwd = root): Promise<Exit> {
  return spawnNode([bin, ...args], cwd).done;
}

async function query(
  url: string,
  sql: string,
  args: (string | number | null)[] = [],
): Promise<Row[]> {
  const client = createClient({ url });
  try {
    return (await client.execute({ sql, args })).rows.map((row) => ({ ...row }));
  } finally {
    client.close();
  }
}

async function tableNames(url: string): Promise<string[]> {
  const rows = await query(
    url,
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  );
  return rows.map((row) => String(row.name));
}

/** What Prisma's own schema engine (migrate deploy / migrate status) makes of a database. */
async function prismaEngineView(url: string, dir: string) {
  const glue = await loadSchemaEngineModule();
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[schemaPath, await readFile(schemaPath, 'utf8')]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(new PrismaLibSql({ url })),
  );
  try {
    const migrationsList = toEngineMigrationList(await readMigrationsDir(dir));
    const filters = { externalTables: [], externalEnums: [] };
    // What `prisma migrate deploy` would apply, then what `prisma migrate status` would say.
    const deploy = await engine.applyMigrations({ migrationsList, filters });
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters,
    });
    return { diagnosis, appliedByPrisma: deploy.appliedMigrationNames };
  } finally {
    engine.free();
  }
}

async function expectToolingError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isPrismaToolingError(error)) return error;
    throw error;
  }
  throw new Error('expected a PrismaToolingError');
}

beforeAll(async () => {
  await mkdir(join(packageDir, 'prisma'), { recursive: true });
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  await copyFile(join(fixtures, 'notes', 'package.fixture.json'), join(packageDir, 'package.json'));
  await copyFile(join(fixtures, 'notes', 'schema.v1.prisma'), schemaPath);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('@shipyard/prisma-tooling, end to end', () => {
  let firstMigration = '';
  let secondMigration = '';

  it('creates the first migration in Prisma’s layout, and nothing when the schema has not changed', async () => {
    const created = await createMigration({ schemaPath, name: 'Init notes' });
    expect(created).not.toBeNull();
    firstMigration = created?.name ?? '';
    expect(firstMigration).toMatch(/^\d{14}_init_notes$/);
    const sql = await readFile(join(migrationsDir, firstMigration, 'migration.sql'), 'utf8');
    expect(sql).toBe(created?.sql);
    expect(sql).toContain('CREATE TABLE "Author"');
    expect(sql).toContain('CREATE TABLE "Note"');
    expect(sql).toContain('CREATE INDEX "Note_authorId_idx"');
    expect(await readFile(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n',
    );

    expect(await createMigration({ schemaPath, name: 'nothing' })).toBeNull();
    expect(await listMigrations(migrationsDir)).toEqual([firstMigration]);
    expect(await checkDrift({ schemaPath })).toBe('');
  });

  it('applies it to a fresh file: database, and the generated client reads and writes through @prisma/adapter-libsql', async () => {
    const generated = await generateClient({ schemaPath });
    expect(generated.outputDir).toBe(join(packageDir, 'src', 'generated', 'prisma'));
    expect(existsSync(join(packageDir, 'src', 'generated', 'prisma', 'client.ts'))).toBe(true);

    const result = await applyMigrations({ migrationsDir, url: databaseUrl });
    expect(result.applied).toEqual([firstMigration]);
    expect(result.alreadyApplied).toEqual([]);

    const { PrismaClient } = await importGeneratedClient('v1');
    const prisma = new PrismaClient({ adapter: new PrismaLibSql({ url: databaseUrl }) });
    try {
      await prisma.author.create({
        data: {
          id: 'a1',
          name: 'Ada',
          notes: {
            create: [
              { id: 'n1', title: 'First' },
              { id: 'n2', title: 'Second', body: 'text' },
            ],
          },
        },
      });
      const notes = await prisma.note.findMany({
        where: { authorId: 'a1' },
        orderBy: { id: 'asc' },
      });
      expect(notes.map((note) => [note.id, note.title, note.body])).toEqual([
        ['n1', 'First', null],
        ['n2', 'Second', 'text'],
      ]);
      const authors = await prisma.author.findMany({ include: { notes: true } });
      expect(authors[0]?.createdAt).toBeInstanceOf(Date);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('records the migration as Prisma does, and a second apply is a no-op', async () => {
    const rows = await query(databaseUrl, 'SELECT * FROM "_prisma_migrations"');
    expect(rows).toHaveLength(1);
    const sql = await readFile(join(migrationsDir, firstMigration, 'migration.sql'), 'utf8');
    expect(rows[0]).toMatchObject({
      migration_name: firstMigration,
      checksum: createHash('sha256').update(sql).digest('hex'),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(String(rows[0]?.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(rows[0]?.finished_at)).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/,
    );

    const again = await applyMigrations({ migrationsDir, url: databaseUrl });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual([firstMigration]);
    expect(await query(databaseUrl, 'SELECT count(*) AS n FROM "_prisma_migrations"')).toEqual([
      { n: 1 },
    ]);
  });

  it('agrees with Prisma’s own engine: nothing left to apply, no edited or failed migrations', async () => {
    const view = await prismaEngineView(databaseUrl, migrationsDir);
    expect(view.appliedByPrisma).toEqual([]);
    expect(view.diagnosis.editedMigrationNames).toEqual([]);
    expect(view.diagnosis.failedMigrationNames).toEqual([]);
    expect(view.diagnosis.history).toBeNull();

    // And the other way round: a database migrated by Prisma's engine is up to date for us.
    const prismaMigrated = pathToFileURL(join(root, 'prisma-migrated.db')).href;
    expect((await prismaEngineView(prismaMigrated, migrationsDir)).appliedByPrisma).toEqual([
      firstMigration,
    ]);
    const ours = await applyMigrations({ migrationsDir, url: prismaMigrated });
    expect(ours).toMatchObject({ applied: [], alreadyApplied: [firstMigration] });
  });

  it('detects a schema change without a migration, through checkDrift and `shipyard-prisma check`', async () => {
    await copyFile(join(fixtures, 'notes', 'schema.v2.prisma'), schemaPath);

    const drift = await checkDrift({ schemaPath });
    expect(drift).toContain('CREATE TABLE "Tag"');
    expect(drift).toContain('CREATE TABLE "new_Author"');

    const all = await runCli(['check']);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('CHANGED  packages/notes/prisma/schema.prisma');
    expect(all.stdout).toContain('pnpm --filter @fixture/notes db:migrate:new -- --name <name>');
    expect(all.stderr).toContain('1 schema out of step with its migrations');

    const one = await runCli(['check', '--schema', 'packages/notes/prisma/schema.prisma']);
    expect(one.code).toBe(1);
  });

  it('creates a second migration with the CLI, and it applies on top without losing rows that reference a rebuilt table', async () => {
    const created = await runCli([
      'migrate',
      'new',
      '--schema',
      'packages/notes/prisma/schema.prisma',
      '--',
      '--name',
      'optional author name',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const migrations = await listMigrations(migrationsDir);
    expect(migrations).toHaveLength(2);
    secondMigration = migrations[1] ?? '';
    expect(secondMigration).toMatch(/^\d{14}_optional_author_name$/);
    expect(created.stdout).toContain(`${secondMigration}/migration.sql`);
    expect((await runCli(['check'])).code).toBe(0);

    const result = await applyMigrations({ migrationsDir, url: databaseUrl });
    expect(result.applied).toEqual([secondMigration]);
    expect(result.alreadyApplied).toEqual([firstMigration]);

    // Author was dropped and re-created; Note rows cascade on delete. They must all still be here.
    expect(await query(databaseUrl, 'SELECT count(*) AS n FROM "Note"')).toEqual([{ n: 2 }]);
    expect(await query(databaseUrl, 'PRAGMA foreign_key_check')).toEqual([]);

    await generateClient({ schemaPath });
    const { PrismaClient } = await importGeneratedClient('v2');
    const prisma = new PrismaClient({ adapter: new PrismaLibSql({ url: databaseUrl }) });
    try {
      await prisma.author.create({ data: { id: 'a2' } });
      await prisma.tag.create({ data: { id: 't1', label: 'ideas' } });
      expect(await prisma.author.count({ where: { name: null } })).toBe(1);
      expect(await prisma.tag.count()).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
    expect((await prismaEngineView(databaseUrl, migrationsDir)).appliedByPrisma).toEqual([]);
  });

  it('`migrate deploy` defaults to <repo>/.data/<package-dir>.db and is idempotent', async () => {
    const first = await runCli([
      'migrate',
      'deploy',
      '--schema',
      'packages/notes/prisma/schema.prisma',
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Applied 2 migrations to file://');
    const file = join(root, '.data', 'notes.db');
    expect(existsSync(file)).toBe(true);
    expect(await tableNames(pathToFileURL(file).href)).toEqual([
      'Author',
      'Note',
      'Tag',
      '_prisma_migrations',
    ]);

    const second = await runCli([
      'migrate',
      'deploy',
      '--schema',
      'packages/notes/prisma/schema.prisma',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('is up to date (2 migrations)');
  });

  it('explains usage mistakes with exit code 2', async () => {
    const missingName = await runCli([
      'migrate',
      'new',
      '--schema',
      'packages/notes/prisma/schema.prisma',
    ]);
    expect(missingName.code).toBe(2);
    expect(missingName.stderr).toContain('`migrate new` needs --name <value>.');
    const unknown = await runCli(['migrate', 'up']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown subcommand `migrate up`');
    const missingSchema = await runCli(['generate', '--schema', 'nope/schema.prisma']);
    expect(missingSchema.code).toBe(1);
    expect(missingSchema.stderr).toContain('Prisma schema not found');
  });

  it('reports an applied migration whose file was edited, by name', async () => {
    const edited = join(root, 'edited-migrations');
    await cp(migrationsDir, edited, { recursive: true });
    await appendFile(join(edited, firstMigration, 'migration.sql'), '\n-- a later edit\n');
    const error = await expectToolingError(
      applyMigrations({ migrationsDir: edited, url: databaseUrl }),
    );
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.migrationName).toBe(firstMigration);
    expect(error.message).toContain(firstMigration);
    expect(error.message).not.toContain(secondMigration);
  });

  it('reports a failing migration with its name and SQL error, leaves the database at the last good migration, and applies the fixed file', async () => {
    const db = await createTestDatabase({ migrationsDir });
    const broken = join(root, 'broken-migrations');
    await cp(migrationsDir, broken, { recursive: true });
    const name = '29990101000000_broken';
    await mkdir(join(broken, name));
    const brokenSql = join(broken, name, 'migration.sql');
    await writeFile(
      brokenSql,
      'CREATE TABLE "Ok" ("id" TEXT);\nINSERT INTO "Tag" ("id", "label") VALUES (\'t\', \'x\');\nINSERT INTO "Missing" ("id") VALUES (\'x\');\n',
    );
    try {
      const error = await expectToolingError(
        applyMigrations({ migrationsDir: broken, url: db.url }),
      );
      expect(error.code).toBe('MIGRATION_FAILED');
      expect(error.migrationName).toBe(name);
      expect(error.message).toContain(`Migration ${name} failed`);
      expect(error.message).toContain('no such table: Missing');

      expect(await tableNames(db.url)).not.toContain('Ok');
      expect(await query(db.url, 'SELECT count(*) AS n FROM "Tag"')).toEqual([{ n: 0 }]);
      const history = await query(
        db.url,
        'SELECT "migration_name", "finished_at", "rolled_back_at" IS NOT NULL AS rolled_back, "logs" FROM "_prisma_migrations" ORDER BY "started_at"',
      );
      expect(
        history.map((row) => [row.migration_name, row.finished_at === null, row.rolled_back]),
      ).toEqual([
        [firstMigration, false, 0],
        [secondMigration, false, 0],
        [name, true, 1],
      ]);
      expect(String(history[2]?.logs)).toContain('no such table: Missing');

      await writeFile(brokenSql, 'CREATE TABLE "Ok" ("id" TEXT);\n');
      const fixed = await applyMigrations({ migrationsDir: broken, url: db.url });
      expect(fixed.applied).toEqual([name]);
      expect(await tableNames(db.url)).toContain('Ok');
    } finally {
      await db.cleanup();
    }
  });

  it('refuses to continue over a migration Prisma left unfinished', async () => {
    const db = await createTestDatabase({ migrationsDir });
    try {
      await query(
        db.url,
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES ('x', 'y', '20000101000000_half_done', '2025-01-01T00:00:00.000+00:00', 0)`,
      );
      const error = await expectToolingError(applyMigrations({ migrationsDir, url: db.url }));
      expect(error.code).toBe('FAILED_MIGRATION_IN_DATABASE');
      expect(error.message).toContain('20000101000000_half_done');
    } finally {
      await db.cleanup();
    }
  });

  it('applies each migration exactly once when several processes boot at the same time', async () => {
    const url = pathToFileURL(join(root, 'concurrent.db')).href;
    // Another process holds the write lock; every worker reads an empty history meanwhile, then
    // they all queue for the lock and must notice that the first one already applied everything.
    const holder = spawnNode([join(fixtures, 'hold-write-lock.mjs'), url, '2500']);
    await holder.started('locked');
    const workers = Array.from({ length: 4 }, () =>
      spawnNode([join(fixtures, 'apply-worker.mjs'), migrationsDir, url]),
    );
    const results = await Promise.all(workers.map((worker) => worker.done));
    expect((await holder.done).code).toBe(0);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const applied = results.flatMap(
      (result) => (JSON.parse(result.stdout) as { applied: string[] }).applied,
    );
    expect(applied.sort()).toEqual([firstMigration, secondMigration]);
    // The race really happened: workers found migrations recorded after they had read the history.
    const raced = results.filter((result) =>
      result.stderr.includes('was applied by another process'),
    );
    expect(raced.length).toBeGreaterThan(0);

    // Connections inside one process.
    const inProcessUrl = pathToFileURL(join(root, 'concurrent-in-process.db')).href;
    const inProcess = await Promise.all(
      Array.from({ length: 3 }, () => applyMigrations({ migrationsDir, url: inProcessUrl })),
    );
    expect(inProcess.flatMap((result) => result.applied).sort()).toEqual([
      firstMigration,
      secondMigration,
    ]);

    for (const target of [url, inProcessUrl]) {
      const rows = await query(
        target,
        'SELECT "migration_name", count(*) AS n FROM "_prisma_migrations" GROUP BY "migration_name" ORDER BY 1',
      );
      expect(rows).toEqual([
        { migration_name: firstMigration, n: 1 },
        { migration_name: secondMigration, n: 1 },
      ]);
    }
  });

  it('creates fresh, independent, migrated test databases quickly', async () => {
    const started = performance.now();
    const a = await createTestDatabase({ migrationsDir });
    const b = await createTestDatabase({ migrationsDir });
    const elapsed = performance.now() - started;
    try {
      expect(a.url).not.toBe(b.url);
      expect(await tableNames(a.url)).toEqual(['Author', 'Note', 'Tag', '_prisma_migrations']);
      await query(a.url, `INSERT INTO "Tag" ("id", "label") VALUES ('t', 'only in a')`);
      expect(await query(b.url, 'SELECT count(*) AS n FROM "Tag"')).toEqual([{ n: 0 }]);
      const boot = await applyMigrations({ migrationsDir, url: a.url });
      expect(boot.applied).toEqual([]);
      console.info(
        `createTestDatabase ×2 (template cached): ${elapsed.toFixed(1)} ms; applyMigrations up to date: ${boot.durationMs.toFixed(1)} ms`,
      );
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
    expect(existsSync(a.filePath)).toBe(false);
  });
});
