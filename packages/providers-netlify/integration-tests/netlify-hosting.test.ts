import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNetlifyHosting, DATABASE_ENV, type NetlifyHosting } from '../src/netlify-hosting';
import { ACCOUNT_SLUG, FakeNetlify, TOKEN } from '../src/testing';
import { APP, artifact, expectAppError, stepContext, testOptions, V1 } from './helpers';

const SITE = 'shipyard-notes';
const sha1 = (v: string | Uint8Array) => createHash('sha1').update(v).digest('hex');
const DB = { provider: 'turso', externalId: 'db1', name: 'sy-notes', url: 'libsql://sy-notes.turso.io', authToken: 'db-secret-token' };

describe('Netlify hosting (file-digest deploys) against the fake API', () => {
  let fake: FakeNetlify;
  let hosting: NetlifyHosting;

  beforeEach(async () => {
    fake = await new FakeNetlify().start();
    hosting = createNetlifyHosting(testOptions(fake));
  });
  afterEach(async () => {
    await fake.stop();
    // Every request must have been well-formed, correctly authenticated and hash-consistent.
    expect(fake.failures).toEqual([]);
  });

  it('deploys: creates the site, sets secret env vars, uploads every file and the API function to a draft deploy', async () => {
    const ctx = stepContext();
    const built = artifact(V1);
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: built, env: { GREETING: 'hello there' }, database: DB }, ctx);

    const site = fake.site(SITE)!;
    expect(site.account_slug).toBe(ACCOUNT_SLUG);
    // Secrets for every non-dev context (Netlify refuses `all` for secret values), functions scope.
    expect(site.env.get('GREETING')).toEqual({
      key: 'GREETING',
      scopes: ['functions'],
      is_secret: true,
      values: [
        { context: 'production', value: 'hello there' },
        { context: 'deploy-preview', value: 'hello there' },
        { context: 'branch-deploy', value: 'hello there' },
      ],
    });
    expect(site.env.get(DATABASE_ENV.url)?.values[0]?.value).toBe(DB.url);
    expect(site.env.get(DATABASE_ENV.authToken)?.values[0]?.value).toBe(DB.authToken);

    // One draft deploy, its files listed by sha1; every distinct file uploaded exactly once.
    expect(site.deploys).toHaveLength(1);
    const d = site.deploys[0]!;
    expect(d.draft).toBe(true);
    expect(d.title).toBe('Shipyard deployment dep_1');
    expect(Object.keys(d.files).sort()).toEqual([...Object.keys(V1).map((p) => `/${p}`), '/_redirects'].sort());
    for (const [p, v] of Object.entries(V1)) expect(d.files[`/${p}`]).toBe(sha1(v));
    expect(fake.fileUploads.map((u) => u.sha).sort()).toEqual(Object.values(d.files).sort());
    expect(Object.keys(d.functions)).toEqual(['shipyard-api']);
    expect(fake.functionUploads).toHaveLength(1);
    expect(d.state).toBe('ready');
    expect(hosted).toEqual({ providerDeploymentId: d.id, url: `https://${d.id}--${SITE}.netlify.app` });

    // A draft: nothing is live until promote, but the deploy's own URL serves exactly this build.
    expect(fake.published(SITE)).toBeNull();
    expect(await (await fake.serve(hosted.url)).text()).toContain('v1');
    expect((await fake.serve(`https://${SITE}.netlify.app/`)).status).toBe(404);
    // The SPA fallback: a client route gets the app shell.
    expect(await (await fake.serve(`${hosted.url}/tasks/42`)).text()).toContain('<div id="root">v1</div>');
    // The API runs as the uploaded Netlify Function, with the app's env and nothing else.
    const api = await fake.serve(`${hosted.url}/api/hello`, { method: 'POST' });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({
      path: '/api/hello',
      method: 'POST',
      greeting: 'hello there',
      db: DB.url,
      keys: ['ASSETS', 'DATABASE_AUTH_TOKEN', 'DATABASE_URL', 'GREETING'],
    });

    const promoted = await hosting.promote({ app: APP, providerDeploymentId: d.id }, ctx);
    expect(promoted.url).toBe(`https://${SITE}.netlify.app`);
    expect(hosting.liveUrl(APP)).toBe(promoted.url);
    expect(fake.published(SITE)?.id).toBe(d.id);
    expect(await (await fake.serve(promoted.url)).text()).toContain('v1');

    for (const r of fake.requests) expect(r.auth).toBe(`Bearer ${TOKEN}`);
    const log = ctx.lines.join('\n');
    for (const secret of [TOKEN, 'hello there', DB.authToken, DB.url]) expect(log).not.toContain(secret);
    expect(log).toContain('GREETING');
  });

  it('redeploys uploading only the changed files, keeps the old deploy live until promote, and rolls back', async () => {
    const first = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: { GREETING: 'hi' }, database: null }, stepContext());
    await hosting.promote({ app: APP, providerDeploymentId: first.providerDeploymentId }, stepContext());
    const filesBefore = fake.fileUploads.length;

    const V2: Record<string, string | Uint8Array> = { ...V1, 'index.html': V1['index.html'].replace('v1', 'v2'), 'assets/app-2.js': 'console.log("app v2")' };
    delete V2['assets/app-1.js'];
    const second = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V2), env: { GREETING: 'hi' }, database: null }, stepContext());
    expect(second.providerDeploymentId).not.toBe(first.providerDeploymentId);
    // Only the two changed files travelled; the unchanged API function was not uploaded again.
    expect(fake.fileUploads.slice(filesBefore).map((u) => u.path).sort()).toEqual(['/assets/app-2.js', '/index.html']);
    expect(fake.functionUploads).toHaveLength(1);

    expect(fake.published(SITE)?.id).toBe(first.providerDeploymentId);
    expect(await (await fake.serve(`https://${SITE}.netlify.app/`)).text()).toContain('v1');
    expect(await (await fake.serve(second.url)).text()).toContain('v2');

    await hosting.promote({ app: APP, providerDeploymentId: second.providerDeploymentId }, stepContext());
    expect(await (await fake.serve(`https://${SITE}.netlify.app/`)).text()).toContain('v2');

    // Rollback is publishing an earlier deploy: instant, nothing uploaded.
    const requests = fake.requests.length;
    await hosting.promote({ app: APP, providerDeploymentId: first.providerDeploymentId }, stepContext());
    expect(fake.published(SITE)?.id).toBe(first.providerDeploymentId);
    expect(await (await fake.serve(`https://${SITE}.netlify.app/`)).text()).toContain('v1');
    expect(fake.requests.slice(requests).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{20,}/g, ':id')}`)).toEqual([
      'GET /acme-team/sites',
      'POST /sites/:id/deploys/:id/restore',
    ]);

    const missing = await expectAppError(hosting.promote({ app: APP, providerDeploymentId: 'feedfacefeedfacefeedface' }, stepContext()));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/deploy feedfacefeedfacefeedface of the Netlify site shipyard-notes does not exist/i);
  });

  it('removes environment variables the app no longer has', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: { GREETING: 'hi', OLD: 'x' }, database: null }, stepContext());
    const ctx = stepContext();
    await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V1), env: { GREETING: 'hello' }, database: null }, ctx);
    const site = fake.site(SITE)!;
    expect([...site.env.keys()]).toEqual(['GREETING']);
    expect(site.env.get('GREETING')!.values.every((v) => v.value === 'hello')).toBe(true);
    expect(ctx.lines.join('\n')).toMatch(/removed OLD/);
  });

  it('deletes the app (site and deploys) and is idempotent', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(fake.site(SITE)).toBeDefined();
    await hosting.removeApp(APP, stepContext());
    expect(fake.site(SITE)).toBeUndefined();
    const ctx = stepContext();
    await hosting.removeApp(APP, ctx);
    expect(ctx.lines.join('\n')).toMatch(/already gone/);
  });

  it('is idempotent by deploymentId: a repeated deploy returns the same Netlify deploy', async () => {
    const a = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const uploads = fake.fileUploads.length;
    const b = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(b).toEqual(a);
    expect(fake.site(SITE)!.deploys).toHaveLength(1);
    expect(fake.fileUploads.length).toBe(uploads);
  });

  it('resumes a deploy killed during its uploads: one Netlify deploy, the rest of the files uploaded, nothing twice', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const V2 = { ...V1, 'index.html': '<p>v2</p>', 'assets/extra.js': 'export {}' };
    // The first upload of the new deploy fails and the worker is killed while it waits to retry.
    fake.inject({ method: 'PUT', path: /^\/deploys\/[^/]+\/files\//, times: 1000, status: 503 });
    const killed = new AbortController();
    const crashing = hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V2), env: {}, database: null }, stepContext(killed.signal));
    while (!fake.requests.some((r) => r.method === 'PUT')) await new Promise((r) => setTimeout(r, 2));
    killed.abort(new Error('SIGKILL'));
    await expect(crashing).rejects.toThrow();
    fake.clearFaults();

    const resumed = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V2), env: {}, database: null }, stepContext());
    const site = fake.site(SITE)!;
    expect(site.deploys).toHaveLength(2);
    expect(resumed.providerDeploymentId).toBe(site.deploys[0]!.id);
    expect(site.deploys[0]!.state).toBe('ready');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deploys'))).toHaveLength(2);
    const v2Uploads = fake.fileUploads.filter((u) => u.deploy === resumed.providerDeploymentId).map((u) => u.path).sort();
    expect(v2Uploads).toEqual(['/assets/extra.js', '/index.html']);
    expect(await (await fake.serve(resumed.url)).text()).toContain('v2');
  });

  it('does not create a second deploy when the create response is lost and the call is retried', async () => {
    fake.inject({ method: 'POST', path: /^\/sites\/[^/]+\/deploys$/, times: 1, status: 502, afterHandling: true });
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const deploys = fake.site(SITE)!.deploys;
    expect(deploys).toHaveLength(1);
    expect(hosted.providerDeploymentId).toBe(deploys[0]!.id);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deploys'))).toHaveLength(1);
  });

  it('a deploy that fails on Netlify leaves the previous one live and is deleted', async () => {
    const v1 = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await hosting.promote({ app: APP, providerDeploymentId: v1.providerDeploymentId }, stepContext());
    fake.failDeploys = 1;
    const error = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact({ 'index.html': 'broken' }), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toMatch(/Netlify failed deploy .* \(Failed to process the deploy: .*\)\. The previous version is still live/);
    expect(fake.published(SITE)?.id).toBe(v1.providerDeploymentId);
    expect(fake.site(SITE)!.deploys.map((d) => d.id)).toEqual([v1.providerDeploymentId]);
  });

  it('a failed first deploy deletes the site it created', async () => {
    fake.failDeploys = 1;
    const ctx = stepContext();
    await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, ctx));
    expect(fake.site(SITE)).toBeUndefined();
    expect(ctx.lines.join('\n')).toMatch(/Deleted the Netlify site shipyard-notes that this failed first deploy created/);
  });

  it('refuses a taken site name with a suggestion (422 "must be unique") and a Git-linked site', async () => {
    fake.globallyTaken.add(SITE);
    const taken = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toMatch(/name is already taken \(HTTP 422: subdomain must be unique\).*set a different sitePrefix.*"shipyard-"/);
    fake.globallyTaken.clear();

    fake.inject({ method: 'POST', path: /\/sites$/, times: 1, status: 409, body: { code: 409, message: 'Site name already exists' } });
    expect((await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()))).code).toBe('CONFLICT');

    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    fake.site(SITE)!.repo = 'https://github.com/acme/site';
    const git = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(git.code).toBe('CONFLICT');
    expect(git.message).toMatch(/builds from https:\/\/github\.com\/acme\/site.*sitePrefix/);
  });

  it('an invalid token (401) fails with a clear message that never contains the token', async () => {
    const bad = 'nfp_revoked_token_000000000000000000';
    const h = createNetlifyHosting(testOptions(fake, { accessToken: bad }));
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/^Netlify token invalid or missing scope Sites: .*Netlify rejected the access token .*HTTP 401: Access Denied: Invalid token/);
    expect(error.message).not.toContain(bad);
    expect(JSON.stringify(error.details)).not.toContain(bad);
    expect(fake.site(SITE)).toBeUndefined();
  });

  it('a token whose user may not create sites (403) names the missing permission', async () => {
    fake.tokens.set('nfp_reviewer_token_0000000000000', 'Reviewer');
    const h = createNetlifyHosting(testOptions(fake, { accessToken: 'nfp_reviewer_token_0000000000000' }));
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(
      /^Netlify token invalid or missing scope Sites: create, deploy and delete \(team role Owner or Developer\): the token is not allowed to create the Netlify site shipyard-notes \(HTTP 403: You don't have permission/,
    );
    expect(error.details).toMatchObject({ status: 403 });
  });

  it('rides out a 429 storm by waiting for Retry-After / X-RateLimit-Reset', async () => {
    fake.inject({ method: 'GET', path: /\/sites$/, times: 1, status: 429, headers: { 'retry-after': '1' } });
    fake.inject({ method: 'POST', path: /\/deploys$/, times: 1, status: 429, headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) } });
    fake.inject({ method: 'PUT', path: /\/files\//, times: 2, status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const ctx = stepContext();
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, ctx);
    expect(hosted.url).toMatch(/netlify\.app$/);
    expect(fake.faultsLeft()).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const lookups = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/sites'));
    expect(lookups[1]!.at - lookups[0]!.at).toBeGreaterThanOrEqual(990);
    expect(ctx.lines.join('\n')).toMatch(/rate limited.*retrying in 1 s/);
    expect(fake.site(SITE)!.deploys).toHaveLength(1);
  }, 20_000);

  it('a permanent 429 fails after the retry bound; a far-off reset fails at once', async () => {
    const h = createNetlifyHosting(testOptions(fake, { maxRetries: 3 }));
    fake.inject({ method: 'GET', path: /\/sites$/, times: 4, status: 429, headers: { 'retry-after': '0' } });
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/kept rate-limiting .* \(HTTP 429 after 4 attempts\)/);
    expect(fake.requests.filter((r) => r.path.endsWith('/sites'))).toHaveLength(4);

    // The daily deploy limit resets hours from now: fail now instead of stalling the deploy.
    const before = fake.requests.length;
    const started = Date.now();
    fake.inject({ method: 'GET', path: /\/sites$/, times: 1000, status: 429, headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600) } });
    const slow = await expectAppError(h.removeApp(APP, stepContext()));
    expect(slow.code).toBe('RATE_LIMITED');
    expect(fake.requests.length - before).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('retries 5xx with backoff, then fails with Netlify\'s own message', async () => {
    fake.inject({ method: 'PUT', path: /\/functions\//, times: 2, status: 503 });
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(fake.faultsLeft()).toBe(0);
    // The retried function upload tells Netlify which attempt it is.
    expect(fake.requests.filter((r) => r.path.includes('/functions/')).map((r) => r.retryCount)).toEqual([null, '1', '2']);

    const v2 = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact({ 'index.html': 'v2' }), env: {}, database: null }, stepContext());
    const h = createNetlifyHosting(testOptions(fake, { maxRetries: 2 }));
    fake.inject({ method: 'POST', path: /\/restore$/, times: 10, status: 500, body: { code: 500, message: 'Deploy could not be restored: storage unavailable' } });
    const error = await expectAppError(h.promote({ app: APP, providerDeploymentId: v2.providerDeploymentId }, stepContext()));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toContain(`Netlify failed to publish deploy ${v2.providerDeploymentId} on shipyard-notes after 3 attempts (HTTP 500: Deploy could not be restored: storage unavailable)`);
    expect(fake.requests.filter((r) => r.path.endsWith('/restore'))).toHaveLength(3);
    expect(fake.published(SITE)).toBeNull();
  });

  it('attaches custom domains (primary, then aliases) and detaches them', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await hosting.addDomain({ app: APP, domain: 'notes.example.com' }, stepContext());
    await hosting.addDomain({ app: APP, domain: 'notes.example.com' }, stepContext()); // idempotent
    await hosting.addDomain({ app: APP, domain: 'www.notes.example.com' }, stepContext());
    const site = fake.site(SITE)!;
    expect(site.custom_domain).toBe('notes.example.com');
    expect(site.domain_aliases).toEqual(['www.notes.example.com']);

    await hosting.removeDomain({ app: APP, domain: 'notes.example.com' }, stepContext());
    expect(site.custom_domain).toBe('www.notes.example.com');
    expect(site.domain_aliases).toEqual([]);
    await hosting.removeDomain({ app: APP, domain: 'www.notes.example.com' }, stepContext());
    expect(site.custom_domain).toBeNull();

    // A domain another site holds: a clear conflict.
    const other = createNetlifyHosting(testOptions(fake));
    const app2 = { ...APP, id: 'app_2', slug: 'other' };
    await other.deploy({ app: app2, deploymentId: 'dep_x', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await other.addDomain({ app: app2, domain: 'taken.example.com' }, stepContext());
    const error = await expectAppError(hosting.addDomain({ app: APP, domain: 'taken.example.com' }, stepContext()));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/taken\.example\.com is already in use by another site.*remove it there first/);
  });

  it('rejects bad options at start-up with a readable message', () => {
    expect(() => createNetlifyHosting({ ...testOptions(fake), sitePrefix: 'Bad Prefix' })).toThrow(/sitePrefix may use a–z/);
    expect(() => createNetlifyHosting({ ...testOptions(fake), accessToken: 'x' })).toThrow(/personal access token/);
  });
});
