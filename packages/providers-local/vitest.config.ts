import { defineProject } from '@shipyard/vitest-config';

// Suites start workerd processes: run files one at a time on this 2-core budget.
export default defineProject({ test: { fileParallelism: false, testTimeout: 60_000 } });
