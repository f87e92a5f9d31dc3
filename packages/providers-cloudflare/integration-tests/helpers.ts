import { artifact as siteArtifact } from '@shipyard/deploy-core/testing';
import { ACCOUNT_ID, TOKEN, type FakeCloudflare } from './fake-cloudflare';

export { APP, SITE_V1 as V1, stepContext } from '@shipyard/deploy-core/testing';

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

/** A build artifact of these files, with a `_worker.js` that serves them. */
export function artifact(files: Record<string, string | Uint8Array>, worker = 'export default { fetch(req, env) { return env.ASSETS.fetch(req) } }') {
  return siteArtifact(files, worker);
}
