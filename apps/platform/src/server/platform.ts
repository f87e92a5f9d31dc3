import { createLogger, type Logger } from '@shipyard/core';
import { createRateLimiter } from '@shipyard/core/rate-limit';
import { Redis } from 'ioredis';
import { getEnv, type TPlatformEnv } from '../env';
import { createAuth, type TAuth } from './auth/auth';
import { createSignInGuard, SIGN_IN_LIMITS } from './auth/sign-in-guard';
import { createPlatformDb, type TPlatformDb } from './db';
import { createMailer, type TMailer } from './mailer';
import { createAccountService, type TAccountService } from './services/account-service';
import { createOrgService, type TOrgService } from './services/org-service';

/** Everything the platform's server code uses, built once per process from the configuration. */
export type TPlatform = {
  env: TPlatformEnv;
  logger: Logger;
  db: TPlatformDb;
  /** Shared by the rate limiters and the health check; null without REDIS_URL. */
  redis: Redis | null;
  mailer: TMailer;
  auth: TAuth;
  /** Jobs run in this process without REDIS_URL, on BullMQ workers with it (see domain.ts). */
  queueDriver: 'inline' | 'bullmq';
  orgs: TOrgService;
  accounts: TAccountService;
};

export function createPlatform(env: TPlatformEnv): TPlatform {
  const logger = createLogger({ level: env.logLevel, name: 'platform', pretty: env.nodeEnv === 'development' });
  const db = createPlatformDb(env.databaseUrl);
  const redis = env.redisUrl
    ? new Redis(env.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : null;
  redis?.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection problem'));

  const mailer = createMailer({ smtpUrl: env.smtpUrl, from: env.mailFrom, db, logger });
  const signInGuard = createSignInGuard({
    perIp: createRateLimiter({ redis, keyPrefix: 'platform:sign-in:ip', ...SIGN_IN_LIMITS.perIp }),
    perAccount: createRateLimiter({ redis, keyPrefix: 'platform:sign-in:account', ...SIGN_IN_LIMITS.perAccount }),
  });
  const auth = createAuth({
    db,
    appUrl: env.appUrl,
    secret: env.authSecret,
    secureCookies: env.secureCookies,
    mailer,
    signInGuard,
    logger,
  });
  const orgs = createOrgService({ db, mailer, appUrl: env.appUrl, logger });
  const accounts = createAccountService({ db });

  return { env, logger, db, redis, mailer, auth, queueDriver: env.redisUrl ? 'bullmq' : 'inline', orgs, accounts };
}

// One instance per process; kept on globalThis so `next dev` reloading modules does not open
// new database and Redis connections each time.
const globalKey = Symbol.for('shipyard.platform');
type TGlobalWithPlatform = typeof globalThis & { [globalKey]?: TPlatform };

export function getPlatform(): TPlatform {
  const store = globalThis as TGlobalWithPlatform;
  store[globalKey] ??= createPlatform(getEnv());
  return store[globalKey];
}
