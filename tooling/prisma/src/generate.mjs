import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prismaCliEnv } from './env.mjs';
import { PrismaToolingError } from './errors.mjs';
import { readSchemaFiles } from './schema-files.mjs';

const require = createRequire(import.meta.url);
const EMPTY_CONFIG = fileURLToPath(new URL('./prisma.config.mjs', import.meta.url));

/**
 * Runs `prisma generate` for one schema, offline.
 *
 * @param {import('./index.js').GenerateClientOptions} options
 * @returns {Promise<import('./index.js').GenerateClientResult>}
 */
export async function generateClient({ schemaPath, logger }) {
  const startedAt = performance.now();
  const schema = resolve(schemaPath);
  const files = await readSchemaFiles(schema);
  const cli = require.resolve('prisma/build/index.js');
  const args = [cli, 'generate', '--schema', schema, '--config', EMPTY_CONFIG];
  const { code, output } = await run(process.execPath, args, dirname(schema));
  if (code !== 0) {
    throw new PrismaToolingError(
      'GENERATE_FAILED',
      `prisma generate failed for ${schema} (exit code ${code}):\n${output.trim()}\nFix the schema error above and run again.`,
    );
  }
  const outputDir = generatorOutput(files);
  logger?.info(`Generated Prisma client for ${schemaPath}${outputDir ? ` in ${outputDir}` : ''}`);
  return { schemaPath: schema, outputDir, durationMs: performance.now() - startedAt };
}

/**
 * The absolute output directory of the `prisma-client` generator, as the schema declares it.
 * @param {{ path: string, content: string }[]} files
 * @returns {string | null}
 */
function generatorOutput(files) {
  for (const file of files) {
    for (const block of file.content.matchAll(/generator\s+\w+\s*\{([^}]*)\}/g)) {
      const body = block[1] ?? '';
      const output = /^\s*output\s*=\s*"([^"]+)"/m.exec(body)?.[1];
      if (output !== undefined) return resolve(dirname(file.path), output);
    }
  }
  return null;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(command, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: prismaCliEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}
