import type { NextConfig } from 'next';

const config: NextConfig = {
  // Loaded from node_modules at run time instead of bundled: native or wasm code, worker
  // threads, and the packages that must be one shared instance (tRPC, @shipyard/core).
  serverExternalPackages: [
    '@libsql/client',
    '@prisma/adapter-libsql',
    '@shipyard/ai-editor',
    '@shipyard/core',
    '@shipyard/deploy-core',
    '@shipyard/prisma-tooling',
    '@shipyard/providers-local',
    '@shipyard/services',
    'esbuild',
    'miniflare',
    '@trpc/server',
    'ioredis',
    'nodemailer',
    'pino',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
