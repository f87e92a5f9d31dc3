import { randomBytes } from 'node:crypto';
import type { TAppRef } from '@shipyard/deploy-core';
import pg from 'pg';

export { stepContext } from '@shipyard/deploy-core/testing';

/** The PostgreSQL server on this machine: 127.0.0.1:5432, user postgres, trust authentication. */
export const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export function uniqueName(prefix: string): string {
  return `${prefix}${process.pid}${randomBytes(3).toString('hex')}`;
}

export function app(slug: string): TAppRef {
  return { id: `app_${slug}`, orgId: 'org_1', slug };
}

export async function admin<T>(fn: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Connects as `user` to `database` and runs `sql`; returns the rows or the PostgreSQL error. */
export async function tryAs(user: string, password: string, database: string, sql: string) {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user, password, database });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query(sql);
    return { ok: true as const, rows };
  } catch (error) {
    return { ok: false as const, code: (error as { code?: string }).code, message: (error as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}
