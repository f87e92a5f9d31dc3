import type { TAppRef, TBuildArtifact, TStepContext } from '../src/contract';
import { ACCOUNT_ID, TOKEN, type FakeCloudflare } from './fake-cloudflare';

/** Options pointing at the fake, with short waits so retries and polls finish quickly. */
export function testOptions(fake: FakeCloudflare, overrides: Record<string, unknown> = {}) {
  return {
    accountId: ACCOUNT_ID,
    apiToken: TOKEN,
    apiBaseUrl: fake.baseUrl,
    maxRetries: 5,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 5_000,
    pollIntervalMs: 10,
    deploymentTimeoutMs: 5_000,
    projectPrefix: 'shipyard-',
    productionBranch: 'main',
    ...overrides,
  };
}

export function stepContext(signal?: AbortSignal): TStepContext & { lines: string[] } {
  const lines: string[] = [];
  return { signal: signal ?? new AbortController().signal, log: (m) => lines.push(m), lines };
}

export const APP: TAppRef = { id: 'app_1', orgId: 'org_1', slug: 'notes' };

const enc = new TextEncoder();

export function artifact(files: Record<string, string | Uint8Array>, worker = 'export default { fetch(req, env) { return env.ASSETS.fetch(req) } }'): TBuildArtifact {
  const assets = new Map<string, Uint8Array>();
  for (const [p, v] of Object.entries(files)) assets.set(p, typeof v === 'string' ? enc.encode(v) : v);
  return { hash: `h-${Object.values(files).join('').length}-${worker.length}`, assets, worker };
}

export const V1 = {
  'index.html': '<!doctype html><div id="root">v1</div><script type="module" src="/assets/app-1.js"></script>',
  'assets/app-1.js': 'console.log("app v1")',
  'assets/style.css': 'body { color: #123 }',
  'assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'favicon.ico': new Uint8Array([0, 0, 1, 0, 1, 0, 16, 16]),
};
