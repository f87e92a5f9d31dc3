// @shipyard/providers-cloudflare/testing: a local stand-in for the Cloudflare API, for test suites
// and offline checks of a setup — never loaded by the package's main entry.
import { ACCOUNT_ID, TOKEN, type FakeCloudflare } from './fake-cloudflare';

export {
  ACCOUNT_ID,
  FakeCloudflare,
  referencePagesHash,
  TOKEN,
  type TFakeDeployment as TFakeCloudflareDeployment,
  type TFakeProject as TFakeCloudflareProject,
  type TFakeScope,
  type TFault as TFakeCloudflareFault,
} from './fake-cloudflare';

/**
 * Options for `cloudflarePagesHosting` / `cloudflareDns` that point at `fake` (started) with its
 * account and all-scopes token, and short retry and poll waits so failures surface quickly.
 */
export function fakeCloudflareOptions(fake: FakeCloudflare) {
  return {
    accountId: ACCOUNT_ID,
    apiToken: TOKEN,
    apiBaseUrl: fake.baseUrl,
    maxRetries: 5,
    retryBaseDelayMs: 10,
    maxRetryAfterMs: 5_000,
    pollIntervalMs: 10,
    deploymentTimeoutMs: 5_000,
  };
}
