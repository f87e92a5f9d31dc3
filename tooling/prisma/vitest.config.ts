import { defineProject } from '@shipyard/vitest-config';

export default defineProject({
  test: {
    include: ['src/**/*.test.ts', 'integration-tests/**/*.test.ts'],
    // The integration suite shares one working copy of the fixture and spawns the CLI.
    fileParallelism: false,
  },
});
