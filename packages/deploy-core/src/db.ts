import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/prisma/client';

export type DeployDb = PrismaClient;

/** deploy-core's own database (libSQL: `file:` embedded, `libsql://` or sqld at scale). */
export function createDeployDb(opts: { url: string; authToken?: string }): DeployDb {
  return new PrismaClient({
    adapter: new PrismaLibSql({ url: opts.url, authToken: opts.authToken }),
  });
}

/** Committed migrations; the host applies pending ones on boot. */
// Resolved through the package's own name, so it holds when a host bundles this module.
export const DEPLOY_MIGRATIONS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@shipyard/deploy-core/package.json')),
  'prisma',
  'migrations',
);
