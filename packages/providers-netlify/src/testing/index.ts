// @shipyard/providers-netlify/testing: a local stand-in for Netlify's API that also serves what was
// deployed (running the uploaded API function), for test suites and offline checks of a setup —
// never loaded by the package's main entry.
import { ACCOUNT_SLUG, TOKEN, type FakeNetlify } from './fake-netlify';

export {
  ACCOUNT_SLUG,
  FakeNetlify,
  TOKEN,
  type TFakeDeploy as TFakeNetlifyDeploy,
  type TFakeSite as TFakeNetlifySite,
  type TFault as TFakeNetlifyFault,
  type TRecordedRequest as TFakeNetlifyRequest,
} from './fake-netlify';

/**
 * Options for `netlifyHosting` that point at `fake` (started) with its team and owner token, and
 * short retry and poll waits so failures surface quickly.
 */
export function fakeNetlifyOptions(fake: FakeNetlify) {
  return {
    accessToken: TOKEN,
    accountSlug: ACCOUNT_SLUG,
    apiBaseUrl: fake.baseUrl,
    maxRetries: 5,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 5_000,
    pollIntervalMs: 10,
    deployTimeoutMs: 5_000,
  };
}
