import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBuildResult } from '@shipyard/deploy-core/build';
import { createLocalHost, type TLocalHost } from '../src/index.js';
import { buildReference, request, schemaSql, tempDataDir, removeTempDataDirs } from './helpers.js';

interface TSample {
  app: string;
  start: number;
  status: number;
  version: number | null;
  error?: string;
}

describe('deploys and promotions under continuous traffic', () => {
  let host: TLocalHost;
  let builds: TBuildResult[];

  beforeAll(async () => {
    builds = await Promise.all([1, 2, 3].map(buildReference));
    host = await createLocalHost({ dataDir: tempDataDir('load'), port: 0, appsPerCell: 4 });
    for (const app of ['busy', 'neighbour']) {
      await host.dbExec(app, schemaSql);
      await host.deploy({ appSlug: app, deploymentId: 'v1', build: builds[0] as TBuildResult, promote: true });
    }
  });

  afterAll(async () => {
    await host?.close();
    removeTempDataDirs();
  });

  it('never fails a request, and every request that starts after a promotion sees the new build', async () => {
    const samples: TSample[] = [];
    let running = true;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    let written = 0;
    const loop = async (app: string, path: string, method = 'GET') => {
      while (running) {
        const start = performance.now();
        try {
          const body = method === 'POST' ? JSON.stringify({ title: `note ${written++}` }) : undefined;
          const res = await request(host.port, `${app}.localhost`, path, { agent, method, ...(body ? { body } : {}) });
          const version = path === '/api/health' && res.status === 200 ? (JSON.parse(res.body) as { version: number }).version : null;
          samples.push({ app, start, status: method === 'POST' && res.status === 201 ? 200 : res.status, version });
        } catch (error) {
          samples.push({ app, start, status: 0, version: null, error: (error as Error).message });
        }
      }
    };
    const loops = [
      loop('busy', '/api/health'),
      loop('busy', '/api/health'),
      loop('busy', '/'),
      loop('busy', '/api/tasks'),
      // Writes are never retried by the front: they prove requests wait out restarts instead of failing.
      loop('busy', '/api/notes', 'POST'),
      loop('neighbour', '/api/health'),
      loop('neighbour', '/'),
    ];
    const marks: Record<string, number> = {};
    const mark = (name: string) => (marks[name] = performance.now());
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    await pause(300);
    // A staged deploy restarts the cell (both apps run in it): requests wait, none fail.
    await host.deploy({ appSlug: 'busy', deploymentId: 'v2', build: builds[1] as TBuildResult });
    await pause(200);
    await host.promote('busy', 'v2');
    mark('v2 live');
    await pause(300);
    mark('v3 deploy starts');
    await host.deploy({ appSlug: 'busy', deploymentId: 'v3', build: builds[2] as TBuildResult, promote: true });
    mark('v3 live');
    await pause(300);
    // A third app joining the cell restarts it again.
    await host.deploy({ appSlug: 'newcomer', deploymentId: 'v1', build: builds[0] as TBuildResult, promote: true });
    await pause(200);
    mark('rollback starts');
    await host.rollback('busy');
    mark('v2 live again');
    await pause(300);
    running = false;
    await Promise.all(loops);
    agent.destroy();

    const failures = samples.filter((s) => s.status !== 200);
    expect(failures).toEqual([]);
    expect(samples.length).toBeGreaterThan(100);
    expect(samples.filter((s) => s.app === 'neighbour').length).toBeGreaterThan(20);

    const busyVersions = (from: number, to: number) =>
      new Set(samples.filter((s) => s.app === 'busy' && s.version !== null && s.start >= from && s.start < to).map((s) => s.version));
    expect(busyVersions(marks['v2 live'] as number, marks['v3 deploy starts'] as number)).toEqual(new Set([2]));
    expect(busyVersions(marks['v3 live'] as number, marks['rollback starts'] as number)).toEqual(new Set([3]));
    expect(busyVersions(marks['v2 live again'] as number, Infinity)).toEqual(new Set([2]));
    expect(samples.filter((s) => s.app === 'neighbour').every((s) => s.version === null || s.version === 1)).toBe(true);
    const notes = await host.dbQuery('busy', 'SELECT COUNT(*) AS n FROM notes');
    expect(notes).toEqual([{ n: written }]);
  });
});
