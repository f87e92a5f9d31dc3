import { commitVersion } from '@shipyard/ai-editor';
import { WEB_DEPLOY_STEPS } from '@shipyard/deploy-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_POINTS } from './fixtures/crash-points';
import {
  createDeployHarness,
  loadReferenceApp,
  sleep,
  type TDeployHarness,
} from './fixtures/deploy-harness';

// A deploy worker SIGKILLed inside each step in turn: after a fresh worker takes the job over,
// the deployment completes exactly once, with no duplicate database, rows, upload or lease left.
//
// How each step is hit: the worker fixture (deploy-worker.ts, CRASH_AT_STEP=<step>) freezes at a
// fixed point inside the step — after the step's side effect where it has one, see CRASH_POINTS —
// and prints CRASH-POINT. The test then checks in the deploy database that exactly that step is
// `running`, SIGKILLs the worker, and starts a fresh one, whose BullMQ stalled-job check
// recovers the job (lock 3 s, checked every second).

const SUPPORT_EMAIL = 'help@crash-test.dev';
const hostId = (deploymentId: string) =>
  deploymentId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63);

describe('deploy worker killed with SIGKILL during each step', () => {
  let h: TDeployHarness;

  beforeAll(async () => {
    h = await createDeployHarness({ name: 'deploy-crash' });
  }, 120_000);

  afterEach(async () => {
    await h?.killWorkers();
    // A test that failed midway may leave its deployment's job queued; closing the deployment
    // makes a later test's worker finish that job at once instead of running it.
    await h?.deployDb.deployment.updateMany({
      where: { status: { in: ['queued', 'running'] } },
      data: { status: 'cancelled', finishedAt: new Date() },
    });
  });

  afterAll(async () => {
    await h?.close();
  }, 120_000);

  async function deployReferenceApp(name: string) {
    const { projectId, versionId } = await h.createProject(name, loadReferenceApp());
    const started = await h.routers.deployService.deployWeb({
      orgId: 'org1',
      userId: 'user1',
      projectId,
      projectName: name,
      sourceVersionId: versionId,
      hostingProvider: 'local',
      databaseProvider: 'local',
      importPreviewData: false,
      env: { SUPPORT_EMAIL },
    });
    return { ...started, projectId, versionId };
  }

  for (const { name: step } of WEB_DEPLOY_STEPS) {
    it(`completes exactly once after a SIGKILL during ${step} (${CRASH_POINTS[step]})`, async () => {
      const deploy = await deployReferenceApp(`Crash ${step}`);
      // A verified custom domain, so configure-domain has work to do instead of being skipped.
      const domain = `${deploy.slug}.crash-test.dev`;
      await h.deployDb.domain.create({
        data: {
          id: `dom_${deploy.appId}`,
          appId: deploy.appId,
          name: domain,
          kind: 'existing',
          status: 'verified',
          verificationToken: 'verified-by-the-test',
          verifiedAt: new Date(),
        },
      });

      const crashing = await h.startWorker({ crashAtStep: step });
      await crashing.waitForLine(new RegExp(`^CRASH-POINT ${step} `), 90_000);
      const index = WEB_DEPLOY_STEPS.findIndex((s) => s.name === step);
      const frozen = await h.deployDb.deployment.findUniqueOrThrow({
        where: { id: deploy.deploymentId },
        include: { steps: { orderBy: { position: 'asc' } } },
      });
      expect(frozen.status).toBe('running');
      expect(frozen.steps.map((s) => s.status)).toEqual(
        WEB_DEPLOY_STEPS.map((_, i) =>
          i < index ? 'succeeded' : i === index ? 'running' : 'pending',
        ),
      );
      await crashing.kill();

      const fresh = await h.startWorker();
      const done = await h.waitForDeployment(deploy.deploymentId);
      expect(await fresh.stop()).toBe(0);

      // The deployment succeeded once: every step ran exactly once, except the one that was
      // interrupted, which ran again; the job was recovered from the dead worker, not re-enqueued.
      expect(done.error).toBeNull();
      expect(done.status).toBe('succeeded');
      expect(done.steps.map((s) => [s.name, s.status, s.attempts])).toEqual(
        WEB_DEPLOY_STEPS.map((s, i) => [s.name, 'succeeded', i === index ? 2 : 1]),
      );
      expect(done.url).toBe(deploy.liveUrl);
      const job = await h.queue.getStatus('deploy.web', deploy.deploymentId);
      expect(job?.state).toBe('completed');
      expect(job?.attempt).toBe(2);
      expect(await h.deployDb.deployment.count({ where: { appId: deploy.appId } })).toBe(1);

      // No leftovers: one database record, the lease released, the alias on this deployment.
      const app = await h.deployDb.deployedApp.findUniqueOrThrow({ where: { id: deploy.appId } });
      expect(app).toMatchObject({
        lockedBy: null,
        lockedUntil: null,
        liveDeploymentId: deploy.deploymentId,
      });
      expect(await h.deployDb.appDatabase.count({ where: { appId: deploy.appId } })).toBe(1);

      // The host: one app, one deployment (no second upload), live, with the domain attached.
      const hosted = h.host.status(deploy.slug);
      expect(hosted?.deployments.map((d) => d.id)).toEqual([hostId(deploy.deploymentId)]);
      expect(hosted?.liveDeploymentId).toBe(hostId(deploy.deploymentId));
      expect(hosted?.domains).toEqual([domain]);
      expect(h.host.listApps().filter((a) => a.slug.includes(deploy.slug))).toHaveLength(1);

      // The app's database: the seed went in once, under one import marker.
      expect(await h.host.dbRowCounts(deploy.slug)).toMatchObject({
        tasks: 3,
        notes: 2,
        _shipyard_imports: 1,
      });

      // The live URL and the custom domain serve the page and the API.
      const liveHost = `${deploy.slug}.localhost:${h.port}`;
      const page = await h.get(liveHost, '/');
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
      const tasks = await h.get(liveHost, '/api/tasks');
      expect(tasks.status).toBe(200);
      expect((JSON.parse(tasks.body) as { tasks: unknown[] }).tasks).toHaveLength(3);
      const info = await h.get(liveHost, '/api/info');
      expect(JSON.parse(info.body)).toEqual({
        name: 'Team Tasks',
        supportEmail: SUPPORT_EMAIL,
        tasks: 3,
        notes: 2,
      });
      expect((await h.get(`${domain}:${h.port}`, '/')).status).toBe(200);

      // The env var's value is never in the workers' logs (they log at info).
      for (const w of [crashing, fresh]) expect(w.output()).not.toContain(SUPPORT_EMAIL);
    }, 240_000);
  }

  it('a deployment whose health check fails leaves the previous one serving, with no failed request during it', async () => {
    const worker = await h.startWorker();
    const first = await deployReferenceApp('Steady App');
    expect((await h.waitForDeployment(first.deploymentId)).status).toBe('succeeded');
    const liveHost = `${first.slug}.localhost:${h.port}`;
    const livePage = await h.get(liveHost, '/');
    expect(livePage.status).toBe(200);

    // Release 2 ships a bug at module scope that breaks every request (the worker still starts).
    const files = loadReferenceApp();
    files['api/index.ts'] =
      `// A polyfill gone wrong: every request now throws.\n(globalThis as { URL: unknown }).URL = class BrokenURL {\n  constructor() {\n    throw new TypeError('URL polyfill failed to load');\n  }\n};\n` +
      files['api/index.ts'];
    files['index.html'] = files['index.html']!.replace(
      '<title>Team Tasks</title>',
      '<title>Team Tasks 2</title>',
    );
    const { version } = await commitVersion(h.services.editorDb, {
      projectId: first.projectId,
      parentVersionId: first.versionId,
      files: new Map(Object.entries(files)),
      message: 'Release 2',
      authorId: 'user1',
      kind: 'manual',
    });

    // Requests to the live URL during the whole deploy: page and API, four clients.
    let deploying = true;
    const results = { ok: 0, failed: [] as string[], servedOther: 0 };
    const client = async () => {
      for (let i = 0; deploying; i++) {
        const pathname = i % 2 === 0 ? '/' : '/api/tasks';
        try {
          const res = await h.get(liveHost, pathname);
          if (res.status !== 200)
            results.failed.push(`${pathname} → ${res.status} ${res.body.slice(0, 200)}`);
          else if (pathname === '/' && res.body !== livePage.body) results.servedOther++;
          else results.ok++;
        } catch (error) {
          results.failed.push(`${pathname} → ${(error as Error).message}`);
        }
      }
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    const second = await h.routers.deployService.redeploy({
      orgId: 'org1',
      appId: first.appId,
      userId: 'user1',
      sourceVersionId: version.id,
    });
    const done = await h.waitForDeployment(second.deploymentId);
    await sleep(200);
    deploying = false;
    await clients;

    expect(done.status).toBe('failed');
    expect(done.errorStep).toBe('health-check');
    expect(done.error).toMatch(
      /did not pass its health check \(GET \/ answered 500\)\. The previous version is still live/,
    );
    expect(done.steps.map((s) => [s.name, s.status])).toEqual(
      WEB_DEPLOY_STEPS.map((s) => [
        s.name,
        { 'health-check': 'failed', promote: 'skipped', 'configure-domain': 'skipped' }[
          s.name as string
        ] ?? 'succeeded',
      ]),
    );
    expect(results.failed).toEqual([]);
    expect(results.servedOther).toBe(0);
    expect(results.ok).toBeGreaterThan(20);

    // The broken build really answers 500 at its own URL; the live URL still serves release 1.
    const broken = await h.get(
      `${hostId(second.deploymentId)}.${first.slug}.localhost:${h.port}`,
      '/',
    );
    expect(broken.status).toBe(500);
    expect((await h.get(liveHost, '/')).body).toBe(livePage.body);
    const app = await h.deployDb.deployedApp.findUniqueOrThrow({ where: { id: first.appId } });
    expect(app).toMatchObject({ liveDeploymentId: first.deploymentId, lockedBy: null });
    expect(h.host.status(first.slug)?.liveDeploymentId).toBe(hostId(first.deploymentId));
    expect(await worker.stop()).toBe(0);
    console.log(
      `health-check failure: ${results.ok} requests answered 200 by release 1 during the failed deploy, none failed`,
    );
  }, 180_000);
});
