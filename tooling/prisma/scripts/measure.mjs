// Prints the costs that matter to the platform and to test suites:
//   node scripts/measure.mjs
// - boot: a fresh Node process importing @shipyard/prisma-tooling and applying migrations to an
//   up-to-date database (what apps/platform and apps/worker pay on every start);
// - createTestDatabase: the first call (migrates a template) and later calls (copy the template);
// - the schema-engine commands, for reference.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyMigrations, checkDrift, createMigration, createTestDatabase } from '../src/index.mjs';

const fixtures = fileURLToPath(new URL('../integration-tests/fixtures/notes/', import.meta.url));
const entry = pathToFileURL(fileURLToPath(new URL('../src/index.mjs', import.meta.url))).href;

const work = await mkdtemp(join(tmpdir(), 'shipyard-prisma-measure-'));
try {
  const schemaPath = join(work, 'prisma', 'schema.prisma');
  const migrationsDir = join(work, 'prisma', 'migrations');
  await mkdir(join(work, 'prisma'));
  await copyFile(join(fixtures, 'schema.v1.prisma'), schemaPath);
  let started = performance.now();
  await createMigration({ schemaPath, name: 'init' });
  const firstCreate = performance.now() - started;
  await copyFile(join(fixtures, 'schema.v2.prisma'), schemaPath);
  started = performance.now();
  await createMigration({ schemaPath, name: 'v2' });
  const secondCreate = performance.now() - started;
  started = performance.now();
  await checkDrift({ schemaPath });
  const drift = performance.now() - started;

  const url = pathToFileURL(join(work, 'app.db')).href;
  const fresh = await applyMigrations({ migrationsDir, url });

  const inProcess = [];
  for (let i = 0; i < 20; i += 1)
    inProcess.push((await applyMigrations({ migrationsDir, url })).durationMs);

  const script = `
    const t0 = performance.now();
    const { applyMigrations } = await import(${JSON.stringify(entry)});
    const t1 = performance.now();
    const r = await applyMigrations({ migrationsDir: ${JSON.stringify(migrationsDir)}, url: ${JSON.stringify(url)} });
    console.log(JSON.stringify({ importMs: t1 - t0, applyMs: r.durationMs, totalMs: performance.now() - t0, applied: r.applied.length }));
  `;
  const boots = [];
  for (let i = 0; i < 5; i += 1) {
    boots.push(
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
      ),
    );
  }

  started = performance.now();
  const first = await createTestDatabase({ migrationsDir });
  const firstTestDb = performance.now() - started;
  const copies = [];
  const databases = [first];
  for (let i = 0; i < 20; i += 1) {
    started = performance.now();
    databases.push(await createTestDatabase({ migrationsDir }));
    copies.push(performance.now() - started);
  }
  await Promise.all(databases.map((db) => db.cleanup()));

  const ms = (/** @type {number} */ value) => `${value.toFixed(1)} ms`;
  const median = (/** @type {number[]} */ values) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  console.log(`createMigration (first, loads the wasm engine): ${ms(firstCreate)}`);
  console.log(`createMigration (second, table redefinition): ${ms(secondCreate)}`);
  console.log(`checkDrift: ${ms(drift)}`);
  console.log(`applyMigrations, fresh database, 2 migrations: ${ms(fresh.durationMs)}`);
  console.log(`applyMigrations, up to date, in process (median of 20): ${ms(median(inProcess))}`);
  console.log(
    `boot in a new process, up to date (median of 5): import ${ms(median(boots.map((b) => b.importMs)))} + apply ${ms(median(boots.map((b) => b.applyMs)))}`,
  );
  console.log(`createTestDatabase, first call (migrates the template): ${ms(firstTestDb)}`);
  console.log(`createTestDatabase, later calls (median of 20): ${ms(median(copies))}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
