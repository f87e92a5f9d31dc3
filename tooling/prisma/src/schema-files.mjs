import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PrismaToolingError } from './errors.mjs';

/**
 * Reads a schema file, or every `.prisma` file under a schema folder.
 * @param {string} schemaPath
 * @returns {Promise<{ path: string, content: string }[]>}
 */
export async function readSchemaFiles(schemaPath) {
  let info;
  try {
    info = await stat(schemaPath);
  } catch {
    throw new PrismaToolingError(
      'SCHEMA_NOT_FOUND',
      `Prisma schema not found at ${schemaPath}. Pass the path of the package's prisma/schema.prisma.`,
    );
  }
  if (info.isFile()) return [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }];
  const entries = await readdir(schemaPath, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(schemaPath, file).split(/[\\/]/).includes('migrations'))
    .sort();
  if (files.length === 0) {
    throw new PrismaToolingError('SCHEMA_NOT_FOUND', `No .prisma files under ${schemaPath}.`);
  }
  return Promise.all(
    files.map(async (file) => ({ path: file, content: await readFile(file, 'utf8') })),
  );
}
