import { AppError } from '@shipyard/core';
import type { TAppRef, TBuildArtifact, TStepContext } from '@shipyard/deploy-core';
import { expect } from 'vitest';
import { ACCOUNT_SLUG, TOKEN, type FakeNetlify } from './fake-netlify';

/** Options pointing at the fake, with short waits so retries and polls finish quickly. */
export function testOptions(fake: FakeNetlify, overrides: Record<string, unknown> = {}) {
  return {
    accessToken: TOKEN,
    accountSlug: ACCOUNT_SLUG,
    apiBaseUrl: fake.baseUrl,
    maxRetries: 5,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 5_000,
    pollIntervalMs: 10,
    deployTimeoutMs: 5_000,
    sitePrefix: 'shipyard-',
    ...overrides,
  };
}

export function stepContext(signal?: AbortSignal): TStepContext & { lines: string[] } {
  const lines: string[] = [];
  return { signal: signal ?? new AbortController().signal, log: (m) => lines.push(m), lines };
}

export const APP: TAppRef = { id: 'app_1', orgId: 'org_1', slug: 'notes' };

const enc = new TextEncoder();

/** A Workers-format API that echoes a few env vars and calls ASSETS for anything else. */
export const ECHO_WORKER = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/api/')) {
      return new Response(JSON.stringify({ path: url.pathname, method: request.method, greeting: env.GREETING ?? null, db: env.DATABASE_URL ?? null, keys: Object.keys(env).sort() }), { headers: { 'content-type': 'application/json' } });
    }
    return env.ASSETS.fetch(request);
  },
};`;

export function artifact(files: Record<string, string | Uint8Array>, worker = ECHO_WORKER): TBuildArtifact {
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

export async function expectAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(AppError.is(error), String(error)).toBe(true);
    return error as AppError;
  }
  throw new Error('expected the call to fail');
}
