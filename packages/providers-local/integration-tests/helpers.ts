import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type TBuildResult } from '@shipyard/deploy-core/build';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app.js';

export interface THttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP request with an explicit Host header (fetch cannot set one). */
export function request(
  port: number,
  host: string,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; agent?: http.Agent } = {},
): Promise<THttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        agent: init.agent,
        headers: { host, accept: 'text/html,application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

export function json<T>(result: THttpResult): T {
  return JSON.parse(result.body) as T;
}

const created: string[] = [];

export function tempDataDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `shipyard-host-${name}-`));
  created.push(dir);
  return dir;
}

/** Deletes the data directories this test file created (call after closing its hosts). */
export function removeTempDataDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const referenceFiles = loadAppFiles();

/** The reference app with its /api/health answering `version`, so a test can tell builds apart. */
export function referenceVersion(version: number): Record<string, string> {
  const api = referenceFiles['api/index.ts'] ?? '';
  return {
    ...referenceFiles,
    'api/index.ts': api.replace("return json({ ok: true });", `return json({ ok: true, version: ${version} });`),
    'src/pages/NotFound.tsx': (referenceFiles['src/pages/NotFound.tsx'] ?? '').replace('Page not found', `Page not found (v${version})`),
  };
}

export async function buildReference(version: number): Promise<TBuildResult> {
  return buildApp({ files: referenceVersion(version) });
}

export const schemaSql = referenceFiles['db/schema.sql'] ?? '';
export const seedSql = referenceFiles['db/seed.sql'] ?? '';
