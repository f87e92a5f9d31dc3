import { createHash } from 'node:crypto';
import {
  buildApp,
  wrapEnvWithRemoteDb,
  type RemoteD1Database,
  type TBuildArtifact,
  type TProviderSet,
} from '@shipyard/deploy-core';
import {
  startDeployHarness,
  type TDeployHarness,
  type TDeployStack,
} from '@shipyard/deploy-core/testing';
import { loadConfig } from '@shipyard/core/config';
import {
  ACCOUNT_ID as CLOUDFLARE_ACCOUNT_ID,
  FakeCloudflare,
  referencePagesHash,
  TOKEN as CLOUDFLARE_TOKEN,
} from '@shipyard/providers-cloudflare/testing';
import { neonDatabases } from '@shipyard/providers-neon';
import {
  API_KEY as NEON_API_KEY,
  FakeNeon,
  fakeNeonOptions,
} from '@shipyard/providers-neon/testing';
import {
  ACCOUNT_SLUG as NETLIFY_ACCOUNT_SLUG,
  FakeNetlify,
  TOKEN as NETLIFY_TOKEN,
} from '@shipyard/providers-netlify/testing';
import { tursoDatabases } from '@shipyard/providers-turso';
import {
  API_TOKEN as TURSO_API_TOKEN,
  FakeTurso,
  fakeTursoOptions,
} from '@shipyard/providers-turso/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { cloudProvidersEnvPreset, createCloudProviders } from '../src/cloud-providers';

// The two cloud pairs a host can configure, deployed together through the real orchestrator and
// deploy service against the provider packages' local fake vendor servers. The providers come
// from the host's own composition (createCloudProviders over the environment, with the
// SHIPYARD_*_API_URL variables pointing at the fakes), except where the host's settings cannot
// reach a fake, where they come from the package's definition (optionsSchema, then create) as
// the host's catalog builds them:
// - Turso always: the fake's libSQL servers speak plain HTTP (`tls: false`, not a host setting);
// - a database vendor's 5xx storm: the host's retry policy (5 retries from 1 s, doubling) would
//   spend half a minute per storm, so those providers retry after 10 ms.

/** deploy-core's reference app: React + react-router, a D1 API, a schema and a seed. */
const V1 = loadAppFiles();
/** A small change: one page's text (the JS bundle and the page that names it change). */
const V2 = {
  ...V1,
  'src/pages/NotFound.tsx': V1['src/pages/NotFound.tsx']!.replace(
    'Page not found',
    'Nothing here yet',
  ),
};
const SOURCES: Record<string, Record<string, string>> = { v1: V1, v2: V2 };
const SUPPORT_EMAIL = 'help@team-tasks.example';
const SEED_ROWS = { tasks: 3, notes: 2 };
const COUNT_ROWS =
  'SELECT (SELECT COUNT(*) FROM tasks) AS tasks, (SELECT COUNT(*) FROM notes) AS notes';

// esbuild is deterministic: build each source once per file run.
const builds = new Map<string, Promise<TBuildArtifact>>();
const contentKey = (files: Record<string, string>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(files).sort()))
    .digest('hex');
function build(files: Record<string, string>): Promise<TBuildArtifact> {
  const key = contentKey(files);
  let built = builds.get(key);
  if (!built) builds.set(key, (built = buildApp({ files })));
  return built;
}
const builtOf = (version: 'v1' | 'v2') => build(SOURCES[version]!);

/** Paths whose bytes differ between two builds (new paths included). */
function changedPaths(before: TBuildArtifact, after: TBuildArtifact): string[] {
  const same = (a: Uint8Array | undefined, b: Uint8Array) => !!a && Buffer.from(a).equals(b);
  return [...after.assets]
    .filter(([p, bytes]) => !same(before.assets.get(p), bytes))
    .map(([p]) => p)
    .sort();
}

/** The health check's fetch, answered by the fake host; records each URL. */
function through(serve: (url: string) => Promise<Response>, checked: string[]): typeof fetch {
  return (async (url: string | URL | Request) => {
    const target = String(url instanceof Request ? url.url : url);
    checked.push(target);
    return serve(target);
  }) as typeof fetch;
}

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

/** The providers a host registers from its environment. */
function hostProviders(env: Record<string, string>): TProviderSet {
  return createCloudProviders(loadConfig([cloudProvidersEnvPreset], env)).set;
}

const cloudflareEnv = (fake: FakeCloudflare) => ({
  CLOUDFLARE_ACCOUNT_ID,
  CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN,
  SHIPYARD_CLOUDFLARE_API_URL: fake.baseUrl,
});
const netlifyEnv = (fake: FakeNetlify) => ({
  NETLIFY_AUTH_TOKEN: NETLIFY_TOKEN,
  NETLIFY_ACCOUNT_SLUG,
  SHIPYARD_NETLIFY_API_URL: fake.baseUrl,
});
const neonEnv = (fake: FakeNeon) => ({
  NEON_API_KEY,
  NEON_REGION: 'aws-us-east-2',
  SHIPYARD_NEON_API_URL: fake.apiBaseUrl,
});
const tursoFrom = (fake: FakeTurso) =>
  tursoDatabases.create(tursoDatabases.optionsSchema.parse(fakeTursoOptions(fake)));

describe('full deploys through the orchestrator with two cloud vendors together (local fake vendor servers)', () => {
  let harness: TDeployHarness;
  let fakes: { failures: string[]; stop(): Promise<void> }[];

  beforeEach(async () => {
    harness = await startDeployHarness();
    fakes = [];
  });
  afterEach(async () => {
    await harness.close();
    for (const fake of fakes) await fake.stop();
    // Every request each vendor saw was well-formed and correctly authenticated.
    for (const fake of fakes) expect(fake.failures).toEqual([]);
  });

  async function stepOutput(deploymentId: string, name: string): Promise<unknown> {
    const step = await harness.db.deployStep.findUniqueOrThrow({
      where: { deploymentId_name: { deploymentId, name } },
    });
    return JSON.parse(step.output ?? 'null');
  }

  async function liveDeploymentId(appId: string): Promise<string | null> {
    return (await harness.db.deployedApp.findUniqueOrThrow({ where: { id: appId } }))
      .liveDeploymentId;
  }

  function stack(providers: TProviderSet, fetch: typeof globalThis.fetch): TDeployStack {
    return harness.stack({
      providers,
      loadSource: async ({ versionId }) => ({ files: SOURCES[versionId]! }),
      build,
      fetch,
      leaseMs: 5_000,
      waitTimeoutMs: 30_000,
    });
  }

  const input = (hostingProvider: string, databaseProvider: string) => ({
    orgId: 'org1',
    userId: 'user1',
    projectId: 'prj1',
    projectName: 'Team Tasks',
    sourceVersionId: 'v1',
    hostingProvider,
    databaseProvider,
    importPreviewData: false,
    env: { SUPPORT_EMAIL },
  });

  it('Cloudflare Pages + Turso: provision, schema, seed, upload, env, live; redeploy, both vendors failing, rollback, delete', async () => {
    const cloudflare = await new FakeCloudflare().start();
    const turso = await new FakeTurso().start();
    fakes.push(cloudflare, turso);
    // Deployments finish at once: the host's providers poll at production intervals (from 1 s).
    cloudflare.deploymentPolls = 0;
    const checked: string[] = [];
    const { service, waitFor } = stack(
      { hosting: hostProviders(cloudflareEnv(cloudflare)).hosting, database: [tursoFrom(turso)] },
      // Pages in advanced mode: the health check goes through the uploaded _worker.js.
      through((url) => cloudflare.serveWithWorker(url), checked),
    );
    const PROJECT = 'shipyard-team-tasks';
    const LIVE = `https://${PROJECT}.pages.dev`;

    // --- First deploy.
    const first = await service.deployWeb(input('cloudflare', 'turso'));
    const p1 = await waitFor(first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(p1.url).toBe(LIVE);

    // The database exists in Turso, in the configured group, with one minted token.
    const database = turso.databases.get('sy-team-tasks')!;
    expect(database.group).toBe('default');
    expect(database.tokens).toHaveLength(1);
    const jwt = database.tokens[0]!.jwt;
    // Schema applied; the import step's row counts are what the database holds.
    expect(await stepOutput(first.deploymentId, 'import-data')).toEqual({
      imported: true,
      rows: SEED_ROWS,
    });
    const objects = await turso.readDatabase(
      'sy-team-tasks',
      "SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    expect(objects.map((o) => o.name)).toEqual([
      '_shipyard_imports',
      'notes',
      'tasks',
      'tasks_status',
    ]);
    expect(await turso.readDatabase('sy-team-tasks', COUNT_ROWS)).toEqual([SEED_ROWS]);

    // The upload carried every built file under its Pages hash, and _worker.js as its own part.
    const project = cloudflare.projects.get(PROJECT)!;
    const d1 = project.deployments[0]!;
    const built1 = await builtOf('v1');
    expect(built1.assets.size).toBeGreaterThanOrEqual(5);
    expect(d1.manifest).toEqual(
      Object.fromEntries(
        [...built1.assets].map(([p, bytes]) => [
          `/${p}`,
          referencePagesHash(`/${p}`, Buffer.from(bytes).toString('base64')),
        ]),
      ),
    );
    expect(new Set(cloudflare.uploads.flat())).toEqual(new Set(Object.values(d1.manifest)));
    expect(d1.worker).toBe(built1.worker);
    expect(d1.worker).toContain('wrapEnvWithRemoteDb');

    // Env vars, with the database binding the app needs, are Pages secrets; none reach the logs.
    expect(project.env.production).toEqual({
      SUPPORT_EMAIL: { type: 'secret_text', value: SUPPORT_EMAIL },
      DATABASE_URL: { type: 'secret_text', value: `libsql://${database.Hostname}?tls=0` },
      DATABASE_AUTH_TOKEN: { type: 'secret_text', value: jwt },
    });
    const logs = JSON.stringify(p1.logs);
    for (const secret of [SUPPORT_EMAIL, jwt, CLOUDFLARE_TOKEN, TURSO_API_TOKEN])
      expect(logs).not.toContain(secret);

    // Live: the health check hit the deployment's own URL; production serves it; the deployed
    // _worker.js, with the env Pages bound, reads the seed from Turso with the minted token.
    expect(checked).toContain(d1.url);
    expect(cloudflare.liveDeployment(PROJECT)?.id).toBe(d1.id);
    expect(await liveDeploymentId(first.appId)).toBe(first.deploymentId);
    expect(await (await cloudflare.serveWithWorker(`${LIVE}/`)).text()).toContain(
      '<div id="root">',
    );
    const dataPlaneBefore = database.server.requests.length;
    const info = await cloudflare.serveWithWorker(`${LIVE}/api/info`);
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({
      name: 'Team Tasks',
      supportEmail: SUPPORT_EMAIL,
      ...SEED_ROWS,
    });
    const appRequests = database.server.requests.slice(dataPlaneBefore);
    expect(appRequests.length).toBeGreaterThan(0);
    expect(appRequests.every((r) => r.authorization === `Bearer ${jwt}`)).toBe(true);

    // --- Redeploy a small change: only the changed files travel; the seed is not applied again.
    const uploadsBefore = cloudflare.uploads.length;
    const second = await service.redeploy({
      orgId: 'org1',
      appId: first.appId,
      userId: 'user1',
      sourceVersionId: 'v2',
    });
    const p2 = await waitFor(second.deploymentId);
    expect(p2.error).toBeNull();
    expect(p2.status).toBe('succeeded');
    const built2 = await builtOf('v2');
    const changed = changedPaths(built1, built2);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(built2.assets.size);
    const d2 = project.deployments[0]!;
    expect(cloudflare.uploads.slice(uploadsBefore).flat().sort()).toEqual(
      changed.map((p) => d2.manifest[`/${p}`]).sort(),
    );
    expect(cloudflare.liveDeployment(PROJECT)?.id).toBe(d2.id);
    expect(await liveDeploymentId(first.appId)).toBe(second.deploymentId);
    expect(await stepOutput(second.deploymentId, 'import-data')).toEqual({
      imported: false,
      rows: SEED_ROWS,
    });
    expect(turso.databases.size).toBe(1);
    expect(database.tokens).toHaveLength(1);

    // --- Cloudflare fails the deploy: the deployment fails with its message, v2 stays live, and
    // the failed Pages deployment is not left behind.
    cloudflare.failDeployments = 1;
    const third = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    const p3 = await waitFor(third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('upload');
    expect(p3.error).toMatch(
      /^Cloudflare Pages failed deployment \S+ of shipyard-team-tasks at the "deploy" stage \(failure\)\. The previous version is still live\./,
    );
    expect(cloudflare.liveDeployment(PROJECT)?.id).toBe(d2.id);
    expect(await liveDeploymentId(first.appId)).toBe(second.deploymentId);
    expect(project.deployments.map((d) => d.id)).toEqual([d2.id, d1.id]);
    expect(turso.databases.size).toBe(1);

    // --- Turso's libSQL server in a 5xx storm: the deployment fails before anything reaches
    // Cloudflare, v2 stays live, and the database holds what it held.
    database.server.fail(503, 50, 'Turso: the database is temporarily unavailable');
    const requestsBefore = cloudflare.requests.length;
    const fourth = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    const p4 = await waitFor(fourth.deploymentId);
    expect(p4.status).toBe('failed');
    expect(p4.errorStep).toBe('apply-schema');
    expect(p4.error).toContain('HTTP status 503: Turso: the database is temporarily unavailable');
    expect(cloudflare.requests.length).toBe(requestsBefore);
    expect(cloudflare.liveDeployment(PROJECT)?.id).toBe(d2.id);
    expect(project.deployments).toHaveLength(2);
    expect(await liveDeploymentId(first.appId)).toBe(second.deploymentId);
    expect(await turso.readDatabase('sy-team-tasks', COUNT_ROWS)).toEqual([SEED_ROWS]);
    expect(JSON.stringify(p4.logs)).not.toContain(jwt);

    // --- Rollback: Pages' production moves back to the first deployment, with no upload.
    const uploads = cloudflare.uploads.length;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(cloudflare.liveDeployment(PROJECT)?.id).toBe(d1.id);
    expect(cloudflare.uploads.length).toBe(uploads);
    const v1Script = [...built1.assets.keys()].find((p) => p.endsWith('.js'))!;
    expect(await (await cloudflare.serveWithWorker(`${LIVE}/`)).text()).toContain(v1Script);

    // --- Delete: the Pages project and the Turso database are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(cloudflare.projects.has(PROJECT)).toBe(false);
    expect(turso.databases.size).toBe(0);
  }, 60_000);

  it('Netlify + Neon: provision, PostgreSQL schema, seed, upload with the API function, env, live; redeploy, Netlify failing, rollback, delete', async () => {
    const netlify = await new FakeNetlify().start();
    const neon = await new FakeNeon().start();
    fakes.push(netlify, neon);
    // Deploys and operations finish at the first poll: the host's providers poll at production
    // intervals (from 1 s and 0.5 s).
    netlify.deployPolls = 0;
    neon.operationPolls = 1;
    const checked: string[] = [];
    const { service, waitFor } = stack(
      hostProviders({ ...netlifyEnv(netlify), ...neonEnv(neon) }),
      through((url) => netlify.serve(url), checked),
    );
    const SITE = 'shipyard-team-tasks';
    const LIVE = `https://${SITE}.netlify.app`;

    // --- First deploy.
    const first = await service.deployWeb(input('netlify', 'neon'));
    const p1 = await waitFor(first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(p1.url).toBe(LIVE);

    // The Neon project exists, with its database on the real PostgreSQL server.
    expect(neon.projects.size).toBe(1);
    const project = [...neon.projects.values()][0]!;
    expect(project).toMatchObject({
      name: 'sy-team-tasks',
      region_id: 'aws-us-east-2',
      databaseName: 'app',
    });
    expect(await neon.databaseExists(project.pgDatabase)).toBe(true);

    // The schema arrived in its PostgreSQL form; the import step's row counts are what it holds.
    const site = netlify.site(SITE)!;
    const d1 = site.deploys[0]!;
    const app = wrapEnvWithRemoteDb(d1.env, { neonSqlEndpoint: neon.sqlEndpoint }) as {
      DB: RemoteD1Database;
    };
    const columns = await app.DB.prepare(
      "SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('tasks', 'notes') ORDER BY table_name, ordinal_position",
    ).raw();
    expect(columns).toEqual([
      ['notes', 'id', 'bigint', 'YES'],
      ['notes', 'title', 'text', 'NO'],
      ['notes', 'body', 'text', 'NO'],
      ['notes', 'pinned', 'boolean', 'NO'],
      ['notes', 'created_at', 'timestamp without time zone', 'NO'],
      ['tasks', 'id', 'bigint', 'YES'],
      ['tasks', 'title', 'text', 'NO'],
      ['tasks', 'status', 'text', 'NO'],
      ['tasks', 'priority', 'bigint', 'NO'],
      ['tasks', 'done', 'boolean', 'NO'],
      ['tasks', 'created_at', 'text', 'NO'],
    ]);
    expect(await stepOutput(first.deploymentId, 'import-data')).toEqual({
      imported: true,
      rows: SEED_ROWS,
    });
    expect(await app.DB.prepare(COUNT_ROWS).first()).toEqual(SEED_ROWS);
    expect((await app.DB.prepare('SELECT title FROM tasks WHERE done').all()).results).toEqual([
      { title: 'Invite the design team' },
    ]);

    // The upload carried every built file under its sha1 (plus the SPA fallback), and the API as
    // one Netlify Function under its sha256.
    const built1 = await builtOf('v1');
    for (const [p, bytes] of built1.assets) expect(d1.files[`/${p}`]).toBe(sha1(bytes));
    expect(Object.keys(d1.files).sort()).toEqual(
      [...[...built1.assets.keys()].map((p) => `/${p}`), '/_redirects'].sort(),
    );
    expect(new Set(netlify.fileUploads.map((u) => u.sha))).toEqual(
      new Set(Object.values(d1.files)),
    );
    expect(Object.keys(d1.functions)).toEqual(['shipyard-api']);
    expect(netlify.functionUploads).toEqual([
      expect.objectContaining({
        deploy: d1.id,
        name: 'shipyard-api',
        sha: d1.functions['shipyard-api'],
      }),
    ]);

    // Env vars, with the database URL the app needs, are Netlify secrets bound to the function;
    // none reach the logs.
    expect(site.env.get('SUPPORT_EMAIL')?.is_secret).toBe(true);
    expect(site.env.get('DATABASE_URL')?.is_secret).toBe(true);
    expect(d1.env).toMatchObject({ SUPPORT_EMAIL, DATABASE_URL: neon.uri(project) });
    const logs = JSON.stringify(p1.logs);
    for (const secret of [SUPPORT_EMAIL, project.password, NETLIFY_TOKEN, NEON_API_KEY])
      expect(logs).not.toContain(secret);

    // Live: the health check hit the draft deploy's own URL before it was published; the site
    // serves the page and runs the API function.
    expect(checked).toContain(`https://${d1.id}--${SITE}.netlify.app`);
    expect(netlify.published(SITE)?.id).toBe(d1.id);
    expect(await liveDeploymentId(first.appId)).toBe(first.deploymentId);
    expect(await (await netlify.serve(`${LIVE}/`)).text()).toContain('<div id="root">');
    const health = await netlify.serve(`${LIVE}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    // --- Redeploy a small change: only the changed files travel, the function is not uploaded
    // again, the seed is not applied again.
    const uploadsBefore = netlify.fileUploads.length;
    const second = await service.redeploy({
      orgId: 'org1',
      appId: first.appId,
      userId: 'user1',
      sourceVersionId: 'v2',
    });
    const p2 = await waitFor(second.deploymentId);
    expect(p2.error).toBeNull();
    expect(p2.status).toBe('succeeded');
    const changed = changedPaths(built1, await builtOf('v2'));
    expect(changed.length).toBeGreaterThan(0);
    expect(
      netlify.fileUploads
        .slice(uploadsBefore)
        .map((u) => u.path)
        .sort(),
    ).toEqual(changed.map((p) => `/${p}`));
    expect(netlify.functionUploads).toHaveLength(1);
    const d2 = site.deploys[0]!;
    expect(netlify.published(SITE)?.id).toBe(d2.id);
    expect(await liveDeploymentId(first.appId)).toBe(second.deploymentId);
    expect(await stepOutput(second.deploymentId, 'import-data')).toEqual({
      imported: false,
      rows: SEED_ROWS,
    });
    expect(neon.projects.size).toBe(1);

    // --- Netlify fails the deploy: the deployment fails with its message, v2 stays live, and the
    // failed deploy is not left on the site.
    netlify.failDeploys = 1;
    const third = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    const p3 = await waitFor(third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('upload');
    expect(p3.error).toContain(
      'Failed to process the deploy: function shipyard-api could not be bundled',
    );
    expect(p3.error).toContain('The previous version is still live.');
    expect(netlify.published(SITE)?.id).toBe(d2.id);
    expect(await liveDeploymentId(first.appId)).toBe(second.deploymentId);
    expect(site.deploys.map((d) => d.id)).toEqual([d2.id, d1.id]);
    expect(neon.projects.size).toBe(1);

    // --- Rollback: the first deploy is published again, with no upload.
    const uploads = netlify.fileUploads.length;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(netlify.published(SITE)?.id).toBe(d1.id);
    expect(netlify.fileUploads.length).toBe(uploads);

    // --- Delete: the Netlify site, the Neon project and its database are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(netlify.site(SITE)).toBeUndefined();
    expect(neon.projects.size).toBe(0);
    expect(await neon.databaseExists(project.pgDatabase)).toBe(false);
  }, 60_000);

  // A database vendor in a 5xx storm while a first deploy provisions: the deployment fails with
  // the vendor's message after the retries, and neither vendor is left holding anything.
  it('Cloudflare Pages + Turso: a Turso API 5xx storm fails the first deploy and leaves nothing behind', async () => {
    const cloudflare = await new FakeCloudflare().start();
    const turso = await new FakeTurso().start();
    fakes.push(cloudflare, turso);
    const { service, waitFor } = stack(
      { hosting: hostProviders(cloudflareEnv(cloudflare)).hosting, database: [tursoFrom(turso)] },
      through((url) => cloudflare.serveWithWorker(url), []),
    );
    turso.inject({
      path: /\/databases(\/|$)/,
      status: 503,
      times: 1_000,
      error: 'Turso is temporarily overloaded',
    });
    const attempt = await service.deployWeb(input('cloudflare', 'turso'));
    const failed = await waitFor(attempt.deploymentId);
    expect(failed.status).toBe('failed');
    expect(failed.errorStep).toBe('provision-database');
    expect(failed.error).toBe(
      "Turso failed to create the database sy-team-tasks in group default after 5 attempts (HTTP 503: Turso is temporarily overloaded). The error is on Turso's side: try again in a few minutes, and check https://status.turso.tech if it persists.",
    );
    expect(turso.requests.filter((r) => r.method === 'POST')).toHaveLength(5);
    expect(turso.databases.size).toBe(0);
    expect(cloudflare.projects.size).toBe(0);
    expect(cloudflare.requests).toHaveLength(0);
    expect(await liveDeploymentId(attempt.appId)).toBeNull();
  });

  it('Netlify + Neon: a Neon API 5xx storm fails the first deploy and leaves nothing behind', async () => {
    const netlify = await new FakeNetlify().start();
    const neon = await new FakeNeon().start();
    fakes.push(netlify, neon);
    const { service, waitFor } = stack(
      {
        hosting: hostProviders(netlifyEnv(netlify)).hosting,
        database: [neonDatabases.create(neonDatabases.optionsSchema.parse(fakeNeonOptions(neon)))],
      },
      through((url) => netlify.serve(url), []),
    );
    neon.inject({
      path: /^\/api\/v2\/projects/,
      status: 500,
      times: 1_000,
      message: 'Neon control plane is unavailable',
    });
    const attempt = await service.deployWeb(input('netlify', 'neon'));
    const failed = await waitFor(attempt.deploymentId);
    expect(failed.status).toBe('failed');
    expect(failed.errorStep).toBe('provision-database');
    expect(failed.error).toContain('(HTTP 500: Neon control plane is unavailable)');
    expect(failed.error).toContain("The error is on Neon's side: try again in a few minutes");
    expect(neon.projects.size).toBe(0);
    expect(netlify.sites.size).toBe(0);
    expect(netlify.requests).toHaveLength(0);
    expect(await liveDeploymentId(attempt.appId)).toBeNull();
  });
});
