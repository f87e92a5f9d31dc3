import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FakeHttpError as HttpFailure, FakeVendorApi, type TFakeFault, type TFakeRequest, type TRecordedRequest } from '@shipyard/deploy-core/testing';

/*
 * A local stand-in for Vercel's REST API (api.vercel.com), reproducing the documented requests and
 * responses this package sends through the official SDK: projects (v9/v10/v11), project env
 * (`/v10/projects/:id/env?upsert=true`), SHA-addressed file uploads (`POST /v2/files` with
 * `x-vercel-digest`), deployments (`POST /v13/deployments` with `files: [{ file, sha, size }]` →
 * `missing_files`, readyState polling, list by project, delete), promote
 * (`POST /v10/projects/:id/promote/:deploymentId`), domains, rate limits and errors. It ASSERTS
 * what it receives: the bearer token and `teamId` on every request, that an uploaded file's sha1
 * matches its `x-vercel-digest` and `Content-Length`, that a deployment's files were all uploaded
 * with the sizes declared, that Shipyard's deployments are staged production deployments with an
 * Edge-runtime API — a violation is recorded in `failures`, which every test checks is empty. It
 * also serves what was deployed, running the API function, like a browser would see it.
 */

export const TOKEN = 'vercel_test_token_full_scope_00001';
export const TEAM_ID = 'team_acme1234567890';

export interface TFakeEnv {
  id: string;
  key: string;
  value: string;
  type: string;
  target: string[];
  comment?: string;
  createdAt: number;
  updatedAt: number;
}

export interface TFakeDeployment {
  id: string;
  url: string;
  name: string;
  projectId: string;
  target: string | null;
  readyState: 'QUEUED' | 'BUILDING' | 'READY' | 'ERROR' | 'CANCELED';
  pollsLeft: number;
  willFail: boolean;
  files: { file: string; sha: string; size: number }[];
  meta: Record<string, string>;
  /** Env as the deployment's functions see it (bound at build time). */
  env: Record<string, string>;
  createdAt: number;
}

export interface TFakeProject {
  id: string;
  name: string;
  accountId: string;
  autoAssignCustomDomains: boolean;
  ssoProtection: { deploymentType: string } | null;
  link: { type: string; repo: string; org: string } | null;
  env: TFakeEnv[];
  domains: Map<string, { name: string; verified: boolean; createdAt: number }>;
  productionId: string | null;
  /** Polls of the project after a promote before the domains move (0 = at once, answered 201). */
  promotePolls: number;
  lastAliasRequest: { fromDeploymentId: string | null; toDeploymentId: string; jobStatus: string; requestedAt: number; type: string } | null;
  createdAt: number;
}

export interface TFault extends TFakeFault {
  body?: unknown;
}

type TReq = TFakeRequest & { scoped: boolean };

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
const id = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const err = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });

export class FakeVercel extends FakeVendorApi<TRecordedRequest, TFault> {
  readonly projects = new Map<string, TFakeProject>();
  readonly deployments: TFakeDeployment[] = [];
  /** Uploaded file contents by sha1 (Vercel keeps them per account). */
  readonly blobs = new Map<string, Buffer>();
  /** sha1 of every `POST /v2/files`, in order. */
  readonly uploads: string[] = [];
  /** What each `POST /v13/deployments` reported missing. */
  readonly missingReports: string[][] = [];
  /** token → whether its scope includes TEAM_ID. */
  readonly tokens = new Map<string, boolean>([[TOKEN, true]]);
  /** Polls a new deployment stays QUEUED/BUILDING before it finishes. */
  deploymentPolls = 1;
  failDeployments = 0;
  /** Polls a promote takes before the production domains move (0: done within the request). */
  promotePolls = 0;
  private fnDir = mkdtempSync(path.join(tmpdir(), 'fake-vercel-fn-'));
  private fnModules = new Map<string, Promise<{ default: (req: Request, ctx: unknown) => Promise<Response>; config?: unknown }>>();

  override async stop(): Promise<void> {
    await super.stop();
    rmSync(this.fnDir, { recursive: true, force: true });
  }

  project(name: string): TFakeProject | undefined {
    return [...this.projects.values()].find((p) => p.name === name);
  }

  deploymentsOf(name: string): TFakeDeployment[] {
    const p = this.project(name);
    return this.deployments.filter((d) => d.projectId === p?.id);
  }

  production(name: string): TFakeDeployment | null {
    const p = this.project(name);
    return this.deployments.find((d) => d.id === p?.productionId) ?? null;
  }

  /** Serves `https://<project>.vercel.app` / custom domains (production) or a deployment's own URL. */
  async serve(url: string, init?: RequestInit): Promise<Response> {
    const u = new URL(url);
    let deployment = this.deployments.find((d) => d.url === u.hostname);
    if (!deployment) {
      const project = [...this.projects.values()].find((p) => `${p.name}.vercel.app` === u.hostname || p.domains.has(u.hostname));
      deployment = this.deployments.find((d) => d.id === project?.productionId);
    }
    if (!deployment) return new Response('The deployment could not be found on Vercel. DEPLOYMENT_NOT_FOUND', { status: 404 });
    if (deployment.readyState !== 'READY') return new Response('DEPLOYMENT_NOT_READY', { status: 503 });
    const pathname = decodeURIComponent(u.pathname);
    const file = (p: string) => {
      const entry = deployment.files.find((f) => f.file === p.replace(/^\//, ''));
      return entry ? new Response(this.blobs.get(entry.sha)!, { status: 200 }) : null;
    };
    if (pathname.startsWith('/api/') && deployment.files.some((f) => f.file === 'api/[...path].js')) return this.runFunction(deployment, new Request(url, init));
    if (pathname.startsWith('/api/')) return new Response('NOT_FOUND', { status: 404 });
    const direct = file(pathname === '/' ? '/index.html' : pathname);
    if (direct) return direct;
    const config = deployment.files.find((f) => f.file === 'vercel.json');
    const rewrites = config ? (JSON.parse(this.blobs.get(config.sha)!.toString('utf8')) as { rewrites?: { source: string; destination: string }[] }).rewrites ?? [] : [];
    for (const r of rewrites) {
      if (new RegExp(`^${r.source}$`).test(pathname)) return file(r.destination) ?? new Response('NOT_FOUND', { status: 404 });
    }
    return new Response('NOT_FOUND', { status: 404 });
  }

  private async runFunction(d: TFakeDeployment, request: Request): Promise<Response> {
    let mod = this.fnModules.get(d.id);
    if (!mod) {
      const dir = path.join(this.fnDir, d.id);
      mkdirSync(path.join(dir, 'api'), { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
      for (const f of d.files.filter((x) => x.file.startsWith('api/'))) writeFileSync(path.join(dir, f.file), this.blobs.get(f.sha)!);
      mod = import(pathToFileURL(path.join(dir, 'api/[...path].js')).href) as Promise<{ default: (req: Request, ctx: unknown) => Promise<Response> }>;
      this.fnModules.set(d.id, mod);
    }
    const saved = new Map(Object.keys(d.env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, d.env);
    try {
      return await (await mod).default(request, { waitUntil: () => {} });
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  // ---------------------------------------------------------------- plumbing

  protected violation(message: string) {
    return new HttpFailure(400, err('bad_request', message));
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const request = await this.read(req);
    const { method, path, auth } = request;
    this.requests.push({ method, path, query: request.url.search, auth, at: Date.now() });
    try {
      const token = this.bearer(request);
      if (!token) throw new HttpFailure(403, err('forbidden', 'The request is missing an authentication token', { missingToken: true }));
      const scoped = this.tokens.get(token);
      if (scoped === undefined) throw new HttpFailure(403, err('forbidden', 'Not authorized', { invalidToken: true }));
      if (request.query.get('teamId') !== TEAM_ID) this.fail(`${method} ${path}: teamId=${request.query.get('teamId')} instead of ${TEAM_ID}`);
      const r: TReq = { ...request, scoped };
      const fault = this.pendingFault(method, path);
      if (fault) {
        fault.times--;
        if (fault.afterHandling) await this.route(r);
        throw new HttpFailure(fault.status, fault.body ?? err(fault.status === 429 ? 'rate_limited' : 'internal_server_error', fault.status === 429 ? 'Rate limit exceeded' : 'An unexpected internal error occurred'), fault.headers);
      }
      if (!scoped) {
        throw new HttpFailure(403, err('forbidden', `Not authorized: Trying to access resource under scope "${TEAM_ID}". You must re-authenticate to this scope or use a token with access to this scope.`));
      }
      const { status, body } = await this.route(r);
      this.send(res, status, body, {}, 'application/json; charset=utf-8');
    } catch (error) {
      if (error instanceof HttpFailure) this.send(res, error.status, error.body, error.headers, 'application/json; charset=utf-8');
      else {
        this.crashed(request, error);
        this.send(res, 500, err('internal_server_error', 'fake crashed'), {}, 'application/json; charset=utf-8');
      }
    }
  }

  private projectOf(idOrName: string): TFakeProject {
    const p = this.projects.get(idOrName) ?? this.project(idOrName);
    if (!p) throw new HttpFailure(404, err('not_found', 'Project not found'));
    return p;
  }

  // ---------------------------------------------------------------- views

  private projectView(p: TFakeProject) {
    const prod = this.deployments.find((d) => d.id === p.productionId);
    const domains = [`${p.name}.vercel.app`, ...p.domains.keys()];
    return {
      accountId: p.accountId,
      id: p.id,
      name: p.name,
      alias: domains.map((domain) => ({ domain, environment: 'production', target: 'PRODUCTION', deployment: null, createdAt: p.createdAt })),
      autoAssignCustomDomains: p.autoAssignCustomDomains,
      autoExposeSystemEnvs: true,
      createdAt: p.createdAt,
      updatedAt: Date.now(),
      defaultResourceConfig: { functionDefaultMemoryType: 'standard', functionDefaultTimeout: 300, functionDefaultRegions: ['iad1'], fluid: true, elasticConcurrencyEnabled: false },
      deploymentExpiration: { expirationDays: 180, expirationDaysProduction: 365, expirationDaysCanceled: 30, expirationDaysErrored: 90, deploymentsToKeep: 10 },
      directoryListing: false,
      framework: null,
      nodeVersion: '22.x',
      live: false,
      link: p.link ? { type: p.link.type, repo: p.link.repo, org: p.link.org, repoId: 1, deployHooks: [], gitCredentialId: '', createdAt: p.createdAt, updatedAt: p.createdAt, sourceless: false, productionBranch: 'main' } : undefined,
      ssoProtection: p.ssoProtection,
      targets: prod ? { production: this.targetView(p, prod) } : {},
      lastAliasRequest: p.lastAliasRequest,
      latestDeployments: [],
      env: p.env.map((e) => this.envView(e)),
      resourceConfig: { functionDefaultMemoryType: 'standard', functionDefaultTimeout: 300, functionDefaultRegions: ['iad1'], fluid: true, elasticConcurrencyEnabled: false },
      serverlessFunctionRegion: 'iad1',
      features: {},
      paused: false,
    };
  }

  private targetView(p: TFakeProject, d: TFakeDeployment) {
    return {
      id: d.id,
      createdAt: d.createdAt,
      createdIn: 'iad1',
      creator: { uid: 'user_1', username: 'dev', email: 'dev@example.com' },
      deploymentHostname: d.url.replace(/\.vercel\.app$/, ''),
      name: p.name,
      plan: 'pro',
      private: true,
      readyState: d.readyState,
      type: 'LAMBDAS',
      url: d.url,
      target: d.target,
      meta: d.meta,
    };
  }

  private envView(e: TFakeEnv) {
    return { id: e.id, key: e.key, value: e.type === 'encrypted' ? '' : e.value, type: e.type, target: e.target, comment: e.comment, createdAt: e.createdAt, updatedAt: e.updatedAt, configurationId: null, securityIssues: [] };
  }

  private deploymentView(d: TFakeDeployment) {
    const p = this.projects.get(d.projectId)!;
    return {
      id: d.id,
      uid: d.id,
      url: d.url,
      name: d.name,
      projectId: d.projectId,
      ownerId: TEAM_ID,
      target: d.target,
      readyState: d.readyState,
      status: d.readyState,
      type: 'LAMBDAS',
      createdAt: d.createdAt,
      buildingAt: d.createdAt,
      bootedAt: d.createdAt,
      buildSkipped: false,
      isInSystemBuildsQueue: false,
      createdIn: 'iad1',
      creator: { uid: 'user_1', username: 'dev' },
      meta: d.meta,
      env: [],
      build: { env: [] },
      plan: 'pro',
      public: false,
      regions: ['iad1'],
      routes: null,
      version: 2,
      alias: p.productionId === d.id ? [`${p.name}.vercel.app`] : [],
      aliasAssigned: p.productionId === d.id,
      autoAssignCustomDomains: p.autoAssignCustomDomains,
      inspectorUrl: `https://vercel.com/acme/${p.name}/${d.id}`,
      errorMessage: d.readyState === 'ERROR' ? 'Build failed: api/[...path].js could not be bundled' : null,
      errorCode: d.readyState === 'ERROR' ? 'BUILD_FAILED' : undefined,
      projectSettings: {},
      gitSource: undefined,
      lambdas: [],
      team: { id: TEAM_ID, name: 'Acme', slug: 'acme' },
      project: { id: p.id, name: p.name, framework: null },
      source: 'cli',
      isInConcurrentBuildsQueue: false,
      isFirstBranchDeployment: false,
    };
  }

  private advance(d: TFakeDeployment) {
    if (d.readyState === 'READY' || d.readyState === 'ERROR' || d.readyState === 'CANCELED') return;
    if (d.pollsLeft > 0) {
      d.pollsLeft--;
      d.readyState = 'BUILDING';
      return;
    }
    d.readyState = d.willFail ? 'ERROR' : 'READY';
    const p = this.projects.get(d.projectId)!;
    // Without staging, a production deployment takes the production domains when it is ready.
    if (d.readyState === 'READY' && d.target === 'production' && p.autoAssignCustomDomains) p.productionId = d.id;
  }

  // ---------------------------------------------------------------- routes

  private async route(r: TReq): Promise<{ status: number; body: unknown }> {
    const { method, path } = r;
    const ok = (body: unknown, status = 200) => ({ status, body });
    let m: RegExpExecArray | null;

    // -------- projects
    if (path === '/v10/projects' && method === 'GET') {
      const limit = Number(r.query.get('limit') ?? 20);
      const all = [...this.projects.values()];
      return ok({ projects: all.slice(0, limit).map((p) => this.projectView(p)), pagination: { count: Math.min(limit, all.length), next: null, prev: null } });
    }
    if (path === '/v11/projects' && method === 'POST') {
      const body = this.json<{ name?: unknown; ssoProtection?: unknown }>(r);
      if (typeof body.name !== 'string' || !/^[a-z0-9._-]{1,100}$/.test(body.name) || body.name.includes('---')) {
        throw new HttpFailure(400, err('bad_request', 'Invalid request: `name` must be lowercase alphanumeric with ".", "_", "-" (at most 100 characters)'));
      }
      if (this.project(body.name)) throw new HttpFailure(409, err('conflict', `A project with the name ${body.name} already exists.`));
      const p: TFakeProject = {
        id: id('prj_'),
        name: body.name,
        accountId: TEAM_ID,
        autoAssignCustomDomains: true,
        ssoProtection: body.ssoProtection === null ? null : { deploymentType: 'preview' },
        link: null,
        env: [],
        domains: new Map(),
        productionId: null,
        promotePolls: this.promotePolls,
        lastAliasRequest: null,
        createdAt: Date.now(),
      };
      this.projects.set(p.id, p);
      return ok(this.projectView(p));
    }
    if ((m = /^\/v9\/projects\/([^/]+)$/.exec(path))) {
      const p = this.projectOf(decodeURIComponent(m[1]!));
      if (method === 'GET') {
        // A promote in flight moves the domains after a few polls.
        if (p.lastAliasRequest?.jobStatus === 'in-progress') {
          if (p.promotePolls > 0) p.promotePolls--;
          else {
            p.productionId = p.lastAliasRequest.toDeploymentId;
            p.lastAliasRequest.jobStatus = 'succeeded';
          }
        }
        return ok(this.projectView(p));
      }
      if (method === 'PATCH') {
        const body = this.json<{ autoAssignCustomDomains?: boolean; ssoProtection?: unknown }>(r);
        if ('autoAssignCustomDomains' in body) p.autoAssignCustomDomains = body.autoAssignCustomDomains !== false;
        if ('ssoProtection' in body) p.ssoProtection = body.ssoProtection === null ? null : { deploymentType: 'preview' };
        return ok(this.projectView(p));
      }
      if (method === 'DELETE') {
        this.projects.delete(p.id);
        for (let i = this.deployments.length - 1; i >= 0; i--) if (this.deployments[i]!.projectId === p.id) this.deployments.splice(i, 1);
        return ok(undefined, 204);
      }
    }

    // -------- env
    if ((m = /^\/v10\/projects\/([^/]+)\/env$/.exec(path))) {
      const p = this.projectOf(decodeURIComponent(m[1]!));
      if (method === 'GET') return ok({ envs: p.env.map((e) => this.envView(e)), pagination: { count: p.env.length, next: null, prev: null } });
      if (method === 'POST') {
        const body = this.json<unknown>(r);
        const list = (Array.isArray(body) ? body : [body]) as { key?: string; value?: string; type?: string; target?: string[]; comment?: string }[];
        const upsert = r.query.get('upsert') === 'true';
        const created: ReturnType<FakeVercel['envView']>[] = [];
        for (const v of list) {
          if (typeof v.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.key)) this.reject(r, `invalid env key ${String(v.key)}`);
          if (typeof v.value !== 'string') this.reject(r, `${v.key} has no value`);
          if (!['encrypted', 'sensitive', 'plain'].includes(v.type ?? '')) this.reject(r, `${v.key} has type ${v.type}`);
          if (!Array.isArray(v.target) || !v.target.length) this.reject(r, `${v.key} has no target`);
          const existing = p.env.find((e) => e.key === v.key && e.target.some((t) => v.target!.includes(t)));
          if (existing && !upsert) throw new HttpFailure(400, err('ENV_ALREADY_EXISTS', `A variable with the name \`${v.key}\` already exists for the target production on branch undefined`));
          const env: TFakeEnv = existing ?? { id: id(''), key: v.key, value: '', type: 'encrypted', target: [], createdAt: Date.now(), updatedAt: Date.now() };
          Object.assign(env, { value: v.value, type: v.type, target: v.target, comment: v.comment, updatedAt: Date.now() });
          if (!existing) p.env.push(env);
          created.push(this.envView(env));
        }
        return ok({ created: created.length === 1 ? created[0] : created, failed: [] }, 201);
      }
    }
    if ((m = /^\/v9\/projects\/([^/]+)\/env\/([^/]+)$/.exec(path)) && method === 'DELETE') {
      const p = this.projectOf(decodeURIComponent(m[1]!));
      const env = p.env.find((e) => e.id === m![2]);
      if (!env) throw new HttpFailure(404, err('not_found', 'Environment Variable not found'));
      p.env = p.env.filter((e) => e !== env);
      return ok(this.envView(env));
    }

    // -------- files
    if (path === '/v2/files' && method === 'POST') {
      const digest = r.headers['x-vercel-digest'];
      if (typeof digest !== 'string' || !/^[0-9a-f]{40}$/.test(digest)) this.reject(r, 'x-vercel-digest must be the sha1 of the body');
      if (!String(r.headers['content-type']).includes('application/octet-stream')) this.reject(r, 'file uploads must be application/octet-stream');
      const actual = sha1(r.body);
      if (actual !== digest) this.reject(r, `body sha1 ${actual} does not match x-vercel-digest ${digest}`);
      if (Number(r.headers['content-length']) !== r.body.byteLength) this.reject(r, `Content-Length ${r.headers['content-length']} but the body has ${r.body.byteLength} bytes`);
      this.blobs.set(actual, r.body);
      this.uploads.push(actual);
      return ok({});
    }

    // -------- deployments
    if (path === '/v13/deployments' && method === 'POST') {
      const body = this.json<{ name?: string; project?: string; target?: string; files?: { file: string; sha: string; size: number }[]; meta?: Record<string, string>; projectSettings?: Record<string, unknown> }>(r);
      const p = this.projectOf(body.project ?? body.name ?? '');
      if (body.target !== 'production') this.reject(r, `Shipyard deploys are staged production deployments (target "production"), got ${String(body.target)}`);
      if (p.autoAssignCustomDomains) this.reject(r, 'a production deployment of a project with autoAssignCustomDomains on would go live before promote');
      const files = body.files ?? [];
      for (const f of files) {
        if (typeof f.file !== 'string' || f.file.startsWith('/') || !/^[0-9a-f]{40}$/.test(f.sha) || typeof f.size !== 'number') this.reject(r, `bad file entry ${JSON.stringify(f)}`);
      }
      const missing = [...new Set(files.filter((f) => !this.blobs.has(f.sha)).map((f) => f.sha))];
      this.missingReports.push(missing);
      if (missing.length) throw new HttpFailure(400, err('missing_files', 'Missing files', { missing }));
      for (const f of files) if (this.blobs.get(f.sha)!.byteLength !== f.size) this.reject(r, `${f.file} declared ${f.size} bytes, the uploaded file has ${this.blobs.get(f.sha)!.byteLength}`);
      const fn = files.find((f) => f.file === 'api/[...path].js');
      if (fn && !/export const config = \{ runtime: 'edge' \}/.test(this.blobs.get(fn.sha)!.toString('utf8'))) this.reject(r, 'the API function must declare the Edge runtime');
      if (fn && !files.some((f) => f.file === 'api/_worker.js')) this.reject(r, 'api/[...path].js imports ./_worker.js, which is not in the deployment');
      const env: Record<string, string> = {};
      for (const e of p.env) if (e.target.includes('production')) env[e.key] = e.value;
      const d: TFakeDeployment = {
        id: id('dpl_'),
        url: `${p.name}-${randomBytes(4).toString('hex').slice(0, 9)}-acme.vercel.app`,
        name: p.name,
        projectId: p.id,
        target: 'production',
        readyState: 'QUEUED',
        pollsLeft: this.deploymentPolls,
        willFail: this.failDeployments > 0,
        files,
        meta: body.meta ?? {},
        env,
        createdAt: Date.now(),
      };
      if (this.failDeployments > 0) this.failDeployments--;
      this.deployments.unshift(d);
      return ok(this.deploymentView(d));
    }
    if (path === '/v7/deployments' && method === 'GET') {
      const projectId = r.query.get('projectId');
      const target = r.query.get('target');
      const limit = Number(r.query.get('limit') ?? 20);
      const list = this.deployments.filter((d) => (!projectId || d.projectId === projectId) && (!target || d.target === target)).slice(0, limit);
      return ok({
        deployments: list.map((d) => ({
          uid: d.id,
          name: d.name,
          url: d.url,
          created: d.createdAt,
          createdAt: d.createdAt,
          projectId: d.projectId,
          readyState: d.readyState,
          state: d.readyState,
          type: 'LAMBDAS',
          target: d.target,
          meta: d.meta,
          creator: { uid: 'user_1', username: 'dev' },
          inspectorUrl: null,
          source: 'cli',
        })),
        pagination: { count: list.length, next: null, prev: null },
      });
    }
    if ((m = /^\/v13\/deployments\/([^/]+)$/.exec(path))) {
      const d = this.deployments.find((x) => x.id === decodeURIComponent(m![1]!) || x.url === decodeURIComponent(m![1]!));
      if (!d) throw new HttpFailure(404, err('not_found', 'Deployment not found'));
      if (method === 'GET') {
        this.advance(d);
        return ok(this.deploymentView(d));
      }
      if (method === 'DELETE') {
        const p = this.projects.get(d.projectId)!;
        if (p.productionId === d.id) throw new HttpFailure(400, err('bad_request', 'Cannot delete the current production deployment'));
        this.deployments.splice(this.deployments.indexOf(d), 1);
        return ok({ uid: d.id, state: 'DELETED' });
      }
    }
    if ((m = /^\/v10\/projects\/([^/]+)\/promote\/([^/]+)$/.exec(path)) && method === 'POST') {
      const p = this.projectOf(decodeURIComponent(m[1]!));
      const d = this.deployments.find((x) => x.id === m![2] && x.projectId === p.id);
      if (!d) throw new HttpFailure(404, err('not_found', 'Deployment not found'));
      if (d.readyState !== 'READY') throw new HttpFailure(400, err('bad_request', `Deployment ${d.id} is ${d.readyState} and cannot be promoted`));
      if (d.target !== 'production') throw new HttpFailure(400, err('bad_request', 'Preview deployments are promoted by rebuilding them with production environment variables'));
      p.lastAliasRequest = { fromDeploymentId: p.productionId, toDeploymentId: d.id, jobStatus: 'in-progress', requestedAt: Date.now(), type: 'promote' };
      p.promotePolls = this.promotePolls;
      if (this.promotePolls === 0) {
        p.productionId = d.id;
        p.lastAliasRequest.jobStatus = 'succeeded';
        return ok(undefined, 201);
      }
      return ok(undefined, 202);
    }

    // -------- domains
    if ((m = /^\/v10\/projects\/([^/]+)\/domains$/.exec(path)) && method === 'POST') {
      const p = this.projectOf(decodeURIComponent(m[1]!));
      const { name } = this.json<{ name?: string }>(r);
      if (!name || !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(name)) this.reject(r, `invalid domain ${String(name)}`);
      const other = [...this.projects.values()].find((x) => x.domains.has(name));
      if (other && other.id !== p.id) throw new HttpFailure(409, err('domain_already_in_use', `Cannot add ${name} since it's already in use by another project.`));
      if (other) throw new HttpFailure(400, err('domain_already_exists', `The domain ${name} is already assigned to this project.`));
      p.domains.set(name, { name, verified: false, createdAt: Date.now() });
      return ok(this.domainView(p, name));
    }
    if ((m = /^\/v9\/projects\/([^/]+)\/domains\/([^/]+)$/.exec(path))) {
      const p = this.projectOf(decodeURIComponent(m[1]!));
      const name = decodeURIComponent(m[2]!);
      if (!p.domains.has(name)) throw new HttpFailure(404, err('not_found', `The domain ${name} is not assigned to this project`));
      if (method === 'GET') return ok(this.domainView(p, name));
      if (method === 'DELETE') {
        p.domains.delete(name);
        return ok({});
      }
    }

    return this.reject(r, 'unknown route');
  }

  private domainView(p: TFakeProject, name: string) {
    const d = p.domains.get(name)!;
    return {
      name,
      apexName: name.split('.').slice(-2).join('.'),
      projectId: p.id,
      verified: d.verified,
      verification: d.verified ? [] : [{ type: 'TXT', domain: `_vercel.${name.split('.').slice(-2).join('.')}`, value: `vc-domain-verify=${name},${p.id.slice(4, 20)}`, reason: 'pending_domain_verification' }],
      createdAt: d.createdAt,
      updatedAt: d.createdAt,
    };
  }
}
