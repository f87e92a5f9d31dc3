import { AppError } from '@shipyard/core';
import type { DatabaseProvider, TDatabaseConnection, TProviderDefinition, TStepContext } from '@shipyard/deploy-core';
import type { Operation, ProjectListItem } from '@neondatabase/api-client';
import { createPostgresDataPlane, parsePostgresUrl, pgClientConfig, redactUrl } from '@shipyard/providers-postgres';
import { createNeonApi, sleep } from './api';
import { ZNeonOptionsSchema, type TNeonOptions } from './options';

const DONE = new Set(['finished', 'skipped', 'cancelled']);
const FAILED = new Set(['failed', 'error']);

export type NeonDatabases = DatabaseProvider;

/**
 * Neon serverless PostgreSQL: one Neon project per app database.
 *
 * - `provision` finds the project by name or creates it (region, PostgreSQL version, scale-to-zero
 *   through `default_endpoint_settings.suspend_timeout_seconds`, and a named database and owner
 *   role), waits for its create operations, and returns the connection URI. Neon project names
 *   are not unique, so a provision repeated after a crash finds the first one instead of making
 *   a second.
 * - Schema and data go through node-postgres in one transaction; the dialect is `postgres`, so
 *   the orchestrator sends the PostgreSQL form of the app's schema.
 * - `remove` deletes the project (and with it every branch, compute and database).
 */
export function createNeonDatabases(input: TNeonOptions): NeonDatabases {
  const options = ZNeonOptionsSchema.parse(input);
  const api = createNeonApi(options);
  const { sdk } = api;
  const org = options.orgId ? { org_id: options.orgId } : {};

  const dataPlane = createPostgresDataPlane({
    label: 'Neon',
    describe: (conn) => {
      const parsed = parsePostgresUrl(conn.url);
      return parsed.ok ? `${parsed.url.host}/${parsed.url.database}` : conn.name;
    },
    async clientConfig(conn: TDatabaseConnection) {
      const parsed = parsePostgresUrl(conn.url);
      if (!parsed.ok) throw new AppError('INTERNAL', `The stored connection URI of ${conn.name} is not valid: ${parsed.message}`);
      // Neon's certificates are publicly trusted: its `sslmode=require` is checked as verify-full.
      const url = parsed.url.sslmode === 'require' ? { ...parsed.url, sslmode: 'verify-full' as const } : parsed.url;
      return pgClientConfig(url, { connectTimeoutMs: options.connectTimeoutMs, applicationName: 'shipyard' });
    },
  });

  async function findProject(name: string, ctx: TStepContext): Promise<ProjectListItem | null> {
    const { projects } = await api.call(
      { action: `look up the project ${name}`, scope: 'read' },
      (req) => sdk.listProjects({ search: name, limit: 100, ...org }, req),
      ctx,
    );
    const matches = projects.filter((p) => p.name === name).sort((a, b) => a.created_at.localeCompare(b.created_at));
    if (matches.length > 1) ctx.log(`Neon has ${matches.length} projects named ${name}; using the oldest (${matches[0]!.id}).`);
    return matches[0] ?? null;
  }

  async function waitForOperations(projectId: string, ctx: TStepContext) {
    const deadline = Date.now() + options.operationTimeoutMs;
    for (let wait = options.pollIntervalMs; ; wait = Math.min(wait * 2, 5_000)) {
      const { operations } = await api.call(
        { action: `read the operations of project ${projectId}`, scope: 'read', resource: `the project ${projectId}` },
        (req) => sdk.listProjectOperations({ projectId, limit: 20 }, req),
        ctx,
      );
      const failed = operations.find((o: Operation) => FAILED.has(o.status));
      if (failed) {
        throw new AppError('PROVIDER_ERROR', `Neon could not finish setting up project ${projectId}: operation ${failed.action} ${failed.status}${failed.error ? ` (${failed.error})` : ''}. Delete the app's database and deploy again.`, {
          details: { provider: 'neon', projectId, operation: failed.id },
        });
      }
      if (operations.every((o: Operation) => DONE.has(o.status))) return;
      if (Date.now() > deadline) {
        throw new AppError('BUSY', `Neon is still setting up project ${projectId} after ${Math.round(options.operationTimeoutMs / 1000)} s. Deploy again in a few minutes: the project will be reused.`);
      }
      await sleep(wait, ctx.signal);
    }
  }

  async function connectionUri(projectId: string, ctx: TStepContext): Promise<string> {
    const { uri } = await api.call(
      { action: `get the connection URI of project ${projectId}`, scope: 'read', resource: `the database ${options.databaseName} (role ${options.roleName}) of project ${projectId}` },
      (req) => sdk.getConnectionUri({ projectId, database_name: options.databaseName, role_name: options.roleName, pooled: false }, req),
      ctx,
    );
    return uri;
  }

  async function provision({ name }: { name: string }, ctx: TStepContext): Promise<TDatabaseConnection> {
    const existing = await findProject(name, ctx);
    let projectId: string;
    let uri: string | undefined;
    if (existing) {
      projectId = existing.id;
      ctx.log(`Reusing the Neon project ${name} (${projectId}).`);
    } else {
      const created = await api.call(
        { action: `create the project ${name} in ${options.regionId}`, scope: 'projects' },
        (req) =>
          sdk.createProject(
            {
              project: {
                name,
                region_id: options.regionId,
                pg_version: options.pgVersion,
                ...org,
                default_endpoint_settings: { suspend_timeout_seconds: options.suspendTimeoutSeconds },
                branch: { database_name: options.databaseName, role_name: options.roleName },
              },
            },
            req,
          ),
        {
          ...ctx,
          // A create whose answer was lost may still have made the project: look before repeating it.
          recover: async () => {
            const found = await findProject(name, ctx);
            return found ? ({ project: found } as never) : undefined;
          },
        },
      );
      projectId = created.project.id;
      uri = created.connection_uris?.find((c) => c.connection_parameters.database === options.databaseName && c.connection_parameters.role === options.roleName)?.connection_uri;
      ctx.log(
        `Created the Neon project ${name} (${projectId}) in ${options.regionId}, PostgreSQL ${options.pgVersion}, ` +
          `${options.suspendTimeoutSeconds === -1 ? 'never suspends' : `scales to zero after ${options.suspendTimeoutSeconds || 300} s idle`}.`,
      );
    }
    await waitForOperations(projectId, ctx);
    const url = uri ?? (await connectionUri(projectId, ctx));
    api.secrets.push(url);
    ctx.log(`Database ${options.databaseName} on ${redactUrl(url).replace(/^.*@/, '')}.`);
    return { provider: 'neon', externalId: projectId, name, url };
  }

  async function remove(conn: TDatabaseConnection, ctx: TStepContext) {
    const result = await api.call(
      { action: `delete the project ${conn.name} (${conn.externalId})`, scope: 'projects', resource: `the project ${conn.externalId}` },
      (req) => sdk.deleteProject(conn.externalId, req),
      { ...ctx, handle: (status) => (status === 404 ? null : undefined) },
    );
    ctx.log(result === null ? `The Neon project ${conn.externalId} was already deleted.` : `Deleted the Neon project ${conn.name} (${conn.externalId}).`);
  }

  return {
    identifier: 'neon',
    label: 'Neon',
    dialect: 'postgres',
    provision,
    execute: (conn, statements, ctx) => dataPlane.execute(conn, statements, ctx),
    query: (conn, sql, params) => dataPlane.query(conn, sql, params),
    countRows: (conn, tables) => dataPlane.countRows(conn, tables),
    remove,
  };
}

export const neonDatabases: TProviderDefinition<typeof ZNeonOptionsSchema, NeonDatabases> = {
  identifier: 'neon',
  optionsSchema: ZNeonOptionsSchema,
  create: createNeonDatabases,
};
