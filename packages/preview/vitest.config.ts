import { defineProject } from '@shipyard/vitest-config';

export default defineProject({
  test: {
    // The Chromium suites share one browser and one asset server; run files one at a time on this 2-core machine.
    fileParallelism: false,
  },
});
