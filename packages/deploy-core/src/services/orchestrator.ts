import { randomUUID } from 'node:crypto';
import { AppError, type Logger } from '@shipyard/core';
import type { Keyring } from '@shipyard/core/crypto';
import type { DeployDb } from '../db';
import { sleep as sleepOrAbort } from '../providers/kit/retry';
import {
  assertDatabaseReachable,
  type ProviderRegistry,
  type TProviderLookup,
} from '../providers/registry';
import type {
  DatabaseProvider,
  TAppRef,
  TBuildArtifact,
  TDatabaseConnection,
  THostedDeployment,
  TStepContext,
} from '../providers/types';
import { parseShipyardJson, type TShipyardJson } from './build/index.js';
import { declaredColumns } from './schema/index.js';
import { insertIgnoringDuplicate, prepareData, prepareSchema, quoteIdentifier } from './sql';
import {
  TERMINAL_DEPLOY_STATUSES,
  WEB_DEPLOY_STEPS,
  type TDeployStatus,
  type TDeployStepName,
} from './steps';

/** The source of one deployment: the project's files at a version, and optional preview data. */
export interface TAppSource {
  files: Record<string, string>;
}

export interface TDeployOptions {
  hostingProvider: string;
  databaseProvider: string | null;
  importPreviewData: boolean;
}

export interface TOrchestratorDeps {
  db: DeployDb;
  keyring: Keyring;
  providers: ProviderRegistry;
  logger: Logger;
  /** Loads a project's files at a version (the host composes this from ai-editor). */
  loadSource(input: { orgId: string; projectId: string; versionId: string }): Promise<TAppSource>;
  /** The deploy build: files → static assets + `_worker.js`. Must be deterministic. */
  build(files: Record<string, string>): Promise<TBuildArtifact>;
  fetch?: typeof fetch;
  now?: () => Date;
  /** How long a deploy holds its app's lease without renewing it (a crashed worker's lease expires). */
  leaseMs?: number;
  healthCheckTimeoutMs?: number;
  /** How long a queued deploy waits for an earlier deploy of the same app. */
  queueWaitMs?: number;
}

export interface TRunOptions {
  signal?: AbortSignal;
  onProgress?: (update: { percent: number; message: string }) => void | Promise<void>;
  /** Which worker runs it (for logs). */
  workerId?: string;
}

type TStepState = Record<string, unknown>;

interface TRunState {
  deploymentId: string;
  app: TAppRef & { projectId: string; hostingProvider: string; databaseProvider: string | null };
  /** The providers of the app's org. */
  providers: TProviderLookup;
  options: TDeployOptions;
  sourceVersionId: string;
  source?: TAppSource;
  manifest?: TShipyardJson;
  artifact?: TBuildArtifact;
  database?: TDatabaseConnection | null;
  env?: Record<string, string>;
  hosted?: THostedDeployment;
}

const IMPORT_MARKER_TABLE = '_shipyard_imports';

/**
 * Runs a deployment's steps in order, recording each. Safe to run again after a crash at any
 * point: succeeded steps are skipped, a step that was running is repeated (every step is
 * idempotent), and only `promote` changes what is live — so a failed deploy leaves the
 * previous one serving.
 */
export function createOrchestrator(deps: TOrchestratorDeps) {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? 30_000;
  const doFetch = deps.fetch ?? fetch;
  const db = deps.db;

  async function log(deploymentId: string, step: string | null, message: string, level = 'info') {
    await db.deployLog.create({ data: { deploymentId, step, message, level } });
  }

  /**
   * Takes the app's lease for one run of a deployment. Deployments of an app run in the order
   * they were created; the lease is held by one run (`owner`), renewed while it works, and
   * expires if its worker dies — so a crashed run's deployment resumes on another worker once
   * the lease lapses, and a second run of the same deployment (a job redelivered while its first
   * worker was only stalled) waits instead of running the steps twice.
   *
   * Returns false when the wait ended without the lease because another run of this deployment
   * still holds it: that run owns the deployment, and this one must not touch it.
   */
  async function acquireLease(
    appId: string,
    deploymentId: string,
    owner: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    const deadline = Date.now() + (deps.queueWaitMs ?? 15 * 60_000);
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      const mine = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
      const earlier = await db.deployment.count({
        where: {
          appId,
          status: { in: ['queued', 'running'] },
          createdAt: { lt: mine.createdAt },
          id: { not: deploymentId },
        },
      });
      if (earlier === 0) {
        const t = now();
        const { count } = await db.deployedApp.updateMany({
          where: { id: appId, OR: [{ lockedBy: null }, { lockedUntil: { lt: t } }] },
          data: { lockedBy: owner, lockedUntil: new Date(t.getTime() + leaseMs) },
        });
        if (count === 1) return true;
      }
      if (signal.aborted) throw cancelled();
      if (Date.now() > deadline) {
        const app = await db.deployedApp.findUnique({ where: { id: appId } });
        if (app?.lockedBy?.startsWith(`${deploymentId}#`)) return false;
        throw new AppError(
          'BUSY',
          'Another deployment of this app is still running. Try again when it finishes.',
        );
      }
      await sleep(wait, signal);
    }
  }

  /** Renews the lease while the run works; calls `onLost` if another run took it over. */
  function startLeaseRenewal(appId: string, owner: string, onLost: () => void) {
    const timer = setInterval(
      () => {
        const t = now();
        db.deployedApp
          .updateMany({
            where: { id: appId, lockedBy: owner },
            data: { lockedUntil: new Date(t.getTime() + leaseMs) },
          })
          .then(({ count }) => {
            if (count === 0) onLost();
          })
          .catch((error: unknown) =>
            deps.logger.warn({ err: error, appId }, 'lease renewal failed; retrying'),
          );
      },
      Math.max(200, Math.floor(leaseMs / 3)),
    );
    timer.unref?.();
    return () => clearInterval(timer);
  }

  async function releaseLease(appId: string, owner: string) {
    await db.deployedApp.updateMany({
      where: { id: appId, lockedBy: owner },
      data: { lockedBy: null, lockedUntil: null },
    });
  }

  async function source(state: TRunState): Promise<TAppSource> {
    if (!state.source) {
      state.source = await deps.loadSource({
        orgId: state.app.orgId,
        projectId: state.app.projectId,
        versionId: state.sourceVersionId,
      });
    }
    return state.source;
  }

  async function manifest(state: TRunState): Promise<TShipyardJson> {
    if (!state.manifest)
      state.manifest = parseShipyardJson(new Map(Object.entries((await source(state)).files)));
    return state.manifest;
  }

  async function databaseConnection(state: TRunState): Promise<TDatabaseConnection | null> {
    if (state.database !== undefined) return state.database;
    const row = await db.appDatabase.findUnique({ where: { appId: state.app.id } });
    state.database = row
      ? {
          provider: row.provider,
          externalId: row.externalId,
          name: row.name,
          url: deps.keyring.decrypt(row.urlCiphertext, row.id),
          authToken: row.tokenCiphertext
            ? deps.keyring.decrypt(row.tokenCiphertext, row.id)
            : undefined,
        }
      : null;
    return state.database;
  }

  /** The connection as the deployed app gets it: with its provider's SQL gateway, if it has one. */
  function withSqlEndpoint(
    state: TRunState,
    conn: TDatabaseConnection | null,
  ): TDatabaseConnection | null {
    if (!conn) return null;
    const endpoint = state.providers
      .list('database')
      .find((p) => p.identifier === conn.provider)?.sqlEndpoint;
    return endpoint ? { ...conn, sqlEndpoint: endpoint } : conn;
  }

  function databaseProvider(state: TRunState): DatabaseProvider {
    if (!state.app.databaseProvider) {
      throw new AppError(
        'PRECONDITION_FAILED',
        'This app has a database schema but no database provider was chosen.',
      );
    }
    return state.providers.database(state.app.databaseProvider);
  }

  async function artifact(state: TRunState, expectedHash: string | null): Promise<TBuildArtifact> {
    if (!state.artifact) state.artifact = await deps.build((await source(state)).files);
    if (expectedHash && state.artifact.hash !== expectedHash) {
      throw new AppError(
        'CONFLICT',
        'The rebuilt app differs from the build this deployment recorded. Start a new deployment.',
      );
    }
    return state.artifact;
  }

  async function importMarked(
    provider: DatabaseProvider,
    conn: TDatabaseConnection,
    key: string,
    statements: string[],
    ctx: TStepContext,
    alsoMark: string[] = [],
  ): Promise<{ imported: boolean; rowsWritten: number }> {
    const marker = `CREATE TABLE IF NOT EXISTS ${IMPORT_MARKER_TABLE} (key TEXT PRIMARY KEY, imported_at TEXT NOT NULL)`;
    await provider.execute(conn, [marker], ctx);
    const done = await provider.query(
      conn,
      `SELECT key FROM ${IMPORT_MARKER_TABLE} WHERE key = ?`,
      [key],
    );
    if (done.length > 0) return { imported: false, rowsWritten: 0 };
    // The marker row is written in the same atomic batch as the data: a crash either keeps
    // both or neither, so a resumed import never doubles rows.
    const at = now().toISOString();
    const markers = [key, ...alsoMark].map((k) =>
      insertIgnoringDuplicate(provider.dialect, IMPORT_MARKER_TABLE, { key: k, imported_at: at }),
    );
    const { rowsWritten } = await provider.execute(conn, [...statements, ...markers], ctx);
    return { imported: true, rowsWritten: Math.max(0, rowsWritten - markers.length) };
  }

  /** `ALTER TABLE … ADD COLUMN` for each column the schema declares that an existing table lacks. */
  async function addedColumns(
    provider: DatabaseProvider,
    conn: TDatabaseConnection,
    schemaSql: string,
  ): Promise<string[]> {
    const statements: string[] = [];
    for (const [table, columns] of declaredColumns(schemaSql)) {
      const rows = await provider.query(
        conn,
        provider.dialect === 'sqlite'
          ? 'SELECT name FROM pragma_table_info(?)'
          : 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
        [table],
      );
      if (!rows.length) continue; // a new table: its CREATE TABLE makes it whole
      const existing = new Set(rows.map((r) => String(r.name).toLowerCase()));
      for (const column of columns) {
        if (existing.has(column.name.toLowerCase())) continue;
        if (column.notAddable) {
          throw new AppError(
            'PRECONDITION_FAILED',
            `The schema adds ${table}.${column.name}, but ${column.notAddable}. Change the column in the schema and deploy again; the previous version is still live.`,
          );
        }
        const target = provider.dialect === 'sqlite' ? column.sqlite : column.postgres;
        statements.push(`ALTER TABLE ${quoteIdentifier(table)} ADD COLUMN ${target}`);
      }
    }
    return statements;
  }

  type TStepRunner = (
    state: TRunState,
    ctx: TStepContext,
    previous: TStepState | null,
  ) => Promise<TStepState | 'skipped'>;

  const steps: Record<TDeployStepName, TStepRunner> = {
    async 'provision-database'(state, ctx) {
      const m = await manifest(state);
      if (!m.database) return 'skipped';
      const existing = await databaseConnection(state);
      if (existing) {
        ctx.log(`Using the app's database ${existing.name} (${existing.provider}).`);
        return { databaseName: existing.name, reused: true };
      }
      const provider = databaseProvider(state);
      assertDatabaseReachable(state.providers.hosting(state.app.hostingProvider), provider);
      const name = `sy-${state.app.slug}`;
      const conn = await provider.provision({ app: state.app, name }, ctx);
      const id = `adb_${state.app.id}`;
      await db.appDatabase.upsert({
        where: { appId: state.app.id },
        create: {
          id,
          appId: state.app.id,
          provider: provider.identifier,
          externalId: conn.externalId,
          name: conn.name,
          urlCiphertext: deps.keyring.encrypt(conn.url, id),
          tokenCiphertext: conn.authToken ? deps.keyring.encrypt(conn.authToken, id) : null,
        },
        update: {},
      });
      state.database = conn;
      ctx.log(`Created database ${conn.name} on ${provider.label}.`);
      return { databaseName: conn.name, reused: false };
    },

    async 'apply-schema'(state, ctx) {
      const m = await manifest(state);
      if (!m.database) return 'skipped';
      const conn = await databaseConnection(state);
      if (!conn) throw new AppError('INTERNAL', 'The database step did not record a database.');
      const provider = databaseProvider(state);
      const files = (await source(state)).files;
      const schemaSql = files[m.database.schema] ?? '';
      // Tables the database already has get the columns the schema added since (CREATE TABLE IF
      // NOT EXISTS leaves them as they were); in the same batch, so indexes on them work.
      const added = await addedColumns(provider, conn, schemaSql);
      const statements = [...added, ...prepareSchema(schemaSql, provider.dialect)];
      await provider.execute(conn, statements, ctx);
      ctx.log(
        `Applied ${statements.length} schema statement(s)${added.length ? `, adding ${added.length} column(s) to existing tables` : ''}.`,
      );
      return { statements: statements.length, addedColumns: added.length };
    },

    async 'import-data'(state, ctx) {
      const m = await manifest(state);
      if (!m.database) return 'skipped';
      const conn = await databaseConnection(state);
      if (!conn) throw new AppError('INTERNAL', 'The database step did not record a database.');
      const provider = databaseProvider(state);
      const src = await source(state);
      const schemaSql = src.files[m.database.schema] ?? '';
      if (state.options.importPreviewData) {
        const stored = await db.deploymentPreviewData.findUnique({
          where: { deploymentId: state.deploymentId },
        });
        const dump = stored?.sql ?? '';
        if (!dump.trim()) {
          ctx.log('No preview data to import.');
          return { imported: false };
        }
        const data = prepareData(dump, provider.dialect, schemaSql);
        // Preview data replaces what those tables held: it is the user's chosen starting point,
        // and the seed is never applied on top of it later.
        const statements = [
          ...data.tables.map((t) => `DELETE FROM ${quoteIdentifier(t)}`),
          ...data.statements,
        ];
        const result = await importMarked(
          provider,
          conn,
          `preview:${state.deploymentId}`,
          statements,
          ctx,
          ['seed'],
        );
        const counts = await provider.countRows(conn, data.tables);
        ctx.log(`Imported preview data: ${describeCounts(counts)}.`);
        return { imported: result.imported, rows: counts };
      }
      const seedPath = m.database.seed;
      const seed = seedPath ? (src.files[seedPath] ?? '') : '';
      if (!seed.trim()) return 'skipped';
      const data = prepareData(seed, provider.dialect, schemaSql);
      // Seed data goes in once per database, on its first deploy.
      const result = await importMarked(provider, conn, 'seed', data.statements, ctx);
      const counts = await provider.countRows(conn, data.tables);
      ctx.log(
        result.imported
          ? `Seeded the database: ${describeCounts(counts)}.`
          : 'Seed data already present.',
      );
      return { imported: result.imported, rows: counts };
    },

    async build(state, ctx) {
      const started = Date.now();
      const built = await artifact(state, null);
      ctx.log(
        `Built ${built.assets.size} asset(s)${built.worker ? ' and _worker.js' : ''} in ${Date.now() - started} ms (${built.hash.slice(0, 12)})${describeRuntime(built)}.`,
      );
      await db.deployment.update({
        where: { id: state.deploymentId },
        data: { artifactHash: built.hash },
      });
      return { hash: built.hash, assets: built.assets.size };
    },

    async 'set-environment'(state, ctx) {
      const m = await manifest(state);
      const rows = await db.envVar.findMany({ where: { appId: state.app.id } });
      const env: Record<string, string> = {};
      for (const row of rows) env[row.name] = deps.keyring.decrypt(row.valueCiphertext, row.id);
      const missing = (m.env ?? []).filter((v) => v.required && !env[v.name]).map((v) => v.name);
      if (missing.length) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `Set the required environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} before deploying.`,
          { details: { missing } },
        );
      }
      state.env = env;
      ctx.log(
        `${rows.length} environment variable(s) bound${rows.length ? `: ${rows.map((r) => r.name).join(', ')}` : ''}.`,
      );
      return { names: rows.map((r) => r.name) };
    },

    async upload(state, ctx, previous) {
      const recorded = await db.deployment.findUniqueOrThrow({ where: { id: state.deploymentId } });
      const built = await artifact(state, recorded.artifactHash);
      if (!state.env) await steps['set-environment'](state, { ...ctx, log: () => {} }, null);
      const hosting = state.providers.hosting(state.app.hostingProvider);
      const hosted = await hosting.deploy(
        {
          app: state.app,
          deploymentId: state.deploymentId,
          artifact: built,
          env: state.env ?? {},
          database: withSqlEndpoint(state, await databaseConnection(state)),
        },
        ctx,
      );
      state.hosted = hosted;
      ctx.log(`Uploaded to ${hosting.label}${previous ? ' (resumed)' : ''}.`);
      return { ...hosted };
    },

    async 'configure-domain'(state, ctx) {
      const domains = await db.domain.findMany({
        where: { appId: state.app.id, status: 'verified' },
      });
      if (!domains.length) return 'skipped';
      const hosting = state.providers.hosting(state.app.hostingProvider);
      if (!hosting.addDomain) {
        ctx.log(`${hosting.label} does not attach custom domains; skipped.`);
        return 'skipped';
      }
      for (const d of domains) await hosting.addDomain({ app: state.app, domain: d.name }, ctx);
      ctx.log(`Attached ${domains.map((d) => d.name).join(', ')}.`);
      return { domains: domains.map((d) => d.name) };
    },

    async 'health-check'(state, ctx) {
      const hosted =
        state.hosted ?? (await stepOutput<THostedDeployment>(state.deploymentId, 'upload'));
      if (!hosted)
        throw new AppError(
          'INTERNAL',
          'The upload step did not record where the deployment lives.',
        );
      const deadline = Date.now() + (deps.healthCheckTimeoutMs ?? 10_000);
      let last = '';
      for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
        try {
          const hosting = state.providers.hosting(state.app.hostingProvider);
          let status: number;
          if (hosting.healthCheck) {
            status = (await hosting.healthCheck({ app: state.app, hosted }, ctx)).status;
          } else {
            const res = await doFetch(hosted.url, { signal: ctx.signal, redirect: 'manual' });
            await res.arrayBuffer();
            status = res.status;
          }
          if (status >= 200 && status < 400) {
            ctx.log(`Health check passed: GET / → ${status}.`);
            return { status };
          }
          last = `GET / answered ${status}`;
        } catch (error) {
          if (ctx.signal.aborted) throw cancelled();
          last = error instanceof Error ? error.message : String(error);
        }
        if (Date.now() > deadline) {
          throw new AppError(
            'PROVIDER_ERROR',
            `The new deployment did not pass its health check (${last}). The previous version is still live; check the app's logs and fix the error, then deploy again.`,
          );
        }
        await sleep(wait, ctx.signal);
      }
    },

    async promote(state, ctx) {
      const hosted =
        state.hosted ?? (await stepOutput<THostedDeployment>(state.deploymentId, 'upload'));
      if (!hosted)
        throw new AppError(
          'INTERNAL',
          'The upload step did not record where the deployment lives.',
        );
      const hosting = state.providers.hosting(state.app.hostingProvider);
      const { url } = await hosting.promote(
        { app: state.app, providerDeploymentId: hosted.providerDeploymentId },
        ctx,
      );
      await db.$transaction([
        db.deployedApp.update({
          where: { id: state.app.id },
          data: { liveDeploymentId: state.deploymentId },
        }),
        db.deployment.update({ where: { id: state.deploymentId }, data: { url } }),
      ]);
      ctx.log(`Live at ${url}.`);
      return { url };
    },
  };

  async function stepOutput<T>(deploymentId: string, name: TDeployStepName): Promise<T | null> {
    const row = await db.deployStep.findUnique({
      where: { deploymentId_name: { deploymentId, name } },
    });
    return row?.output ? (JSON.parse(row.output) as T) : null;
  }

  /** Runs one step; a write that lost a race for the database lock is tried again (steps are idempotent). */
  async function runStep(
    def: (typeof WEB_DEPLOY_STEPS)[number],
    state: TRunState,
    ctx: TStepContext,
    previous: TStepState | null,
  ): Promise<TStepState | 'skipped'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await steps[def.name](state, ctx, previous);
      } catch (error) {
        if (attempt >= 4 || ctx.signal.aborted || !isDatabaseBusy(error)) throw error;
        deps.logger.warn(
          { deploymentId: state.deploymentId, step: def.name, attempt },
          'deploy database busy; repeating the step',
        );
        await sleep(100 * 2 ** attempt, ctx.signal);
      }
    }
  }

  async function run(
    deploymentId: string,
    opts: TRunOptions = {},
  ): Promise<{ status: TDeployStatus; url: string | null }> {
    const deployment = await db.deployment.findUnique({
      where: { id: deploymentId },
      include: { app: true },
    });
    if (!deployment) throw new AppError('NOT_FOUND', `Deployment ${deploymentId} does not exist.`);
    if ((TERMINAL_DEPLOY_STATUSES as readonly string[]).includes(deployment.status)) {
      return { status: deployment.status as TDeployStatus, url: deployment.url };
    }
    const current = async () => {
      const row = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
      return { status: row.status as TDeployStatus, url: row.url };
    };
    const appId = deployment.app.id;
    // Each run holds the lease under its own name; if another run takes it over (this worker
    // stalled past the lease), this run stops without writing anything more.
    const owner = `${deploymentId}#${randomUUID()}`;
    const leaseLost = new AbortController();
    const signal = opts.signal
      ? AbortSignal.any([opts.signal, leaseLost.signal])
      : leaseLost.signal;
    const cancelledByUser = () => opts.signal?.aborted === true;
    let leased = false;
    let stopRenewal = () => {};
    try {
      leased = await acquireLease(appId, deploymentId, owner, signal);
      if (!leased) {
        deps.logger.warn({ deploymentId }, 'another run of this deployment holds the app lease');
        return await current();
      }
      stopRenewal = startLeaseRenewal(appId, owner, () => leaseLost.abort());
      // Another run may have finished this deployment while this one waited for the lease.
      const now0 = await current();
      if ((TERMINAL_DEPLOY_STATUSES as readonly string[]).includes(now0.status)) return now0;

      const options = JSON.parse(deployment.options) as TDeployOptions;
      const state: TRunState = {
        deploymentId,
        options,
        sourceVersionId: deployment.sourceVersionId,
        providers: await deps.providers.forOrg(deployment.app.orgId),
        app: {
          id: appId,
          orgId: deployment.app.orgId,
          slug: deployment.app.slug,
          projectId: deployment.app.projectId,
          hostingProvider: deployment.app.hostingProvider,
          databaseProvider: deployment.app.databaseProvider,
        },
      };
      const claimed = await db.deployment.updateMany({
        where: { id: deploymentId, status: 'queued' },
        data: { status: 'running', startedAt: now() },
      });
      if (claimed.count === 0) {
        // Not queued any more: resumed after a crash (running), or closed meanwhile (cancelled).
        const latest = await current();
        if ((TERMINAL_DEPLOY_STATUSES as readonly string[]).includes(latest.status)) return latest;
      }
      await log(deploymentId, null, `Deploying${opts.workerId ? ` on ${opts.workerId}` : ''}.`);
      const rows = await db.deployStep.findMany({
        where: { deploymentId },
        orderBy: { position: 'asc' },
      });
      const totalWeight = WEB_DEPLOY_STEPS.reduce((n, s) => n + s.weight, 0);
      let doneWeight = 0;
      for (const def of WEB_DEPLOY_STEPS) {
        const row = rows.find((r) => r.name === def.name);
        if (!row) continue;
        if (row.status === 'succeeded' || row.status === 'skipped') {
          doneWeight += def.weight;
          continue;
        }
        if (signal.aborted) throw cancelled();
        const started = now();
        await db.deployStep.update({
          where: { id: row.id },
          data: { status: 'running', startedAt: started, attempts: { increment: 1 }, error: null },
        });
        await opts.onProgress?.({
          percent: Math.round((doneWeight / totalWeight) * 100),
          message: def.label,
        });
        const ctx: TStepContext = {
          signal,
          log: (message) => {
            void log(deploymentId, def.name, message).catch(() => undefined);
          },
        };
        try {
          const previous = row.output ? (JSON.parse(row.output) as TStepState) : null;
          const result = await runStep(def, state, ctx, previous);
          if (leaseLost.signal.aborted) throw cancelled();
          const finished = now();
          await db.deployStep.update({
            where: { id: row.id },
            data: {
              status: result === 'skipped' ? 'skipped' : 'succeeded',
              output: result === 'skipped' ? null : JSON.stringify(result),
              finishedAt: finished,
              durationMs: finished.getTime() - started.getTime(),
            },
          });
        } catch (error) {
          if (!leaseLost.signal.aborted) {
            const finished = now();
            const message = userMessage(error, cancelledByUser());
            await db.deployStep.update({
              where: { id: row.id },
              data: {
                status: 'failed',
                error: message,
                finishedAt: finished,
                durationMs: finished.getTime() - started.getTime(),
              },
            });
            await log(deploymentId, def.name, message, 'error');
          }
          throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
            deployStep: def.name,
          });
        }
        doneWeight += def.weight;
      }
      const finalRow = await db.deployment.update({
        where: { id: deploymentId },
        data: { status: 'succeeded', finishedAt: now(), error: null, errorStep: null },
      });
      await opts.onProgress?.({ percent: 100, message: 'Live' });
      return { status: 'succeeded', url: finalRow.url };
    } catch (error) {
      if (leaseLost.signal.aborted && !cancelledByUser()) {
        deps.logger.warn(
          { deploymentId },
          'another run took over the app lease; leaving the deployment to it',
        );
        return await current();
      }
      const isCancel = cancelledByUser();
      const message = userMessage(error, isCancel);
      const stepName = (error as { deployStep?: string }).deployStep ?? null;
      // Steps that never ran are marked skipped so the record reads clearly.
      await db.deployStep.updateMany({
        where: { deploymentId, status: 'pending' },
        data: { status: 'skipped' },
      });
      await db.deployment.update({
        where: { id: deploymentId },
        data: {
          status: isCancel ? 'cancelled' : 'failed',
          error: message,
          errorStep: stepName,
          finishedAt: now(),
        },
      });
      if (!isCancel)
        deps.logger[AppError.is(error) ? 'info' : 'error'](
          { err: error, deploymentId, step: stepName },
          'deployment failed',
        );
      return { status: isCancel ? 'cancelled' : 'failed', url: null };
    } finally {
      stopRenewal();
      if (leased) await releaseLease(appId, owner);
    }
  }

  return { run };
}

export type Orchestrator = ReturnType<typeof createOrchestrator>;

/** How the runtime packages were linked, for the build step's log line. */
function describeRuntime(built: TBuildArtifact): string {
  const runtime = built.runtime;
  if (!runtime) return '';
  if (runtime.mode === 'inline')
    return `; runtime packages bundled inline${runtime.reason ? ` (${runtime.reason})` : ''}`;
  const layers = runtime.layers.map((l) => `${l.packages.join('+')} from ${l.source}`);
  return layers.length ? `; runtime layers: ${layers.join(', ')}` : '';
}

function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([t, n]) => `${t} ${n} row${n === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no tables';
}

function cancelled() {
  return new AppError(
    'BAD_REQUEST',
    'The deployment was cancelled. The previous version is still live.',
  );
}

const PROGRAMMING_ERRORS = new Set([
  'Error',
  'TypeError',
  'ReferenceError',
  'SyntaxError',
  'RangeError',
  'EvalError',
  'URIError',
]);

/**
 * What the user reads about a failure. AppErrors, build errors and providers' own errors (named
 * error classes with a code, whose messages providers keep free of secrets) are shown; anything
 * else is a bug and gets a generic message (the details go to the log).
 */
function userMessage(error: unknown, cancelledByUser: boolean): string {
  if (cancelledByUser) return 'The deployment was cancelled. The previous version is still live.';
  if (AppError.is(error)) return error.message;
  if (
    error instanceof Error &&
    !PROGRAMMING_ERRORS.has(error.name) &&
    (error.name === 'BuildError' || 'code' in error)
  ) {
    return error.message;
  }
  return 'The deployment failed because of an internal error. The previous version is still live; try again, and contact support if it keeps failing.';
}

/** SQLite's "database is locked" (another process holds the write lock past the busy timeout). */
function isDatabaseBusy(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === 'P1008' || code === 'SQLITE_BUSY') return true;
    if (
      typeof message === 'string' &&
      /SQLITE_BUSY|SocketTimeout|database is locked/i.test(message)
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Waits `ms`; an abort first rejects with the deployment's cancellation error. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleepOrAbort(ms, signal, cancelled);
}
