import type {
  DatabaseProvider,
  HostingProvider,
  TAppRef,
  TDatabaseConnection,
  TProviderDefinition,
} from '@shipyard/deploy-core';
import { request } from 'node:http';
import { DATABASE_ENV, withDatabaseEnv } from '@shipyard/deploy-core/provider-kit';
import { z } from 'zod';
import type { TLocalHostControl } from '../control/index.js';

/**
 * deploy-core providers backed by the local host: hosting runs the app in workerd, and the
 * app's database is the host's own D1 (SQLite) for that app, so `env.DB` in the app and the
 * deploy steps see the same data.
 */
export const ZLocalProviderOptionsSchema = z.object({
  /** `hostControl(createLocalHost(…))` in-process, or `createLocalHostClient(…)` for a host in another process. */
  host: z.custom<TLocalHostControl>(
    (v) => typeof v === 'object' && v !== null && 'deploy' in v,
    'a local host or host client',
  ),
});

/**
 * The env a deployment runs with. A remote database (Turso, Neon, …) reaches the app as
 * DATABASE_URL / DATABASE_AUTH_TOKEN, and the host then binds no D1 of its own (the worker's shim
 * builds `env.DB` from the URL); the host's own database is bound as `env.DB` directly, so those
 * names are not passed on for it.
 */
function databaseEnv(
  env: Record<string, string>,
  database: TDatabaseConnection | null,
  log: (message: string) => void,
): Record<string, string> {
  if (!database) return env;
  if (database.provider !== 'local') return withDatabaseEnv(env, database, log);
  const own = { ...env };
  for (const key of Object.values(DATABASE_ENV)) {
    if (!(key in own)) continue;
    log(`${key} is not passed on: the app's database is bound as env.DB on this host.`);
    delete own[key];
  }
  return own;
}

export function createLocalHostingProvider(host: TLocalHostControl): HostingProvider {
  return {
    identifier: 'local',
    label: 'This machine (workerd)',
    async deploy({ app, deploymentId, artifact, env, database }, ctx) {
      // The host's ids become part of a host name: lower-case letters, digits and hyphens.
      const hostId = deploymentId
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 63);
      const result = await host.deploy({
        appSlug: app.slug,
        deploymentId: hostId,
        build: artifact,
        env: databaseEnv(env, database, ctx.log),
      });
      ctx.log(
        `Started in workerd in ${result.durationMs} ms (warm-up answered ${result.warmup.status}${result.reused ? ', reused' : ''}).`,
      );
      return { providerDeploymentId: result.deploymentId, url: result.previewUrl };
    },
    async promote({ app, providerDeploymentId }) {
      const result = await host.promote(app.slug, providerDeploymentId);
      return { url: result.url };
    },
    liveUrl: (app: TAppRef) => host.appUrl(app.slug),
    // Node cannot resolve `*.localhost`; ask the host's front on loopback with the Host header.
    healthCheck: ({ hosted }, ctx) =>
      new Promise((resolve, reject) => {
        const url = new URL(hosted.url);
        const req = request(
          {
            host: '127.0.0.1',
            port: Number(url.port || 80),
            path: url.pathname || '/',
            method: 'GET',
            headers: { host: url.host },
            signal: ctx.signal,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          },
        );
        req.on('error', reject);
        req.end();
      }),
    async removeApp(app) {
      await host.remove(app.slug);
    },
    async addDomain({ app, domain }) {
      await host.addDomain(app.slug, domain);
    },
    async removeDomain({ domain }) {
      await host.removeDomain(domain);
    },
    async requestLogs(app, limit) {
      return (await host.logs(app.slug, { limit })).requests.map((r) => ({
        at: r.at,
        method: r.method,
        path: r.path,
        status: r.status,
        durationMs: r.durationMs,
        ...(r.error ? { error: r.error } : {}),
      }));
    },
  };
}

function slugOf(db: TDatabaseConnection): string {
  return db.externalId;
}

export function createLocalDatabaseProvider(host: TLocalHostControl): DatabaseProvider {
  return {
    identifier: 'local',
    label: 'SQLite on this machine (D1)',
    dialect: 'sqlite',
    async provision({ app, name }) {
      const status = await host.ensureApp(app.slug);
      return { provider: 'local', externalId: app.slug, name, url: `file:${status.database.path}` };
    },
    async execute(db, statements) {
      if (!statements.length) return { rowsWritten: 0 };
      const result = await host.dbExec(
        slugOf(db),
        statements.map((s) => `${s.replace(/;\s*$/, '')};`).join('\n'),
      );
      return { rowsWritten: result.rowsWritten };
    },
    async query(db, sql, params) {
      return host.dbQuery(slugOf(db), sql, params);
    },
    async countRows(db, tables) {
      const out: Record<string, number> = {};
      for (const table of tables) {
        const rows = await host.dbQuery(
          slugOf(db),
          `SELECT COUNT(*) AS n FROM "${table.replace(/"/g, '""')}"`,
        );
        out[table] = Number(rows[0]?.n ?? 0);
      }
      return out;
    },
    async remove() {
      // The database goes with the app: `removeApp` deletes both. Nothing is left behind.
    },
  };
}

export const localHosting: TProviderDefinition<
  typeof ZLocalProviderOptionsSchema,
  HostingProvider
> = {
  identifier: 'local',
  optionsSchema: ZLocalProviderOptionsSchema,
  create: ({ host }) => createLocalHostingProvider(host),
};

export const localDatabase: TProviderDefinition<
  typeof ZLocalProviderOptionsSchema,
  DatabaseProvider
> = {
  identifier: 'local',
  optionsSchema: ZLocalProviderOptionsSchema,
  create: ({ host }) => createLocalDatabaseProvider(host),
};
