import { ACCOUNT_SLUG, TOKEN, type FakeNetlify } from './fake-netlify';

export { APP, artifact, expectAppError, SITE_V1 as V1, stepContext } from '@shipyard/deploy-core/testing';

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
