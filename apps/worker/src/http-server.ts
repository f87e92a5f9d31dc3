import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@shipyard/core';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';

export type TWorkerPhase = 'starting' | 'running' | 'shutting-down';

export type THealthReport = {
  status: 'ok' | 'unavailable';
  phase: TWorkerPhase;
  redis: { ok: true; latencyMs: number } | { ok: false; error: string };
  workers: { queue: string; running: boolean; paused: boolean; concurrency: number }[];
};

const PING_TIMEOUT_MS = 1_000;

async function pingRedis(redis: Redis): Promise<THealthReport['redis']> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
          PING_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : 'ping failed' };
  } finally {
    clearTimeout(timer);
  }
}

export async function healthReport(state: {
  phase: TWorkerPhase;
  redis: Redis;
  workers: readonly Worker[];
}): Promise<THealthReport> {
  const redis = await pingRedis(state.redis);
  const workers = state.workers.map((worker) => ({
    queue: worker.name,
    running: worker.isRunning(),
    paused: worker.isPaused(),
    concurrency: worker.concurrency,
  }));
  const healthy =
    redis.ok && state.phase === 'running' && workers.every((w) => w.running && !w.paused);
  return { status: healthy ? 'ok' : 'unavailable', phase: state.phase, redis, workers };
}

/** `/healthz` (200 or 503, JSON) and `/metrics` (Prometheus text). */
export async function startHttpServer(opts: {
  port: number;
  logger: Logger;
  health: () => Promise<THealthReport>;
  metrics: Registry;
}): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const respond = async () => {
      if (path === '/healthz') {
        const report = await opts.health();
        res.writeHead(report.status === 'ok' ? 200 : 503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        });
        res.end(JSON.stringify(report));
      } else if (path === '/metrics') {
        const body = await opts.metrics.metrics();
        res.writeHead(200, { 'content-type': opts.metrics.contentType });
        res.end(body);
      } else {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end('Not found. Try /healthz or /metrics.\n');
      }
    };
    respond().catch((err: unknown) => {
      opts.logger.error({ err, path }, 'health/metrics request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error; see the worker logs.\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
