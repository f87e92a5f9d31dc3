import { fileURLToPath } from 'node:url';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/prisma/client';

export type DeployDb = PrismaClient;

/** deploy-core's own database (libSQL: `file:` embedded, `libsql://` or sqld at scale). */
export function createDeployDb(opts: { url: string; authToken?: string }): DeployDb {
  return new PrismaClient({ adapter: new PrismaLibSql({ url: opts.url, authToken: opts.authToken }) });
}

/** Committed migrations; the host applies pending ones on boot. */
export const DEPLOY_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
