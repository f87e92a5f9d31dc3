import { buildApp, type TAppSource } from '@shipyard/deploy-core';
import { startDeployHarness, type TDeployHarness } from '@shipyard/deploy-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { netlifyHosting } from '../src/netlify-hosting';
import { FakeNetlify, TOKEN } from '../src/testing';
import { testOptions } from './helpers';

const REFERENCE_APP = loadAppFiles();

describe('deploy-core orchestrator with Netlify hosting (fake Netlify API, reference app, real build)', () => {
  let fake: FakeNetlify;
  let harness: TDeployHarness;

  beforeEach(async () => {
    fake = await new FakeNetlify().start();
    harness = await startDeployHarness();
  });
  afterEach(async () => {
    await harness.close();
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('deploys the reference app, redeploys, survives a failed health check, rolls back and deletes — all on Netlify', async () => {
    const sources: Record<string, TAppSource> = {
      v2: { files: { ...REFERENCE_APP, 'index.html': REFERENCE_APP['index.html']!.replace('<body>', '<body><p>v2</p>') } },
      v3: { files: { ...REFERENCE_APP, 'index.html': REFERENCE_APP['index.html']!.replace('<body>', '<body><p>BROKEN</p>') } },
    };
    const { service, waitFor, checked } = harness.hostingStack({
      hosting: netlifyHosting.create(netlifyHosting.optionsSchema.parse(testOptions(fake))),
      // The health check reaches "Netlify" through the fake, which serves each deploy's files.
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
      hostingProvider: 'netlify',
      databaseProvider: 'libsql-files',
      importPreviewData: false,
      env: { SUPPORT_EMAIL: 'help@example.com' },
    };

    const first = await service.deployWeb(input);
    expect(first.liveUrl).toBe('https://shipyard-team-tasks.netlify.app');
    const p1 = await waitFor(first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(p1.url).toBe('https://shipyard-team-tasks.netlify.app');
    const site = fake.site('shipyard-team-tasks')!;
    const d1 = site.deploys[0]!;
    expect(fake.published(site.name)?.id).toBe(d1.id);
    // The health check fetched the draft deploy's own URL before it was published.
    expect(checked).toContain(`https://${d1.id}--shipyard-team-tasks.netlify.app`);
    // Env and database credentials reached Netlify as secrets, and only there.
    expect(site.env.get('SUPPORT_EMAIL')?.is_secret).toBe(true);
    expect(site.env.get('DATABASE_URL')?.values[0]?.value).toMatch(/^file:.*sy-team-tasks\.db$/);
    expect(site.env.get('DATABASE_AUTH_TOKEN')?.values[0]?.value).toBe('db-token-secret');
    const logs = JSON.stringify(p1.logs);
    for (const secret of ['help@example.com', 'db-token-secret', TOKEN]) expect(logs).not.toContain(secret);
    // The live site serves the built page and the app's API through the uploaded function.
    expect(await (await fake.serve('https://shipyard-team-tasks.netlify.app/')).text()).toContain('<div id="root">');
    const health = await fake.serve('https://shipyard-team-tasks.netlify.app/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const functionUploads = fake.functionUploads.length;
    expect(functionUploads).toBe(1);

    // Redeploy a page change: only the changed files travel, the API function is not re-uploaded.
    const uploadsBefore = fake.fileUploads.length;
    const second = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v2' });
    const p2 = await waitFor(second.deploymentId);
    expect(p2.status).toBe('succeeded');
    const d2 = site.deploys[0]!;
    expect(fake.published(site.name)?.id).toBe(d2.id);
    expect(fake.fileUploads.slice(uploadsBefore).map((u) => u.path)).toEqual(['/index.html']);
    expect(fake.functionUploads.length).toBe(functionUploads);
    expect(await (await fake.serve('https://shipyard-team-tasks.netlify.app/')).text()).toContain('<p>v2</p>');

    // A deployment that fails its health check never goes live on Netlify.
    const third = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v3' });
    const p3 = await waitFor(third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('health-check');
    expect(fake.published(site.name)?.id).toBe(d2.id);

    // Rollback publishes the first deploy again, with no upload.
    const uploads = fake.fileUploads.length;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(fake.published(site.name)?.id).toBe(d1.id);
    expect(await (await fake.serve('https://shipyard-team-tasks.netlify.app/')).text()).not.toContain('<p>v2</p>');
    expect(fake.fileUploads.length).toBe(uploads);

    // Delete: the Netlify site and its deploys are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(fake.site('shipyard-team-tasks')).toBeUndefined();
  }, 60_000);
});
