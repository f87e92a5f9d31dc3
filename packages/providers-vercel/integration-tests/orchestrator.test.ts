import { buildApp, type TAppSource } from '@shipyard/deploy-core';
import { startDeployHarness, type TDeployHarness } from '@shipyard/deploy-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { vercelHosting } from '../src/vercel-hosting';
import { FakeVercel, TOKEN } from './fake-vercel';
import { testOptions } from './helpers';

const REFERENCE_APP = loadAppFiles();

describe('deploy-core orchestrator with Vercel hosting (fake Vercel API, reference app, real build)', () => {
  let fake: FakeVercel;
  let harness: TDeployHarness;

  beforeEach(async () => {
    fake = await new FakeVercel().start();
    harness = await startDeployHarness();
  });
  afterEach(async () => {
    await harness.close();
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('deploys the reference app, redeploys, survives a failed health check, rolls back and deletes — all on Vercel', async () => {
    const sources: Record<string, TAppSource> = {
      v2: { files: { ...REFERENCE_APP, 'index.html': REFERENCE_APP['index.html']!.replace('<body>', '<body><p>v2</p>') } },
      v3: { files: { ...REFERENCE_APP, 'index.html': REFERENCE_APP['index.html']!.replace('<body>', '<body><p>BROKEN</p>') } },
    };
    const { service, waitFor, checked } = harness.hostingStack({
      hosting: vercelHosting.create(vercelHosting.optionsSchema.parse(testOptions(fake))),
      // The health check reaches "Vercel" through the fake, which serves each deployment's files.
      serve: (url) => fake.serve(url),
      files: REFERENCE_APP,
      sources,
      build: async (files) => buildApp({ files }),
      leaseMs: 5_000,
      waitTimeoutMs: 30_000,
    });
    const input = {
      orgId: 'org1',
      userId: 'user1',
      projectId: 'prj1',
      projectName: 'Team Tasks',
      sourceVersionId: 'v1',
      hostingProvider: 'vercel',
      databaseProvider: 'libsql-files',
      importPreviewData: false,
      env: { SUPPORT_EMAIL: 'help@example.com' },
    };
    const live = 'https://shipyard-team-tasks.vercel.app';

    const first = await service.deployWeb(input);
    expect(first.liveUrl).toBe(live);
    const p1 = await waitFor(first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(p1.url).toBe(live);
    const project = fake.project('shipyard-team-tasks')!;
    const d1 = fake.deploymentsOf(project.name)[0]!;
    expect(fake.production(project.name)?.id).toBe(d1.id);
    // The health check fetched the staged deployment's own URL before it was promoted.
    expect(checked).toContain(`https://${d1.url}`);
    // Env and database credentials reached Vercel encrypted, and only there.
    expect(project.env.find((e) => e.key === 'SUPPORT_EMAIL')).toMatchObject({ type: 'encrypted', target: ['production'] });
    expect(project.env.find((e) => e.key === 'DATABASE_URL')?.value).toMatch(/^file:.*sy-team-tasks\.db$/);
    expect(project.env.find((e) => e.key === 'DATABASE_AUTH_TOKEN')?.value).toBe('db-token-secret');
    const logs = JSON.stringify(p1.logs);
    for (const secret of ['help@example.com', 'db-token-secret', TOKEN]) expect(logs).not.toContain(secret);
    // The production domain serves the built page and the app's API through the Edge function.
    expect(await (await fake.serve(`${live}/`)).text()).toContain('<div id="root">');
    const health = await fake.serve(`${live}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    // Redeploy a page change: only the changed page travels (the API is identical).
    const uploadsBefore = fake.uploads.length;
    const second = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v2' });
    const p2 = await waitFor(second.deploymentId);
    expect(p2.status).toBe('succeeded');
    const d2 = fake.deploymentsOf(project.name)[0]!;
    expect(fake.production(project.name)?.id).toBe(d2.id);
    expect(fake.uploads.slice(uploadsBefore)).toEqual([d2.files.find((f) => f.file === 'index.html')!.sha]);
    expect(await (await fake.serve(`${live}/`)).text()).toContain('<p>v2</p>');

    // A deployment that fails its health check never reaches the production domain.
    const third = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v3' });
    const p3 = await waitFor(third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('health-check');
    expect(fake.production(project.name)?.id).toBe(d2.id);

    // Rollback promotes the first deployment again: no upload, no new deployment.
    const uploads = fake.uploads.length;
    const deployments = fake.deploymentsOf(project.name).length;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(fake.production(project.name)?.id).toBe(d1.id);
    expect(await (await fake.serve(`${live}/`)).text()).not.toContain('<p>v2</p>');
    expect(fake.uploads.length).toBe(uploads);
    expect(fake.deploymentsOf(project.name)).toHaveLength(deployments);

    // Delete: the Vercel project and its deployments are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(fake.project('shipyard-team-tasks')).toBeUndefined();
  }, 60_000);
});
