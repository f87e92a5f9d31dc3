import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/prisma/client';

export type DeployDb = PrismaClient;

/**
 * deploy-core's own database (libSQL: `file:` embedded, `libsql://` or sqld at scale). For `file:`
 * databases shared by the platform and workers, every connection waits up to `busyTimeoutMs` for
 * another process's write lock instead of failing at once, and the file is switched to WAL.
 */
export function createDeployDb(opts: {
  url: string;
  authToken?: string;
  busyTimeoutMs?: number;
}): DeployDb {
  const local = opts.url.startsWith('file:');
  const db = new PrismaClient({
    adapter: new PrismaLibSql({
      url: opts.url,
      ...(opts.authToken ? { authToken: opts.authToken } : {}),
      ...(local ? { timeout: opts.busyTimeoutMs ?? 10_000 } : {}),
    }),
  });
  if (local) void db.$queryRawUnsafe('PRAGMA journal_mode = WAL').catch(() => undefined);
  return db;
}

/** Committed migrations; the host applies pending ones on boot. */
// Resolved through the package's own name, so it holds when a host bundles this module.
export const DEPLOY_MIGRATIONS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@shipyard/deploy-core/package.json')),
  'prisma',
  'migrations',
);
