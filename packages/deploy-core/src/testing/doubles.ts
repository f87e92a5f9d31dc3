import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import type { DatabaseProvider, HostingProvider, TDatabaseConnection } from '../providers/types';

/**
 * A database provider over real libSQL files in a temporary folder (`libsql-files`), so schema,
 * seed and import run real SQL while a hosting provider is what is under test.
 */
export function libsqlFileDatabases(opts: { authToken?: string } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipyard-libsql-files-'));
  const clients = new Map<string, Client>();
  const provisioned: string[] = [];
  const client = (conn: TDatabaseConnection) => {
    let c = clients.get(conn.url);
    if (!c) clients.set(conn.url, (c = createClient({ url: conn.url })));
    return c;
  };
  const provider: DatabaseProvider = {
    identifier: 'libsql-files',
    label: 'libSQL files',
    dialect: 'sqlite',
    async provision({ name }) {
      provisioned.push(name);
      const url = `file:${path.join(dir, `${name}.db`)}`;
      return {
        provider: 'libsql-files',
        externalId: name,
        name,
        url,
        ...(opts.authToken ? { authToken: opts.authToken } : {}),
      };
    },
    async execute(conn, statements) {
      const results = await client(conn).batch(statements, 'write');
      return { rowsWritten: results.reduce((n, r) => n + r.rowsAffected, 0) };
    },
    async query(conn, sql, params) {
      return (await client(conn).execute({ sql, args: params })).rows.map((r) => ({ ...r }));
    },
    async countRows(conn, tables) {
      const out: Record<string, number> = {};
      for (const t of tables) {
        out[t] = Number(
          (await client(conn).execute(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0]!.n,
        );
      }
      return out;
    },
    async remove(conn) {
      client(conn).close();
      clients.delete(conn.url);
      rmSync(conn.url.slice('file:'.length), { force: true });
    },
  };
  return {
    provider,
    provisioned,
    client,
    /** Closes every client and deletes the folder. */
    close() {
      clients.forEach((c) => c.close());
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A hosting provider (`memory`) that keeps what a real host would bind into the worker — the env
 * plus DATABASE_* — for suites where a database provider is what is under test.
 */
export function memoryHosting() {
  const bound = new Map<string, Record<string, string>>();
  const removed: string[] = [];
  const provider: HostingProvider = {
    identifier: 'memory',
    label: 'Memory host',
    async deploy({ app, deploymentId, env, database }) {
      bound.set(app.slug, {
        ...env,
        ...(database
          ? {
              DATABASE_URL: database.url,
              ...(database.authToken ? { DATABASE_AUTH_TOKEN: database.authToken } : {}),
            }
          : {}),
      });
      return {
        providerDeploymentId: deploymentId,
        url: `http://health.test/${app.slug}/${deploymentId}`,
      };
    },
    async promote({ app }) {
      return { url: `https://${app.slug}.memory.test` };
    },
    liveUrl: (app) => `https://${app.slug}.memory.test`,
    async removeApp(app) {
      removed.push(app.slug);
    },
  };
  return { provider, bound, removed };
}

/**
 * The orchestrator's health-check fetch, answered by a fake vendor that serves its deployments.
 * It records each URL in `checked`, and a page containing "BROKEN" answers 500: how suites make
 * a deployment fail its health check.
 */
export function healthCheckThrough(
  serve: (url: string) => Response | Promise<Response>,
  checked: string[],
): typeof fetch {
  return (async (url: string | URL | Request) => {
    const target = String(url instanceof Request ? url.url : url);
    checked.push(target);
    const res = await serve(target);
    const body = await res.text();
    return new Response(body, { status: body.includes('BROKEN') ? 500 : res.status });
  }) as typeof fetch;
}
