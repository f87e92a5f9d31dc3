import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'bin/shipyard-providers': 'src/bin/shipyard-providers.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Prisma tooling pulls in the Prisma CLI; it is loaded on demand only.
  external: ['@shipyard/prisma-tooling'],
});
