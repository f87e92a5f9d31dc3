import { fakeTursoOptions, type FakeTurso } from '../src/testing';

export { APP, stepContext } from '@shipyard/deploy-core/testing';

/** Options pointing at the fake, with short waits so retries finish quickly. */
export function testOptions(fake: FakeTurso, overrides: Record<string, unknown> = {}) {
  return { ...fakeTursoOptions(fake), ...overrides };
}
