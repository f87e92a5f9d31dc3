import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(appDir, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type TPlatformServer = {
  baseUrl: string;
  dataDir: string;
  /** Port of this server's local host for deployed apps (`http://<slug>.localhost:<port>`). */
  localHostPort: number;
  /** The server's recent output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
};

/**
 * Starts the built platform (`next start`) on a free port with a fresh data directory: a new
 * database migrated on boot, no Redis (inline jobs, in-memory limits), no SMTP (outbox), and
 * the local host for deployed apps on free ports of its own. `env` adds or overrides variables.
 */
export async function startPlatformServer(options: { env?: Record<string, string> } = {}): Promise<TPlatformServer> {
  const port = await freePort();
  const localHostPort = await freePort();
  const localHostControlPort = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'shipyard-e2e-'));
  const baseUrl = `http://localhost:${port}`;
  const lines: string[] = [];
  const child: ChildProcess = spawn(path.join(appDir, 'node_modules', '.bin', 'next'), ['start', '--port', String(port)], {
    cwd: appDir,
    // Only what the server needs: nothing from the developer's shell (REDIS_URL, SMTP_URL, …).
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      APP_URL: baseUrl,
      SHIPYARD_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOCAL_HOST_PORT: String(localHostPort),
      LOCAL_HOST_CONTROL_PORT: String(localHostControlPort),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timeout);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`next start exited with code ${child.exitCode}:\n${lines.join('\n')}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The platform did not become healthy within 60 s:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { baseUrl, dataDir, localHostPort, output: () => lines.join('\n'), stop };
}
