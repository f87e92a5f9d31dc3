import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVercelHosting, DATABASE_ENV, type VercelHosting } from '../src/vercel-hosting';
import { FakeVercel, TEAM_ID, TOKEN } from './fake-vercel';
import { APP, artifact, expectAppError, stepContext, testOptions, V1 } from './helpers';

const PROJECT = 'shipyard-notes';
const sha1 = (v: string | Uint8Array) => createHash('sha1').update(v).digest('hex');
const DB = { provider: 'turso', externalId: 'db1', name: 'sy-notes', url: 'libsql://sy-notes.turso.io', authToken: 'db-secret-token' };

describe('Vercel hosting (SHA uploads, staged production deployments) against the fake API', () => {
  let fake: FakeVercel;
  let hosting: VercelHosting;

  beforeEach(async () => {
    fake = await new FakeVercel().start();
    hosting = createVercelHosting(testOptions(fake));
  });
  afterEach(async () => {
    await fake.stop();
    // Every request must have been well-formed, authenticated, team-scoped and hash-consistent.
    expect(fake.failures).toEqual([]);
  });

  it('deploys: creates a staged project, sets encrypted env vars, uploads what Vercel reports missing, waits for READY', async () => {
    const ctx = stepContext();
    const built = artifact(V1);
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: built, env: { GREETING: 'hello there' }, database: DB }, ctx);

    const project = fake.project(PROJECT)!;
    expect(project.autoAssignCustomDomains).toBe(false);
    expect(project.ssoProtection).toBeNull();
    expect(project.env.map((e) => [e.key, e.value, e.type, e.target])).toEqual([
      ['GREETING', 'hello there', 'encrypted', ['production']],
      [DATABASE_ENV.url, DB.url, 'encrypted', ['production']],
      [DATABASE_ENV.authToken, DB.authToken, 'encrypted', ['production']],
    ]);

    const [d] = fake.deploymentsOf(PROJECT);
    expect(fake.deploymentsOf(PROJECT)).toHaveLength(1);
    expect(d!.target).toBe('production');
    expect(d!.meta).toEqual({ shipyardDeploymentId: 'dep_1' });
    expect(d!.files.map((f) => f.file).sort()).toEqual([...Object.keys(V1), 'vercel.json', 'api/[...path].js', 'api/_worker.js'].sort());
    for (const [p, v] of Object.entries(V1)) expect(d!.files.find((f) => f.file === p)?.sha).toBe(sha1(v));
    // First attempt: everything missing; every distinct file uploaded once; second attempt created it.
    expect(fake.missingReports).toHaveLength(2);
    expect(fake.missingReports[1]).toEqual([]);
    expect([...fake.uploads].sort()).toEqual([...new Set(d!.files.map((f) => f.sha))].sort());
    expect(d!.readyState).toBe('READY');
    expect(hosted).toEqual({ providerDeploymentId: d!.id, url: `https://${d!.url}` });

    // Staged: not on the production domain until promote; its own URL serves exactly this build.
    expect(fake.production(PROJECT)).toBeNull();
    expect(await (await fake.serve(hosted.url)).text()).toContain('v1');
    expect(await (await fake.serve(`${hosted.url}/tasks/42`)).text()).toContain('<div id="root">v1</div>');
    const api = await fake.serve(`${hosted.url}/api/hello`, { method: 'POST' });
    expect(await api.json()).toEqual({ path: '/api/hello', method: 'POST', greeting: 'hello there', db: DB.url, keys: ['ASSETS', 'DATABASE_AUTH_TOKEN', 'DATABASE_URL', 'GREETING'] });

    const promoted = await hosting.promote({ app: APP, providerDeploymentId: d!.id }, ctx);
    expect(promoted.url).toBe(`https://${PROJECT}.vercel.app`);
    expect(hosting.liveUrl(APP)).toBe(promoted.url);
    expect(fake.production(PROJECT)?.id).toBe(d!.id);
    expect(await (await fake.serve(promoted.url)).text()).toContain('v1');

    for (const r of fake.requests) expect(r.auth).toBe(`Bearer ${TOKEN}`);
    for (const r of fake.requests) expect(new URLSearchParams(r.query).get('teamId')).toBe(TEAM_ID);
    const log = ctx.lines.join('\n');
    for (const secret of [TOKEN, 'hello there', DB.authToken, DB.url]) expect(log).not.toContain(secret);
    expect(log).toContain('GREETING');
  });

  it('redeploys uploading only the changed files, keeps production until promote, and rolls back instantly', async () => {
    const first = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await hosting.promote({ app: APP, providerDeploymentId: first.providerDeploymentId }, stepContext());
    const uploadsBefore = fake.uploads.length;

    const V2: Record<string, string | Uint8Array> = { ...V1, 'index.html': V1['index.html'].replace('v1', 'v2'), 'assets/app-2.js': 'console.log("app v2")' };
    delete V2['assets/app-1.js'];
    const second = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V2), env: {}, database: null }, stepContext());
    expect(fake.missingReports.at(-2)!.sort()).toEqual([sha1(V2['index.html'] as string), sha1('console.log("app v2")')].sort());
    expect(fake.uploads.slice(uploadsBefore).sort()).toEqual(fake.missingReports.at(-2)!.sort());

    expect(fake.production(PROJECT)?.id).toBe(first.providerDeploymentId);
    expect(await (await fake.serve(`https://${PROJECT}.vercel.app/`)).text()).toContain('v1');
    await hosting.promote({ app: APP, providerDeploymentId: second.providerDeploymentId }, stepContext());
    expect(await (await fake.serve(`https://${PROJECT}.vercel.app/`)).text()).toContain('v2');

    // Rollback = promote an earlier deployment: no upload, no new deployment.
    const uploads = fake.uploads.length;
    await hosting.promote({ app: APP, providerDeploymentId: first.providerDeploymentId }, stepContext());
    expect(fake.production(PROJECT)?.id).toBe(first.providerDeploymentId);
    expect(await (await fake.serve(`https://${PROJECT}.vercel.app/`)).text()).toContain('v1');
    expect(fake.uploads.length).toBe(uploads);
    expect(fake.deploymentsOf(PROJECT)).toHaveLength(2);

    const missing = await expectAppError(hosting.promote({ app: APP, providerDeploymentId: 'dpl_nope' }, stepContext()));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/deployment dpl_nope of the Vercel project shipyard-notes does not exist/i);
  });

  it('waits for an accepted (202) promote to move the production domains', async () => {
    const first = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    fake.promotePolls = 2;
    await hosting.promote({ app: APP, providerDeploymentId: first.providerDeploymentId }, stepContext());
    expect(fake.production(PROJECT)?.id).toBe(first.providerDeploymentId);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === `/v9/projects/${PROJECT}`).length).toBeGreaterThanOrEqual(4);
  });

  it('removes production env vars the app no longer has', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: { GREETING: 'hi', OLD: 'x' }, database: null }, stepContext());
    const ctx = stepContext();
    await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V1), env: { GREETING: 'hello' }, database: null }, ctx);
    expect(fake.project(PROJECT)!.env.map((e) => [e.key, e.value])).toEqual([['GREETING', 'hello']]);
    expect(ctx.lines.join('\n')).toMatch(/removed OLD/);
  });

  it('deletes the app (project and deployments) and is idempotent', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await hosting.removeApp(APP, stepContext());
    expect(fake.project(PROJECT)).toBeUndefined();
    expect(fake.deployments).toHaveLength(0);
    const ctx = stepContext();
    await hosting.removeApp(APP, ctx);
    expect(ctx.lines.join('\n')).toMatch(/already gone/);
  });

  it('is idempotent by deploymentId, also after a crash while the deployment builds', async () => {
    const a = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const b = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(b).toEqual(a);

    // Kill the worker while Vercel builds the next deployment; the retry finds it by meta.
    fake.deploymentPolls = 50;
    const killed = new AbortController();
    const crashing = hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact({ ...V1, 'index.html': '<p>v2</p>' }), env: {}, database: null }, stepContext(killed.signal));
    while (fake.deploymentsOf(PROJECT).length < 2) await new Promise((r) => setTimeout(r, 2));
    killed.abort(new Error('SIGKILL'));
    await expect(crashing).rejects.toThrow();
    fake.deploymentsOf(PROJECT)[0]!.pollsLeft = 0;

    const uploads = fake.uploads.length;
    const resumed = await hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact({ ...V1, 'index.html': '<p>v2</p>' }), env: {}, database: null }, stepContext());
    expect(fake.deploymentsOf(PROJECT)).toHaveLength(2);
    expect(resumed.providerDeploymentId).toBe(fake.deploymentsOf(PROJECT)[0]!.id);
    expect(fake.uploads.length).toBe(uploads);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments').length).toBe(2 + 2);
    expect(await (await fake.serve(resumed.url)).text()).toContain('v2');
  });

  it('does not create a second deployment when the create response is lost and the call is retried', async () => {
    fake.inject({ method: 'POST', path: /^\/v13\/deployments$/, times: 1, status: 502, afterHandling: true });
    await hosting.deploy({ app: APP, deploymentId: 'dep_0', artifact: artifact({ 'index.html': 'warm' }), env: {}, database: null }, stepContext());
    // That first create only reported missing files (nothing was created): now lose a real creation.
    fake.inject({ method: 'POST', path: /^\/v13\/deployments$/, times: 1, status: 502, afterHandling: true });
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact({ 'index.html': 'warm' }), env: {}, database: null }, stepContext());
    const tagged = fake.deploymentsOf(PROJECT).filter((d) => d.meta.shipyardDeploymentId === 'dep_1');
    expect(tagged).toHaveLength(1);
    expect(hosted.providerDeploymentId).toBe(tagged[0]!.id);
  });

  it('a deployment that fails on Vercel leaves production alone and is deleted', async () => {
    const v1 = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await hosting.promote({ app: APP, providerDeploymentId: v1.providerDeploymentId }, stepContext());
    fake.failDeployments = 1;
    const error = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact({ 'index.html': 'broken' }), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toMatch(/Vercel failed deployment dpl_\w+ of shipyard-notes \(ERROR: Build failed: .*\)\. The previous version is still live/);
    expect(fake.production(PROJECT)?.id).toBe(v1.providerDeploymentId);
    expect(fake.deploymentsOf(PROJECT).map((d) => d.id)).toEqual([v1.providerDeploymentId]);
  });

  it('a failed first deploy deletes the project it created', async () => {
    fake.failDeployments = 1;
    const ctx = stepContext();
    await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, ctx));
    expect(fake.project(PROJECT)).toBeUndefined();
    expect(ctx.lines.join('\n')).toMatch(/Deleted the Vercel project shipyard-notes that this failed first deploy created/);
  });

  it('refuses a taken project name (409) with a suggestion, and a Git-connected project', async () => {
    fake.inject({ method: 'POST', path: /^\/v11\/projects$/, times: 1, status: 409, body: { error: { code: 'conflict', message: 'A project with the name shipyard-notes already exists.' } } });
    const taken = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toMatch(/name is already taken \(HTTP 409, conflict: A project with the name shipyard-notes already exists\.\).*projectPrefix.*"shipyard-"/);

    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    fake.project(PROJECT)!.link = { type: 'github', repo: 'site', org: 'acme' };
    const git = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_2', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(git.code).toBe('CONFLICT');
    expect(git.message).toMatch(/deploys from github \(acme\/site\).*projectPrefix/);
  });

  it('an invalid token (403 invalidToken, or 401) fails clearly and never shows the token', async () => {
    const bad = 'vercel_revoked_token_00000000000000';
    const h = createVercelHosting(testOptions(fake, { token: bad }));
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/^Vercel token invalid or missing scope Projects and deployments .*: Vercel rejected the token .*HTTP 403, forbidden: Not authorized/);
    expect(error.message).not.toContain(bad);

    fake.inject({ path: /^\/v9\/projects\//, times: 1, status: 401, body: { error: { code: 'unauthorized', message: 'The token has expired' } } });
    const expired = await expectAppError(hosting.removeApp(APP, stepContext()));
    expect(expired.message).toMatch(/^Vercel token invalid or missing scope .*HTTP 401, unauthorized: The token has expired/);
  });

  it('a token whose scope lacks the team (403) says so', async () => {
    fake.tokens.set('vercel_personal_only_token_000000', false);
    const h = createVercelHosting(testOptions(fake, { token: 'vercel_personal_only_token_000000' }));
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(new RegExp(`^Vercel token invalid or missing scope .*: the token is not allowed to read the Vercel project shipyard-notes in team ${TEAM_ID} .*Create a token whose scope includes team ${TEAM_ID}`));
    expect(error.details).toMatchObject({ status: 403, vercelCode: 'forbidden' });
  });

  it('rides out a 429 storm by waiting for Retry-After / X-RateLimit-Reset', async () => {
    fake.inject({ method: 'GET', path: /^\/v9\/projects\//, times: 1, status: 429, headers: { 'retry-after': '1' } });
    fake.inject({ method: 'POST', path: /^\/v2\/files$/, times: 2, status: 429, headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) } });
    fake.inject({ method: 'POST', path: /^\/v13\/deployments$/, times: 1, status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const ctx = stepContext();
    const hosted = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, ctx);
    expect(hosted.url).toMatch(/vercel\.app$/);
    expect(fake.faultsLeft()).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const reads = fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v9/projects/'));
    expect(reads[1]!.at - reads[0]!.at).toBeGreaterThanOrEqual(990);
    expect(ctx.lines.join('\n')).toMatch(/rate limited.*retrying in 1 s/);
    expect(fake.deploymentsOf(PROJECT)).toHaveLength(1);
  }, 20_000);

  it('a permanent 429 fails after the retry bound; a far-off reset fails at once', async () => {
    const h = createVercelHosting(testOptions(fake, { maxRetries: 3 }));
    fake.inject({ method: 'GET', path: /^\/v9\/projects\//, times: 4, status: 429, headers: { 'retry-after': '0' } });
    const error = await expectAppError(h.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext()));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/kept rate-limiting .* \(HTTP 429 after 4 attempts, rate_limited\)/);
    expect(fake.requests.filter((r) => r.path.startsWith('/v9/projects/'))).toHaveLength(4);

    const before = fake.requests.length;
    const started = Date.now();
    fake.inject({ method: 'GET', path: /^\/v9\/projects\//, times: 1000, status: 429, headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600) } });
    expect((await expectAppError(h.removeApp(APP, stepContext()))).code).toBe('RATE_LIMITED');
    expect(fake.requests.length - before).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('retries 5xx with backoff, then fails with Vercel\'s own message', async () => {
    fake.inject({ method: 'POST', path: /^\/v2\/files$/, times: 2, status: 503 });
    const v1 = await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    expect(fake.faultsLeft()).toBe(0);

    const h = createVercelHosting(testOptions(fake, { maxRetries: 2 }));
    fake.inject({ method: 'POST', path: /\/promote\//, times: 10, status: 500, body: { error: { code: 'internal_server_error', message: 'Promote failed: alias service unavailable' } } });
    const error = await expectAppError(h.promote({ app: APP, providerDeploymentId: v1.providerDeploymentId }, stepContext()));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toContain(`Vercel failed to promote deployment ${v1.providerDeploymentId} on shipyard-notes after 3 attempts (HTTP 500, internal_server_error: Promote failed: alias service unavailable)`);
    expect(fake.requests.filter((r) => r.path.includes('/promote/'))).toHaveLength(3);
    expect(fake.production(PROJECT)).toBeNull();
  });

  it('attaches and detaches custom domains, reporting Vercel\'s verification record', async () => {
    await hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact(V1), env: {}, database: null }, stepContext());
    const ctx = stepContext();
    await hosting.addDomain({ app: APP, domain: 'notes.example.com' }, ctx);
    await hosting.addDomain({ app: APP, domain: 'notes.example.com' }, stepContext()); // idempotent
    expect([...fake.project(PROJECT)!.domains.keys()]).toEqual(['notes.example.com']);
    expect(ctx.lines.join('\n')).toMatch(/verify notes\.example\.com: TXT _vercel\.example\.com → vc-domain-verify=notes\.example\.com/);
    await hosting.removeDomain({ app: APP, domain: 'notes.example.com' }, stepContext());
    await hosting.removeDomain({ app: APP, domain: 'notes.example.com' }, stepContext()); // idempotent
    expect(fake.project(PROJECT)!.domains.size).toBe(0);

    const other = { ...APP, id: 'app_2', slug: 'other' };
    await hosting.deploy({ app: other, deploymentId: 'dep_x', artifact: artifact(V1), env: {}, database: null }, stepContext());
    await hosting.addDomain({ app: other, domain: 'taken.example.com' }, stepContext());
    const error = await expectAppError(hosting.addDomain({ app: APP, domain: 'taken.example.com' }, stepContext()));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/already in use by another project.*remove it there first/);
  });

  it('rejects static files under api/ and bad options', async () => {
    const error = await expectAppError(hosting.deploy({ app: APP, deploymentId: 'dep_1', artifact: artifact({ ...V1, 'api/readme.txt': 'x' }), env: {}, database: null }, stepContext()));
    expect(error.message).toMatch(/static file at api\/readme\.txt.*reserved for the app's API/);
    expect(() => createVercelHosting({ ...testOptions(fake), teamId: 'acme' })).toThrow(/team ID from Team settings/);
  });
});
