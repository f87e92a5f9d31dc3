import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseSqlDump, type TSqlStatement } from '@shipyard/deploy-core/schema';
import { AppStore, type TAppRecord, type TStoredDeployment } from './app-store.js';
import { Cell, type TCellWorker } from './cell.js';
import { parseEnvKey } from './env-crypto.js';
import { LocalHostError } from './errors.js';
import { createFrontServer, type TFrontRoute } from './front-server.js';
import { assertDeploymentId, assertEnv, assertSlug, normalizeDomain } from './names.js';
import { RingBuffer } from './request-log.js';
import type {
  TAppLogs,
  TAppStatus,
  TDbResult,
  TDeployInput,
  TDeployResult,
  TErrorLogEntry,
  TLocalHost,
  TLocalHostLogger,
  TLocalHostOptions,
  TPromoteResult,
  TRequestLogEntry,
} from './types.js';
import { ASSETS_BINDING, DATABASE_ONLY_SOURCE, hostEntrySource } from './worker-shell.js';

/** workerd compatibility date every deployed app runs with. */
export const COMPATIBILITY_DATE = '2025-07-01';

const D1_OBJECT_KEY = 'miniflare-D1DatabaseObject';

interface TD1Result {
  results?: Record<string, unknown>[];
  meta?: { changes?: number };
}
interface TD1Statement {
  bind(...values: unknown[]): TD1Statement;
  all(): Promise<TD1Result>;
}
/** The part of D1's API the host uses from Node (through Miniflare). */
interface TD1Database {
  prepare(sql: string): TD1Statement;
  batch(statements: TD1Statement[]): Promise<TD1Result[]>;
}

interface TAppState {
  record: TAppRecord;
  cell: Cell;
  /** Deployments kept running besides the live and previous ones (a staged deploy). */
  pinned: Set<string>;
  /** Deployments that could not start, with the reason. */
  broken: Map<string, string>;
  stored: Map<string, TStoredDeployment>;
  removing: boolean;
  lock: Promise<unknown>;
  requests: RingBuffer<TRequestLogEntry>;
  errors: RingBuffer<TErrorLogEntry>;
}

const silentLogger: TLocalHostLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Name of the worker running one deployment: unique per immutable deployment. */
function workerName(slug: string, deploymentId: string): string {
  return `${slug}--${deploymentId}`;
}

/** Stands in when none of the app's deployments runs; `_` cannot appear in a deployment id. */
function databaseWorkerName(slug: string): string {
  return `${slug}--_db`;
}

export function databaseId(slug: string): string {
  return `shipyard-app-${slug}`;
}

/** The env var that names a remote database for a deployment (set by deploy-core's hosting kit). */
const REMOTE_DATABASE_ENV = 'DATABASE_URL';

/** The SQLite file workerd keeps an app's D1 database in (Miniflare's Durable Object layout). */
export function databaseFile(d1Dir: string, slug: string): string {
  const key = createHash('sha256').update(D1_OBJECT_KEY).digest();
  const nameHmac = createHmac('sha256', key).update(databaseId(slug)).digest().subarray(0, 16);
  const hmac = createHmac('sha256', key).update(nameHmac).digest().subarray(0, 16);
  return join(d1Dir, D1_OBJECT_KEY, `${Buffer.concat([nameHmac, hmac]).toString('hex')}.sqlite`);
}

/**
 * Starts the local host: loads every app in `dataDir`, starts their live deployments in workerd
 * and listens on `port`. See {@link TLocalHost}.
 */
export async function createLocalHost(options: TLocalHostOptions): Promise<TLocalHost> {
  const host = new LocalHost(options);
  try {
    await host.start();
  } catch (error) {
    // E.g. the port is taken: stop the workerd processes already started and release the lock.
    await host.close().catch(() => undefined);
    throw error;
  }
  return host;
}

class LocalHost implements TLocalHost {
  private readonly store: AppStore;
  private readonly logger: TLocalHostLogger;
  private readonly baseDomain: string;
  private readonly appsPerCell: number;
  private readonly keepDeployments: number;
  private readonly requestLogSize: number;
  private readonly drainTimeoutMs: number;
  private readonly outboundAllow: string[];
  private readonly apps = new Map<string, TAppState>();
  private readonly domains = new Map<string, string>();
  private readonly cells: Cell[] = [];
  private nextCellId = 0;
  private server: http.Server | null = null;
  private closed = false;
  private lockFile: string;
  private ownsLock = false;
  port = 0;

  constructor(private readonly options: TLocalHostOptions) {
    this.logger = options.logger ?? silentLogger;
    this.baseDomain = (options.baseDomain ?? 'localhost').toLowerCase();
    this.appsPerCell = Math.max(1, options.appsPerCell ?? 16);
    this.keepDeployments = Math.max(2, options.keepDeployments ?? 10);
    this.requestLogSize = Math.max(10, options.requestLogSize ?? 500);
    this.drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    this.outboundAllow = options.outboundAllow ?? ['public'];
    this.store = new AppStore(options.dataDir, options.envKey === undefined ? null : parseEnvKey(options.envKey));
    this.lockFile = join(options.dataDir, 'host.lock');
  }

  get url(): string {
    return `http://${this.baseDomain}:${this.port}`;
  }

  appUrl(appSlug: string): string {
    return `http://${appSlug}.${this.baseDomain}:${this.port}`;
  }

  deploymentUrl(appSlug: string, deploymentId: string): string {
    return `http://${deploymentId}.${appSlug}.${this.baseDomain}:${this.port}`;
  }

  async start(): Promise<void> {
    await this.store.init();
    await this.acquireLock();
    const records = await this.store.loadAll((slug, error) => this.logger.error({ app: slug, err: error }, 'unreadable app record skipped'));
    for (const record of records) {
      const state = this.newState(record);
      this.apps.set(record.slug, state);
      for (const domain of record.domains) this.domains.set(domain, record.slug);
    }
    // Start cells two at a time: each is a workerd process compiling its workers.
    const queue = [...this.cells];
    await Promise.all(
      [0, 1].map(async () => {
        for (let cell = queue.shift(); cell !== undefined; cell = queue.shift()) {
          await cell.restart().catch((error: unknown) => this.logger.error({ cell: cell?.id, err: error }, 'a cell failed to start'));
        }
      }),
    );
    this.server = createFrontServer({ route: (host) => this.route(host), logger: this.logger });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 8787, this.options.listenHost ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.logger.info({ url: this.url, apps: this.apps.size, cells: this.cells.length }, 'local host listening');
  }

  private async acquireLock(): Promise<void> {
    if (existsSync(this.lockFile)) {
      const pid = Number(readFileSync(this.lockFile, 'utf8').trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (alive) {
        throw new LocalHostError('UNAVAILABLE', `Another host (process ${pid}) is using ${this.options.dataDir}. Stop it, or give this host another data directory.`);
      }
    }
    await writeFile(this.lockFile, String(process.pid));
    this.ownsLock = true;
  }

  // --- routing -------------------------------------------------------------------------------

  private route(host: string): TFrontRoute {
    const ipLiteral = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
    if (host === '' || ipLiteral || host === this.baseDomain || host === 'localhost' || host === this.options.listenHost) {
      return { kind: 'host' };
    }
    let slug: string | undefined;
    let deploymentId: string | null = null;
    const suffix = `.${this.baseDomain}`;
    if (host.endsWith(suffix)) {
      const labels = host.slice(0, -suffix.length).split('.');
      if (labels.length === 1) slug = labels[0];
      else if (labels.length === 2) [deploymentId, slug] = labels as [string, string];
      else return { kind: 'unknown' };
    } else {
      slug = this.domains.get(host);
    }
    const state = slug === undefined ? undefined : this.apps.get(slug);
    if (state === undefined || state.removing) return { kind: 'unknown' };
    if (deploymentId !== null && !state.record.deployments.some((d) => d.id === deploymentId)) return { kind: 'unknown' };
    const serving = deploymentId ?? state.record.live;
    return {
      kind: 'app',
      slug: state.record.slug,
      deploymentId: serving,
      workerName: serving === null ? null : workerName(state.record.slug, serving),
      cell: state.cell,
      record: (entry) => state.requests.push(entry),
      recordError: (entry) => state.errors.push(entry),
    };
  }

  // --- app state and cells -------------------------------------------------------------------

  private newState(record: TAppRecord): TAppState {
    return {
      record,
      cell: this.placeInCell(record.slug),
      pinned: new Set(),
      broken: new Map(),
      stored: new Map(),
      removing: false,
      lock: Promise.resolve(),
      requests: new RingBuffer(this.requestLogSize),
      errors: new RingBuffer(Math.max(10, Math.floor(this.requestLogSize / 5))),
    };
  }

  private placeInCell(slug: string): Cell {
    let cell = this.cells.find((c) => c.apps.size < this.appsPerCell);
    if (cell === undefined) {
      cell = new Cell(this.nextCellId++, {
        d1Dir: this.store.d1Dir,
        drainTimeoutMs: this.drainTimeoutMs,
        logger: this.logger,
        desiredWorkers: (c) => this.desiredWorkers(c),
        onRuntimeLine: (line, stream) => this.onRuntimeLine(line, stream),
      });
      this.cells.push(cell);
    }
    cell.apps.add(slug);
    return cell;
  }

  /** Per app: the live, the previous (instant rollback) and a staged deployment; else a database-only worker. */
  private async desiredWorkers(cell: Cell): Promise<TCellWorker[]> {
    const workers: TCellWorker[] = [];
    for (const slug of cell.apps) {
      const state = this.apps.get(slug);
      if (state === undefined || state.removing) continue;
      const wanted = new Set([state.record.live, state.record.previous, ...state.pinned]);
      let any = false;
      for (const id of wanted) {
        if (id === null || state.broken.has(id) || !state.record.deployments.some((d) => d.id === id)) continue;
        try {
          let stored = state.stored.get(id);
          if (stored === undefined) {
            stored = await this.store.readDeployment(slug, id);
            state.stored.set(id, stored);
          }
          workers.push(this.deploymentWorker(slug, id, stored));
          any = true;
        } catch (error) {
          const message = LocalHostError.is(error) ? error.message : `Its files could not be read: ${(error as Error).message}`;
          state.broken.set(id, message);
          state.errors.push({ at: new Date().toISOString(), deploymentId: id, source: 'runtime', message });
          this.logger.error({ app: slug, deployment: id, err: error }, 'deployment cannot be loaded');
        }
      }
      if (!any) workers.push(this.databaseWorker(slug));
      for (const id of [...state.stored.keys()]) if (!wanted.has(id)) state.stored.delete(id);
    }
    return workers;
  }

  private deploymentWorker(slug: string, id: string, stored: TStoredDeployment): TCellWorker {
    const name = workerName(slug, id);
    return {
      name,
      options: {
        name,
        modulesRoot: '/shipyard',
        modules: [
          { type: 'ESModule', path: '/shipyard/host.js', contents: hostEntrySource(stored.manifest) },
          { type: 'ESModule', path: '/shipyard/_worker.js', contents: stored.worker },
        ],
        compatibilityDate: COMPATIBILITY_DATE,
        bindings: stored.env,
        // The app's own D1 database, unless its deployment names a remote one (DATABASE_URL):
        // then the worker's shim builds `env.DB` from that URL, and a D1 binding would shadow it.
        ...(stored.env[REMOTE_DATABASE_ENV] ? {} : { d1Databases: { DB: databaseId(slug) } }),
        serviceBindings: { [ASSETS_BINDING]: { disk: { path: this.store.assetsDir(slug, id), writable: false } } },
        outboundService: { network: { allow: this.outboundAllow, deny: [] } },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    };
  }

  private databaseWorker(slug: string): TCellWorker {
    const name = databaseWorkerName(slug);
    return {
      name,
      options: {
        name,
        modules: [{ type: 'ESModule', path: '/shipyard/db.js', contents: DATABASE_ONLY_SOURCE }],
        modulesRoot: '/shipyard',
        compatibilityDate: COMPATIBILITY_DATE,
        d1Databases: { DB: databaseId(slug) },
        outboundService: { network: { allow: [], deny: [] } },
      },
    };
  }

  private onRuntimeLine(line: string, stream: 'stdout' | 'stderr'): void {
    const match = /core:user:([a-z0-9-]+?)--([a-z0-9-]+|_db)\b/.exec(line);
    const state = match?.[1] === undefined ? undefined : this.apps.get(match[1]);
    if (state !== undefined && stream === 'stderr') {
      const deploymentId = match?.[2] === '_db' ? null : (match?.[2] ?? null);
      state.errors.push({ at: new Date().toISOString(), deploymentId, source: 'runtime', message: line.slice(0, 2000) });
      return;
    }
    if (stream === 'stderr') this.logger.warn({ line: line.slice(0, 2000) }, 'workerd');
    else this.logger.debug({ line: line.slice(0, 2000) }, 'workerd');
  }

  private requireApp(slug: string): TAppState {
    assertSlug(slug);
    const state = this.apps.get(slug);
    if (state === undefined || state.removing) throw new LocalHostError('NOT_FOUND', `No app named ${slug} is deployed on this host.`);
    return state;
  }

  /** Runs `fn` with the app's lock held, so operations on one app never interleave. */
  private withApp<T>(state: TAppState, fn: () => Promise<T>): Promise<T> {
    const run = state.lock.then(() => {
      if (state.removing) throw new LocalHostError('NOT_FOUND', `The app ${state.record.slug} was removed.`);
      return fn();
    });
    state.lock = run.catch(() => undefined);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new LocalHostError('UNAVAILABLE', 'The local host is closed.');
  }

  private getOrCreateState(slug: string): { state: TAppState; created: boolean } {
    assertSlug(slug);
    const existing = this.apps.get(slug);
    if (existing !== undefined && !existing.removing) return { state: existing, created: false };
    if (existing?.removing) throw new LocalHostError('CONFLICT', `The app ${slug} is being removed; try again when that finishes.`);
    const record: TAppRecord = { slug, createdAt: new Date().toISOString(), live: null, previous: null, domains: [], deployments: [] };
    const state = this.newState(record);
    this.apps.set(slug, state);
    return { state, created: true };
  }

  // --- public API ---------------------------------------------------------------------------

  async ensureApp(appSlug: string): Promise<TAppStatus> {
    this.assertOpen();
    const { state, created } = this.getOrCreateState(appSlug);
    if (created) await this.withApp(state, () => this.store.saveApp(state.record));
    return this.describe(state);
  }

  async deploy(input: TDeployInput): Promise<TDeployResult> {
    this.assertOpen();
    const started = performance.now();
    const { appSlug, deploymentId, build } = input;
    const env = input.env ?? {};
    assertSlug(appSlug);
    assertDeploymentId(deploymentId);
    assertEnv(env);
    if (typeof build?.worker !== 'string' || build.worker.trim() === '' || typeof build.hash !== 'string' || !(build.assets instanceof Map)) {
      throw new LocalHostError('VALIDATION', 'The build must have a hash, a non-empty _worker.js and its assets; build the app again.');
    }
    const { state, created } = this.getOrCreateState(appSlug);
    return this.withApp(state, async () => {
      if (created) await this.store.saveApp(state.record);
      const existing = state.record.deployments.find((d) => d.id === deploymentId);
      let reused = false;
      if (existing !== undefined) {
        if (existing.hash !== build.hash) {
          throw new LocalHostError('CONFLICT', `Deployment ${deploymentId} of ${appSlug} already exists with another build; use a new deployment id.`);
        }
        reused = true;
      } else {
        await this.store.writeDeployment(appSlug, deploymentId, build, env);
        state.broken.delete(deploymentId);
        state.record.deployments.push({ id: deploymentId, hash: build.hash, createdAt: new Date().toISOString(), envNames: Object.keys(env).sort() });
        await this.store.saveApp(state.record);
      }
      const name = workerName(appSlug, deploymentId);
      if (state.record.live !== deploymentId) {
        state.pinned.clear();
        state.pinned.add(deploymentId);
      }
      if (!state.cell.isRunning(name)) await state.cell.restart();
      if (!state.cell.isRunning(name)) {
        const reason = state.broken.get(deploymentId) ?? state.cell.failure(name) ?? 'workerd did not start it.';
        state.pinned.delete(deploymentId);
        if (!reused) {
          state.record.deployments = state.record.deployments.filter((d) => d.id !== deploymentId);
          await this.store.saveApp(state.record);
          await this.store.deleteDeployment(appSlug, deploymentId);
        }
        state.errors.push({ at: new Date().toISOString(), deploymentId, source: 'runtime', message: reason.slice(0, 2000) });
        throw new LocalHostError('DEPLOY_FAILED', `Deployment ${deploymentId} of ${appSlug} failed to start; the live deployment is unchanged. ${firstLine(reason)}`, {
          details: { output: reason },
        });
      }
      const warmup = await this.warm(state, deploymentId);
      let live = state.record.live === deploymentId;
      if (input.promote === true && !live) {
        this.swap(state, deploymentId);
        await this.store.saveApp(state.record);
        live = true;
      }
      await this.prune(state);
      return {
        deploymentId,
        url: this.appUrl(appSlug),
        previewUrl: this.deploymentUrl(appSlug, deploymentId),
        live,
        reused,
        warmup,
        durationMs: Math.round(performance.now() - started),
      };
    });
  }

  async promote(appSlug: string, deploymentId: string): Promise<TPromoteResult> {
    this.assertOpen();
    const state = this.requireApp(appSlug);
    assertDeploymentId(deploymentId);
    return this.withApp(state, () => this.makeLive(state, deploymentId));
  }

  async rollback(appSlug: string, deploymentId?: string): Promise<TPromoteResult> {
    this.assertOpen();
    const state = this.requireApp(appSlug);
    return this.withApp(state, () => {
      const target = deploymentId ?? state.record.previous;
      if (target === null) throw new LocalHostError('NOT_FOUND', `${appSlug} has no previous deployment to roll back to.`);
      assertDeploymentId(target);
      return this.makeLive(state, target);
    });
  }

  /** Loads the deployment if needed and warms it, then swaps the live pointer: one assignment. */
  private async makeLive(state: TAppState, deploymentId: string): Promise<TPromoteResult> {
    const started = performance.now();
    const slug = state.record.slug;
    if (!state.record.deployments.some((d) => d.id === deploymentId)) {
      throw new LocalHostError('NOT_FOUND', `${slug} has no deployment ${deploymentId} (builds older than the last ${this.keepDeployments} are deleted).`);
    }
    const previous = state.record.live;
    if (previous !== deploymentId) {
      const name = workerName(slug, deploymentId);
      if (!state.cell.isRunning(name)) {
        state.pinned.add(deploymentId);
        state.broken.delete(deploymentId);
        await state.cell.restart();
        if (!state.cell.isRunning(name)) {
          state.pinned.delete(deploymentId);
          const reason = state.broken.get(deploymentId) ?? state.cell.failure(name) ?? 'workerd did not start it.';
          throw new LocalHostError('DEPLOY_FAILED', `Deployment ${deploymentId} of ${slug} failed to start; the live deployment is unchanged. ${firstLine(reason)}`, {
            details: { output: reason },
          });
        }
      }
      await this.warm(state, deploymentId);
      this.swap(state, deploymentId);
      await this.store.saveApp(state.record);
    }
    return { url: this.appUrl(slug), deploymentId, previousDeploymentId: previous === deploymentId ? state.record.previous : previous, durationMs: Math.round(performance.now() - started) };
  }

  private swap(state: TAppState, deploymentId: string): void {
    if (state.record.live !== deploymentId) {
      state.record.previous = state.record.live;
      state.record.live = deploymentId;
    }
    state.pinned.delete(deploymentId);
  }

  /** One request to the deployment before it takes traffic, so its first visitor does not pay for cold code. */
  private async warm(state: TAppState, deploymentId: string): Promise<{ status: number; durationMs: number }> {
    const started = performance.now();
    const ticket = await state.cell.enter(workerName(state.record.slug, deploymentId));
    try {
      if (ticket.port === null) return { status: 0, durationMs: 0 };
      const status = await new Promise<number>((resolve) => {
        const req = http.get(
          { host: '127.0.0.1', port: ticket.port ?? 0, path: '/', agent: ticket.agent, headers: { host: `${deploymentId}.${state.record.slug}.${this.baseDomain}`, accept: 'text/html' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', () => resolve(0));
          },
        );
        req.setTimeout(10_000, () => req.destroy());
        req.on('error', () => resolve(0));
      });
      return { status, durationMs: Math.round(performance.now() - started) };
    } finally {
      ticket.release();
    }
  }

  /** Deletes builds beyond `keepDeployments`, oldest first, never the live, previous or staged one. */
  private async prune(state: TAppState): Promise<void> {
    const keep = new Set([state.record.live, state.record.previous, ...state.pinned]);
    const removable = state.record.deployments.filter((d) => !keep.has(d.id));
    const excess = state.record.deployments.length - this.keepDeployments;
    if (excess <= 0) return;
    const doomed = removable.slice(0, excess).map((d) => d.id);
    if (doomed.length === 0) return;
    state.record.deployments = state.record.deployments.filter((d) => !doomed.includes(d.id));
    await this.store.saveApp(state.record);
    for (const id of doomed) {
      state.stored.delete(id);
      state.broken.delete(id);
      await this.store.deleteDeployment(state.record.slug, id);
    }
  }

  async remove(appSlug: string): Promise<void> {
    this.assertOpen();
    assertSlug(appSlug);
    const state = this.apps.get(appSlug);
    const files = this.databaseFiles(appSlug);
    if (state === undefined) {
      await this.store.deleteApp(appSlug, files);
      return;
    }
    await this.withApp(state, async () => {
      state.removing = true;
      for (const domain of state.record.domains) this.domains.delete(domain);
      const cell = state.cell;
      cell.apps.delete(appSlug);
      if (cell.apps.size === 0) {
        this.cells.splice(this.cells.indexOf(cell), 1);
        await cell.dispose();
      } else {
        await cell.restart();
      }
      await this.store.deleteApp(appSlug, files);
      this.apps.delete(appSlug);
    });
  }

  private databaseFiles(slug: string): string[] {
    const file = databaseFile(this.store.d1Dir, slug);
    return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
  }

  status(appSlug: string): TAppStatus | null {
    assertSlug(appSlug);
    const state = this.apps.get(appSlug);
    return state === undefined || state.removing ? null : this.describe(state);
  }

  listApps(): TAppStatus[] {
    return [...this.apps.values()].filter((s) => !s.removing).map((s) => this.describe(s));
  }

  private describe(state: TAppState): TAppStatus {
    const { record } = state;
    const path = databaseFile(this.store.d1Dir, record.slug);
    let bytes = 0;
    for (const file of [path, `${path}-wal`]) {
      try {
        bytes += existsSync(file) ? statSync(file).size : 0;
      } catch {
        // The file may be replaced while we look.
      }
    }
    return {
      slug: record.slug,
      url: this.appUrl(record.slug),
      liveDeploymentId: record.live,
      previousDeploymentId: record.previous,
      deployments: record.deployments.map((d) => ({
        id: d.id,
        hash: d.hash,
        createdAt: d.createdAt,
        live: d.id === record.live,
        loaded: state.cell.isRunning(workerName(record.slug, d.id)),
        envNames: d.envNames,
      })),
      domains: [...record.domains],
      database: { id: databaseId(record.slug), path, bytes },
      cell: state.cell.id,
    };
  }

  logs(appSlug: string, options?: { limit?: number }): TAppLogs {
    const state = this.requireApp(appSlug);
    const limit = options?.limit ?? this.requestLogSize;
    return { requests: state.requests.last(limit), errors: state.errors.last(limit) };
  }

  // --- database -------------------------------------------------------------------------------

  async dbExec(appSlug: string, sql: string): Promise<TDbResult> {
    const { statements } = parseSqlDump(sql);
    const runnable = statements.filter((s) => s.kind !== 'transaction');
    return this.runSql(appSlug, runnable, statements.length - runnable.length);
  }

  async dbImport(appSlug: string, sql: string): Promise<TDbResult> {
    const parsed = parseSqlDump(sql);
    return this.runSql(appSlug, parsed.runnable, parsed.skipped.length);
  }

  async dbRowCounts(appSlug: string): Promise<Record<string, number>> {
    this.assertOpen();
    const state = this.requireApp(appSlug);
    return this.withApp(state, () => this.withDatabase(state, countTables));
  }

  async dbQuery(appSlug: string, sql: string, params: (string | number | null)[] = []): Promise<Record<string, unknown>[]> {
    this.assertOpen();
    const state = this.requireApp(appSlug);
    return this.withApp(state, () =>
      this.withDatabase(state, async (db) => {
        try {
          const result = await db.prepare(sql).bind(...params).all();
          return result.results ?? [];
        } catch (error) {
          throw new LocalHostError('DATABASE_ERROR', `The query failed: ${(error as Error).message}`, { cause: error });
        }
      }),
    );
  }

  private async runSql(appSlug: string, statements: TSqlStatement[], skipped: number): Promise<TDbResult> {
    this.assertOpen();
    const started = performance.now();
    const { state, created } = this.getOrCreateState(appSlug);
    return this.withApp(state, async () => {
      if (created) await this.store.saveApp(state.record);
      return this.withDatabase(state, async (db) => {
        let rowsWritten = 0;
        if (statements.length > 0) {
          let results: TD1Result[];
          try {
            results = await db.batch(statements.map((s) => db.prepare(s.sql)));
          } catch (error) {
            throw new LocalHostError('DATABASE_ERROR', `The SQL failed and nothing was written: ${(error as Error).message}`, { cause: error });
          }
          statements.forEach((s, i) => {
            if (s.kind === 'insert' || s.kind === 'update' || s.kind === 'delete') rowsWritten += results[i]?.meta?.changes ?? 0;
          });
        }
        return { statements: statements.length, skipped, rowsWritten, rowCounts: await countTables(db), durationMs: Math.round(performance.now() - started) };
      });
    });
  }

  /** Runs `fn` against the app's D1 database through any of its running workers. */
  private async withDatabase<T>(state: TAppState, fn: (db: TD1Database) => Promise<T>): Promise<T> {
    const slug = state.record.slug;
    const candidates = [state.record.live, ...state.record.deployments.map((d) => d.id)]
      .filter((id): id is string => id !== null)
      .map((id) => workerName(slug, id))
      .concat(databaseWorkerName(slug));
    let name = candidates.find((n) => state.cell.isRunning(n));
    if (name === undefined) {
      await state.cell.restart();
      name = candidates.find((n) => state.cell.isRunning(n));
    }
    if (name === undefined) throw new LocalHostError('UNAVAILABLE', `The database of ${slug} is not reachable; the app's runtime did not start.`);
    const worker = name;
    return state.cell.withRuntime(async (mf) => fn((await mf.getD1Database('DB', worker)) as unknown as TD1Database));
  }

  // --- domains --------------------------------------------------------------------------------

  async addDomain(appSlug: string, domain: string): Promise<void> {
    this.assertOpen();
    const state = this.requireApp(appSlug);
    const name = normalizeDomain(domain, this.baseDomain);
    await this.withApp(state, async () => {
      const owner = this.domains.get(name);
      if (owner !== undefined && owner !== appSlug) throw new LocalHostError('CONFLICT', `${name} already points to another app on this host.`);
      if (owner === appSlug) return;
      state.record.domains.push(name);
      await this.store.saveApp(state.record);
      this.domains.set(name, appSlug);
    });
  }

  async removeDomain(domain: string): Promise<void> {
    this.assertOpen();
    const name = normalizeDomain(domain, this.baseDomain);
    const slug = this.domains.get(name);
    if (slug === undefined) return;
    const state = this.requireApp(slug);
    await this.withApp(state, async () => {
      state.record.domains = state.record.domains.filter((d) => d !== name);
      this.domains.delete(name);
      await this.store.saveApp(state.record);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const server = this.server;
    if (server !== null) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, this.drainTimeoutMs).unref();
      });
    }
    await Promise.all(this.cells.map((cell) => cell.dispose().catch((error: unknown) => this.logger.error({ cell: cell.id, err: error }, 'cell did not stop cleanly'))));
    if (this.ownsLock) await rm(this.lockFile, { force: true });
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

const COUNTABLE = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'd1\\_%' ESCAPE '\\' ORDER BY name";

async function countTables(db: TD1Database): Promise<Record<string, number>> {
  const tables = ((await db.prepare(COUNTABLE).all()).results ?? []).map((r) => String(r.name));
  if (tables.length === 0) return {};
  const results = await db.batch(tables.map((t) => db.prepare(`SELECT COUNT(*) AS n FROM "${t.replace(/"/g, '""')}"`)));
  return Object.fromEntries(tables.map((t, i) => [t, Number(results[i]?.results?.[0]?.n ?? 0)]));
}
