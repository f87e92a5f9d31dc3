import { createRequire } from 'node:module';
import path from 'node:path';
import { createLibSqlAdapter, useWriteAheadLog, type TLibSqlOptions } from '@shipyard/core/libsql';
import { PrismaClient } from './generated/prisma/client';

export type EditorDb = PrismaClient;

export type TEditorDbOptions = TLibSqlOptions;

/**
 * ai-editor's own database (libSQL: `file:` embedded, `libsql://` or sqld at scale).
 *
 * Create ONE client per database per process and share it (router, runner, inline or in-process
 * workers): the adapter runs one statement or transaction at a time. A `file:` database may be
 * shared by several processes (platform and `apps/worker`): see `@shipyard/core/libsql`.
 */
export function createEditorDb(opts: TEditorDbOptions): EditorDb {
  const db = new PrismaClient({ adapter: createLibSqlAdapter(opts) });
  useWriteAheadLog(db, opts.url);
  return db;
}

/** Committed migrations; the host applies pending ones on boot. */
// Resolved through the package's own name, so it holds when a host bundles this module.
export const EDITOR_MIGRATIONS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@shipyard/ai-editor/package.json')),
  'prisma',
  'migrations',
);
