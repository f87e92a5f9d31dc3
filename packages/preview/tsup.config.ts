import { defineConfig } from 'tsup';

// The host API (browser) and the asset helpers (Node). The browser assets — frame runtime, workers,
// wasm and prebundled runtime packages — are built by scripts/build-assets.mjs into dist/assets.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', d1: 'src/d1.ts', 'react/index': 'src/react/index.tsx' },
    format: ['esm'],
    platform: 'browser',
    external: ['react'],
    target: 'es2022',
    dts: true,
    sourcemap: true,
    clean: false,
  },
  {
    entry: { 'server/index': 'src/server/index.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: false,
  },
]);
