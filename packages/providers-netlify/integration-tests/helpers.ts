import { fakeNetlifyOptions, type FakeNetlify } from '../src/testing';

export { APP, artifact, expectAppError, SITE_V1 as V1, stepContext } from '@shipyard/deploy-core/testing';

/** Options pointing at the fake, with short waits so retries and polls finish quickly. */
export function testOptions(fake: FakeNetlify, overrides: Record<string, unknown> = {}) {
  return { ...fakeNetlifyOptions(fake), sitePrefix: 'shipyard-', ...overrides };
}
