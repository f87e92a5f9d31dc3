import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { FakeVendorApi, type TFakeFault } from '@shipyard/deploy-core/testing';
import { createPostgresSqlGateway, type TSqlGateway } from '@shipyard/providers-postgres';
import pg from 'pg';

/*
 * A local stand-in for Neon, reproducing what this package and the remote `env.DB` shim use:
 *
 * - the Neon API v2 (https://console.neon.tech/api/v2, api-docs.neon.tech): Bearer API keys,
 *   `{ code, message }` errors, projects (create → 201 with `project`, `connection_uris`,
 *   `roles`, `databases`, `operations`, `branch`, `endpoints`; list with `search`; delete, which
 *   answers 423 while operations run), project operations that finish after a few polls, and
 *   `GET /projects/{id}/connection_uri`;
 * - Neon's SQL-over-HTTP endpoint (`POST /sql` with `Neon-Connection-String`,
 *   `Neon-Raw-Text-Output`, `Neon-Array-Mode`, `Neon-Batch-*`), answering as Neon does
 *   (`{ fields, rows, rowCount, command }`, `{ results: [...] }` for a transaction, 400 with the
 *   PostgreSQL error fields).
 *
 * The data plane is a REAL PostgreSQL server (127.0.0.1:5432 unless the constructor names another):
 * each project gets a real database and owner role there, and the connection URIs point at it.
 * The fake ASSERTS what it receives: wrong auth, malformed bodies or unknown routes are answered
 * with errors and recorded in `failures`.
 */

export const API_KEY = 'neon-api-key-0001-abcdefghijklmnop';
/** A valid key of another organization. */
export const OTHER_ORG_KEY = 'neon-api-key-0002-other-organization';
export const ORG_ID = 'org-acme-12345678';
export const REGIONS = new Set(['aws-us-east-2', 'aws-eu-central-1']);

/** The PostgreSQL server the fake's projects live on: a user that may create databases and roles. */
export interface TFakeNeonPostgres {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** A database to connect to for administration. */
  database: string;
}

/** The default: a local server with trust authentication, as in this monorepo's test set-up. */
export const LOCAL_POSTGRES: TFakeNeonPostgres = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };

export interface TFault extends TFakeFault {
  message?: string;
}

export interface TRecordedRequest {
  method: string;
  path: string;
  query: string;
  auth: string | null;
  body: unknown;
}

interface TFakeOperation {
  id: string;
  project_id: string;
  branch_id: string;
  endpoint_id?: string;
  action: string;
  status: string;
  failures_count: number;
  created_at: string;
  updated_at: string;
  total_duration_ms: number;
  pollsLeft: number;
}

export interface TFakeProject {
  id: string;
  name: string;
  region_id: string;
  pg_version: number;
  org_id: string;
  created_at: string;
  suspend_timeout_seconds: number;
  databaseName: string;
  roleName: string;
  /** The real database and role on the local server. */
  pgDatabase: string;
  pgRole: string;
  password: string;
  endpointId: string;
  branchId: string;
  operations: TFakeOperation[];
}

class HttpFailure {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly code = '',
  ) {}
}

async function admin<T>(server: TFakeNeonPostgres, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(server);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Every value as PostgreSQL's text output, as Neon-Raw-Text-Output: true asks.
export class FakeNeon extends FakeVendorApi<TRecordedRequest, TFault> {
  readonly projects = new Map<string, TFakeProject>();
  readonly sqlRequests: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
  /** Polls an operation stays `running` before it finishes. */
  operationPolls = 2;
  private readonly tag = `neonfake${process.pid}${randomBytes(2).toString('hex')}`;

  private readonly postgres: TFakeNeonPostgres;
  private readonly sqlGateway: TSqlGateway;

  /** `postgres`: where projects' real databases and roles are created (what is not given: LOCAL_POSTGRES). */
  constructor(postgres: Partial<TFakeNeonPostgres> = {}) {
    super();
    this.postgres = { ...LOCAL_POSTGRES, ...postgres };
    this.sqlGateway = createPostgresSqlGateway({
      servers: [`${this.postgres.host}:${this.postgres.port}`],
      defaultSslMode: 'disable',
    });
  }

  /** The API base URL (what `apiBaseUrl` is set to). */
  get apiBaseUrl() {
    return `${this.baseUrl}/api/v2`;
  }

  get sqlEndpoint() {
    return `${this.baseUrl}/sql`;
  }

  override async stop() {
    await super.stop();
    // Drop whatever the tests left behind on the real server.
    await admin(this.postgres, async (c) => {
      const dbs = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${this.tag}%`]);
      for (const r of dbs.rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      const roles = await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [`${this.tag}%`]);
      for (const r of roles.rows) await c.query(`DROP ROLE IF EXISTS "${r.rolname}"`);
    });
  }

  /** Whether the project's real database still exists on the PostgreSQL server. */
  async databaseExists(pgDatabase: string): Promise<boolean> {
    return admin(this.postgres, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [pgDatabase])).rowCount === 1);
  }

  uri(p: TFakeProject): string {
    return `postgresql://${p.pgRole}:${p.password}@${this.postgres.host}:${this.postgres.port}/${p.pgDatabase}`;
  }

  protected violation(message: string) {
    return new HttpFailure(400, message);
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const r = await this.read(req);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => this.send(res, status, body, headers);
    let body: unknown = undefined;
    if (r.body.length) {
      try {
        body = JSON.parse(r.body.toString('utf8'));
      } catch {
        this.fail(`${r.method} ${r.path}: body is not JSON`);
        return send(400, { code: '', message: 'request body is not valid JSON' });
      }
    }
    if (r.path === '/sql' && r.method === 'POST') return this.sql(r.headers, body, send);
    this.requests.push({ method: r.method, path: r.path, query: r.url.search, auth: r.auth, body });
    const fault = this.pendingFault(r.method, r.path);
    if (fault) fault.times--;
    const sendFault = (f: TFault) => send(f.status, { code: '', message: f.message ?? 'injected failure' }, f.headers);
    if (fault && !fault.afterHandling) return sendFault(fault);
    try {
      if (!r.path.startsWith('/api/v2/')) return this.unknown(r.method, r.path);
      if (r.auth !== `Bearer ${API_KEY}` && r.auth !== `Bearer ${OTHER_ORG_KEY}`) {
        this.bearer(r);
        throw new HttpFailure(401, 'authorization failed');
      }
      const result = await this.route(r.method, r.path.slice('/api/v2'.length), r.query, body, r.auth === `Bearer ${OTHER_ORG_KEY}`);
      if (fault?.afterHandling) return sendFault(fault);
      send(result.status, result.body);
    } catch (error) {
      if (error instanceof HttpFailure) return send(error.status, { code: error.code, message: error.message, request_id: randomBytes(8).toString('hex') });
      this.crashed(r, error);
      send(500, { code: '', message: 'internal error' });
    }
  }

  private project(id: string, otherOrg: boolean): TFakeProject {
    const p = this.projects.get(id);
    if (!p || otherOrg) throw new HttpFailure(404, `project ${id} not found`);
    return p;
  }

  private publicProject(p: TFakeProject) {
    return {
      id: p.id,
      name: p.name,
      platform_id: 'aws',
      region_id: p.region_id,
      pg_version: p.pg_version,
      org_id: p.org_id,
      proxy_host: `${p.region_id.replace(/^aws-/, '')}.aws.neon.tech`,
      provisioner: 'k8s-neonvm',
      store_passwords: true,
      default_endpoint_settings: { suspend_timeout_seconds: p.suspend_timeout_seconds },
      creation_source: 'api',
      history_retention_seconds: 86400,
      created_at: p.created_at,
      updated_at: p.created_at,
      owner_id: 'user-1',
    };
  }

  private advance(p: TFakeProject) {
    for (const op of p.operations) {
      if (op.status === 'running' && --op.pollsLeft <= 0) op.status = 'finished';
    }
  }

  private async route(method: string, path: string, query: URLSearchParams, body: unknown, otherOrg: boolean): Promise<{ status: number; body: unknown }> {
    let m: RegExpExecArray | null;
    if (path === '/projects' && method === 'GET') {
      const orgId = query.get('org_id');
      if (orgId && orgId !== ORG_ID) throw new HttpFailure(403, `you are not a member of organization ${orgId}`);
      if (otherOrg) return { status: 200, body: { projects: [], pagination: { cursor: '' } } };
      const search = query.get('search') ?? '';
      const limit = Number(query.get('limit') ?? 10);
      const list = [...this.projects.values()].filter((p) => !search || p.name.includes(search) || p.id.includes(search)).slice(0, limit);
      return { status: 200, body: { projects: list.map((p) => this.publicProject(p)), pagination: { cursor: list.at(-1)?.id ?? '' } } };
    }
    if (path === '/projects' && method === 'POST') {
      if (otherOrg) throw new HttpFailure(403, 'the API key may not create projects in this organization');
      const project = (body as { project?: Record<string, unknown> } | undefined)?.project;
      if (!project) {
        this.fail('create project: no project in the body');
        throw new HttpFailure(400, 'project is required');
      }
      const region = project.region_id;
      if (typeof region !== 'string' || !REGIONS.has(region)) throw new HttpFailure(400, `region_id ${String(region)} is not a valid region`, 'INVALID_REQUEST');
      const settings = project.default_endpoint_settings as { suspend_timeout_seconds?: unknown } | undefined;
      if (typeof settings?.suspend_timeout_seconds !== 'number') this.fail('create project: no default_endpoint_settings.suspend_timeout_seconds');
      if (project.org_id !== undefined && project.org_id !== ORG_ID) throw new HttpFailure(403, `you are not a member of organization ${String(project.org_id)}`);
      const branch = (project.branch ?? {}) as { database_name?: string; role_name?: string };
      const id = `${['quiet', 'bold', 'calm'][this.projects.size % 3]}-${['fog', 'sun', 'sea'][this.projects.size % 3]}-${randomBytes(3).readUIntBE(0, 3) % 1_000_000}`;
      const suffix = id.replace(/-/g, '_');
      const p: TFakeProject = {
        id,
        name: typeof project.name === 'string' ? project.name : id,
        region_id: region,
        pg_version: typeof project.pg_version === 'number' ? project.pg_version : 17,
        org_id: typeof project.org_id === 'string' ? project.org_id : ORG_ID,
        created_at: new Date(Date.now() + this.projects.size).toISOString(),
        suspend_timeout_seconds: Number(settings?.suspend_timeout_seconds ?? 0),
        databaseName: branch.database_name ?? 'neondb',
        roleName: branch.role_name ?? `${branch.database_name ?? 'neondb'}_owner`,
        pgDatabase: `${this.tag}_${suffix}`,
        pgRole: `${this.tag}_${suffix}_owner`,
        password: `npg_${randomBytes(9).toString('base64url')}`,
        endpointId: `ep-${id}`,
        branchId: `br-${id}`,
        operations: [],
      };
      await admin(this.postgres, async (c) => {
        await c.query(`CREATE ROLE "${p.pgRole}" LOGIN PASSWORD '${p.password}'`);
        await c.query(`CREATE DATABASE "${p.pgDatabase}" OWNER "${p.pgRole}"`);
      });
      const now = new Date().toISOString();
      const op = (action: string, endpoint?: string): TFakeOperation => ({
        id: randomBytes(8).toString('hex'),
        project_id: id,
        branch_id: p.branchId,
        ...(endpoint ? { endpoint_id: endpoint } : {}),
        action,
        status: 'running',
        failures_count: 0,
        created_at: now,
        updated_at: now,
        total_duration_ms: 0,
        pollsLeft: this.operationPolls,
      });
      p.operations = [op('create_timeline'), op('start_compute', p.endpointId)];
      this.projects.set(id, p);
      const host = `${p.endpointId}.${p.region_id.replace(/^aws-/, '')}.aws.neon.tech`;
      return {
        status: 201,
        body: {
          project: this.publicProject(p),
          connection_uris: [
            {
              connection_uri: this.uri(p),
              connection_parameters: { database: p.databaseName, password: p.password, role: p.roleName, host, pooler_host: host.replace(p.endpointId, `${p.endpointId}-pooler`) },
            },
          ],
          roles: [{ branch_id: p.branchId, name: p.roleName, password: p.password, protected: false, created_at: now, updated_at: now }],
          databases: [{ id: 1, branch_id: p.branchId, name: p.databaseName, owner_name: p.roleName, created_at: now, updated_at: now }],
          operations: p.operations.map(({ pollsLeft: _, ...o }) => o),
          branch: { id: p.branchId, project_id: id, name: 'main', current_state: 'init', pending_state: 'ready', default: true, created_at: now, updated_at: now },
          endpoints: [{ host, id: p.endpointId, project_id: id, branch_id: p.branchId, region_id: p.region_id, type: 'read_write', current_state: 'init', pending_state: 'active', suspend_timeout_seconds: p.suspend_timeout_seconds }],
        },
      };
    }
    if ((m = /^\/projects\/([^/]+)\/operations$/.exec(path)) && method === 'GET') {
      const p = this.project(m[1]!, otherOrg);
      this.advance(p);
      return { status: 200, body: { operations: p.operations.map(({ pollsLeft: _, ...o }) => o), pagination: { cursor: '' } } };
    }
    if ((m = /^\/projects\/([^/]+)\/connection_uri$/.exec(path)) && method === 'GET') {
      const p = this.project(m[1]!, otherOrg);
      const database = query.get('database_name');
      const role = query.get('role_name');
      if (!database || !role) {
        this.fail('connection_uri without database_name and role_name');
        throw new HttpFailure(400, 'database_name and role_name are required');
      }
      if (database !== p.databaseName) throw new HttpFailure(404, `database ${database} not found`);
      if (role !== p.roleName) throw new HttpFailure(404, `role ${role} not found`);
      return { status: 200, body: { uri: this.uri(p) } };
    }
    if ((m = /^\/projects\/([^/]+)$/.exec(path))) {
      const p = this.project(m[1]!, otherOrg);
      if (method === 'GET') return { status: 200, body: { project: this.publicProject(p) } };
      if (method === 'DELETE') {
        if (p.operations.some((o) => o.status === 'running')) {
          throw new HttpFailure(423, 'project already has running conflicting operations, scheduling of new ones is prohibited', 'LOCKED');
        }
        await admin(this.postgres, async (c) => {
          await c.query(`DROP DATABASE IF EXISTS "${p.pgDatabase}" WITH (FORCE)`);
          await c.query(`DROP ROLE IF EXISTS "${p.pgRole}"`);
        });
        this.projects.delete(p.id);
        return { status: 200, body: { project: this.publicProject(p) } };
      }
    }
    return this.unknown(method, path);
  }

  private unknown(method: string, p: string): never {
    this.fail(`unexpected ${method} ${p}`);
    throw new HttpFailure(404, `no route ${method} ${p}`);
  }

  /** Neon's SQL over HTTP, against the real server the connection string names. */
  private async sql(headers: http.IncomingHttpHeaders, body: unknown, send: (status: number, body: unknown) => void) {
    this.sqlRequests.push({ headers, body });
    const connectionString = headers['neon-connection-string'];
    if (typeof connectionString !== 'string') {
      this.fail('/sql without Neon-Connection-String');
      return send(400, { message: 'missing Neon-Connection-String header' });
    }
    if (headers['neon-raw-text-output'] !== 'true' || headers['neon-array-mode'] !== 'true') {
      this.fail('/sql without Neon-Raw-Text-Output: true and Neon-Array-Mode: true');
    }
    const known = [...this.projects.values()].some((p) => connectionString.startsWith(this.uri(p).split('?')[0]!));
    if (!known) return send(401, { message: 'password authentication failed' } as never);
    const b = body as { query?: unknown; queries?: unknown } | null;
    if (!b || (typeof b.query !== 'string' && !Array.isArray(b.queries))) this.fail('/sql body has neither query nor queries');
    // Neon's SQL over HTTP, against the real server: the same protocol Shipyard's SQL gateway serves.
    const { status, body: answer } = await this.sqlGateway.answer(headers, body);
    send(status, answer);
  }
}
