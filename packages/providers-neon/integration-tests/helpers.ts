import type { TAppRef, TStepContext } from '@shipyard/deploy-core';
import { API_KEY, ORG_ID, type FakeNeon } from './fake-neon';

/** Options pointing at the fake, with short waits so retries and polls finish quickly. */
export function testOptions(fake: FakeNeon, overrides: Record<string, unknown> = {}) {
  return {
    apiKey: API_KEY,
    orgId: ORG_ID,
    apiBaseUrl: fake.apiBaseUrl,
    regionId: 'aws-us-east-2',
    maxRetries: 4,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 2_000,
    pollIntervalMs: 10,
    operationTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    ...overrides,
  };
}

export function stepContext(): TStepContext & { lines: string[] } {
  const lines: string[] = [];
  return { signal: new AbortController().signal, log: (m) => lines.push(m), lines };
}

export const APP: TAppRef = { id: 'app_1', orgId: 'org_1', slug: 'notes' };
