import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from '../generated/prisma/client';

export type TPlatformDb = PrismaClient;

/** The platform database client (Prisma over libSQL: `file:` locally, `libsql://` for Turso/sqld). */
export function createPlatformDb(url: string): TPlatformDb {
  return new PrismaClient({ adapter: new PrismaLibSql({ url }) });
}
