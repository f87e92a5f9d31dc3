import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blake3 } from '@noble/hashes/blake3.js';
import { FakeVendorApi, type TFakeFault, type TFakeRequest, type TRecordedRequest } from '@shipyard/deploy-core/testing';

/*
 * A local stand-in for the Cloudflare v4 API, reproducing the documented requests and responses
 * this package uses: the `{ success, errors, messages, result }` envelope, API-token and upload-JWT
 * authentication, Pages projects / Direct Upload / deployments / rollback / custom domains, zones
 * and DNS records, and the Registrar (domain-search, domain-check, registrations and their async
 * workflows). It ASSERTS what it receives: a request with a wrong auth header, a malformed body, a
 * manifest whose hashes do not match the uploaded files, or an unknown route is answered with an
 * error and recorded in `failures`, which every test checks is empty. It also serves what was
 * deployed: `serve` its files, `serveWithWorker` through its `_worker.js` (run in Node).
 */

export const ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
export const TOKEN = 'cf-test-token-with-every-scope-0001';

export type TFakeScope = 'pages' | 'zone' | 'dns' | 'registrar';

interface TEnvVar {
  type: 'plain_text' | 'secret_text';
  value: string;
}

export interface TFakeDeployment {
  id: string;
  short_id: string;
  project_name: string;
  environment: 'production' | 'preview';
  url: string;
  created_on: string;
  branch: string;
  commit_message: string;
  stage: { name: 'deploy'; status: 'active' | 'success' | 'failure' };
  pollsLeft: number;
  willFail: boolean;
  manifest: Record<string, string>;
  worker: string | null;
  configFiles: Record<string, string>;
  env: Record<string, string>;
}

export interface TFakeProject {
  id: string;
  name: string;
  subdomain: string;
  production_branch: string;
  created_on: string;
  source: { type: string; config: { owner: string; repo_name: string } } | null;
  env: { production: Record<string, TEnvVar>; preview: Record<string, TEnvVar> };
  domains: Map<string, { id: string; name: string; created_on: string }>;
  canonicalId: string | null;
  assets: Map<string, { base64: string; contentType: string }>;
  deployments: TFakeDeployment[];
}

interface TDnsRecord {
  id: string;
  type: string;
  name: string;
  content: string;
  proxied: boolean;
  ttl: number;
  comment: string | null;
  created_on: string;
  modified_on: string;
}

export interface TFault extends TFakeFault {
  errors?: { code: number; message: string }[];
}

interface TRegistrarDomain {
  registrable: boolean;
  reason?: string;
  tier?: 'standard' | 'premium';
  price?: string;
  currency?: string;
}

interface TRegistration {
  domain: string;
  auto_renew: boolean;
  privacy_mode: string;
  created_at: string;
  pollsLeft: number;
  finalState: 'succeeded' | 'failed' | 'action_required';
}

type TReq = TFakeRequest & { token: string };

/** A Workers-format module's default export, as `_worker.js` has it. */
interface TWorkerHandler {
  fetch(request: Request, env: Record<string, unknown>, ctx: { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void }): Promise<Response>;
}

class HttpFailure {
  constructor(
    readonly status: number,
    readonly errors: { code: number; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {}
}

const now = () => new Date().toISOString();
const hex32 = /^[0-9a-f]{32}$/;

/** The hash Pages uses, computed here independently from the package's implementation. */
export function referencePagesHash(path: string, base64: string): string {
  const ext = posix.extname(path).slice(1);
  return Buffer.from(blake3(Buffer.from(base64 + ext, 'utf8'))).toString('hex').slice(0, 32);
}

export class FakeCloudflare extends FakeVendorApi<TRecordedRequest, TFault> {
  /** Hashes sent to each `/pages/assets/upload` request. */
  readonly uploads: string[][] = [];
  /** What each check-missing asked for and answered. */
  readonly checkMissing: { asked: string[]; missing: string[] }[] = [];
  readonly upserts: string[][] = [];
  readonly projects = new Map<string, TFakeProject>();
  readonly zones: { id: string; name: string }[] = [];
  readonly records = new Map<string, TDnsRecord[]>();
  readonly registrar = new Map<string, TRegistrarDomain>();
  readonly registrations = new Map<string, TRegistration>();
  readonly searchSuggestions = new Map<string, string[]>();
  /** token → scopes. */
  readonly tokens = new Map<string, Set<TFakeScope>>([[TOKEN, new Set<TFakeScope>(['pages', 'zone', 'dns', 'registrar'])]]);
  /** pages.dev names taken by other accounts: a new project gets a suffixed subdomain. */
  readonly globallyTaken = new Set<string>();
  /** Status polls a new deployment stays `active` before it finishes. */
  deploymentPolls = 1;
  /** Make the next created deployments fail at the deploy stage. */
  failDeployments = 0;
  /** Polls a registration workflow stays in progress; 0 = completes synchronously (201). */
  registrationPolls = 0;
  registrationOutcome: TRegistration['finalState'] = 'succeeded';
  jwtTtlSeconds = 300;
  /** Projects with more deployments than this cannot be deleted (Cloudflare's code 8000076). */
  maxDeploymentsToDeleteProject = 100;
  maxFileCountAllowed = 20_000;
  private jwtSecret = randomBytes(16);
  private workers = new Map<string, Promise<TWorkerHandler>>();
  private workerDir: string | null = null;

  constructor() {
    super('/client/v4');
  }

  addZone(name: string): { id: string; name: string } {
    const zone = { id: randomBytes(16).toString('hex'), name };
    this.zones.push(zone);
    this.records.set(zone.id, []);
    return zone;
  }

  addRecord(zoneName: string, record: { type: string; name: string; content: string; comment?: string }) {
    const zone = this.zones.find((z) => z.name === zoneName)!;
    this.records.get(zone.id)!.push({
      id: randomBytes(16).toString('hex'),
      proxied: false,
      ttl: 1,
      comment: record.comment ?? null,
      created_on: now(),
      modified_on: now(),
      ...record,
    });
  }

  recordsAt(name: string): TDnsRecord[] {
    return [...this.records.values()].flat().filter((r) => r.name === name);
  }

  liveDeployment(project: string): TFakeDeployment | null {
    const p = this.projects.get(project);
    return p?.deployments.find((d) => d.id === p.canonicalId) ?? null;
  }

  /** Serves a deployed site: `https://<short>.<subdomain>/…` or the production `https://<subdomain>/…`. */
  serve(url: string): Response {
    const found = this.deploymentAt(url);
    if (found instanceof Response) return found;
    return this.asset(found.project, found.deployment, new URL(url).pathname);
  }

  /**
   * Serves a deployed site as Pages does in advanced mode: a deployment with a `_worker.js` runs it
   * — here in Node, with the env vars the deployment was created with and `env.ASSETS` over its
   * uploaded files — and one without serves its files, as `serve` does.
   */
  async serveWithWorker(url: string, init?: RequestInit): Promise<Response> {
    const found = this.deploymentAt(url);
    if (found instanceof Response) return found;
    const { project, deployment } = found;
    if (deployment.worker === null) return this.asset(project, deployment, new URL(url).pathname);
    const worker = await this.workerModule(deployment.worker);
    const assets = {
      fetch: async (input: Request | URL | string) => {
        const target = input instanceof Request ? input.url : String(input);
        return this.asset(project, deployment, new URL(target, url).pathname);
      },
    };
    const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined };
    return worker.fetch(new Request(url, init), { ...deployment.env, ASSETS: assets }, ctx);
  }

  override async stop(): Promise<void> {
    await super.stop();
    if (this.workerDir) rmSync(this.workerDir, { recursive: true, force: true });
  }

  private deploymentAt(url: string): { project: TFakeProject; deployment: TFakeDeployment } | Response {
    const u = new URL(url);
    for (const p of this.projects.values()) {
      let d: TFakeDeployment | undefined;
      if (u.hostname === p.subdomain) d = p.deployments.find((x) => x.id === p.canonicalId);
      else if (u.hostname.endsWith(`.${p.subdomain}`)) d = p.deployments.find((x) => `${x.short_id}.${p.subdomain}` === u.hostname);
      if (!d) continue;
      if (d.stage.status !== 'success') return new Response('deployment not ready', { status: 503 });
      return { project: p, deployment: d };
    }
    return new Response('no such pages.dev host', { status: 530 });
  }

  private asset(p: TFakeProject, d: TFakeDeployment, pathname: string): Response {
    const path = pathname === '/' ? '/index.html' : pathname;
    const hash = d.manifest[path];
    const asset = hash ? p.assets.get(hash) : undefined;
    if (!asset) return new Response('not found', { status: 404 });
    return new Response(Buffer.from(asset.base64, 'base64'), { status: 200, headers: { 'content-type': asset.contentType } });
  }

  /** The uploaded `_worker.js` as a module (each distinct source is imported once). */
  private workerModule(source: string): Promise<TWorkerHandler> {
    const key = createHash('sha256').update(source).digest('hex');
    let mod = this.workers.get(key);
    if (!mod) {
      this.workerDir ??= mkdtempSync(join(tmpdir(), 'fake-cloudflare-worker-'));
      const file = join(this.workerDir, `${key}.mjs`);
      writeFileSync(file, source);
      mod = (import(pathToFileURL(file).href) as Promise<{ default?: Partial<TWorkerHandler> }>).then((m) => {
        if (typeof m.default?.fetch !== 'function') throw new Error('_worker.js has no default export with a fetch handler');
        return m.default as TWorkerHandler;
      });
      this.workers.set(key, mod);
    }
    return mod;
  }

  // ---------------------------------------------------------------- plumbing

  protected violation(message: string) {
    return new HttpFailure(400, [{ code: 8000000, message }]);
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const request = await this.read(req);
    const { method, path, auth } = request;
    this.requests.push({ method, path, query: request.url.search, auth, at: Date.now() });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => this.send(res, status, body, headers);
    try {
      if (req.headers['x-auth-key'] || req.headers['x-auth-email']) {
        this.fail(`${method} ${path}: sent X-Auth-Key/X-Auth-Email next to a token`);
        throw new HttpFailure(400, [{ code: 6003, message: 'Invalid request headers' }]);
      }
      const token = this.bearer(request);
      if (!token) throw new HttpFailure(400, [{ code: 6003, message: 'Invalid request headers' }]);
      const r: TReq = { ...request, token };
      const fault = this.pendingFault(method, path);
      if (fault) {
        this.authorize(r, path.startsWith('/pages/assets/') ? 'jwt' : this.scopeFor(path));
        fault.times--;
        if (fault.afterHandling) await this.route(r);
        throw new HttpFailure(fault.status, fault.errors ?? [{ code: fault.status === 429 ? 971 : 8000000, message: fault.status === 429 ? 'Please wait and consider throttling your request speed' : 'An unknown error occurred. Contact your account team.' }], fault.headers);
      }
      const { status, result, extra } = await this.route(r);
      send(status, { success: true, errors: [], messages: [], result, ...extra });
    } catch (error) {
      if (error instanceof HttpFailure) {
        send(error.status, { success: false, errors: error.errors, messages: [], result: null }, error.headers);
      } else {
        this.crashed(request, error);
        send(500, { success: false, errors: [{ code: 8000000, message: 'fake crashed' }], messages: [], result: null });
      }
    }
  }

  private scopeFor(path: string): TFakeScope {
    if (path.includes('/registrar/')) return 'registrar';
    if (/^\/zones\/[^/]+\/dns_records/.test(path)) return 'dns';
    if (path.startsWith('/zones')) return 'zone';
    return 'pages';
  }

  private authorize(r: TReq, scope: TFakeScope | 'jwt') {
    if (scope === 'jwt') {
      const claims = this.verifyJwt(r.token);
      if (!claims) {
        if (this.tokens.has(r.token)) this.reject(r, 'asset endpoints must be called with the upload JWT, not the API token');
        throw new HttpFailure(401, [{ code: 8000013, message: 'Authorization failed: the upload token is invalid or expired' }]);
      }
      return claims;
    }
    const scopes = this.tokens.get(r.token);
    if (!scopes) throw new HttpFailure(401, [{ code: 1000, message: 'Invalid API Token' }]);
    if (!scopes.has(scope)) throw new HttpFailure(403, [{ code: 10000, message: 'Authentication error' }]);
    return null;
  }

  private issueJwt(project: string): string {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = enc({ alg: 'HS256', typ: 'JWT' });
    const body = enc({ project, account: ACCOUNT_ID, exp: Math.floor(Date.now() / 1000) + this.jwtTtlSeconds, max_file_count_allowed: this.maxFileCountAllowed });
    const sig = createHmac('sha256', this.jwtSecret).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  }

  private verifyJwt(token: string): { project: string; exp: number } | null {
    const [head, body, sig] = token.split('.');
    if (!head || !body || !sig) return null;
    const expected = createHmac('sha256', this.jwtSecret).update(`${head}.${body}`).digest('base64url');
    if (expected !== sig) return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { project: string; exp: number };
    return claims.exp * 1000 > Date.now() ? claims : null;
  }

  private project(name: string): TFakeProject {
    const p = this.projects.get(name);
    if (!p) throw new HttpFailure(404, [{ code: 8000007, message: 'Project not found. The specified project name does not match any of your existing projects.' }]);
    return p;
  }

  private deployment(p: TFakeProject, id: string): TFakeDeployment {
    const d = p.deployments.find((x) => x.id === id);
    if (!d) throw new HttpFailure(404, [{ code: 8000009, message: 'The deployment ID you have specified does not exist. Update the deployment ID and try again.' }]);
    return d;
  }

  // ---------------------------------------------------------------- views

  private deploymentView(p: TFakeProject, d: TFakeDeployment) {
    const stageName = d.stage.name;
    return {
      id: d.id,
      short_id: d.short_id,
      project_id: p.id,
      project_name: p.name,
      environment: d.environment,
      url: d.url,
      created_on: d.created_on,
      modified_on: d.created_on,
      aliases: d.environment === 'production' && p.canonicalId === d.id ? [`https://${p.subdomain}`] : null,
      latest_stage: { name: stageName, status: d.stage.status, started_on: d.created_on, ended_on: d.stage.status === 'active' ? null : now() },
      stages: [
        { name: 'queued', status: 'success', started_on: d.created_on, ended_on: d.created_on },
        { name: 'initialize', status: 'success', started_on: d.created_on, ended_on: d.created_on },
        { name: 'deploy', status: d.stage.status, started_on: d.created_on, ended_on: null },
      ],
      deployment_trigger: { type: 'ad_hoc', metadata: { branch: d.branch, commit_hash: '', commit_message: d.commit_message, commit_dirty: false } },
      env_vars: Object.fromEntries(Object.keys(d.env).map((k) => [k, { type: 'secret_text', value: '' }])),
      build_config: { build_caching: false, build_command: '', destination_dir: '', root_dir: '', web_analytics_tag: null, web_analytics_token: null },
      source: null,
      is_skipped: false,
      uses_functions: d.worker !== null,
    };
  }

  private projectView(p: TFakeProject) {
    const hide = (env: Record<string, TEnvVar>) =>
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, { type: v.type, value: v.type === 'secret_text' ? '' : v.value }]));
    const canonical = p.deployments.find((d) => d.id === p.canonicalId);
    return {
      id: p.id,
      name: p.name,
      subdomain: p.subdomain,
      domains: [...p.domains.keys()],
      production_branch: p.production_branch,
      created_on: p.created_on,
      deployment_configs: {
        production: { env_vars: hide(p.env.production), compatibility_date: '2025-07-18', compatibility_flags: [] },
        preview: { env_vars: hide(p.env.preview), compatibility_date: '2025-07-18', compatibility_flags: [] },
      },
      canonical_deployment: canonical ? this.deploymentView(p, canonical) : null,
      latest_deployment: p.deployments[0] ? this.deploymentView(p, p.deployments[0]) : null,
      source: p.source ?? undefined,
      framework: '',
      framework_version: '',
      preview_script_name: `pages-worker--${p.id}-preview`,
      production_script_name: `pages-worker--${p.id}-production`,
      uses_functions: null,
    };
  }

  /** Advances a deployment's stage by one status poll. */
  private advance(p: TFakeProject, d: TFakeDeployment) {
    if (d.stage.status !== 'active') return;
    if (d.pollsLeft > 0) {
      d.pollsLeft--;
      return;
    }
    d.stage.status = d.willFail ? 'failure' : 'success';
    if (d.stage.status === 'success' && d.environment === 'production') p.canonicalId = d.id;
  }

  // ---------------------------------------------------------------- routes

  private async route(r: TReq): Promise<{ status: number; result: unknown; extra?: Record<string, unknown> }> {
    const { method, path } = r;
    const ok = (result: unknown, status = 200, extra?: Record<string, unknown>) => ({ status, result, extra });

    // Direct Upload asset endpoints (JWT).
    if (path.startsWith('/pages/assets/')) {
      const claims = this.authorize(r, 'jwt')!;
      const p = this.project(claims.project);
      if (method === 'POST' && path === '/pages/assets/check-missing') {
        const { hashes } = this.json<{ hashes: unknown }>(r);
        if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && hex32.test(h))) this.reject(r, 'hashes must be 32-character hex strings');
        if (new Set(hashes).size !== hashes.length) this.reject(r, 'hashes contains duplicates');
        const missing = (hashes as string[]).filter((h) => !p.assets.has(h));
        this.checkMissing.push({ asked: hashes as string[], missing });
        return ok(missing);
      }
      if (method === 'POST' && path === '/pages/assets/upload') {
        const payload = this.json<unknown>(r);
        if (!Array.isArray(payload) || payload.length === 0) this.reject(r, 'upload body must be a non-empty array');
        if (payload.length > 2000) this.reject(r, `a bucket may hold at most 2000 files, got ${payload.length}`);
        let bytes = 0;
        const keys: string[] = [];
        for (const f of payload as { key?: unknown; value?: unknown; base64?: unknown; metadata?: { contentType?: unknown } }[]) {
          if (typeof f.key !== 'string' || !hex32.test(f.key)) this.reject(r, 'each file needs a 32-hex key');
          if (f.base64 !== true || typeof f.value !== 'string') this.reject(r, 'each file must be { value: <base64>, base64: true }');
          if (typeof f.metadata?.contentType !== 'string' || !f.metadata.contentType) this.reject(r, `file ${f.key} has no metadata.contentType`);
          const decoded = Buffer.from(f.value, 'base64');
          if (decoded.toString('base64') !== f.value) this.reject(r, `file ${f.key} value is not canonical base64`);
          bytes += decoded.byteLength;
          p.assets.set(f.key, { base64: f.value, contentType: f.metadata.contentType });
          keys.push(f.key);
        }
        if (bytes > 50 * 1024 * 1024) this.reject(r, `bucket carries ${bytes} bytes, over the 50 MiB request limit`);
        this.uploads.push(keys);
        return ok(null);
      }
      if (method === 'POST' && path === '/pages/assets/upsert-hashes') {
        const { hashes } = this.json<{ hashes: string[] }>(r);
        const unknown = hashes.filter((h) => !p.assets.has(h));
        if (unknown.length) this.reject(r, `upsert-hashes for files never uploaded: ${unknown.join(', ')}`);
        this.upserts.push(hashes);
        return ok(null);
      }
      return this.reject(r, 'unknown asset endpoint');
    }

    this.authorize(r, this.scopeFor(path));

    let m: RegExpExecArray | null;
    if ((m = /^\/accounts\/([^/]+)\//.exec(path)) && m[1] !== ACCOUNT_ID) {
      throw new HttpFailure(404, [{ code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` }]);
    }
    const A = `/accounts/${ACCOUNT_ID}`;

    // ---------------------------------------------------------- Pages projects
    if (path === `${A}/pages/projects`) {
      if (method === 'GET') {
        const all = [...this.projects.values()].map((p) => this.projectView(p));
        const perPage = Number(r.query.get('per_page') ?? 10);
        const page = Number(r.query.get('page') ?? 1);
        return ok(all.slice((page - 1) * perPage, page * perPage), 200, { result_info: { page, per_page: perPage, count: all.length, total_count: all.length } });
      }
      if (method === 'POST') {
        const body = this.json<{ name?: unknown; production_branch?: unknown }>(r);
        if (typeof body.name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,57}$/.test(body.name) || body.name.endsWith('-')) {
          throw new HttpFailure(400, [{ code: 8000011, message: 'Invalid project name.' }]);
        }
        if (typeof body.production_branch !== 'string' || !body.production_branch) this.reject(r, 'production_branch is required');
        if (this.projects.has(body.name)) {
          throw new HttpFailure(409, [{ code: 8000002, message: 'A project with this name already exists. Choose a different project name.' }]);
        }
        const subdomain = this.globallyTaken.has(body.name) ? `${body.name}-${randomBytes(2).toString('hex')}.pages.dev` : `${body.name}.pages.dev`;
        const p: TFakeProject = {
          id: randomUUID(),
          name: body.name,
          subdomain,
          production_branch: body.production_branch,
          created_on: now(),
          source: null,
          env: { production: {}, preview: {} },
          domains: new Map(),
          canonicalId: null,
          assets: new Map(),
          deployments: [],
        };
        this.projects.set(p.name, p);
        return ok(this.projectView(p));
      }
    }
    if ((m = new RegExp(`^${A}/pages/projects/([^/]+)$`).exec(path))) {
      const p = this.project(m[1]!);
      if (method === 'GET') return ok(this.projectView(p));
      if (method === 'DELETE') {
        if (p.deployments.length > this.maxDeploymentsToDeleteProject) {
          throw new HttpFailure(400, [{ code: 8000076, message: 'Your project has too many deployments to be deleted, follow this guide to delete them: https://cfl.re/3CXesln' }]);
        }
        this.projects.delete(p.name);
        return ok(null);
      }
      if (method === 'PATCH') {
        const body = this.json<{ deployment_configs?: Record<string, { env_vars?: Record<string, TEnvVar | null> }> }>(r);
        for (const envName of ['production', 'preview'] as const) {
          const vars = body.deployment_configs?.[envName]?.env_vars;
          if (!vars) continue;
          for (const [k, v] of Object.entries(vars)) {
            if (v === null) delete p.env[envName][k];
            else if ((v.type === 'secret_text' || v.type === 'plain_text') && typeof v.value === 'string') p.env[envName][k] = v;
            else this.reject(r, `env var ${k} must be { type: "secret_text" | "plain_text", value: string } or null`);
          }
        }
        return ok(this.projectView(p));
      }
    }
    if ((m = new RegExp(`^${A}/pages/projects/([^/]+)/upload-token$`).exec(path)) && method === 'GET') {
      const p = this.project(m[1]!);
      return ok({ jwt: this.issueJwt(p.name) });
    }

    // ---------------------------------------------------------- deployments
    if ((m = new RegExp(`^${A}/pages/projects/([^/]+)/deployments$`).exec(path))) {
      const p = this.project(m[1]!);
      if (method === 'GET') {
        const env = r.query.get('env');
        const list = p.deployments.filter((d) => !env || d.environment === env);
        const perPage = Number(r.query.get('per_page') ?? 25);
        const page = Number(r.query.get('page') ?? 1);
        return ok(
          list.slice((page - 1) * perPage, page * perPage).map((d) => this.deploymentView(p, d)),
          200,
          { result_info: { page, per_page: perPage, count: Math.max(0, Math.min(perPage, list.length - (page - 1) * perPage)), total_count: list.length } },
        );
      }
      if (method === 'POST') return ok(this.deploymentView(p, await this.createDeployment(r, p)));
    }
    if ((m = new RegExp(`^${A}/pages/projects/([^/]+)/deployments/([^/]+)$`).exec(path))) {
      const p = this.project(m[1]!);
      const d = this.deployment(p, m[2]!);
      if (method === 'GET') {
        this.advance(p, d);
        return ok(this.deploymentView(p, d));
      }
      if (method === 'DELETE') {
        if (d.environment === 'production' && r.query.get('force') !== 'true' && p.deployments.some((x) => x.environment === 'production' && x.stage.status === 'success' && x.created_on > d.created_on) === false) {
          throw new HttpFailure(400, [{ code: 8000036, message: 'You cannot delete an aliased deployment without a `?force=true` parameter in the API request URL.' }]);
        }
        if (p.canonicalId === d.id) throw new HttpFailure(400, [{ code: 8000034, message: 'You cannot delete the active production deployment.' }]);
        p.deployments = p.deployments.filter((x) => x.id !== d.id);
        return ok(null);
      }
    }
    if ((m = new RegExp(`^${A}/pages/projects/([^/]+)/deployments/([^/]+)/rollback$`).exec(path)) && method === 'POST') {
      const p = this.project(m[1]!);
      const d = this.deployment(p, m[2]!);
      if (d.environment !== 'production' || d.stage.status !== 'success') {
        throw new HttpFailure(400, [{ code: 8000035, message: 'You can only roll back to a successful production deployment.' }]);
      }
      p.canonicalId = d.id;
      return ok(this.deploymentView(p, d));
    }

    // ---------------------------------------------------------- custom domains
    if ((m = new RegExp(`^${A}/pages/projects/([^/]+)/domains$`).exec(path))) {
      const p = this.project(m[1]!);
      if (method === 'GET') return ok([...p.domains.values()].map((d) => this.domainView(d)));
      if (method === 'POST') {
        const { name } = this.json<{ name?: string }>(r);
        if (!name) this.reject(r, 'name is required');
        for (const other of this.projects.values()) {
          if (other.domains.has(name)) throw new HttpFailure(409, [{ code: 8000018, message: 'You have already added this custom domain.' }]);
        }
        const d = { id: randomUUID(), name, created_on: now() };
        p.domains.set(name, d);
        return ok(this.domainView(d));
      }
    }
    if ((m = new RegExp(`^${A}/pages/projects/([^/]+)/domains/([^/]+)$`).exec(path))) {
      const p = this.project(m[1]!);
      const d = p.domains.get(decodeURIComponent(m[2]!));
      if (!d) throw new HttpFailure(404, [{ code: 8000015, message: 'Domain not found.' }]);
      if (method === 'GET') return ok(this.domainView(d));
      if (method === 'DELETE') {
        p.domains.delete(d.name);
        return ok(null);
      }
    }

    // ---------------------------------------------------------- zones and DNS
    if (path === '/zones' && method === 'GET') {
      const name = r.query.get('name');
      const account = r.query.get('account.id');
      if (account && account !== ACCOUNT_ID) return ok([], 200, { result_info: { page: 1, per_page: 5, count: 0, total_count: 0 } });
      const list = this.zones.filter((z) => !name || z.name === name).map((z) => ({ id: z.id, name: z.name, account: { id: ACCOUNT_ID, name: 'Test' }, status: 'active' }));
      return ok(list, 200, { result_info: { page: 1, per_page: 5, count: list.length, total_count: list.length } });
    }
    if ((m = /^\/zones\/([^/]+)\/dns_records$/.exec(path))) {
      const records = this.records.get(m[1]!);
      if (!records) throw new HttpFailure(404, [{ code: 7003, message: 'Could not route to /zones, perhaps your object identifier is invalid?' }]);
      if (method === 'GET') {
        const name = r.query.get('name.exact') ?? r.query.get('name');
        const type = r.query.get('type');
        const list = records.filter((x) => (!name || x.name === name) && (!type || x.type === type));
        return ok(list, 200, { result_info: { page: 1, per_page: 100, count: list.length, total_count: list.length } });
      }
      if (method === 'POST') {
        const body = this.validRecord(r);
        if (body.type === 'CNAME' && records.some((x) => x.name === body.name)) {
          throw new HttpFailure(400, [{ code: 81053, message: 'An A, AAAA, or CNAME record with that host already exists.' }]);
        }
        const rec: TDnsRecord = { id: randomBytes(16).toString('hex'), created_on: now(), modified_on: now(), ...body };
        records.push(rec);
        return ok(rec);
      }
    }
    if ((m = /^\/zones\/([^/]+)\/dns_records\/([^/]+)$/.exec(path))) {
      const records = this.records.get(m[1]!) ?? [];
      const idx = records.findIndex((x) => x.id === m![2]);
      if (idx < 0) throw new HttpFailure(404, [{ code: 81044, message: 'Record does not exist.' }]);
      if (method === 'PUT') {
        records[idx] = { ...records[idx]!, ...this.validRecord(r), modified_on: now() };
        return ok(records[idx]);
      }
      if (method === 'DELETE') {
        const [gone] = records.splice(idx, 1);
        return ok({ id: gone!.id });
      }
    }

    // ---------------------------------------------------------- Registrar
    if (path === `${A}/registrar/domain-search` && method === 'GET') {
      const q = r.query.get('q') ?? '';
      if (!q) this.reject(r, 'q is required');
      const names = this.searchSuggestions.get(q) ?? [];
      return ok({ domains: names.map((n) => this.checkView(n)) });
    }
    if (path === `${A}/registrar/domain-check` && method === 'POST') {
      const { domains } = this.json<{ domains?: unknown }>(r);
      if (!Array.isArray(domains) || domains.length < 1 || domains.length > 20) this.reject(r, 'domains must list 1 to 20 names');
      return ok({ domains: (domains as string[]).map((n) => this.checkView(n)) });
    }
    if (path === `${A}/registrar/registrations`) {
      if (method === 'GET') {
        const list = [...this.registrations.values()].map((x) => this.registrationView(x));
        return ok(list, 200, { result_info: { cursor: '', per_page: 1 } });
      }
      if (method === 'POST') {
        const body = this.json<{ domain_name?: string; auto_renew?: boolean; privacy_mode?: string }>(r);
        const domain = body.domain_name ?? '';
        const info = this.registrar.get(domain);
        if (!info?.registrable || this.registrations.has(domain)) {
          throw new HttpFailure(409, [{ code: 1003, message: `${domain} is not available for registration.` }]);
        }
        if (typeof body.auto_renew !== 'boolean') this.reject(r, 'auto_renew must be sent explicitly');
        if (body.privacy_mode !== 'redaction' && body.privacy_mode !== 'off') this.reject(r, 'privacy_mode must be redaction or off');
        const reg: TRegistration = {
          domain,
          auto_renew: body.auto_renew,
          privacy_mode: body.privacy_mode,
          created_at: now(),
          pollsLeft: this.registrationPolls,
          finalState: this.registrationOutcome,
        };
        this.registrations.set(domain, reg);
        return ok(this.workflowView(reg), reg.pollsLeft === 0 ? 201 : 202);
      }
    }
    if ((m = new RegExp(`^${A}/registrar/registrations/([^/]+)$`).exec(path))) {
      const reg = this.registrations.get(m[1]!);
      if (!reg || (reg.pollsLeft === 0 && reg.finalState === 'failed')) {
        throw new HttpFailure(404, [{ code: 1004, message: 'Registration not found.' }]);
      }
      if (method === 'GET') return ok(this.registrationView(reg));
      if (method === 'PATCH') {
        const body = this.json<{ auto_renew?: boolean }>(r);
        if (typeof body.auto_renew !== 'boolean') this.reject(r, 'auto_renew must be a boolean');
        reg.auto_renew = body.auto_renew;
        return ok({ ...this.workflowView({ ...reg, pollsLeft: 0, finalState: 'succeeded' }), links: { self: `${A}/registrar/registrations/${reg.domain}/update-status` } });
      }
    }
    if ((m = new RegExp(`^${A}/registrar/registrations/([^/]+)/registration-status$`).exec(path)) && method === 'GET') {
      const reg = this.registrations.get(m[1]!);
      if (!reg) throw new HttpFailure(404, [{ code: 1004, message: 'Registration not found.' }]);
      if (reg.pollsLeft > 0) reg.pollsLeft--;
      return ok(this.workflowView(reg));
    }
    if ((m = new RegExp(`^${A}/registrar/registrations/([^/]+)/update-status$`).exec(path)) && method === 'GET') {
      const reg = this.registrations.get(m[1]!);
      if (!reg) throw new HttpFailure(404, [{ code: 1004, message: 'Registration not found.' }]);
      return ok(this.workflowView({ ...reg, pollsLeft: 0, finalState: 'succeeded' }));
    }

    return this.reject(r, 'unexpected request (no such route in the Cloudflare API this package uses)');
  }

  private async createDeployment(r: TReq, p: TFakeProject): Promise<TFakeDeployment> {
    const contentType = String(r.headers['content-type'] ?? '');
    if (!contentType.startsWith('multipart/form-data')) this.reject(r, `deployment creation must be multipart/form-data, got ${contentType}`);
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: r.body }).formData();
    const manifestRaw = form.get('manifest');
    if (typeof manifestRaw !== 'string') this.reject(r, 'the manifest field is missing');
    let manifest: Record<string, string>;
    try {
      manifest = JSON.parse(manifestRaw) as Record<string, string>;
    } catch {
      return this.reject(r, 'the manifest is not JSON');
    }
    for (const [file, hash] of Object.entries(manifest)) {
      if (!file.startsWith('/')) this.reject(r, `manifest path ${file} must start with "/"`);
      if (['/_worker.js', '/_headers', '/_redirects', '/_routes.json'].includes(file)) this.reject(r, `${file} must be a form part, not a manifest entry`);
      const asset = p.assets.get(hash);
      if (!asset) this.reject(r, `manifest entry ${file} → ${hash} was never uploaded`);
      const expected = referencePagesHash(file, asset.base64);
      if (expected !== hash) this.reject(r, `manifest entry ${file} has hash ${hash}, but the uploaded file hashes to ${expected}`);
    }
    const worker = form.get('_worker.js');
    if (worker !== null && typeof worker === 'string') this.reject(r, '_worker.js must be sent as a file part');
    if (form.get('_worker.bundle') !== null && worker !== null) this.reject(r, '_worker.js and _worker.bundle are mutually exclusive');
    const branch = form.get('branch');
    if (typeof branch !== 'string' || !branch) this.reject(r, 'branch is missing');
    const commitMessage = form.get('commit_message');
    const configFiles: Record<string, string> = {};
    for (const name of ['_headers', '_redirects', '_routes.json']) {
      const f = form.get(name);
      if (f !== null) {
        if (typeof f === 'string') this.reject(r, `${name} must be a file part`);
        configFiles[name] = await f.text();
      }
    }
    const id = randomUUID();
    const short = id.slice(0, 8);
    const d: TFakeDeployment = {
      id,
      short_id: short,
      project_name: p.name,
      environment: branch === p.production_branch ? 'production' : 'preview',
      url: `https://${short}.${p.subdomain}`,
      created_on: now(),
      branch,
      commit_message: typeof commitMessage === 'string' ? commitMessage : '',
      stage: { name: 'deploy', status: 'active' },
      pollsLeft: this.deploymentPolls,
      willFail: this.failDeployments > 0,
      manifest,
      worker: worker === null ? null : await worker.text(),
      configFiles,
      env: Object.fromEntries(Object.entries(p.env[branch === p.production_branch ? 'production' : 'preview']).map(([k, v]) => [k, v.value])),
    };
    if (this.failDeployments > 0) this.failDeployments--;
    p.deployments.unshift(d);
    if (d.pollsLeft === 0) this.advance(p, d);
    return d;
  }

  private validRecord(r: TReq) {
    const body = this.json<{ type?: string; name?: string; content?: string; ttl?: number; proxied?: boolean; comment?: string }>(r);
    if (!body.type || !['A', 'AAAA', 'CNAME', 'TXT'].includes(body.type)) this.reject(r, `unexpected record type ${body.type}`);
    if (!body.name || !body.content) this.reject(r, 'name and content are required');
    if (typeof body.ttl !== 'number') this.reject(r, 'ttl is required (1 = automatic)');
    if (body.type === 'TXT' && body.proxied) this.reject(r, 'TXT records cannot be proxied');
    return { type: body.type, name: body.name, content: body.content, ttl: body.ttl, proxied: body.proxied ?? false, comment: body.comment ?? null };
  }

  private domainView(d: { id: string; name: string; created_on: string }) {
    return {
      id: d.id,
      name: d.name,
      domain_id: d.id,
      created_on: d.created_on,
      status: 'pending',
      certificate_authority: 'google',
      validation_data: { status: 'pending', method: 'http' },
      verification_data: { status: 'pending' },
      zone_tag: this.zones.find((z) => d.name === z.name || d.name.endsWith(`.${z.name}`))?.id ?? '',
    };
  }

  private checkView(name: string) {
    const info = this.registrar.get(name) ?? { registrable: false, reason: 'domain_unavailable' };
    return {
      name,
      registrable: info.registrable,
      ...(info.registrable ? { pricing: { currency: info.currency ?? 'USD', registration_cost: info.price ?? '10.44', renewal_cost: info.price ?? '10.44' } } : {}),
      ...(info.reason ? { reason: info.reason } : {}),
      ...(info.tier ? { tier: info.tier } : info.registrable ? { tier: 'standard' } : {}),
    };
  }

  private workflowView(reg: TRegistration) {
    const state = reg.pollsLeft > 0 ? 'in_progress' : reg.finalState;
    return {
      completed: state === 'succeeded' || state === 'failed',
      state,
      created_at: reg.created_at,
      updated_at: now(),
      links: { self: `/accounts/${ACCOUNT_ID}/registrar/registrations/${reg.domain}/registration-status`, resource: `/accounts/${ACCOUNT_ID}/registrar/registrations/${reg.domain}` },
      context: state === 'action_required' ? { domain_name: reg.domain, action: 'email verification of the registrant contact' } : { domain_name: reg.domain },
      ...(state === 'failed' ? { error: { code: 'registry_rejected', message: 'The registry rejected the registration.' } } : {}),
    };
  }

  private registrationView(reg: TRegistration) {
    const done = reg.pollsLeft === 0 && reg.finalState === 'succeeded';
    return {
      domain_name: reg.domain,
      auto_renew: reg.auto_renew,
      privacy_mode: reg.privacy_mode,
      locked: true,
      created_at: reg.created_at,
      expires_at: done ? new Date(Date.now() + 365 * 86400_000).toISOString() : null,
      status: done ? 'active' : 'registration_pending',
    };
  }
}
