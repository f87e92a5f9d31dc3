import type { RateLimiter } from '@shipyard/core/rate-limit';

/** What the user sees for any wrong email/password combination: it never says which one was wrong. */
export const INVALID_CREDENTIALS_MESSAGE = 'Email or password is incorrect.';

export function tooManySignInAttemptsMessage(retryAfterSeconds: number): string {
  return `Too many sign-in attempts. Wait ${retryAfterSeconds} seconds and try again.`;
}

export type TSignInAttempt = {
  /** The client IP, or null when it cannot be determined (then only the account limit applies). */
  ip: string | null;
  email: string;
};

export type TSignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; limitedBy: 'ip' | 'account' };

export type TSignInGuard = {
  /** Counts one attempt against the IP and the account; refuses when either is over its limit. */
  check(attempt: TSignInAttempt): Promise<TSignInVerdict>;
  /** After a successful sign-in the account's counter starts over (the IP's does not). */
  succeeded(email: string): Promise<void>;
};

/** Email addresses compare case-insensitively, so "Ada@x.dev" and "ada@x.dev" share one counter. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Sign-in throttling on two axes: per IP (one client guessing many accounts) and per account
 * (many clients guessing one password). The limiters come from `@shipyard/core/rate-limit`, so
 * they are shared through Redis when REDIS_URL is set.
 */
export function createSignInGuard(limiters: { perIp: RateLimiter; perAccount: RateLimiter }): TSignInGuard {
  return {
    async check({ ip, email }) {
      if (ip) {
        const byIp = await limiters.perIp.consume(ip);
        if (!byIp.allowed) {
          return { allowed: false, limitedBy: 'ip', retryAfterSeconds: Math.max(1, Math.ceil(byIp.retryAfterMs / 1000)) };
        }
      }
      const byAccount = await limiters.perAccount.consume(accountKey(email));
      if (!byAccount.allowed) {
        return {
          allowed: false,
          limitedBy: 'account',
          retryAfterSeconds: Math.max(1, Math.ceil(byAccount.retryAfterMs / 1000)),
        };
      }
      return { allowed: true };
    },
    async succeeded(email) {
      await limiters.perAccount.reset(accountKey(email));
    },
  };
}

/** The platform's limits: 5 attempts per account and 30 per IP in 10 minutes. */
export const SIGN_IN_LIMITS = {
  perAccount: { points: 5, durationSeconds: 600 },
  perIp: { points: 30, durationSeconds: 600 },
} as const;
