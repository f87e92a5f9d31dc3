import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'crypto/index': 'src/crypto/index.ts',
    'jobs/index': 'src/jobs/index.ts',
    'config/index': 'src/config/index.ts',
    'rate-limit/index': 'src/rate-limit/index.ts',
    'logger/index': 'src/logger/index.ts',
    'libsql/index': 'src/libsql/index.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
