import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScaffoldProvider } from '@shipyard/ai-editor';
import { createCallerFactory, createLogger, router, type TOrgRole } from '@shipyard/core';
import { createKeyring, generateKey } from '@shipyard/core/crypto';
import { createInlineQueue } from '@shipyard/core/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainServices, createHostHandle, migrateDomainDatabases } from '../src/index';

// Prompt → generated app → deploy on this machine (workerd) → live URL with its own database →
// chat change → redeploy → rollback → delete, through the same composition the platform uses.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An HTTP request to the host's front with a Host header (Node does not resolve *.localhost). */
function get(
  port: number,
  host: string,
  pathname: string,
  init: { method?: string; body?: unknown } = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: init.method ?? 'GET',
        headers: {
          host,
          ...(body
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('full stack: prompt to live app on this machine', () => {
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let dataDir: string;
  let port: number;
  let host: ReturnType<typeof createHostHandle>;
  let services: ReturnType<typeof createDomainServices>;
  let queue: ReturnType<typeof createInlineQueue>;
  let caller: ReturnType<ReturnType<typeof makeCaller>>;
  const roles = new Map<string, TOrgRole>([['owner-user', 'owner']]);

  function makeCaller(routers: ReturnType<typeof services.createRouters>) {
    return createCallerFactory(router({ editor: routers.editor, deploy: routers.deploy }));
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'shipyard-full-stack-'));
    port = await freePort();
    const urls = {
      editorDatabaseUrl: `file:${path.join(dataDir, 'editor.db')}`,
      deployDatabaseUrl: `file:${path.join(dataDir, 'deploy.db')}`,
    };
    await migrateDomainDatabases({ ...urls, logger });
    host = createHostHandle({
      dataDir,
      port,
      baseDomain: 'localhost',
      controlUrl: null,
      controlToken: 'test-control-token-0123456789',
      serveControlOnPort: null,
      logger,
    });
    await host.start();
    services = createDomainServices({
      ...urls,
      keyring: createKeyring({ currentKeyId: 'k1', keys: { k1: generateKey() } }),
      logger,
      aiProviders: [createScaffoldProvider({ chunkDelayMs: 0 })],
      localHost: host.control,
    });
    queue = createInlineQueue({ jobs: services.jobs, logger, concurrency: 2 });
    caller = makeCaller(services.createRouters(queue))({
      requestId: 'test',
      session: { userId: 'owner-user', email: 'owner@example.com', name: 'Owner' },
      logger,
      membership: { getRole: async (_orgId, userId) => roles.get(userId) ?? null },
    });
  }, 120_000);

  afterAll(async () => {
    await queue?.close();
    await services?.close();
    await host?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function generate(projectId: string, prompt: string, kind: 'create' | 'edit') {
    const { generationId } = await caller.editor.generate({
      orgId: 'org1',
      projectId,
      prompt,
      kind,
    });
    for (let i = 0; i < 600; i++) {
      const gen = await caller.editor.generation({ orgId: 'org1', generationId });
      if (gen.status === 'succeeded') return gen;
      if (gen.status === 'failed' || gen.status === 'cancelled')
        throw new Error(`generation ${gen.status}: ${gen.error}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('generation did not finish');
  }

  async function deployed(deploymentId: string) {
    for (let i = 0; i < 1200; i++) {
      const status = await caller.deploy.status({ orgId: 'org1', deploymentId });
      if (status.status === 'succeeded') return status;
      if (status.status === 'failed' || status.status === 'cancelled')
        throw new Error(`deployment ${status.status} at ${status.errorStep}: ${status.error}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('deployment did not finish');
  }

  it('generates, deploys with its own database, redeploys a chat change, rolls back and deletes', async () => {
    const project = await caller.editor.projects.create({ orgId: 'org1', name: 'Acme Tasks' });
    const first = await generate(
      project.id,
      'a todo app called Acme Tasks to track tasks with title, due date and done',
      'create',
    );
    expect(first.resultVersionId).toBeTruthy();

    const started = Date.now();
    const deploy = await caller.deploy.deployWeb({
      orgId: 'org1',
      projectId: project.id,
      hostingProvider: 'local',
      databaseProvider: 'local',
      importPreviewData: false,
    });
    expect(deploy.liveUrl).toBe(`http://acme-tasks.localhost:${port}`);
    const live = await deployed(deploy.deploymentId);
    const clickToLiveMs = Date.now() - started;
    expect(live.steps.every((s) => s.status === 'succeeded' || s.status === 'skipped')).toBe(true);
    expect(live.logs.some((l) => /Seeded the database/.test(l.message))).toBe(true);
    // The build says how the runtime packages were linked (prebundled layers, from any cache).
    expect(
      live.logs.some((l) =>
        /Built \d+ asset\(s\) and _worker\.js .*; runtime layers: [a-z+-]*react\+react-dom from (built|memory|disk)/.test(
          l.message,
        ),
      ),
    ).toBe(true);

    const hostName = `acme-tasks.localhost:${port}`;
    const page = await get(port, hostName, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const list = await get(port, hostName, '/api/tasks');
    expect(list.status).toBe(200);
    const seeded = JSON.parse(list.body) as { items?: unknown[]; total?: number };
    expect(Array.isArray(seeded.items)).toBe(true);
    expect(seeded.items!.length).toBeGreaterThan(0);
    const created = await get(port, hostName, '/api/tasks', {
      method: 'POST',
      body: { title: 'Written in production' },
    });
    expect(created.status, created.body).toBeLessThan(300);
    const countAfterPost = (
      JSON.parse((await get(port, hostName, '/api/tasks')).body) as { total: number }
    ).total;

    // A chat change, redeployed: the new code is live, the production row is still there.
    await generate(project.id, 'rename the app to Zeta Tasks', 'edit');
    const files = await caller.editor.files.readAll({ orgId: 'org1', projectId: project.id });
    expect(files.files['shipyard.json']).toContain('Zeta Tasks');
    const redeploy = await caller.deploy.redeploy({
      orgId: 'org1',
      appId: deploy.appId,
      versionId: files.versionId!,
    });
    await deployed(redeploy.deploymentId);
    const js = await findAppScript(port, hostName);
    expect(js).toContain('Zeta Tasks');
    const after = JSON.parse((await get(port, hostName, '/api/tasks')).body) as { total: number };
    expect(after.total).toBe(countAfterPost);

    // Rollback is instant and brings the first build back; the data stays.
    const rolled = await caller.deploy.rollback({ orgId: 'org1', appId: deploy.appId });
    expect(rolled.deploymentId).toBe(deploy.deploymentId);
    expect(await findAppScript(port, hostName)).not.toContain('Zeta Tasks');
    expect(
      (JSON.parse((await get(port, hostName, '/api/tasks')).body) as { total: number }).total,
    ).toBe(countAfterPost);

    const history = await caller.deploy.history({ orgId: 'org1', appId: deploy.appId, limit: 10 });
    expect(history.items.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
    expect(history.items.find((d) => d.live)?.id).toBe(deploy.deploymentId);
    const logs = await caller.deploy.requestLogs({ orgId: 'org1', appId: deploy.appId, limit: 50 });
    expect(logs.available).toBe(true);
    expect(logs.entries.some((e) => e.path === '/api/tasks' && e.method === 'POST')).toBe(true);

    await caller.deploy.deleteApp({ orgId: 'org1', appId: deploy.appId });
    expect((await get(port, hostName, '/')).status).toBe(404);
    await expect(
      caller.deploy.status({ orgId: 'org1', deploymentId: deploy.deploymentId }),
    ).rejects.toThrow(/does not exist/);

    console.log(`click-to-live (scaffold app, local host + local database): ${clickToLiveMs} ms`);
  }, 300_000);
});

/** The built app script named in the page (content-hashed, so a new build has a new name). */
async function findAppScript(port: number, hostName: string): Promise<string> {
  const page = await get(port, hostName, '/');
  const src = /<script[^>]+src="([^"]+\.js)"/.exec(page.body)?.[1];
  if (!src) throw new Error('no script in the page');
  return (await get(port, hostName, src)).body;
}
