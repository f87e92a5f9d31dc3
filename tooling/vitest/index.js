import { defineConfig } from 'vitest/config';

/**
 * Shared test settings. Unit tests sit beside the code; suites that need Redis, a database,
 * a browser or a fake vendor server live in integration-tests/.
 */
export function defineProject(overrides = {}) {
  const { test = {}, ...rest } = overrides;
  return defineConfig({
    ...rest,
    test: {
      include: ['src/**/*.test.{ts,tsx}', 'integration-tests/**/*.test.{ts,tsx}'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
