/** Log sink; pino's logger fits. */
export interface TLocalHostLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TLocalHostOptions {
  /** Where apps, deployments and databases live. Survives restarts; `shipyard-host` reads it. */
  dataDir: string;
  /** Port of the HTTP front. 0 picks a free port (see `host.port`). Default 8787. */
  port?: number;
  /** Interface the front listens on. Default 127.0.0.1. */
  listenHost?: string;
  /** Apps are served at `<slug>.<baseDomain>:<port>`. Default `localhost` (browsers resolve *.localhost to this machine). */
  baseDomain?: string;
  /** Apps per workerd process. Fewer: faster redeploys, more memory. Default 16. */
  appsPerCell?: number;
  /** Builds kept per app for rollback (the live and previous ones are always kept). Default 10. */
  keepDeployments?: number;
  /** Request log entries kept per app. Default 500. */
  requestLogSize?: number;
  /** How long a runtime restart waits for in-flight requests before cutting them. Default 10 000 ms. */
  drainTimeoutMs?: number;
  /**
   * 32-byte key (base64 or hex) that encrypts deployments' environment variables at rest with
   * AES-256-GCM. Without it they are written as JSON readable only by this user (mode 0600).
   */
  envKey?: string;
  /**
   * Which addresses apps may fetch, in workerd's network syntax. Default `['public']`: the
   * internet but not this machine or its private network (the platform, its databases).
   */
  outboundAllow?: string[];
  logger?: TLocalHostLogger;
}

/** What the host needs from a build: the deploy-core build result fits. */
export interface THostedBuild {
  /** Artifact hash; a deployment id is bound to one hash. */
  hash: string;
  /** `_worker.js`: ES module, Workers format, expects `env.ASSETS`. */
  worker: string;
  /** Static files by path without leading slash (`index.html`, `assets/app-x.js`). */
  assets: ReadonlyMap<string, Uint8Array>;
  /** Optional precomputed manifest; computed from `assets` when absent. */
  manifest?: Readonly<Record<string, { hash: string; size: number; contentType: string }>>;
}

export interface TDeployInput {
  appSlug: string;
  /** Idempotency key: deploying the same id and build again returns the existing deployment. */
  deploymentId: string;
  build: THostedBuild;
  /** Plain string bindings on `env`. */
  env?: Readonly<Record<string, string>>;
  /** Make it live right away (after it has started and answered a first request). Default false. */
  promote?: boolean;
}

export interface TDeployResult {
  deploymentId: string;
  /** The app's live URL. */
  url: string;
  /** Serves exactly this deployment, live or not: use it for the health check before promoting. */
  previewUrl: string;
  live: boolean;
  /** True when this deployment id already existed with the same build. */
  reused: boolean;
  /** The warm-up request the host made to the new deployment. */
  warmup: { status: number; durationMs: number };
  durationMs: number;
}

export interface TPromoteResult {
  url: string;
  deploymentId: string;
  previousDeploymentId: string | null;
  durationMs: number;
}

export interface TDeploymentStatus {
  id: string;
  hash: string;
  createdAt: string;
  live: boolean;
  /** Running in workerd now (promote/rollback to it is a pointer swap). */
  loaded: boolean;
  envNames: string[];
}

export interface TAppStatus {
  slug: string;
  url: string;
  liveDeploymentId: string | null;
  previousDeploymentId: string | null;
  deployments: TDeploymentStatus[];
  domains: string[];
  database: { id: string; path: string; bytes: number };
  cell: number | null;
}

export interface TRequestLogEntry {
  at: string;
  method: string;
  /** Path without the query string (queries can carry tokens). */
  path: string;
  status: number;
  durationMs: number;
  deploymentId: string | null;
  error?: string;
}

export interface TErrorLogEntry {
  at: string;
  deploymentId: string | null;
  source: 'exception' | 'runtime' | 'proxy';
  message: string;
}

export interface TAppLogs {
  requests: TRequestLogEntry[];
  errors: TErrorLogEntry[];
}

export interface TDbResult {
  /** Statements run (transaction control and PRAGMAs are skipped). */
  statements: number;
  skipped: number;
  rowsWritten: number;
  /** Rows in each table after the statements ran. */
  rowCounts: Record<string, number>;
  durationMs: number;
}

/**
 * The local host. A hosting provider adapter maps onto it one to one:
 * deploy → `deploy`, promote/rollback → `promote`/`rollback`, removeApp → `remove`,
 * requestLogs → `logs`, liveUrl → `appUrl`. The app's database is the host's own D1:
 * provision → `ensureApp`, execute → `dbImport`, query → `dbQuery`.
 */
export interface TLocalHost {
  /** `http://localhost:<port>` */
  readonly url: string;
  readonly port: number;
  appUrl(appSlug: string): string;
  deploymentUrl(appSlug: string, deploymentId: string): string;
  /** Creates the app and its empty database if needed. Idempotent. */
  ensureApp(appSlug: string): Promise<TAppStatus>;
  deploy(input: TDeployInput): Promise<TDeployResult>;
  promote(appSlug: string, deploymentId: string): Promise<TPromoteResult>;
  /** Makes an earlier deployment live again (default: the previous one). No rebuild. */
  rollback(appSlug: string, deploymentId?: string): Promise<TPromoteResult>;
  /** Deletes the app: hosting, builds, database and domains. Idempotent. */
  remove(appSlug: string): Promise<void>;
  status(appSlug: string): TAppStatus | null;
  listApps(): TAppStatus[];
  logs(appSlug: string, options?: { limit?: number }): TAppLogs;
  /** Runs a script (schema, migration) against the app's database, atomically. */
  dbExec(appSlug: string, sql: string): Promise<TDbResult>;
  /** Imports a SQL dump or seed file atomically (BEGIN/COMMIT/PRAGMA and internal tables skipped). */
  dbImport(appSlug: string, sql: string): Promise<TDbResult>;
  /** Rows in each of the app's tables. */
  dbRowCounts(appSlug: string): Promise<Record<string, number>>;
  /** One read query with `?` parameters. */
  dbQuery(appSlug: string, sql: string, params?: (string | number | null)[]): Promise<Record<string, unknown>[]>;
  /** Routes a custom domain (already verified by the caller) to the app. */
  addDomain(appSlug: string, domain: string): Promise<void>;
  removeDomain(domain: string): Promise<void>;
  close(): Promise<void>;
}
