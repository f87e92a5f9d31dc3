import { TEAM_ID, TOKEN, type FakeVercel } from './fake-vercel';

export { APP, artifact, expectAppError, SITE_V1 as V1, stepContext } from '@shipyard/deploy-core/testing';

/** Options pointing at the fake, with short waits so retries and polls finish quickly. */
export function testOptions(fake: FakeVercel, overrides: Record<string, unknown> = {}) {
  return {
    token: TOKEN,
    teamId: TEAM_ID,
    apiBaseUrl: fake.baseUrl,
    maxRetries: 5,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 5_000,
    pollIntervalMs: 10,
    deploymentTimeoutMs: 5_000,
    projectPrefix: 'shipyard-',
    ...overrides,
  };
}
