import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { messageOf, PrismaToolingError } from './errors.mjs';
import { readMigrationsDir, toEngineMigrationList } from './migrations-dir.mjs';
import { readSchemaFiles } from './schema-files.mjs';
import { splitSqlStatements } from './sql-split.mjs';

const require = createRequire(import.meta.url);

/** @typedef {typeof import('@prisma/schema-engine-wasm/schema_engine_bg')} SchemaEngineModule */

/**
 * The wasm-bindgen glue holds one wasm instance per process: a second instantiation would swap
 * the memory under live engines. Kept on globalThis so that duplicate copies of this module
 * (two installs, test runners re-evaluating modules) share it.
 */
const ENGINE_KEY = Symbol.for('shipyard.prisma-tooling.schema-engine-wasm');

/**
 * Loads @prisma/schema-engine-wasm once per process. The package's entry imports the `.wasm`
 * file as an ES module, which Node cannot do, so we instantiate the binary ourselves and hand it
 * to the wasm-bindgen glue (`__wbg_set_wasm`, then `__wbindgen_start`), as its entry would.
 *
 * @returns {Promise<SchemaEngineModule>}
 */
export function loadSchemaEngineModule() {
  const registry = /** @type {{ [ENGINE_KEY]?: Promise<SchemaEngineModule> }} */ (globalThis);
  registry[ENGINE_KEY] ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    /** @type {SchemaEngineModule} */
    const glue = await import(pathToFileURL(gluePath).href);
    const bytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
    const { instance } = await wasmApi().instantiate(bytes, { './schema_engine_bg.js': glue });
    const exports = /** @type {{ __wbindgen_start(): void }} */ (instance.exports);
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return registry[ENGINE_KEY];
}

/**
 * The SQL that takes a database built by the committed migrations to the schema.
 * The engine replays the migrations into a scratch libSQL database (a temporary file, deleted
 * afterwards); the package's files and databases are not touched.
 *
 * @param {{ schemaPath: string, migrationsDir: string }} options
 * @returns {Promise<{ sql: string, migrations: import('./migrations-dir.mjs').MigrationsOnDisk }>}
 */
export async function diffMigrationsToSchema({ schemaPath, migrationsDir }) {
  const [files, migrations, glue] = await Promise.all([
    readSchemaFiles(schemaPath),
    readMigrationsDir(migrationsDir),
    loadSchemaEngineModule(),
  ]);
  /** @type {string[]} */
  const logs = [];
  const scratch = await mkdtemp(join(tmpdir(), 'shipyard-prisma-diff-'));
  let engine;
  try {
    const adapterFactory = bindMigrationAwareSqlAdapterFactory(scratchDatabases(scratch));
    engine = await glue.SchemaEngine.new(
      {
        datamodels: files.map(
          (file) => /** @type {[string, string]} */ ([file.path, file.content]),
        ),
      },
      (/** @type {string} */ line) => {
        if (logs.length < 200) logs.push(line);
      },
      adapterFactory,
    );
    const result = await engine.diff({
      from: { tag: 'migrations', ...toEngineMigrationList(migrations) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    // exitCode 2 means "non-empty diff"; 0 means the migrations already produce the schema.
    const sql = result.exitCode === 2 ? (result.stdout ?? '') : '';
    return { sql, migrations };
  } catch (error) {
    throw new PrismaToolingError(
      'SCHEMA_ENGINE_ERROR',
      `Prisma's schema engine could not compare ${schemaPath} with the migrations in ${migrationsDir}: ${engineMessage(error)}` +
        '\nFix the schema error above, or the failing migration it names, and run the command again.',
      { cause: error },
    );
  } finally {
    engine?.free();
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Prisma's libSQL adapter factory with two fixes for driving the schema engine:
 *
 * - Both databases are scratch files. The adapter's own shadow database is `:memory:`, and
 *   @libsql/client replaces its connection (so, an in-memory database) after a transaction.
 * - The engine replays each migration with `raw_cmd(script)`, which reaches the adapter as
 *   `executeRaw` — and libSQL's `execute` runs only the first statement of a script. Without the
 *   fix every migration after its first statement is silently skipped and the diff is wrong.
 *   Multi-statement commands without parameters therefore go to `executeScript`.
 *
 * @param {string} dir
 * @returns {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory}
 */
function scratchDatabases(dir) {
  const main = new PrismaLibSql({ url: pathToFileURL(join(dir, 'main.db')).href });
  const shadow = new PrismaLibSql({ url: pathToFileURL(join(dir, 'shadow.db')).href });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => runScriptsWhole(await main.connect()),
    connectToShadowDb: async () => runScriptsWhole(await shadow.connect()),
  };
}

/**
 * @template {import('@prisma/driver-adapter-utils').SqlDriverAdapter} Adapter
 * @param {Adapter} adapter
 * @returns {Adapter}
 */
function runScriptsWhole(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && splitSqlStatements(query.sql).length > 1) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/**
 * The engine's message without the Rust span trace it appends ("   0: sql_schema_connector::…").
 * @param {unknown} error
 */
function engineMessage(error) {
  const message = messageOf(error);
  const trace = message.search(/\n\s+0: /);
  return (trace === -1 ? message : message.slice(0, trace)).trim();
}

/**
 * Node's WebAssembly global; @types/node declares its types but not the value under our `lib`.
 * @returns {{ instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }> }}
 */
function wasmApi() {
  return /** @type {any} */ (globalThis).WebAssembly;
}
