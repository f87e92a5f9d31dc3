import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { libsqlAuthTokenFromEnv } from './env.mjs';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  defaultMigrationsDir,
  generateClient,
  isPrismaToolingError,
} from './index.mjs';

const USAGE = `Usage: shipyard-prisma <command> [options]

Commands:
  generate --schema <path>                     Generate the Prisma client (offline)
  migrate new --schema <path> --name <name>    Create a migration from schema changes
  migrate deploy --schema <path> [--url <url>] [--auth-token <token>]
                                               Apply pending migrations. Default URL:
                                               file:<repo>/.data/<package-dir>.db
  check [--schema <path>]                      Fail if a schema changed without a migration
                                               (all apps/*/ and packages/*/ schemas by default)

Options:
  --migrations <dir>   Migrations directory (default: migrations/ beside the schema)
  -h, --help           Show this help
`;

class UsageError extends Error {}

/** @type {import('./index.js').ProgressLogger} */
const logger = { info: (message) => console.log(message) };

/**
 * @param {string[]} argv
 * @returns {Promise<number>} the exit code
 */
export async function main(argv) {
  // `pnpm run x -- --name y` may or may not forward the `--`; it never means anything here.
  const args = argv.filter((arg) => arg !== '--');
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        schema: { type: 'string' },
        name: { type: 'string' },
        url: { type: 'string' },
        'auth-token': { type: 'string' },
        migrations: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError(/** @type {Error} */ (error).message);
  }
  const { values, positionals } = parsed;
  const [command, subcommand, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  try {
    switch (command) {
      case 'generate':
        expectNoExtra(extra, subcommand);
        await generateClient({
          schemaPath: requireOption(values.schema, '--schema', 'generate'),
          logger,
        });
        return 0;
      case 'migrate':
        if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(' ')}`);
        if (subcommand === 'new') return await migrateNew(values);
        if (subcommand === 'deploy') return await migrateDeploy(values);
        throw new UsageError(
          subcommand === undefined
            ? '`migrate` needs a subcommand: `migrate new` or `migrate deploy`.'
            : `Unknown subcommand \`migrate ${subcommand}\`; use \`migrate new\` or \`migrate deploy\`.`,
        );
      case 'check':
        expectNoExtra(extra, subcommand);
        return await check(values);
      default:
        throw new UsageError(`Unknown command \`${command}\`.`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    if (isPrismaToolingError(error)) {
      console.error(`shipyard-prisma: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/**
 * @typedef {{ schema?: string, name?: string, url?: string, 'auth-token'?: string, migrations?: string }} Options
 */

/** @param {Options} values */
async function migrateNew(values) {
  const schemaPath = requireOption(values.schema, '--schema', 'migrate new');
  const name = requireOption(values.name, '--name', 'migrate new');
  const created = await createMigration({
    schemaPath,
    name,
    migrationsDir: values.migrations,
    logger,
  });
  if (created === null) return 0;
  console.log(created.sql.trimEnd());
  return 0;
}

/** @param {Options} values */
async function migrateDeploy(values) {
  const schemaPath = requireOption(values.schema, '--schema', 'migrate deploy');
  const migrationsDir = values.migrations ?? defaultMigrationsDir(schemaPath);
  const url = values.url ?? (await defaultDatabaseUrl(schemaPath));
  const authToken = values['auth-token'] ?? libsqlAuthTokenFromEnv();
  const result = await applyMigrations({ migrationsDir, url, authToken, logger });
  const where = redactUrl(url);
  if (result.applied.length === 0) {
    console.log(`${where} is up to date (${result.alreadyApplied.length} migrations).`);
  } else {
    console.log(
      `Applied ${result.applied.length} migration${result.applied.length === 1 ? '' : 's'} to ${where} in ${Math.round(result.durationMs)} ms.`,
    );
  }
  return 0;
}

/** @param {Options} values */
async function check(values) {
  const root = findRepoRoot(process.cwd());
  const schemas = values.schema ? [resolve(values.schema)] : await findSchemas(root);
  if (schemas.length === 0) {
    console.log(`No schemas under ${root}/apps/*/prisma or ${root}/packages/*/prisma.`);
    return 0;
  }
  /** @type {string[]} */
  const drifted = [];
  for (const schemaPath of schemas) {
    const label = relative(root, schemaPath) || schemaPath;
    try {
      const sql = await checkDrift({
        schemaPath,
        migrationsDir: values.schema ? values.migrations : undefined,
      });
      if (sql === '') {
        console.log(`ok       ${label}`);
        continue;
      }
      drifted.push(label);
      console.log(`CHANGED  ${label} — the schema changed without a migration. It needs:`);
      console.log(indent(firstLines(sql.trimEnd(), 30)));
      console.log(`  Create the migration with:\n    ${migrateNewCommand(root, schemaPath)}`);
    } catch (error) {
      if (!isPrismaToolingError(error)) throw error;
      drifted.push(label);
      console.log(`ERROR    ${label}: ${error.message}`);
    }
  }
  if (drifted.length > 0) {
    console.error(
      `\n${drifted.length} schema${drifted.length === 1 ? '' : 's'} out of step with ${drifted.length === 1 ? 'its' : 'their'} migrations: ${drifted.join(', ')}`,
    );
    return 1;
  }
  return 0;
}

/**
 * The exact command to create the missing migration: the package's own script when it has one.
 * @param {string} root
 * @param {string} schemaPath
 */
function migrateNewCommand(root, schemaPath) {
  const packageDir = packageDirOf(schemaPath);
  const manifestPath = join(packageDir, 'package.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (typeof manifest.name === 'string' && manifest.scripts?.['db:migrate:new']) {
      return `pnpm --filter ${manifest.name} db:migrate:new -- --name <name>`;
    }
  }
  return `pnpm exec shipyard-prisma migrate new --schema ${relative(root, schemaPath)} --name <name>`;
}

/** @param {string} root */
async function findSchemas(root) {
  /** @type {string[]} */
  const schemas = [];
  for (const group of ['apps', 'packages']) {
    const entries = await readdir(join(root, group), { withFileTypes: true }).catch(() => []);
    for (const entry of entries
      .filter((e) => e.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const schema = join(root, group, entry.name, 'prisma', 'schema.prisma');
      if (existsSync(schema)) schemas.push(schema);
    }
  }
  return schemas;
}

/**
 * `file:<repo>/.data/<package-dir>.db`, creating `.data/`.
 * @param {string} schemaPath
 */
async function defaultDatabaseUrl(schemaPath) {
  const packageDir = packageDirOf(resolve(schemaPath));
  const dataDir = join(findRepoRoot(packageDir), '.data');
  await mkdir(dataDir, { recursive: true });
  return pathToFileURL(join(dataDir, `${basename(packageDir)}.db`)).href;
}

/**
 * `<pkg>` for `<pkg>/prisma/schema.prisma` (or a `<pkg>/prisma/` schema folder).
 * @param {string} schemaPath
 */
function packageDirOf(schemaPath) {
  const schemaDir = schemaPath.endsWith('.prisma') ? dirname(schemaPath) : schemaPath;
  return basename(schemaDir) === 'prisma' ? dirname(schemaDir) : schemaDir;
}

/**
 * The nearest directory holding pnpm-workspace.yaml, else `from` itself.
 * @param {string} from
 */
function findRepoRoot(from) {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/**
 * Drops credentials and query parameters (which may carry an auth token) before printing.
 * @param {string} url
 */
function redactUrl(url) {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.href;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

/**
 * @param {string | undefined} value
 * @param {string} flag
 * @param {string} command
 * @returns {string}
 */
function requireOption(value, flag, command) {
  if (value === undefined || value === '')
    throw new UsageError(`\`${command}\` needs ${flag} <value>.`);
  return value;
}

/**
 * @param {string[]} extra
 * @param {string | undefined} subcommand
 */
function expectNoExtra(extra, subcommand) {
  const unexpected = [subcommand, ...extra].filter((value) => value !== undefined);
  if (unexpected.length > 0) throw new UsageError(`Unexpected argument: ${unexpected.join(' ')}`);
}

/** @param {string} message */
function usageError(message) {
  console.error(`shipyard-prisma: ${message}\n\n${USAGE}`);
  return 2;
}

/** @param {string} text */
function indent(text) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * @param {string} text
 * @param {number} count
 */
function firstLines(text, count) {
  const lines = text.split('\n');
  if (lines.length <= count) return text;
  return [...lines.slice(0, count), `… (${lines.length - count} more lines)`].join('\n');
}
