import { defineConfig } from 'tsup';

// One runnable file; dependencies (including @shipyard/*) stay external and resolve from node_modules.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  dts: false,
});
