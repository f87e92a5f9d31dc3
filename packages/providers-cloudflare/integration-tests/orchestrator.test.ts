import type { TAppSource, TBuildArtifact } from '@shipyard/deploy-core';
import { startDeployHarness, type TDeployHarness } from '@shipyard/deploy-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudflarePagesHosting } from '../src/pages-hosting';
import { FakeCloudflare, TOKEN } from '../src/testing';
import { testOptions } from './helpers';

const APP_FILES: Record<string, string> = {
  'shipyard.json': JSON.stringify({
    name: 'Notes',
    entry: 'index.html',
    api: 'api/index.ts',
    database: { schema: 'db/schema.sql', seed: 'db/seed.sql' },
    env: [{ name: 'GREETING', required: true }],
  }),
  'index.html': '<div id="root">notes v1</div><script type="module" src="/assets/app.js"></script>',
  'src/main.tsx': 'console.log("hello")',
  'api/index.ts': 'export default { fetch() { return new Response("ok") } }',
  'db/schema.sql': 'CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);',
  'db/seed.sql': "INSERT INTO notes (body) VALUES ('first');",
};

/** A deterministic stand-in for the esbuild step: static files plus `_worker.js`. */
async function build(files: Record<string, string>): Promise<TBuildArtifact> {
  const enc = new TextEncoder();
  const assets = new Map<string, Uint8Array>([
    ['index.html', enc.encode(files['index.html'] ?? '')],
    ['assets/app.js', enc.encode(`/* bundled */ ${files['src/main.tsx'] ?? ''}`)],
    ['assets/style.css', enc.encode('body{margin:0}')],
  ]);
  const worker = `const api = ${JSON.stringify(files['api/index.ts'] ?? '')};\nexport default { fetch(r, env) { return env.ASSETS.fetch(r) } };`;
  const hash = Buffer.from(JSON.stringify([...assets].map(([p, b]) => [p, Buffer.from(b).toString('base64')]))).toString('base64url').slice(-24);
  return { hash, assets, worker };
}

describe('deploy-core orchestrator with Cloudflare Pages hosting (fake Cloudflare API)', () => {
  let fake: FakeCloudflare;
  let harness: TDeployHarness;

  beforeEach(async () => {
    fake = await new FakeCloudflare().start();
    harness = await startDeployHarness();
  });
  afterEach(async () => {
    await harness.close();
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('deploys, redeploys, survives a failed health check, rolls back and deletes — all on Cloudflare Pages', async () => {
    const sources: Record<string, TAppSource> = {
      v2: { files: { ...APP_FILES, 'index.html': '<div id="root">notes v2</div>' } },
      v3: { files: { ...APP_FILES, 'index.html': '<div id="root">BROKEN</div>' } },
    };
    const { service, waitFor, checked } = harness.hostingStack({
      hosting: cloudflarePagesHosting.create(cloudflarePagesHosting.optionsSchema.parse(testOptions(fake))),
      // The health check reaches "Cloudflare" through the fake, which serves each deployment's files.
      serve: (url) => fake.serve(url),
      files: APP_FILES,
      sources,
      build,
    });
    const input = {
      orgId: 'org1',
      userId: 'user1',
      projectId: 'prj1',
      projectName: 'My Notes',
      sourceVersionId: 'v1',
      hostingProvider: 'cloudflare',
      databaseProvider: 'libsql-files',
      importPreviewData: false,
      env: { GREETING: 'hello there' },
    };

    const first = await service.deployWeb(input);
    expect(first.liveUrl).toBe('https://shipyard-my-notes.pages.dev');
    const p1 = await waitFor(first.deploymentId);
    expect(p1.error).toBeNull();
    expect(p1.status).toBe('succeeded');
    expect(p1.url).toBe('https://shipyard-my-notes.pages.dev');
    const project = fake.projects.get('shipyard-my-notes')!;
    const d1 = project.deployments[0]!;
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d1.id);
    // The health check fetched the deployment's own URL, not the live alias.
    expect(checked).toContain(d1.url);
    // Environment and database credentials reached Cloudflare as secrets, and only there.
    expect(project.env.production.GREETING).toEqual({ type: 'secret_text', value: 'hello there' });
    expect(project.env.production.DATABASE_URL?.value).toMatch(/^file:.*sy-my-notes\.db$/);
    expect(project.env.production.DATABASE_AUTH_TOKEN?.value).toBe('db-token-secret');
    const logs = JSON.stringify(p1.logs);
    for (const secret of ['hello there', 'db-token-secret', TOKEN]) expect(logs).not.toContain(secret);
    expect(p1.logs.some((l) => /Uploaded 3 file\(s\)/.test(l.message))).toBe(true);

    // Redeploy: only the changed page is uploaded; the new version goes live on promote.
    const second = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v2' });
    const p2 = await waitFor(second.deploymentId);
    expect(p2.status).toBe('succeeded');
    expect(fake.checkMissing.at(-1)!.missing).toHaveLength(1);
    const d2 = project.deployments[0]!;
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d2.id);
    expect(await fake.serve('https://shipyard-my-notes.pages.dev/').text()).toContain('notes v2');

    // A deployment that fails its health check never goes live on Cloudflare.
    const third = await service.redeploy({ orgId: 'org1', appId: first.appId, userId: 'user1', sourceVersionId: 'v3' });
    const p3 = await waitFor(third.deploymentId);
    expect(p3.status).toBe('failed');
    expect(p3.errorStep).toBe('health-check');
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d2.id);
    expect(await fake.serve('https://shipyard-my-notes.pages.dev/').text()).toContain('notes v2');

    // Rollback: Pages' rollback endpoint moves production back to the first deployment.
    const uploads = fake.uploads.length;
    const rolled = await service.rollback({ orgId: 'org1', appId: first.appId, userId: 'user1' });
    expect(rolled.deploymentId).toBe(first.deploymentId);
    expect(fake.liveDeployment('shipyard-my-notes')?.id).toBe(d1.id);
    expect(await fake.serve('https://shipyard-my-notes.pages.dev/').text()).toContain('notes v1');
    expect(fake.uploads.length).toBe(uploads);

    // Delete: the Pages project and its deployments are gone.
    await service.deleteApp({ orgId: 'org1', appId: first.appId });
    expect(fake.projects.has('shipyard-my-notes')).toBe(false);
  }, 30_000);
});
