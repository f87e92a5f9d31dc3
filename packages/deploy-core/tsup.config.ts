import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // Dependency-light entry points: the build, the SQL schema tools and the runtime package set,
    // usable by providers and bench/ without loading the orchestrator or Prisma.
    'build/index': 'src/services/build/index.ts',
    'schema/index': 'src/services/schema/index.ts',
    'runtime/index': 'src/runtime/index.ts',
    // What the cloud provider packages share: their call path and hosting helpers, and (for their
    // tests only) the orchestrator harness and fake-vendor scaffolding.
    'provider-kit/index': 'src/providers/kit/index.ts',
    'testing/index': 'src/testing/index.ts',
    // The name rules, free of Node built-ins: the platform's deploy modal runs them in the browser.
    'validation/index': 'src/validation.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The runtime package set is resolved from this package's node_modules when a generated app is built.
  // The testing entry loads @shipyard/prisma-tooling (a dev dependency of its users) at run time.
  external: [
    'esbuild',
    'react',
    'react-dom',
    'react-router',
    'lucide-react',
    'recharts',
    'clsx',
    '@shipyard/prisma-tooling',
  ],
});
