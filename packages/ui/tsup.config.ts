import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  external: ['react', 'react-dom', 'react/jsx-runtime'],
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    // The components use state, effects and Radix primitives: the directive lets a Next.js
    // server component render them directly.
    banner: { js: '"use client";' },
  },
  {
    // cn and the variant helpers: callable from server components too, so no directive.
    ...shared,
    entry: { utils: 'src/utils.ts' },
  },
]);
