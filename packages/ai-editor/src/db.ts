import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/prisma/client';

export type EditorDb = PrismaClient;

export interface TEditorDbOptions {
  /** `file:` (embedded), `libsql://` (Turso, sqld) or `http(s)://` URL. */
  url: string;
  authToken?: string;
  /**
   * `file:` only: how long a statement waits for another process's write lock before failing
   * with SQLITE_BUSY (default 10 s). libSQL's own default is to fail at once.
   */
  busyTimeoutMs?: number;
}

/**
 * ai-editor's own database (libSQL: `file:` embedded, `libsql://` or sqld at scale).
 *
 * Create ONE client per database per process and share it (router, runner, inline or in-process
 * workers): the adapter runs one statement or transaction at a time. For `file:` databases
 * shared by several processes (platform and `apps/worker`), each connection waits up to
 * `busyTimeoutMs` for a lock instead of failing with SQLITE_BUSY, and the database is switched
 * to WAL so reads are not blocked by another process's write.
 */
export function createEditorDb(opts: TEditorDbOptions): EditorDb {
  const local = opts.url.startsWith('file:');
  const busyTimeoutMs = opts.busyTimeoutMs ?? 10_000;
  const db = new PrismaClient({
    adapter: new PrismaLibSql({
      url: opts.url,
      ...(opts.authToken ? { authToken: opts.authToken } : {}),
      // `timeout` is libSQL's busy timeout, applied to every connection the client opens —
      // including the new one it opens after each transaction, which a one-off
      // `PRAGMA busy_timeout` would miss.
      ...(local ? { timeout: busyTimeoutMs } : {}),
    }),
  });
  // WAL is a property of the database file: set once, it stays. Queued first, so it runs before
  // the host's first query. Best effort: if another process holds the database at this moment,
  // the file keeps its current mode (still correct, only less concurrent) until the next start.
  if (local) void db.$queryRawUnsafe('PRAGMA journal_mode = WAL').catch(() => undefined);
  return db;
}

/** Committed migrations; the host applies pending ones on boot. */
// Resolved through the package's own name, so it holds when a host bundles this module.
export const EDITOR_MIGRATIONS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@shipyard/ai-editor/package.json')),
  'prisma',
  'migrations',
);
