import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // Pure, dependency-free modules: usable in the browser (diff view, live file preview) and by bench/.
    'protocol/index': 'src/services/protocol/index.ts',
    'files/index': 'src/services/files/index.ts',
    // The builder UI (React client components). Its entry starts with 'use client', which esbuild keeps.
    'react/index': 'src/react/index.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
