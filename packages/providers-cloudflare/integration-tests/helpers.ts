import { artifact as siteArtifact } from '@shipyard/deploy-core/testing';
import { fakeCloudflareOptions, type FakeCloudflare } from '../src/testing';

export { APP, SITE_V1 as V1, stepContext } from '@shipyard/deploy-core/testing';

/** Options pointing at the fake, with short waits so retries and polls finish quickly. */
export function testOptions(fake: FakeCloudflare, overrides: Record<string, unknown> = {}) {
  return {
    ...fakeCloudflareOptions(fake),
    projectPrefix: 'shipyard-',
    productionBranch: 'main',
    ...overrides,
  };
}

/** A build artifact of these files, with a `_worker.js` that serves them. */
export function artifact(files: Record<string, string | Uint8Array>, worker = 'export default { fetch(req, env) { return env.ASSETS.fetch(req) } }') {
  return siteArtifact(files, worker);
}
