import { API_TOKEN, ORG, type FakeTurso } from './fake-turso';

export { APP, stepContext } from '@shipyard/deploy-core/testing';

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
