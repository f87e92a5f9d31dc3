import { fakeNeonOptions, type FakeNeon } from '../src/testing';

export { APP, stepContext } from '@shipyard/deploy-core/testing';

/** Options pointing at the fake, with short waits so retries and polls finish quickly. */
export function testOptions(fake: FakeNeon, overrides: Record<string, unknown> = {}) {
  return { ...fakeNeonOptions(fake), ...overrides };
}
