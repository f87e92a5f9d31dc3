import type { TAppRef, TStepContext } from '@shipyard/deploy-core';
import { API_TOKEN, ORG, type FakeTurso } from './fake-turso';

/** Options pointing at the fake, with short waits so retries finish quickly. */
export function testOptions(fake: FakeTurso, overrides: Record<string, unknown> = {}) {
  return {
    organization: ORG,
    apiToken: API_TOKEN,
    apiBaseUrl: fake.baseUrl,
    group: 'default',
    tls: false,
    maxRetries: 4,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 2_000,
    ...overrides,
  };
}

export function stepContext(): TStepContext & { lines: string[] } {
  const lines: string[] = [];
  return { signal: new AbortController().signal, log: (m) => lines.push(m), lines };
}

export const APP: TAppRef = { id: 'app_1', orgId: 'org_1', slug: 'notes' };
