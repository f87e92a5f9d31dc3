import { defineConfig } from 'vitest/config';

// One run over every workspace project; each project keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/*'],
    reporters: ['default', './tooling/vitest/summary-reporter.js'],
  },
});
