import { API_KEY, ORG_ID, type FakeNeon } from './fake-neon';

export { APP, stepContext } from '@shipyard/deploy-core/testing';

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
