import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineEnvPreset, loadConfig, loadOrCreateDevSecrets } from '@shipyard/core/config';
import { parseKeyringSpec } from '@shipyard/core/crypto';
import { z } from 'zod';

/**
 * The platform's configuration. This is the only file that reads `process.env`; everything else
 * receives the parsed values from {@link getEnv}.
 */
export const platformEnvPreset = defineEnvPreset(
  'platform',
  {
    /** `production` requires real secrets; anything else generates development secrets on first start. */
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Port the Next.js server listens on (used by `pnpm dev` / `pnpm start` and for the default APP_URL). */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Public URL of the platform, used in emails and for auth redirects and CSRF checks. Default `http://localhost:<PORT>`. An `https:` URL turns on secure cookies. */
    APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Where embedded data lives (libSQL files, development secrets). Default `<repo root>/.data`. */
    SHIPYARD_DATA_DIR: z.string().optional(),
    /** libSQL URL of the platform database (`file:…` or `libsql://…?authToken=…`). Default `file:<data dir>/platform.db`. */
    PLATFORM_DATABASE_URL: z
      .string()
      .regex(/^(file:|libsql:|https?:|wss?:)/, 'must be a libSQL URL (file:, libsql:, http(s): or ws(s):)')
      .optional(),
    /** Redis for background jobs (BullMQ) and shared rate limits. Unset: jobs run inline and limits are per process. */
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
    /** Signs sessions and tokens; 32+ random characters. Required in production; generated in development. */
    BETTER_AUTH_SECRET: z.string().min(32).optional(),
    /** Keys for encrypting secrets at rest: `k2:<base64 32 bytes>,k1:<…>`, current key first. Required in production; generated in development. */
    SHIPYARD_ENCRYPTION_KEYS: z.string().optional(),
    /** SMTP server for outgoing email, e.g. `smtp://user:pass@smtp.example.com:587`. Unset: emails are kept in the database and shown at /dev/mail (outside production). */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
    /** From address of outgoing email. Default `Shipyard <no-reply@<APP_URL host>>`. */
    MAIL_FROM: z.string().min(3).optional(),
    /** pino log level: fatal, error, warn, info, debug, trace or silent. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  {
    check(env, report) {
      const production = env.NODE_ENV === 'production';
      if (production && !env.BETTER_AUTH_SECRET) {
        report('BETTER_AUTH_SECRET', 'required in production — set it to 32+ random characters (openssl rand -base64 32)');
      }
      if (production && !env.SHIPYARD_ENCRYPTION_KEYS) {
        report(
          'SHIPYARD_ENCRYPTION_KEYS',
          'required in production — set it to "k1:<base64 of 32 bytes>" (k1:$(openssl rand -base64 32))',
        );
      }
      if (env.SHIPYARD_ENCRYPTION_KEYS) {
        try {
          parseKeyringSpec(env.SHIPYARD_ENCRYPTION_KEYS);
        } catch (error) {
          report('SHIPYARD_ENCRYPTION_KEYS', error instanceof Error ? error.message : 'is not a valid key list');
        }
      }
    },
  },
);

export type TPlatformEnv = {
  nodeEnv: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  appUrl: string;
  /** True when APP_URL is https: cookies get the Secure flag. */
  secureCookies: boolean;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | null;
  authSecret: string;
  /** SHIPYARD_ENCRYPTION_KEYS, validated. */
  encryptionKeys: string;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: string;
  /** /dev/mail is served (outbox emails readable in the browser): never in production. */
  devMailbox: boolean;
  /** Where the development secrets came from, for the boot log line (never the values). */
  secretsSource: 'environment' | 'dev-secrets-file';
};

/** The monorepo root (the directory holding pnpm-workspace.yaml), or `start` when there is none. */
export function findRepoRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Parses a set of variables into the platform's configuration (throws ConfigError listing every problem). */
export function loadPlatformEnv(
  source: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): TPlatformEnv {
  const env = loadConfig([platformEnvPreset], source);
  const isProduction = env.NODE_ENV === 'production';
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  // The data directory is chosen at run time; it is not part of the build's file tracing.
  const dataDir = path.resolve(/* turbopackIgnore: true */ env.SHIPYARD_DATA_DIR ?? path.join(findRepoRoot(cwd), '.data'));
  mkdirSync(dataDir, { recursive: true });

  let authSecret = env.BETTER_AUTH_SECRET;
  let encryptionKeys = env.SHIPYARD_ENCRYPTION_KEYS;
  let secretsSource: TPlatformEnv['secretsSource'] = 'environment';
  if (!authSecret || !encryptionKeys) {
    // Only reachable outside production: the preset's check requires both there.
    const dev = loadOrCreateDevSecrets(dataDir);
    authSecret ??= dev.betterAuthSecret;
    encryptionKeys ??= dev.encryptionKeys;
    secretsSource = 'dev-secrets-file';
  }

  return {
    nodeEnv: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    appUrl,
    secureCookies: appUrl.startsWith('https:'),
    dataDir,
    databaseUrl: env.PLATFORM_DATABASE_URL ?? `file:${path.join(dataDir, 'platform.db')}`,
    redisUrl: env.REDIS_URL ?? null,
    authSecret,
    encryptionKeys,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? `Shipyard <no-reply@${new URL(appUrl).hostname}>`,
    logLevel: env.LOG_LEVEL,
    devMailbox: !isProduction,
    secretsSource,
  };
}

let cached: TPlatformEnv | undefined;

/**
 * The platform's configuration from `process.env`, parsed on first use (not at import time, so
 * `next build` does not need production secrets).
 */
export function getEnv(): TPlatformEnv {
  cached ??= loadPlatformEnv(process.env);
  return cached;
}


/**
 * The raw variables for the domain packages' presets (`@shipyard/services` parses them). Kept
 * here so that this file stays the only one reading `process.env`.
 */
export function domainEnvSource(): Record<string, string | undefined> {
  return { ...process.env };
}
