import { AppError } from '@shipyard/core';
import { artifact as siteArtifact } from '@shipyard/deploy-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pagesAssetHash } from '../src/hash';
import { createCloudflarePagesHosting, DATABASE_ENV, type CloudflarePagesHosting } from '../src/pages-hosting';
import { ACCOUNT_ID, FakeCloudflare, referencePagesHash, TOKEN } from '../src/testing';
import { APP, artifact, stepContext, testOptions, V1 } from './helpers';

const PROJECT = 'shipyard-notes';

function hashesOf(files: Record<string, string | Uint8Array>): string[] {
  const enc = new TextEncoder();
  return Object.entries(files).map(([p, v]) => pagesAssetHash(p, typeof v === 'string' ? enc.encode(v) : v));
}

async function expectAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(AppError.is(error)).toBe(true);
    return error as AppError;
  }
  throw new Error('expected the call to fail');
}

describe('Cloudflare Pages hosting (Direct Upload) against the fake API', () => {
  let fake: FakeCloudflare;
  let hosting: CloudflarePagesHosting;

  beforeEach(async () => {
    fake = await new FakeCloudflare().start();
    hosting = createCloudflarePagesHosting(testOptions(fake) as never);
  });
  afterEach(async () => {
    await fake.stop();
    // Every request must have been well-formed and correctly authenticated.
    expect(fake.failures).toEqual([]);
  });

  it('hashes files the way wrangler does (blake3 of base64 + extension, 32 hex)', () => {
    const bytes = new TextEncoder().encode('hello');
    expect(pagesAssetHash('a/b.html', bytes)).toBe(referencePagesHash('a/b.html', Buffer.from(bytes).toString('base64')));
    expect(pagesAssetHash('a/b.html', bytes)).not.toBe(pagesAssetHash('a/b.txt', bytes));
    expect(pagesAssetHash('dir.v2/LICENSE', bytes)).toBe(referencePagesHash('LICENSE', Buffer.from(bytes).toString('base64')));
    expect(pagesAssetHash('x.js', bytes)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('deploys: creates the project, sets secrets, uploads every file, creates the deployment with manifest and _worker.js', async () => {
    const ctx = stepContext();
    const built = artifact(V1);
    const hosted = await hosting.deploy(
      {
        app: APP,
        deploymentId: 'dep_1',
        artifact: built,
        env: { GREETING: 'hello there' },
        database: { provider: 'turso', externalId: 'db1', name: 'sy-notes', url: 'libsql://sy-notes.turso.io', authToken: 'db-secret-token' },
      },
      ctx,
    );
    const project = fake.projects.get(PROJECT)!;
    expect(project.production_branch).toBe('main');
    expect(project.env.production).toEqual({
      GREETING: { type: 'secret_text', value: 'hello there' },
      [DATABASE_ENV.url]: { type: 'secret_text', value: 'libsql://sy-notes.turso.io' },
      [DATABASE_ENV.authToken]: { type: 'secret_text', value: 'db-secret-token' },
    });
    expect(project.env.preview).toEqual(project.env.production);

    // One check-missing for all distinct hashes; every file uploaded exactly once; upsert of all.
    const all = hashesOf(V1);
    expect(fake.checkMissing).toHaveLength(1);
    expect(new Set(fake.checkMissing[0]!.asked)).toEqual(new Set(all));
    expect(fake.uploads.flat().sort()).toEqual([...all].sort());
    expect(fake.upserts.at(-1)!.sort()).toEqual([...all].sort());

    expect(project.deployments).toHaveLength(1);
    const d = project.deployments[0]!;
    expect(d.branch).toBe('main');
    expect(d.worker).toBe(built.worker);
    expect(Object.keys(d.manifest).sort()).toEqual(Object.keys(V1).map((p) => `/${p}`).sort());
    expect(d.commit_message).toContain('dep_1');
    expect(d.env.GREETING).toBe('hello there');
    expect(hosted).toEqual({ providerDeploymentId: d.id, url: d.url });

    // The deployment URL serves exactly this build.
    const page = fake.serve(hosted.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('v1');
    expect(fake.serve(`${hosted.url}/assets/style.css`).headers.get('content-type')).toBe('text/css');

    // First deploy: nothing was live before, so it is live; promote is a no-op that returns the live URL.
    expect(hosting.liveUrl(APP)).toBe(`https://${PROJECT}.pages.dev`);
    const promoted = await hosting.promote({ app: APP, providerDeploymentId: d.id }, ctx);
    expect(promoted.url).toBe(`https://${PROJECT}.pages.dev`);
    expect(fake.liveDeployment(PROJECT)?.id).toBe(d.id);

    // API token on API calls, the upload JWT on asset calls — never the API token there.
    for (const r of fake.requests) {
      if (r.path.startsWith('/pages/assets/')) expect(r.auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      else expect(r.auth).toBe(`Bearer ${TOKEN}`);
    }
    // Secrets never reach the deployment log.
    const log = ctx.lines.join('\n');
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain('hello there');
    expect(log).not.toContain('db-secret-token');
    expect(log).toContain('GREETING');
  });

  it('the fake serves a deployment through its _worker.js, with the env it was deployed with and env.ASSETS', async () => {
    // deploy-core's echo worker: /api/* answers with some env values, anything else goes to ASSETS.
    const built = siteArtifact(V1);
    const database = { provider: 'turso', externalId: 'db1', name: 'sy-notes', url: 'libsql://sy-notes.turso.io', authToken: 'db-secret-token' };
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_w', artifact: built, env: { GREETING: 'hi' }, database }, stepContext());
    const api = await fake.serveWithWorker(`${hosted.url}/api/echo`, { method: 'POST' });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ path: '/api/echo', method: 'POST', greeting: 'hi', db: 'libsql://sy-notes.turso.io', keys: ['ASSETS', DATABASE_ENV.authToken, DATABASE_ENV.url, 'GREETING'].sort() });
    expect(await (await fake.serveWithWorker(`https://${PROJECT}.pages.dev/`)).text()).toContain('v1');
    expect((await fake.serveWithWorker(`${hosted.url}/assets/style.css`)).headers.get('content-type')).toBe('text/css');
    expect((await fake.serveWithWorker(`${hosted.url}/missing.txt`)).status).toBe(404);
    expect((await fake.serveWithWorker('https://elsewhere.pages.dev/')).status).toBe(530);
  });

  it('redeploys uploading only the changed files, keeps the old deployment live until promote, and rolls back', async () => {
    const first = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: { GREETING: 'hi' }, database: null }, stepContext());
    await hosting.promote({ app: APP, providerDeploymentId: first.providerDeploymentId }, stepContext());

    const V2 = { ...V1, 'index.html': V1['index.html'].replace('v1', 'v2'), 'assets/app-2.js': 'console.log("app v2")' };
    delete (V2 as Record<string, unknown>)['assets/app-1.js'];
    const changed = hashesOf({ 'index.html': V2['index.html'], 'assets/app-2.js': V2['assets/app-2.js'] });
    const uploadsBefore = fake.uploads.length;

    const second = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V2), env: {}, database: null }, stepContext());
    expect(second.providerDeploymentId).not.toBe(first.providerDeploymentId);
    // The second check-missing found only the changed files missing, and only those were uploaded.
    expect(fake.checkMissing).toHaveLength(2);
    expect(fake.checkMissing[1]!.missing.sort()).toEqual([...changed].sort());
    expect(fake.uploads.slice(uploadsBefore).flat().sort()).toEqual([...changed].sort());
    // GREETING was removed from the app: removed from the project too.
    expect(fake.projects.get(PROJECT)!.env.production).toEqual({});

    // Not live yet: production still serves v1, the deployment URL serves v2.
    expect(fake.liveDeployment(PROJECT)?.id).toBe(first.providerDeploymentId);
    expect(await fake.serve(`https://${PROJECT}.pages.dev/`).text()).toContain('v1');
    expect(await fake.serve(second.url).text()).toContain('v2');

    await hosting.promote({ app: APP, providerDeploymentId: second.providerDeploymentId }, stepContext());
    expect(await fake.serve(`https://${PROJECT}.pages.dev/`).text()).toContain('v2');

    // Rollback is promote of an earlier deployment: instant, no upload.
    const uploads = fake.uploads.length;
    await hosting.promote({ app: APP, providerDeploymentId: first.providerDeploymentId }, stepContext());
    expect(fake.liveDeployment(PROJECT)?.id).toBe(first.providerDeploymentId);
    expect(await fake.serve(`https://${PROJECT}.pages.dev/`).text()).toContain('v1');
    expect(fake.uploads.length).toBe(uploads);

    const missing = await expectAppError(hosting.promote({ app: APP, providerDeploymentId: 'no-such-deployment' }, stepContext()));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/deployment no-such-deployment of the Pages project shipyard-notes does not exist/i);
  });

  it('splits large uploads into buckets of at most 2000 files', async () => {
    const files: Record<string, string> = { 'index.html': '<p>many</p>' };
    for (let i = 0; i < 2600; i++) files[`assets/chunk-${i}.js`] = `export const n = ${i};`;
    await hosting.deploy({ app: APP, deploymentId: 'dep_big', artifact: artifact(files), env: {}, database: null }, stepContext());
    expect(fake.uploads.flat()).toHaveLength(2601);
    expect(fake.uploads.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...fake.uploads.map((u) => u.length))).toBeLessThanOrEqual(2000);
  });

  it('deletes the app (project and deployments) and is idempotent', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(fake.projects.has(PROJECT)).toBe(true);
    await hosting.removeApp(APP, stepContext());
    expect(fake.projects.has(PROJECT)).toBe(false);
    const ctx = stepContext();
    await hosting.removeApp(APP, ctx);
    expect(ctx.lines.join('\n')).toMatch(/already gone/);
  });

  it('deletes a project with too many deployments by deleting its old deployments first (code 8000076)', async () => {
    fake.maxDeploymentsToDeleteProject = 2;
    for (let i = 1; i <= 4; i++) {
      await hosting.deploy({ app: APP, deploymentId: `dep_${i}`, artifact: artifact({ 'index.html': `v${i}` }), env: {}, database: null }, stepContext());
    }
    expect(fake.projects.get(PROJECT)!.deployments).toHaveLength(4);
    const ctx = stepContext();
    await hosting.removeApp(APP, ctx);
    expect(fake.projects.has(PROJECT)).toBe(false);
    expect(ctx.lines.join('\n')).toMatch(/Deleted 3 old deployment\(s\)/);
  });

  it('is idempotent by deploymentId: a repeated deploy after a crash returns the same Cloudflare deployment', async () => {
    const a = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const uploads = fake.uploads.length;
    const b = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(b).toEqual(a);
    expect(fake.projects.get(PROJECT)!.deployments).toHaveLength(1);
    expect(fake.uploads.length).toBe(uploads);
  });

  it('does not create a second deployment when the create response is lost and the call is retried', async () => {
    fake.inject({ method: 'POST', path: /\/pages\/projects\/[^/]+\/deployments$/, times: 1, status: 502, afterHandling: true });
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const deployments = fake.projects.get(PROJECT)!.deployments;
    expect(deployments).toHaveLength(1);
    expect(hosted.providerDeploymentId).toBe(deployments[0]!.id);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deployments'))).toHaveLength(1);
  });

  it('resumes a deploy killed after Cloudflare created the deployment: one deployment, previous one still live', async () => {
    const v1 = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    fake.deploymentPolls = 3;
    const killed = new AbortController();
    const V2 = { ...V1, 'index.html': '<p>v2</p>' };
    const crashing = hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V2), env: {}, database: null }, stepContext(killed.signal));
    // Kill the worker while it polls the new deployment's status.
    while (fake.projects.get(PROJECT)!.deployments.length < 2) await new Promise((r) => setTimeout(r, 2));
    killed.abort(new Error('SIGKILL'));
    await expect(crashing).rejects.toThrow();
    // Meanwhile Cloudflare finished it, and as the newest production deployment it went live.
    const p = fake.projects.get(PROJECT)!;
    p.deployments[0]!.pollsLeft = 0;
    p.deployments[0]!.stage.status = 'success';
    p.canonicalId = p.deployments[0]!.id;

    const resumed = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V2), env: {}, database: null }, stepContext());
    expect(p.deployments).toHaveLength(2);
    expect(resumed.providerDeploymentId).toBe(p.deployments[0]!.id);
    // The unchecked deployment was taken out of production again until promote.
    expect(fake.liveDeployment(PROJECT)?.id).toBe(v1.providerDeploymentId);
  });

  it('a deployment that fails on Cloudflare leaves the previous one live and is deleted', async () => {
    const v1 = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    fake.failDeployments = 1;
    const error = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact({ 'index.html': 'broken' }), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toMatch(/failed deployment .* at the "deploy" stage.*previous version is still live/);
    expect(fake.liveDeployment(PROJECT)?.id).toBe(v1.providerDeploymentId);
    expect(fake.projects.get(PROJECT)!.deployments.map((d) => d.id)).toEqual([v1.providerDeploymentId]);
  });

  it('a failed first deploy deletes the project it created', async () => {
    fake.failDeployments = 1;
    const ctx = stepContext();
    await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, ctx));
    expect(fake.projects.has(PROJECT)).toBe(false);
    expect(ctx.lines.join('\n')).toMatch(/Deleted the Pages project shipyard-notes/);
  });

  it('refuses a taken project name with a suggestion (409 and Git-connected projects)', async () => {
    fake.inject({ method: 'POST', path: /\/pages\/projects$/, times: 1, status: 409, errors: [{ code: 8000002, message: 'A project with this name already exists.' }] });
    const taken = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toMatch(/name is already taken.*A project with this name already exists.*projectPrefix/);

    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    fake.projects.get(PROJECT)!.source = { type: 'github', config: { owner: 'acme', repo_name: 'site' } };
    const git = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(git.code).toBe('CONFLICT');
    expect(git.message).toMatch(/deploys from github \(acme\/site\).*projectPrefix/);
  });

  it('an invalid token (401) fails with a clear message that never contains the token', async () => {
    const bad = 'cf-revoked-token-0000000000000000000';
    const h = createCloudflarePagesHosting(testOptions(fake, { apiToken: bad }) as never);
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.message).toMatch(/^Cloudflare token invalid or missing scope Account\.Cloudflare Pages:Edit: Cloudflare rejected the API token/);
    expect(error.message).toContain('Invalid API Token');
    expect(error.message).not.toContain(bad);
    expect(JSON.stringify(error.details)).not.toContain(bad);
  });

  it('a token without the Pages permission (403, code 10000) names the scope to add', async () => {
    fake.tokens.set('cf-dns-only-token-00000000000000', new Set(['zone', 'dns']));
    const h = createCloudflarePagesHosting(testOptions(fake, { apiToken: 'cf-dns-only-token-00000000000000' }) as never);
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/missing scope Account\.Cloudflare Pages:Edit.*HTTP 403, code 10000: Authentication error.*add the Account\.Cloudflare Pages:Edit permission/);
    expect(error.details).toMatchObject({ status: 403, cloudflareCodes: [10000], scope: 'Account.Cloudflare Pages:Edit' });
  });

  it('a wrong account id fails naming the accountId', async () => {
    const h = createCloudflarePagesHosting(testOptions(fake, { accountId: 'ffffffffffffffffffffffffffffffff' }) as never);
    const error = await expectAppError(h.promote({ app: APP, providerDeploymentId: 'x' }, stepContext()));
    expect(error.message).toMatch(/Pages project shipyard-notes does not exist in Cloudflare account ffffffffffffffffffffffffffffffff|could not find account/);
  });

  it('rides out a 429 storm by waiting for Retry-After', async () => {
    for (const path of [/\/upload-token$/, /^\/pages\/assets\/check-missing$/, /\/deployments$/]) {
      fake.inject({ method: path.source.includes('upload-token') ? 'GET' : 'POST', path, times: 1, status: 429, headers: { 'retry-after': '1' } });
    }
    const started = Date.now();
    const ctx = stepContext();
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, ctx);
    expect(hosted.url).toMatch(/pages\.dev$/);
    expect(fake.faultsLeft()).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    // Each retry came at least Retry-After (1 s) after the 429.
    const tokenCalls = fake.requests.filter((r) => r.path.endsWith('/upload-token'));
    expect(tokenCalls[1]!.at - tokenCalls[0]!.at).toBeGreaterThanOrEqual(990);
    expect(ctx.lines.join('\n')).toMatch(/rate limited.*retrying in 1 s/);
  }, 20_000);

  it('a permanent 429 fails after the retry bound with a clear message', async () => {
    const h = createCloudflarePagesHosting(testOptions(fake, { maxRetries: 3 }) as never);
    fake.inject({ method: 'GET', path: /\/pages\/projects\/shipyard-notes$/, times: 4, status: 429, headers: { 'retry-after': '0' } });
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/kept rate-limiting .* \(HTTP 429 after 4 attempts\)/);
    expect(fake.requests.filter((r) => r.path.endsWith('/pages/projects/shipyard-notes'))).toHaveLength(4);
    expect(fake.faultsLeft()).toBe(0);

    // A Retry-After beyond maxRetryAfterMs fails at once instead of stalling the deploy.
    const before = fake.requests.length;
    const slow = createCloudflarePagesHosting(testOptions(fake, { maxRetryAfterMs: 1_000 }) as never);
    fake.inject({ method: 'GET', path: /\/pages\/projects\/shipyard-notes$/, times: 1000, status: 429, headers: { 'retry-after': '3600' } });
    await expectAppError(slow.promote({ app: APP, providerDeploymentId: 'x' }, stepContext()));
    expect(fake.requests.length - before).toBeLessThanOrEqual(2);
  });

  it('retries 5xx with backoff, then fails with Cloudflare\'s own message', async () => {
    fake.inject({ method: 'POST', path: /^\/pages\/assets\/upload$/, times: 2, status: 503 });
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(fake.faultsLeft()).toBe(0);
    expect(fake.liveDeployment(PROJECT)).not.toBeNull();

    const v2 = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact({ 'index.html': 'v2' }), env: {}, database: null }, stepContext());
    const h = createCloudflarePagesHosting(testOptions(fake, { maxRetries: 2 }) as never);
    fake.inject({ method: 'POST', path: /\/rollback$/, times: 10, status: 500, errors: [{ code: 8000000, message: 'An internal error occurred while rolling back.' }] });
    const error = await expectAppError(h.promote({ app: APP, providerDeploymentId: v2.providerDeploymentId }, stepContext()));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toContain('live on shipyard-notes after 3 attempts (HTTP 500, code 8000000: An internal error occurred while rolling back.)');
    expect(error.message).toMatch(/try again in a few minutes/);
    expect(fake.requests.filter((r) => r.path.endsWith('/rollback')).length).toBe(1 + 3);
    expect(fake.liveDeployment(PROJECT)?.id).not.toBe(v2.providerDeploymentId);
  });

  it('refreshes an expired upload token (401 from an asset endpoint) and carries on', async () => {
    fake.inject({ method: 'POST', path: /^\/pages\/assets\/check-missing$/, times: 1, status: 401, errors: [{ code: 8000013, message: 'Authorization failed' }] });
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(fake.requests.filter((r) => r.path.endsWith('/upload-token')).length).toBe(2);
  });

  it('attaches a custom domain: Pages domain plus a proxied CNAME in the zone; detaching removes both', async () => {
    fake.addZone('example.com');
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await hosting.addDomain({ app: APP, domain: 'notes.example.com' }, stepContext());
    await hosting.addDomain({ app: APP, domain: 'notes.example.com' }, stepContext()); // idempotent
    expect([...fake.projects.get(PROJECT)!.domains.keys()]).toEqual(['notes.example.com']);
    const records = fake.recordsAt('notes.example.com');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ type: 'CNAME', content: `${PROJECT}.pages.dev`, proxied: true });
    expect(records[0]!.comment).toMatch(/^Managed by Shipyard/);

    await hosting.removeDomain({ app: APP, domain: 'notes.example.com' }, stepContext());
    expect(fake.projects.get(PROJECT)!.domains.size).toBe(0);
    expect(fake.recordsAt('notes.example.com')).toEqual([]);

    // An A record on the name blocks the CNAME: a clear conflict, the record untouched.
    fake.addRecord('example.com', { type: 'A', name: 'www.example.com', content: '192.0.2.1' });
    const error = await expectAppError(hosting.addDomain({ app: APP, domain: 'www.example.com' }, stepContext()));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/www\.example\.com has A 192\.0\.2\.1 .*Delete that record/);
    expect(fake.recordsAt('www.example.com')).toHaveLength(1);
  });

  it('without DNS permission, attaches the domain and tells the user to create the CNAME', async () => {
    fake.addZone('example.com');
    fake.tokens.set('cf-pages-and-zone-read-000000000', new Set(['pages', 'zone']));
    const h = createCloudflarePagesHosting(testOptions(fake, { apiToken: 'cf-pages-and-zone-read-000000000' }) as never);
    await h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const ctx = stepContext();
    await h.addDomain({ app: APP, domain: 'notes.example.com' }, ctx);
    expect(fake.projects.get(PROJECT)!.domains.has('notes.example.com')).toBe(true);
    expect(fake.recordsAt('notes.example.com')).toEqual([]);
    expect(ctx.lines.join('\n')).toMatch(/missing scope Zone\.DNS:Edit.*create the CNAME notes\.example\.com → shipyard-notes\.pages\.dev yourself/);
  });

  it('uses the subdomain Cloudflare assigned when <project>.pages.dev is taken', async () => {
    fake.globallyTaken.add(PROJECT);
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const subdomain = fake.projects.get(PROJECT)!.subdomain;
    expect(subdomain).not.toBe(`${PROJECT}.pages.dev`);
    expect(hosted.url.endsWith(subdomain)).toBe(true);
    const { url } = await hosting.promote({ app: APP, providerDeploymentId: hosted.providerDeploymentId }, stepContext());
    expect(url).toBe(`https://${subdomain}`);
  });

  it('rejects bad options at start-up with a readable message', () => {
    expect(() => createCloudflarePagesHosting({ ...testOptions(fake), accountId: 'nope' } as never)).toThrow(/32-character account ID/);
    expect(ACCOUNT_ID).toHaveLength(32);
  });
});
