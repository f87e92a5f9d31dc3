import { createRequire } from 'node:module';
import path from 'node:path';
import { createLibSqlAdapter, useWriteAheadLog } from '@shipyard/core/libsql';
import { PrismaClient } from './generated/prisma/client';

export type DeployDb = PrismaClient;

/**
 * deploy-core's own database (libSQL: `file:` embedded, `libsql://` or sqld at scale). A `file:`
 * database may be shared by the platform and workers: see `@shipyard/core/libsql`.
 */
export function createDeployDb(opts: {
  url: string;
  authToken?: string;
  busyTimeoutMs?: number;
}): DeployDb {
  const db = new PrismaClient({ adapter: createLibSqlAdapter(opts) });
  useWriteAheadLog(db, opts.url);
  return db;
}

/** Committed migrations; the host applies pending ones on boot. */
// Resolved through the package's own name, so it holds when a host bundles this module.
export const DEPLOY_MIGRATIONS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@shipyard/deploy-core/package.json')),
  'prisma',
  'migrations',
);
