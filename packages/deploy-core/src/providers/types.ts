import type { TRuntimeBundling } from '../services/build/build-app';
import type { z } from 'zod';

/**
 * Provider interfaces. A host registers the providers it wants (`createProviderRegistry`);
 * `providers-*` packages implement these and depend on deploy-core, never the reverse.
 * Optional capabilities are optional methods: check for them before offering the feature.
 */

/** What the build step produced: static assets plus `_worker.js` (Cloudflare advanced mode). */
export interface TBuildArtifact {
  /** Content hash over every output file; equal inputs give equal hashes. */
  hash: string;
  /** path → file bytes, e.g. `index.html`, `assets/app-3f2a….js`. */
  assets: Map<string, Uint8Array>;
  /** `_worker.js`: the app's API plus the static-asset router; empty when the app has no API. */
  worker: string;
  /** How the runtime packages got into the output (for the deploy log), when the build says. */
  runtime?: TRuntimeBundling;
}

export interface TAppRef {
  /** DeployedApp id. */
  id: string;
  orgId: string;
  /** URL-safe unique name, e.g. `acme-tasks`. */
  slug: string;
}

export interface TDatabaseConnection {
  provider: string;
  /** The provider's id for the database (idempotency key for provisioning and removal). */
  externalId: string;
  name: string;
  url: string;
  authToken?: string;
  /**
   * Where a deployed app sends its SQL over HTTP (Neon's protocol) when that is not the
   * database's own host — a SQL gateway in front of a PostgreSQL server. Not stored: the
   * orchestrator takes it from the provider (`DatabaseProvider.sqlEndpoint`) for each deploy.
   */
  sqlEndpoint?: string;
}

export interface THostedDeployment {
  /** The hosting provider's id for this deployment (used by promote / rollback). */
  providerDeploymentId: string;
  /** A URL that serves exactly this deployment (preview URL), used for the health check. */
  url: string;
}

export interface TProviderDefinition<TOptions extends z.ZodType, TProvider> {
  /** Stable id used in configuration and stored on deployed apps, e.g. `local`, `cloudflare`. */
  identifier: string;
  /** Validates the options the host passes in; a bad option stops start-up with its message. */
  optionsSchema: TOptions;
  create(options: z.output<TOptions>): TProvider;
}

export interface TStepContext {
  signal: AbortSignal;
  log(message: string): void;
}

export interface HostingProvider {
  readonly identifier: string;
  readonly label: string;
  /**
   * Uploads an immutable deployment. Idempotent by `deploymentId`: called again after a crash,
   * it returns the same deployment instead of creating a second one.
   */
  deploy(
    input: {
      app: TAppRef;
      deploymentId: string;
      artifact: TBuildArtifact;
      env: Record<string, string>;
      database: TDatabaseConnection | null;
    },
    ctx: TStepContext,
  ): Promise<THostedDeployment>;
  /** Makes a deployment the live one, atomically. Also how rollback works. */
  promote(
    input: { app: TAppRef; providerDeploymentId: string },
    ctx: TStepContext,
  ): Promise<{ url: string }>;
  /** Whether deployed apps can open direct TCP connections to a database (default: no). */
  readonly tcpDatabases?: boolean;
  /** The app's live URL (free subdomain), known before the first deploy. */
  liveUrl(app: TAppRef): string;
  /** Removes every deployment of the app. Idempotent. */
  removeApp(app: TAppRef, ctx: TStepContext): Promise<void>;
  /**
   * Optional: the host name an app's custom domain must point at (CNAME), when it is not the
   * host of `liveUrl(app)` — e.g. Vercel's `cname.vercel-dns.com`.
   */
  domainTarget?(app: TAppRef): string;
  /** Optional: attach a verified custom domain to the app. */
  addDomain?(input: { app: TAppRef; domain: string }, ctx: TStepContext): Promise<void>;
  removeDomain?(input: { app: TAppRef; domain: string }, ctx: TStepContext): Promise<void>;
  /**
   * Optional: requests a deployment's URL for the health check, for hosts a plain `fetch` cannot
   * reach by name (e.g. `*.localhost`, which Node does not resolve). Default: `fetch(url)`.
   */
  healthCheck?(
    input: { app: TAppRef; hosted: THostedDeployment },
    ctx: TStepContext,
  ): Promise<{ status: number }>;
  /** Optional: recent request logs for the app. */
  requestLogs?(app: TAppRef, limit: number): Promise<TRequestLog[]>;
}

export interface TRequestLog {
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  error?: string;
}

export interface DatabaseProvider {
  readonly identifier: string;
  readonly label: string;
  /** The SQL dialect the database speaks: the orchestrator transforms the app's SQLite schema. */
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * How a deployed app reaches the database at run time, through the `env.DB` it is given:
   * `http` (libSQL/Hrana, Neon's SQL endpoint — any host), `binding` (the host binds it itself),
   * `tcp` (a direct PostgreSQL connection — only hosts with `tcpDatabases`). Default `http`.
   */
  readonly runtimeAccess?: 'http' | 'binding' | 'tcp';
  /** The SQL-over-HTTP endpoint deployed apps use for this provider's databases, if any. */
  readonly sqlEndpoint?: string;
  /** Creates the app's database. Idempotent by `name`: an existing one is returned. */
  provision(input: { app: TAppRef; name: string }, ctx: TStepContext): Promise<TDatabaseConnection>;
  /** Runs SQL statements in order, atomically (all or none); returns the rows written. */
  execute(
    db: TDatabaseConnection,
    statements: string[],
    ctx: TStepContext,
  ): Promise<{ rowsWritten: number }>;
  /** Runs one read query with `?` parameters. */
  query(
    db: TDatabaseConnection,
    sql: string,
    params: (string | number | null)[],
  ): Promise<Record<string, unknown>[]>;
  /** Row counts per table, for the import report. */
  countRows(db: TDatabaseConnection, tables: string[]): Promise<Record<string, number>>;
  /** Deletes the database. Idempotent. */
  remove(db: TDatabaseConnection, ctx: TStepContext): Promise<void>;
}

export interface TDnsRecord {
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT';
  name: string;
  value: string;
}

export interface TDomainOffer {
  domain: string;
  available: boolean;
  yearlyPriceUsd?: number;
}

export interface DomainProvider {
  readonly identifier: string;
  readonly label: string;
  /**
   * The records a user must create for an existing domain, including the verification TXT.
   * `target` is where the app's hosting provider serves it (see `domainTarget`); a provider
   * without one falls back to its own default.
   */
  recordsFor(input: {
    domain: string;
    app: TAppRef;
    verificationToken: string;
    target?: string;
  }): TDnsRecord[];
  /** Checks that the records exist (and, given the app, that the domain points at `target`). */
  verify(input: {
    domain: string;
    verificationToken: string;
    app?: TAppRef;
    target?: string;
  }): Promise<{ verified: boolean; problems: string[] }>;
  /** Optional registrar capability. */
  search?(query: string): Promise<TDomainOffer[]>;
  purchase?(input: {
    domain: string;
    autoRenew: boolean;
  }): Promise<{ orderId: string; status: 'pending' | 'active' }>;
}

export interface TNativeBuildRequest {
  app: TAppRef;
  liveUrl: string;
  name: string;
  bundleId: string;
  version: string;
}

export interface TNativeBuildStatus {
  id: string;
  status: 'queued' | 'building' | 'succeeded' | 'failed';
  artifactUrl?: string;
  error?: string;
}

/** iOS / Android builds. `requiredCredentials` lists what the UI must ask for. */
export interface MobileBuilder {
  readonly identifier: string;
  readonly platforms: ('ios' | 'android')[];
  requiredCredentials(platform: 'ios' | 'android'): { name: string; description: string }[];
  build(platform: 'ios' | 'android', request: TNativeBuildRequest): Promise<TNativeBuildStatus>;
  status(id: string): Promise<TNativeBuildStatus>;
}

/** Windows / macOS / Linux builds. */
export interface DesktopBuilder {
  readonly identifier: string;
  readonly platforms: ('windows' | 'macos' | 'linux')[];
  requiredCredentials(
    platform: 'windows' | 'macos' | 'linux',
  ): { name: string; description: string }[];
  build(
    platform: 'windows' | 'macos' | 'linux',
    request: TNativeBuildRequest,
  ): Promise<TNativeBuildStatus>;
  status(id: string): Promise<TNativeBuildStatus>;
}
