import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyMigrations } from './apply.mjs';
import { readMigrationsDir } from './migrations-dir.mjs';

/**
 * One migrated template database per migrations directory (and content) per process; each test
 * database is a copy of it, so a suite pays for its migrations once.
 * @type {Map<string, Promise<string>>}
 */
const templates = new Map();
/** @type {Promise<string> | undefined} */
let scratchDir;

/**
 * @param {import('./index.js').CreateTestDatabaseOptions} options
 * @returns {Promise<import('./index.js').TestDatabase>}
 */
export async function createTestDatabase({ migrationsDir }) {
  const dir = resolve(migrationsDir);
  const onDisk = await readMigrationsDir(dir);
  const key = `${dir}\n${onDisk.migrations.map((m) => `${m.name}:${m.checksum}`).join('\n')}`;
  let template = templates.get(key);
  if (template === undefined) {
    template = buildTemplate(dir);
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  const templatePath = await template;
  const filePath = join(await scratch(), `test-${randomUUID()}.db`);
  await copyFile(templatePath, filePath);
  return {
    url: pathToFileURL(filePath).href,
    filePath,
    async cleanup() {
      await Promise.all(
        ['', '-journal', '-wal', '-shm'].map((suffix) =>
          rm(`${filePath}${suffix}`, { force: true }),
        ),
      );
    },
  };
}

/** @param {string} migrationsDir */
async function buildTemplate(migrationsDir) {
  const filePath = join(await scratch(), `template-${randomUUID()}.db`);
  await applyMigrations({ migrationsDir, url: pathToFileURL(filePath).href });
  return filePath;
}

function scratch() {
  scratchDir ??= mkdtemp(join(tmpdir(), 'shipyard-prisma-test-')).then((dir) => {
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  });
  return scratchDir;
}
