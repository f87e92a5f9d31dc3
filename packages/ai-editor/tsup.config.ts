import { defineConfig, type Options } from 'tsup';

const shared: Options = { format: ['esm'], dts: true, sourcemap: true };

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      // Pure, dependency-free modules: usable in the browser (diff view, live file preview) and by bench/.
      'protocol/index': 'src/services/protocol/index.ts',
      'files/index': 'src/services/files/index.ts',
    },
    target: 'node20',
    // dist/react is the other build's output.
    clean: ['!react/**'],
  },
  {
    // The builder UI: client components, type-checked with DOM and JSX.
    ...shared,
    entry: { index: 'src/react/index.ts' },
    outDir: 'dist/react',
    tsconfig: 'tsconfig.react.json',
    target: 'es2022',
    clean: true,
    banner: { js: '"use client";' },
  },
]);
