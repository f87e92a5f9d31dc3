import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createLocalHost, LocalHostError } from '../src/index.js';
import { buildReference, json, request, schemaSql, seedSql, tempDataDir, removeTempDataDirs } from './helpers.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('shipyard-host', () => {
  it('serves the deployments a data directory holds, and stops on SIGTERM', async () => {
    const dataDir = tempDataDir('bin');
    const setup = await createLocalHost({ dataDir, port: 0 });
    await setup.dbExec('standalone', schemaSql);
    await setup.dbImport('standalone', seedSql);
    await setup.deploy({ appSlug: 'standalone', deploymentId: 'first', build: await buildReference(1), promote: true });
    await setup.close();

    // Bundle the bin as tsup does (dependencies stay external), inside the package so they resolve.
    const outfile = join(packageDir, 'node_modules', '.cache', 'shipyard-host-test', 'shipyard-host.mjs');
    await build({ entryPoints: [join(packageDir, 'src/bin/shipyard-host.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent' });

    const child = spawn(process.execPath, [outfile, '--data-dir', dataDir, '--port', '0', '--listen', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`shipyard-host did not start:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"msg":"shipyard-host ready".*?"url":"http:\/\/localhost:(\d+)"|"url":"http:\/\/localhost:(\d+)".*?"msg":"shipyard-host ready"/.exec(output);
        const found = match?.[1] ?? match?.[2];
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(Number(found));
        }
      });
      child.on('exit', (code) => reject(new Error(`shipyard-host exited with ${code}:\n${output}`)));
    });
    try {
      const tasks = json<{ tasks: unknown[] }>(await request(port, 'standalone.localhost', '/api/tasks')).tasks;
      expect(tasks).toHaveLength(3);
      expect((await request(port, 'standalone.localhost', '/')).status).toBe(200);
      // One host per data directory: a second one would open the same SQLite files.
      const second = await createLocalHost({ dataDir, port: 0 }).catch((e: unknown) => e);
      expect(LocalHostError.is(second) && second.code).toBe('UNAVAILABLE');
      expect((second as Error).message).toContain(`Another host (process ${child.pid})`);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      removeTempDataDirs();
    }
  });
});
