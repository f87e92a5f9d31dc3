import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@shipyard/core/logger';
import {
  createBullMQQueue,
  type JobQueue,
  type TJobEvent,
  type TJobStatus,
} from '@shipyard/core/jobs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPingJob } from '../src/jobs/system-ping';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const appDir = fileURLToPath(new URL('..', import.meta.url));
const mainJs = path.join(appDir, 'dist', 'main.js');

/** The test runs the built worker; (re)build it when dist is missing or older than src. */
function ensureBuilt(): void {
  const newestSource = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs;
      }),
    );
  if (existsSync(mainJs) && statSync(mainJs).mtimeMs >= newestSource(path.join(appDir, 'src')))
    return;
  execFileSync(path.join(appDir, 'node_modules', '.bin', 'tsup'), { cwd: appDir, stdio: 'pipe' });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP proxy in front of the real Redis that the test can cut and restore. */
async function startRedisProxy(): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}> {
  const target = new URL(REDIS_URL);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = async () => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  };
  const cut = async () => {
    const closing = new Promise((resolve) => server?.close(resolve));
    for (const socket of sockets) socket.destroy();
    await closing;
    server = null;
  };
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}

type TWorkerProcess = { child: ChildProcess; port: number; output(): string };

async function startWorker(env: Record<string, string>): Promise<TWorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [mainJs], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', WORKER_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const worker = { child, port, output: () => output };
  const deadline = Date.now() + 20_000;
  while (!output.includes('"worker ready"')) {
    if (child.exitCode !== null)
      throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`worker did not become ready:\n${output}`);
    await sleep(50);
  }
  return worker;
}

async function getJson(
  port: number,
  route: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function metricValue(port: number, series: string): Promise<number | null> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read().catch(() => last);
    if (last !== undefined && ok(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what}: timed out; last value ${JSON.stringify(last)}`);
}

async function finalStatus(
  queue: JobQueue,
  id: string,
  timeoutMs = 15_000,
): Promise<TJobStatus | undefined> {
  const events: TJobEvent[] = [];
  for await (const event of queue.watch(systemPingJob.name, id, AbortSignal.timeout(timeoutMs)))
    events.push(event);
  return events.at(-1)?.status;
}

describe('apps/worker as a process', () => {
  const prefix = `shipyard-worker-test-${randomUUID().slice(0, 8)}`;
  const children: ChildProcess[] = [];
  let proxy: Awaited<ReturnType<typeof startRedisProxy>>;
  let queue: JobQueue;
  let worker: TWorkerProcess;

  beforeAll(async () => {
    ensureBuilt();
    proxy = await startRedisProxy();
    queue = createBullMQQueue({
      redisUrl: REDIS_URL,
      jobs: [systemPingJob],
      logger: createLogger({ level: 'silent' }),
      prefix,
    });
    worker = await startWorker({
      REDIS_URL: proxy.url,
      JOBS_PREFIX: prefix,
      WORKER_CONCURRENCY: 'system.ping=2',
      WORKER_SHUTDOWN_GRACE_MS: '20000',
    });
    children.push(worker.child);
  }, 60_000);

  afterAll(async () => {
    const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of alive) child.kill('SIGKILL');
    await Promise.all(alive.map((child) => once(child, 'exit')));
    await queue?.close();
    await proxy?.close();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  it('reports healthy on /healthz with Redis and its workers', async () => {
    const { status, body } = await getJson(worker.port, '/healthz');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      phase: 'running',
      redis: { ok: true },
      // The worker runs its own job and every package job (editor.generate, deploy.web).
      workers: expect.arrayContaining([
        { queue: 'system.ping', running: true, paused: false, concurrency: 2 },
        expect.objectContaining({ queue: 'editor.generate', running: true }),
        expect.objectContaining({ queue: 'deploy.web', running: true }),
      ]),
    });
  });

  it('runs system.ping enqueued through createBullMQQueue, and counts it in /metrics', async () => {
    const before = Date.now();
    const { id } = await queue.enqueue(systemPingJob, { echo: 'hello' });
    const status = await finalStatus(queue, id);
    expect(status).toMatchObject({
      state: 'completed',
      result: { pong: true, echo: 'hello', worker: { pid: worker.child.pid } },
    });
    const result = status?.result as { completedAt: number };
    expect(result.completedAt).toBeGreaterThanOrEqual(before);
    expect(result.completedAt).toBeLessThanOrEqual(Date.now());

    const text = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
    expect(text).toMatch(/^shipyard_jobs_completed_total\{queue="system.ping"\} 1$/m);
    expect(text).toMatch(
      /^shipyard_job_duration_seconds_count\{queue="system.ping",outcome="completed"\} 1$/m,
    );
    expect(text).toMatch(/^shipyard_job_failures_total\{queue="system.ping",final="true"\} 0$/m);
    expect(text).toMatch(/^shipyard_queue_jobs\{queue="system.ping",state="waiting"\} 0$/m);
    expect(text).toMatch(/^shipyard_worker_redis_up 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('measures queue depth on scrape', async () => {
    const { id } = await queue.enqueue(systemPingJob, {}, { delayMs: 60_000 });
    expect(
      await metricValue(worker.port, 'shipyard_queue_jobs{queue="system.ping",state="delayed"}'),
    ).toBe(1);
    expect(await queue.cancel(systemPingJob.name, id)).toBe(true);
    expect(
      await metricValue(worker.port, 'shipyard_queue_jobs{queue="system.ping",state="delayed"}'),
    ).toBe(0);
  });

  it('answers 503 while Redis is unreachable, and recovers when it is back', async () => {
    await proxy.cut();
    const down = await waitFor(
      'healthz 503',
      () => getJson(worker.port, '/healthz'),
      (r) => r.status === 503,
    );
    expect(down.body).toMatchObject({ status: 'unavailable', redis: { ok: false } });
    expect(await metricValue(worker.port, 'shipyard_worker_redis_up')).toBe(0);

    await proxy.restore();
    await waitFor(
      'healthz 200',
      () => getJson(worker.port, '/healthz'),
      (r) => r.status === 200,
    );
    const { id } = await queue.enqueue(systemPingJob, { echo: 'after outage' });
    expect(await finalStatus(queue, id, 20_000)).toMatchObject({
      state: 'completed',
      result: { echo: 'after outage' },
    });
  });

  it('on SIGTERM finishes the active job, then exits 0', async () => {
    const { id } = await queue.enqueue(systemPingJob, { holdMs: 1_500 });
    await waitFor(
      'job active',
      () => queue.getStatus(systemPingJob.name, id),
      (s) => s?.state === 'active',
    );
    const exited = once(worker.child, 'exit') as Promise<[number | null, string | null]>;
    worker.child.kill('SIGTERM');
    await sleep(200);
    const during = await getJson(worker.port, '/healthz');
    expect(during.status).toBe(503);
    expect(during.body.phase).toBe('shutting-down');

    const [code] = await exited;
    const exitedAt = Date.now();
    expect(code, worker.output()).toBe(0);
    const status = await queue.getStatus(systemPingJob.name, id);
    expect(status).toMatchObject({ state: 'completed', result: { pong: true } });
    expect((status?.result as { completedAt: number }).completedAt).toBeLessThanOrEqual(exitedAt);
  });

  it('after the grace period returns an unfinished job to the queue and exits 0', async () => {
    const impatient = await startWorker({
      REDIS_URL,
      JOBS_PREFIX: prefix,
      WORKER_SHUTDOWN_GRACE_MS: '300',
    });
    children.push(impatient.child);
    const { id } = await queue.enqueue(systemPingJob, { holdMs: 30_000 });
    await waitFor(
      'job active',
      () => queue.getStatus(systemPingJob.name, id),
      (s) => s?.state === 'active',
    );
    const started = Date.now();
    impatient.child.kill('SIGTERM');
    const [code] = (await once(impatient.child, 'exit')) as [number | null];
    expect(code, impatient.output()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await queue.getStatus(systemPingJob.name, id)).toMatchObject({ state: 'queued' });
    expect(await queue.cancel(systemPingJob.name, id)).toBe(true);
  });

  it('refuses to start with bad configuration, naming every problem', async () => {
    const child = spawn(process.execPath, [mainJs], {
      cwd: appDir,
      env: {
        PATH: process.env.PATH ?? '',
        WORKER_PORT: 'abc',
        WORKER_CONCURRENCY: 'system.ping=0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output).toContain('REDIS_URL: required');
    expect(output).toContain('WORKER_PORT');
    expect(output).toContain(
      'WORKER_CONCURRENCY: concurrency of "system.ping" must be a whole number >= 1',
    );
  });
});
