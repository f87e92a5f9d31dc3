import { WEB_DEPLOY_STEPS } from '@shipyard/deploy-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeployHarness,
  loadReferenceApp,
  sleep,
  type TDeployHarness,
  type TWorkerProcess,
} from './fixtures/deploy-harness';

// Deploys through BullMQ on two worker processes (five deploys at a time each): deploys of one app
// are serialized by the app's lease even when both jobs run at once; different apps deploy in
// parallel.

const hostId = (deploymentId: string) =>
  deploymentId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63);
type TInterval = { id: string; start: number; end: number };

function overlaps(a: TInterval, b: TInterval) {
  return a.start < b.end && b.start < a.end;
}

/** The largest number of intervals running at one instant. */
function maxConcurrency(intervals: TInterval[]): number {
  const events = intervals.flatMap((i) => [
    [i.start, 1],
    [i.end, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (now += delta!));
  return max;
}

describe('deploy concurrency across worker processes', () => {
  let h: TDeployHarness;
  const workers: TWorkerProcess[] = [];

  beforeAll(async () => {
    h = await createDeployHarness({ name: 'deploy-parallel' });
    workers.push(
      ...(await Promise.all([
        h.startWorker({ concurrency: 5 }),
        h.startWorker({ concurrency: 5 }),
      ])),
    );
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await h?.close();
  }, 120_000);

  async function deployWeb(projectId: string, versionId: string, name: string) {
    return h.routers.deployService.deployWeb({
      orgId: 'org1',
      userId: 'user1',
      projectId,
      projectName: name,
      sourceVersionId: versionId,
      hostingProvider: 'local',
      databaseProvider: 'local',
      importPreviewData: false,
    });
  }

  async function expectServing(slug: string) {
    const liveHost = `${slug}.localhost:${h.port}`;
    const page = await h.get(liveHost, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const tasks = await h.get(liveHost, '/api/tasks');
    expect(tasks.status).toBe(200);
    expect((JSON.parse(tasks.body) as { tasks: unknown[] }).tasks).toHaveLength(3);
  }

  it('two concurrent deploys of one app run one after the other, though both jobs are active at once', async () => {
    const { projectId, versionId } = await h.createProject('Twice Clicked', loadReferenceApp());
    const initial = await deployWeb(projectId, versionId, 'Twice Clicked');
    expect((await h.waitForDeployment(initial.deploymentId)).status).toBe('succeeded');
    const [a, b] = await Promise.all([
      deployWeb(projectId, versionId, 'Twice Clicked'),
      deployWeb(projectId, versionId, 'Twice Clicked'),
    ]);
    expect(b.appId).toBe(a.appId);

    // Both jobs are taken by workers at once; the app's lease makes the second one wait.
    let bothActive = false;
    const watching = (async () => {
      for (;;) {
        const [ja, jb] = await Promise.all([
          h.queue.getStatus('deploy.web', a.deploymentId),
          h.queue.getStatus('deploy.web', b.deploymentId),
        ]);
        if (ja?.state === 'active' && jb?.state === 'active') bothActive = true;
        if (ja?.state === 'completed' && jb?.state === 'completed') return;
        if (ja?.state === 'failed' || jb?.state === 'failed') return;
        await sleep(10);
      }
    })();
    const [da, db] = await Promise.all([
      h.waitForDeployment(a.deploymentId),
      h.waitForDeployment(b.deploymentId),
    ]);
    await watching;
    expect([da.status, db.status, da.error, db.error]).toEqual([
      'succeeded',
      'succeeded',
      null,
      null,
    ]);
    expect(bothActive).toBe(true);

    const [first, second] = [da, db].sort(
      (x, y) => x.startedAt!.getTime() - y.startedAt!.getTime(),
    );
    // No overlap: the second started after the first finished, and so did each of its steps.
    expect(second!.startedAt!.getTime()).toBeGreaterThanOrEqual(first!.finishedAt!.getTime());
    const firstEnd = Math.max(...first!.steps.map((s) => s.finishedAt?.getTime() ?? 0));
    for (const step of second!.steps)
      expect(step.startedAt!.getTime()).toBeGreaterThanOrEqual(firstEnd);
    expect(second!.steps.map((s) => s.attempts)).toEqual(WEB_DEPLOY_STEPS.map(() => 1));

    // The one that finished last is live; one database; the lease is free.
    const app = await h.deployDb.deployedApp.findUniqueOrThrow({ where: { id: a.appId } });
    expect(app).toMatchObject({ liveDeploymentId: second!.id, lockedBy: null });
    expect(await h.deployDb.appDatabase.count({ where: { appId: a.appId } })).toBe(1);
    expect(h.host.status(a.slug)?.liveDeploymentId).toBe(hostId(second!.id));
    expect(await h.host.dbRowCounts(a.slug)).toMatchObject({ tasks: 3, notes: 2 });
    await expectServing(a.slug);
    console.log(
      `serialized: ${first!.id} ${first!.startedAt!.toISOString()}–${first!.finishedAt!.toISOString()}, ` +
        `${second!.id} ${second!.startedAt!.toISOString()}–${second!.finishedAt!.toISOString()}`,
    );
  }, 120_000);

  it('ten apps deploy in parallel and all go live', async () => {
    const files = loadReferenceApp();
    const projects = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.createProject(`Parallel ${i + 1}`, files)),
    );
    const t0 = Date.now();
    const started = await Promise.all(
      projects.map((p, i) => deployWeb(p.projectId, p.versionId, `Parallel ${i + 1}`)),
    );
    const done = await Promise.all(
      started.map((s) => h.waitForDeployment(s.deploymentId, 120_000)),
    );
    const wallMs = Date.now() - t0;

    expect(done.map((d) => [d.status, d.error])).toEqual(done.map(() => ['succeeded', null]));
    for (const s of started) await expectServing(s.slug);
    for (const s of started) {
      const hosted = h.host.status(s.slug);
      expect(hosted?.liveDeploymentId).toBe(hostId(s.deploymentId));
      expect(hosted?.deployments).toHaveLength(1);
    }

    const intervals: TInterval[] = done.map((d) => ({
      id: d.id,
      start: d.startedAt!.getTime(),
      end: d.finishedAt!.getTime(),
    }));
    const sumMs = intervals.reduce((n, i) => n + (i.end - i.start), 0);
    const concurrency = maxConcurrency(intervals);
    const overlapping = intervals.filter((i) =>
      intervals.some((j) => j !== i && overlaps(i, j)),
    ).length;
    console.log(
      `ten apps: wall ${wallMs} ms (deploy call → all succeeded), sum of deployment durations ${sumMs} ms, ` +
        `ratio ${(sumMs / wallMs).toFixed(2)}, at most ${concurrency} running at once, ${overlapping}/10 overlapped another`,
    );
    const stepMedians = WEB_DEPLOY_STEPS.map(({ name }) => {
      const ms = done
        .map((d) => d.steps.find((s) => s.name === name)?.durationMs ?? 0)
        .sort((x, y) => x - y);
      return `${name} ${ms[Math.floor(ms.length / 2)]}`;
    });
    console.log(`ten apps, median ms per step: ${stepMedians.join(', ')}`);
    // Different apps do not wait for each other: they run at the same time, and the whole batch
    // takes less than the deploys would one after the other.
    expect(overlapping).toBe(10);
    expect(concurrency).toBeGreaterThanOrEqual(5);
    expect(wallMs).toBeLessThan(sumMs);
  }, 240_000);
});
