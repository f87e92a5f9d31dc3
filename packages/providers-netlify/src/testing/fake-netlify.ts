import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FakeHttpError as HttpFailure, FakeVendorApi, type TFakeFault, type TFakeRequest, type TRecordedRequest as TBaseRecordedRequest } from '@shipyard/deploy-core/testing';
import { strFromU8, unzipSync } from 'fflate';

/*
 * A local stand-in for Netlify's API (api.netlify.com/api/v1), reproducing the documented requests
 * and responses this package uses: sites (create, list by name, read, update domains, delete),
 * site environment variables (`/accounts/:account/env?site_id=`), file-digest deploys (create with
 * `files` sha1s and `functions` sha256s → `required` / `required_functions`, `PUT
 * /deploys/:id/files/:path`, `PUT /deploys/:id/functions/:name`, state polling, restore, delete),
 * rate limits and errors. It ASSERTS what it receives: a wrong auth header, a file whose sha1 does
 * not match the digest it was declared with, a function zip that does not match its sha256 or is
 * not a runnable v2 function, a non-draft deploy, or an unknown route is recorded in `failures`,
 * which every test checks is empty. It also serves what was deployed — including running the
 * uploaded API function — so tests can fetch a deploy's URL like a browser would.
 */

export const TOKEN = 'nfp_test_token_with_owner_role_0001';
export const ACCOUNT_SLUG = 'acme-team';

type TRole = 'Owner' | 'Developer' | 'Reviewer';

interface TEnvVar {
  key: string;
  scopes: string[];
  is_secret: boolean;
  values: { context: string; value: string }[];
}

export interface TFakeDeploy {
  id: string;
  site_id: string;
  title: string | null;
  state: string;
  draft: boolean;
  files: Record<string, string>;
  functions: Record<string, string>;
  functionsConfig: Record<string, { routes?: { pattern: string }[]; build_data?: { runtimeAPIVersion?: number } }>;
  required: string[];
  requiredFunctions: string[];
  uploadedFiles: Set<string>;
  uploadedFunctions: Set<string>;
  pollsLeft: number;
  willFail: boolean;
  /** Env as the deploy's functions see it (Netlify binds env at deploy time). */
  env: Record<string, string>;
  created_at: string;
}

export interface TFakeSite {
  id: string;
  name: string;
  account_slug: string;
  custom_domain: string | null;
  domain_aliases: string[];
  repo: string | null;
  env: Map<string, TEnvVar>;
  deploys: TFakeDeploy[];
  publishedId: string | null;
  created_at: string;
}

export interface TFault extends TFakeFault {
  body?: unknown;
}

export interface TRecordedRequest extends TBaseRecordedRequest {
  retryCount: string | null;
}

type TReq = TFakeRequest & { role: TRole };

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const now = () => new Date().toISOString();
const hexId = () => randomBytes(12).toString('hex');

export class FakeNetlify extends FakeVendorApi<TRecordedRequest, TFault> {
  readonly sites = new Map<string, TFakeSite>();
  readonly accounts = [{ id: 'acc_1', slug: ACCOUNT_SLUG, name: 'Acme Team', type_name: 'Starter' }];
  /** token → role in the team. */
  readonly tokens = new Map<string, TRole>([[TOKEN, 'Owner']]);
  /** Names other Netlify accounts hold: creating one answers 422 "must be unique". */
  readonly globallyTaken = new Set<string>();
  /** Every file and function body ever uploaded (sha → bytes), per site as Netlify dedupes. */
  readonly blobs = new Map<string, Map<string, Buffer>>();
  /** `{ deploy, path, sha }` for each file upload; `{ deploy, name, sha }` for functions. */
  readonly fileUploads: { deploy: string; path: string; sha: string }[] = [];
  readonly functionUploads: { deploy: string; name: string; sha: string; retryCount: string | null }[] = [];
  /** Status polls a deploy stays `processing` after its uploads are complete. */
  deployPolls = 1;
  /** Make the next created deploys end in `error`. */
  failDeploys = 0;
  private fnDir = mkdtempSync(path.join(tmpdir(), 'fake-netlify-fn-'));
  private fnModules = new Map<string, Promise<{ default: (req: Request, ctx: unknown) => Promise<Response> }>>();

  constructor() {
    super('/api/v1');
  }

  override async stop(): Promise<void> {
    await super.stop();
    rmSync(this.fnDir, { recursive: true, force: true });
  }

  site(name: string): TFakeSite | undefined {
    return [...this.sites.values()].find((s) => s.name === name);
  }

  published(name: string): TFakeDeploy | null {
    const s = this.site(name);
    return s?.deploys.find((d) => d.id === s.publishedId) ?? null;
  }

  /** Serves a deployed site: `https://<name>.netlify.app/…` (published) or `https://<deploy>--<name>.netlify.app/…`. */
  async serve(url: string, init?: RequestInit): Promise<Response> {
    const u = new URL(url);
    const m = /^(?:([0-9a-f]+)--)?([a-z0-9-]+)\.netlify\.app$/.exec(u.hostname);
    const site = m ? this.site(m[2]!) : [...this.sites.values()].find((s) => s.custom_domain === u.hostname || s.domain_aliases.includes(u.hostname));
    if (!site) return new Response('Not Found - Request ID: fake', { status: 404 });
    const deploy = m?.[1] ? site.deploys.find((d) => d.id === m[1]) : site.deploys.find((d) => d.id === site.publishedId);
    if (!deploy) return new Response('Not Found', { status: 404 });
    if (deploy.state !== 'ready') return new Response('deploy not ready', { status: 503 });
    const pathname = decodeURIComponent(u.pathname);
    // Functions with a path run before static files and redirects.
    const fnName = Object.keys(deploy.functions).find((name) =>
      (deploy.functionsConfig[name]?.routes ?? []).some((r) => (r.pattern.endsWith('/*') ? pathname.startsWith(r.pattern.slice(0, -1)) : pathname === r.pattern)),
    );
    if (fnName) return this.runFunction(site, deploy, fnName, new Request(url, init));
    const file = (p: string) => {
      const sha = deploy.files[p];
      const bytes = sha ? this.blobs.get(site.id)?.get(sha) : undefined;
      return bytes ? new Response(bytes, { status: 200 }) : null;
    };
    const direct = file(pathname === '/' ? '/index.html' : pathname) ?? file(`${pathname.replace(/\/$/, '')}/index.html`);
    if (direct) return direct;
    const redirects = deploy.files['/_redirects'] ? this.blobs.get(site.id)?.get(deploy.files['/_redirects']!)?.toString('utf8') ?? '' : '';
    for (const line of redirects.split('\n')) {
      const [from, to, status] = line.trim().split(/\s+/);
      if (!from || from.startsWith('#') || !to) continue;
      if ((from === '/*' || from === pathname) && status === '200') {
        const target = file(to);
        if (target) return target;
      }
    }
    return new Response('Not Found', { status: 404 });
  }

  private async runFunction(site: TFakeSite, deploy: TFakeDeploy, name: string, request: Request): Promise<Response> {
    const sha = deploy.functions[name]!;
    let mod = this.fnModules.get(sha);
    if (!mod) {
      const dir = path.join(this.fnDir, sha);
      mkdirSync(dir, { recursive: true });
      const files = unzipSync(new Uint8Array(this.blobs.get(site.id)!.get(sha)!));
      for (const [file, bytes] of Object.entries(files)) writeFileSync(path.join(dir, file), bytes);
      // The v2 entry point needs Lambda's runtime (awslambda.streamifyResponse); the fake calls the
      // function's default export the way Netlify's bootstrap does: (Request, Context).
      mod = import(pathToFileURL(path.join(dir, `${name}.mjs`)).href) as Promise<{ default: (req: Request, ctx: unknown) => Promise<Response> }>;
      this.fnModules.set(sha, mod);
    }
    const previous = (globalThis as { Netlify?: unknown }).Netlify;
    (globalThis as { Netlify?: unknown }).Netlify = { env: { get: (k: string) => deploy.env[k], toObject: () => ({ ...deploy.env }) }, context: null };
    const pending: Promise<unknown>[] = [];
    try {
      return await (await mod).default(request, { waitUntil: (p: Promise<unknown>) => pending.push(p), site: { id: site.id, name: site.name }, deploy: { id: deploy.id } });
    } finally {
      (globalThis as { Netlify?: unknown }).Netlify = previous;
    }
  }

  // ---------------------------------------------------------------- plumbing

  protected violation(message: string) {
    return new HttpFailure(422, { code: 422, message });
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const request = await this.read(req);
    const { method, path, auth } = request;
    this.requests.push({ method, path, query: request.url.search, auth, at: Date.now(), retryCount: (req.headers['x-nf-retry-count'] as string | undefined) ?? null });
    try {
      if (!request.url.pathname.startsWith('/api/v1/')) this.reject(request, 'request outside /api/v1');
      const token = this.bearer(request);
      if (!token) throw new HttpFailure(401, { code: 401, message: 'Access Denied: Missing credentials' });
      const role = this.tokens.get(token);
      if (!role) throw new HttpFailure(401, { code: 401, message: 'Access Denied: Invalid token' });
      const r: TReq = { ...request, role };
      const fault = this.pendingFault(method, path);
      if (fault) {
        fault.times--;
        if (fault.afterHandling) await this.route(r);
        throw new HttpFailure(fault.status, fault.body ?? { code: fault.status, message: fault.status === 429 ? 'Rate limit exceeded' : 'Internal Server Error' }, fault.headers);
      }
      const { status, body } = await this.route(r);
      this.send(res, status, body);
    } catch (error) {
      if (error instanceof HttpFailure) this.send(res, error.status, error.body, error.headers);
      else {
        this.crashed(request, error);
        this.send(res, 500, { code: 500, message: 'fake crashed' });
      }
    }
  }

  private write(r: TReq) {
    if (r.role === 'Reviewer') throw new HttpFailure(403, { code: 403, message: "You don't have permission to perform this action" });
  }

  private siteById(id: string): TFakeSite {
    const s = this.sites.get(id);
    if (!s) throw new HttpFailure(404, { code: 404, message: 'Not Found' });
    return s;
  }

  private deployOf(id: string): { site: TFakeSite; deploy: TFakeDeploy } {
    for (const site of this.sites.values()) {
      const deploy = site.deploys.find((d) => d.id === id);
      if (deploy) return { site, deploy };
    }
    throw new HttpFailure(404, { code: 404, message: 'Not Found' });
  }

  // ---------------------------------------------------------------- views

  private siteView(s: TFakeSite) {
    const published = s.deploys.find((d) => d.id === s.publishedId);
    return {
      id: s.id,
      site_id: s.id,
      name: s.name,
      state: 'current',
      plan: 'nf_team_dev',
      url: `http://${s.custom_domain ?? `${s.name}.netlify.app`}`,
      ssl_url: `https://${s.custom_domain ?? `${s.name}.netlify.app`}`,
      admin_url: `https://app.netlify.com/sites/${s.name}`,
      default_domain: `${s.name}.netlify.app`,
      custom_domain: s.custom_domain,
      domain_aliases: s.domain_aliases,
      account_slug: s.account_slug,
      account_name: 'Acme Team',
      created_at: s.created_at,
      updated_at: now(),
      published_deploy: published ? this.deployView(s, published) : null,
      build_settings: s.repo ? { repo_url: s.repo, provider: 'github' } : {},
    };
  }

  private deployView(s: TFakeSite, d: TFakeDeploy) {
    return {
      id: d.id,
      site_id: s.id,
      state: d.state,
      name: s.name,
      title: d.title,
      draft: d.draft,
      context: d.draft ? 'deploy-preview' : 'production',
      url: `http://${s.name}.netlify.app`,
      ssl_url: `https://${s.name}.netlify.app`,
      deploy_url: `http://${d.id}--${s.name}.netlify.app`,
      deploy_ssl_url: `https://${d.id}--${s.name}.netlify.app`,
      admin_url: `https://app.netlify.com/sites/${s.name}`,
      required: d.required.filter((sha) => !d.uploadedFiles.has(sha)),
      required_functions: d.requiredFunctions.filter((sha) => !d.uploadedFunctions.has(sha)),
      error_message: d.state === 'error' ? 'Failed to process the deploy: function shipyard-api could not be bundled' : null,
      created_at: d.created_at,
      updated_at: now(),
      published_at: s.publishedId === d.id ? now() : null,
    };
  }

  /** Moves a deploy along after a state poll: uploaded → processing → ready (or error). */
  private advance(d: TFakeDeploy) {
    if (d.state === 'uploading' && d.required.every((s) => d.uploadedFiles.has(s)) && d.requiredFunctions.every((s) => d.uploadedFunctions.has(s))) {
      d.state = 'processing';
      return;
    }
    if (d.state === 'processing') {
      if (d.pollsLeft > 0) d.pollsLeft--;
      else d.state = d.willFail ? 'error' : 'ready';
    }
  }

  // ---------------------------------------------------------------- routes

  private async route(r: TReq): Promise<{ status: number; body: unknown }> {
    const { method, path } = r;
    const ok = (body: unknown, status = 200) => ({ status, body });
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/accounts') return ok(this.accounts);
    if (method === 'GET' && path === '/user') return ok({ id: 'user_1', email: 'dev@example.com' });

    // -------- sites
    if ((m = /^\/(?:([A-Za-z0-9_-]+)\/)?sites$/.exec(path)) && !['accounts', 'deploys'].includes(m[1] ?? '')) {
      const slug = m[1];
      if (slug && !this.accounts.some((a) => a.slug === slug)) throw new HttpFailure(404, { code: 404, message: 'Not Found' });
      if (method === 'GET') {
        const name = r.query.get('name') ?? '';
        const list = [...this.sites.values()].filter((s) => (!slug || s.account_slug === slug) && s.name.includes(name));
        return ok(list.map((s) => this.siteView(s)));
      }
      if (method === 'POST') {
        this.write(r);
        const body = this.json<{ name?: unknown }>(r);
        if (typeof body.name !== 'string' || !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(body.name)) {
          throw new HttpFailure(422, { errors: { subdomain: ['is invalid'] } });
        }
        if (this.globallyTaken.has(body.name) || this.site(body.name)) throw new HttpFailure(422, { errors: { subdomain: ['must be unique'] } });
        const site: TFakeSite = {
          id: randomBytes(16).toString('hex').replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5'),
          name: body.name,
          account_slug: slug ?? ACCOUNT_SLUG,
          custom_domain: null,
          domain_aliases: [],
          repo: null,
          env: new Map(),
          deploys: [],
          publishedId: null,
          created_at: now(),
        };
        this.sites.set(site.id, site);
        this.blobs.set(site.id, new Map());
        return ok(this.siteView(site), 201);
      }
    }
    if ((m = /^\/sites\/([^/]+)$/.exec(path))) {
      const site = this.siteById(m[1]!);
      if (method === 'GET') return ok(this.siteView(site));
      if (method === 'DELETE') {
        this.write(r);
        this.sites.delete(site.id);
        return ok(null, 204);
      }
      if (method === 'PATCH') {
        this.write(r);
        const body = this.json<{ custom_domain?: string | null; domain_aliases?: string[] }>(r);
        const wanted = [...(body.custom_domain ? [body.custom_domain] : []), ...(body.domain_aliases ?? [])];
        for (const d of wanted) {
          const other = [...this.sites.values()].find((s) => s.id !== site.id && (s.custom_domain === d || s.domain_aliases.includes(d)));
          if (other) throw new HttpFailure(422, { errors: { custom_domain: [`${d} is already in use by another site`] } });
        }
        if ('custom_domain' in body) site.custom_domain = body.custom_domain || null;
        if (body.domain_aliases) site.domain_aliases = [...body.domain_aliases];
        return ok(this.siteView(site));
      }
    }

    // -------- environment variables
    if ((m = /^\/accounts\/([^/]+)\/env(?:\/([^/]+))?$/.exec(path))) {
      const [, account, rawKey] = m;
      if (!this.accounts.some((a) => a.slug === account || a.id === account)) throw new HttpFailure(404, { code: 404, message: 'Account not found' });
      const siteId = r.query.get('site_id');
      if (!siteId) this.reject({ method, path }, 'site environment variables need ?site_id=');
      const site = this.siteById(siteId);
      if (site.account_slug !== account) this.reject({ method, path }, `site ${site.name} belongs to ${site.account_slug}, not ${account}`);
      const validate = (v: TEnvVar) => {
        if (typeof v.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.key)) this.reject({ method, path }, `invalid env var key ${String(v.key)}`);
        if (!Array.isArray(v.values) || !v.values.length) this.reject({ method, path }, `${v.key} has no values`);
        if (!Array.isArray(v.scopes) || !v.scopes.length) this.reject({ method, path }, `${v.key} has no scopes`);
        if (v.is_secret && v.values.some((x) => x.context === 'all' || x.context === 'dev')) {
          throw new HttpFailure(400, { code: 400, message: 'Secret values must specify a non-development deploy context' });
        }
        if (v.is_secret && v.scopes.some((s) => s.includes('post'))) throw new HttpFailure(400, { code: 400, message: 'Secret values cannot be used in the post-processing scope' });
      };
      if (!rawKey && method === 'GET') {
        return ok([...site.env.values()].map((v) => ({ ...v, values: v.values.map((x) => ({ ...x, value: v.is_secret ? '' : x.value })) })));
      }
      if (!rawKey && method === 'POST') {
        this.write(r);
        const list = this.json<TEnvVar[]>(r);
        if (!Array.isArray(list)) this.reject({ method, path }, 'body must be an array of env vars');
        for (const v of list) {
          validate(v);
          if (site.env.has(v.key)) throw new HttpFailure(400, { code: 400, message: `Environment variable ${v.key} already exists` });
        }
        for (const v of list) site.env.set(v.key, v);
        return ok(list, 201);
      }
      const key = decodeURIComponent(rawKey ?? '');
      if (method === 'PUT') {
        this.write(r);
        const v = this.json<TEnvVar>(r);
        validate(v);
        if (v.key !== key) this.reject({ method, path }, `body key ${v.key} differs from path key ${key}`);
        if (!site.env.has(key)) throw new HttpFailure(404, { code: 404, message: 'Environment variable not found' });
        site.env.set(key, v);
        return ok(v);
      }
      if (method === 'DELETE') {
        this.write(r);
        if (!site.env.delete(key)) throw new HttpFailure(404, { code: 404, message: 'Environment variable not found' });
        return ok(null, 204);
      }
    }

    // -------- deploys
    if ((m = /^\/sites\/([^/]+)\/deploys$/.exec(path))) {
      const site = this.siteById(m[1]!);
      if (method === 'GET') {
        const perPage = Number(r.query.get('per_page') ?? 100);
        return ok(site.deploys.slice(0, perPage).map((d) => this.deployView(site, d)));
      }
      if (method === 'POST') {
        this.write(r);
        return ok(this.createDeploy(r, site));
      }
    }
    if ((m = /^\/sites\/([^/]+)\/deploys\/([^/]+)(\/restore)?$/.exec(path))) {
      const site = this.siteById(m[1]!);
      const deploy = site.deploys.find((d) => d.id === m![2]);
      if (!deploy) throw new HttpFailure(404, { code: 404, message: 'Not Found' });
      if (m[3]) {
        if (method !== 'POST') this.reject({ method, path }, 'restore is a POST');
        this.write(r);
        if (deploy.state !== 'ready') throw new HttpFailure(422, { code: 422, message: `Deploy ${deploy.id} is ${deploy.state} and cannot be published` });
        site.publishedId = deploy.id;
        return ok(this.deployView(site, deploy));
      }
      if (method === 'GET') {
        this.advance(deploy);
        return ok(this.deployView(site, deploy));
      }
      if (method === 'DELETE') {
        this.write(r);
        if (site.publishedId === deploy.id) throw new HttpFailure(422, { code: 422, message: 'Cannot delete the published deploy' });
        site.deploys = site.deploys.filter((d) => d !== deploy);
        return ok(null, 204);
      }
    }
    if ((m = /^\/deploys\/([^/]+)\/files\/(.+)$/.exec(path)) && method === 'PUT') {
      this.write(r);
      const { site, deploy } = this.deployOf(m[1]!);
      const filePath = `/${decodeURIComponent(m[2]!)}`;
      if (!String(r.headers['content-type']).includes('application/octet-stream')) this.reject({ method, path }, 'file uploads must be application/octet-stream');
      const declared = deploy.files[filePath];
      if (!declared) this.reject({ method, path }, `${filePath} is not part of deploy ${deploy.id}`);
      const actual = sha1(r.body);
      if (actual !== declared) this.reject({ method, path }, `${filePath} has sha1 ${actual}, but the deploy declared ${declared}`);
      if (r.query.get('size') !== null && Number(r.query.get('size')) !== r.body.byteLength) this.reject({ method, path }, `size=${r.query.get('size')} but the body has ${r.body.byteLength} bytes`);
      if (deploy.state !== 'uploading') throw new HttpFailure(422, { code: 422, message: `Deploy is ${deploy.state}; uploads are closed` });
      this.blobs.get(site.id)!.set(actual, r.body);
      deploy.uploadedFiles.add(actual);
      this.fileUploads.push({ deploy: deploy.id, path: filePath, sha: actual });
      return ok({ id: hexId(), path: filePath, sha: actual, mime_type: 'application/octet-stream', size: r.body.byteLength });
    }
    if ((m = /^\/deploys\/([^/]+)\/functions\/([^/]+)$/.exec(path)) && method === 'PUT') {
      this.write(r);
      const { site, deploy } = this.deployOf(m[1]!);
      const name = decodeURIComponent(m[2]!);
      const declared = deploy.functions[name];
      if (!declared) this.reject({ method, path }, `function ${name} is not part of deploy ${deploy.id}`);
      const actual = sha256(r.body);
      if (actual !== declared) this.reject({ method, path }, `function ${name} has sha256 ${actual}, but the deploy declared ${declared}`);
      if (r.query.get('runtime') !== 'js') this.reject({ method, path }, `runtime must be js, got ${r.query.get('runtime')}`);
      if (r.query.get('invocation_mode') !== 'stream') this.reject({ method, path }, 'v2 functions are uploaded with invocation_mode=stream');
      this.checkFunctionZip(method, path, name, r.body);
      if (deploy.state !== 'uploading') throw new HttpFailure(422, { code: 422, message: `Deploy is ${deploy.state}; uploads are closed` });
      this.blobs.get(site.id)!.set(actual, r.body);
      deploy.uploadedFunctions.add(actual);
      this.functionUploads.push({ deploy: deploy.id, name, sha: actual, retryCount: (r.headers['x-nf-retry-count'] as string | undefined) ?? null });
      return ok({ id: name, name, sha: actual });
    }

    return this.reject({ method, path }, 'unknown route');
  }

  private createDeploy(r: TReq, site: TFakeSite) {
    const body = this.json<{ files?: Record<string, string>; functions?: Record<string, string>; functions_config?: TFakeDeploy['functionsConfig']; draft?: boolean; async?: boolean }>(r);
    const { method, path } = r;
    if (body.draft !== true) this.reject({ method, path }, 'Shipyard deploys must be drafts (draft: true) so they do not go live before promote');
    const files = body.files ?? {};
    for (const [p, sha] of Object.entries(files)) {
      if (!p.startsWith('/')) this.reject({ method, path }, `file path ${p} must start with /`);
      if (!/^[0-9a-f]{40}$/.test(sha)) this.reject({ method, path }, `file ${p} digest ${sha} is not a sha1`);
    }
    const functions = body.functions ?? {};
    for (const [name, sha] of Object.entries(functions)) {
      if (!/^[0-9a-f]{64}$/.test(sha)) this.reject({ method, path }, `function ${name} digest ${sha} is not a sha256`);
      const config = body.functions_config?.[name];
      if (!config?.routes?.length) this.reject({ method, path }, `function ${name} has no routes in functions_config`);
      if (config.build_data?.runtimeAPIVersion !== 2) this.reject({ method, path }, `function ${name} must declare build_data.runtimeAPIVersion 2`);
    }
    const store = this.blobs.get(site.id)!;
    const required = [...new Set(Object.values(files))].filter((sha) => !store.has(sha));
    const requiredFunctions = [...new Set(Object.values(functions))].filter((sha) => !store.has(sha));
    const env: Record<string, string> = {};
    for (const v of site.env.values()) {
      const value = v.values.find((x) => x.context === 'deploy-preview') ?? v.values.find((x) => x.context === 'all');
      if (value && v.scopes.includes('functions')) env[v.key] = value.value;
    }
    const deploy: TFakeDeploy = {
      id: hexId(),
      site_id: site.id,
      title: r.query.get('title'),
      state: 'uploading',
      draft: true,
      files,
      functions,
      functionsConfig: body.functions_config ?? {},
      required,
      requiredFunctions,
      uploadedFiles: new Set(),
      uploadedFunctions: new Set(),
      pollsLeft: this.deployPolls,
      willFail: this.failDeploys > 0,
      env,
      created_at: now(),
    };
    if (this.failDeploys > 0) this.failDeploys--;
    site.deploys.unshift(deploy);
    return this.deployView(site, deploy);
  }

  /** A v2 function zip must hold Netlify's entry point, its bootstrap, and the module they import. */
  private checkFunctionZip(method: string, path: string, name: string, body: Buffer) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(new Uint8Array(body));
    } catch {
      return this.reject({ method, path }, `function ${name} is not a zip`);
    }
    const entry = files['___netlify-entry-point.mjs'];
    if (!entry) this.reject({ method, path }, `function ${name} has no ___netlify-entry-point.mjs`);
    const text = strFromU8(entry);
    if (!/export const handler = getLambdaHandler\(func\)/.test(text)) this.reject({ method, path }, 'the entry point does not export getLambdaHandler(func)');
    if (!files['___netlify-bootstrap.mjs'] || !strFromU8(files['___netlify-bootstrap.mjs']).includes('getLambdaHandler')) this.reject({ method, path }, 'the zip has no Netlify bootstrap');
    const imported = /import \* as func from '\.\/([^']+)'/.exec(text)?.[1];
    if (!imported || !files[imported]) this.reject({ method, path }, `the entry point imports ${imported ?? 'nothing'}, which is not in the zip`);
  }
}
