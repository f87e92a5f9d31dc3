import { z } from 'zod';
import type { TRetryPolicy } from './retry';

/** The connection options of the bounded retry policy, plus the per-request timeout. */
export function retryPolicyOptions(defaults: { requestTimeoutMs: number }) {
  return {
    /** Retries after a 429 or a 5xx / network error before a call fails. */
    maxRetries: z.number().int().min(0).max(10).default(5),
    /** First backoff delay for 5xx and network errors; doubles each retry (±20 % jitter, at most 30 s). */
    retryBaseDelayMs: z.number().int().min(0).max(60_000).default(1_000),
    /** A 429 that asks to wait longer than this fails at once instead of stalling the deploy. */
    maxRetryAfterMs: z
      .number()
      .int()
      .min(0)
      .max(15 * 60_000)
      .default(60_000),
    /** Per-request timeout. */
    requestTimeoutMs: z
      .number()
      .int()
      .min(1_000)
      .max(10 * 60_000)
      .default(defaults.requestTimeoutMs),
  };
}

export interface TCredentialCheck {
  ok: boolean;
  /** What works, or what is wrong and how to fix it. Never contains a secret. */
  message: string;
}

/**
 * Runs a credential check on saved connection options: invalid options fail the check with zod's
 * words; valid ones reach `check` with at most 2 retries and 10 s waits, as the user is waiting.
 */
export async function checkWith<T extends TRetryPolicy>(
  parsed: z.ZodSafeParseResult<T>,
  check: (options: T) => Promise<TCredentialCheck>,
): Promise<TCredentialCheck> {
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    return { ok: false, message: issues.join(' ') };
  }
  const options = {
    ...parsed.data,
    maxRetries: Math.min(parsed.data.maxRetries, 2),
    maxRetryAfterMs: Math.min(parsed.data.maxRetryAfterMs, 10_000),
  };
  return check(options);
}
