import { defineProject } from '@shipyard/vitest-config';

export default defineProject({
  test: {
    include: ['src/**/*.test.ts', 'integration-tests/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    // Builds the app once (next build) when the run includes e2e/ and there is no build yet.
    globalSetup: ['e2e/global-setup.ts'],
    // The browser suite starts the real server and drives Chromium: one file at a time, and
    // its long steps set their own timeouts.
    fileParallelism: false,
  },
});
