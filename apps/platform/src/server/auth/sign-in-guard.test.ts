import { createRateLimiter } from '@shipyard/core/rate-limit';
import { describe, expect, it } from 'vitest';
import { createSignInGuard, SIGN_IN_LIMITS, tooManySignInAttemptsMessage } from './sign-in-guard';

type TLimits = { perIp: { points: number; durationSeconds: number }; perAccount: { points: number; durationSeconds: number } };

function guard(limits: TLimits = SIGN_IN_LIMITS) {
  return createSignInGuard({
    perIp: createRateLimiter({ keyPrefix: 'test:ip', ...limits.perIp }),
    perAccount: createRateLimiter({ keyPrefix: 'test:account', ...limits.perAccount }),
  });
}

describe('sign-in guard', () => {
  it('allows five attempts per account and refuses the sixth, saying how long to wait', async () => {
    const g = guard();
    for (let i = 0; i < 5; i += 1) {
      expect(await g.check({ ip: `10.0.0.${i}`, email: 'ada@example.com' })).toEqual({ allowed: true });
    }
    // A different IP does not help: the limit is on the account.
    const sixth = await g.check({ ip: '10.0.0.99', email: 'ada@example.com' });
    expect(sixth.allowed).toBe(false);
    if (sixth.allowed) return;
    expect(sixth.limitedBy).toBe('account');
    expect(sixth.retryAfterSeconds).toBeGreaterThan(590);
    expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(tooManySignInAttemptsMessage(sixth.retryAfterSeconds)).toMatch(
      /^Too many sign-in attempts\. Wait \d+ seconds and try again\.$/,
    );
  });

  it('counts an account case-insensitively', async () => {
    const g = guard();
    for (let i = 0; i < 5; i += 1) await g.check({ ip: null, email: i % 2 ? 'Ada@Example.com' : ' ada@example.com' });
    expect((await g.check({ ip: null, email: 'ADA@EXAMPLE.COM' })).allowed).toBe(false);
  });

  it('keeps other accounts usable while one is locked', async () => {
    const g = guard();
    for (let i = 0; i < 6; i += 1) await g.check({ ip: '10.0.0.1', email: 'victim@example.com' });
    expect(await g.check({ ip: '10.0.0.2', email: 'someone@example.com' })).toEqual({ allowed: true });
  });

  it('limits one IP trying many accounts', async () => {
    const g = guard({ perAccount: { points: 5, durationSeconds: 600 }, perIp: { points: 3, durationSeconds: 600 } });
    for (let i = 0; i < 3; i += 1) expect((await g.check({ ip: '10.9.9.9', email: `user${i}@example.com` })).allowed).toBe(true);
    const verdict = await g.check({ ip: '10.9.9.9', email: 'fresh@example.com' });
    expect(verdict).toMatchObject({ allowed: false, limitedBy: 'ip' });
    expect((await g.check({ ip: '10.1.1.1', email: 'fresh@example.com' })).allowed).toBe(true);
  });

  it('starts the account counter over after a successful sign-in', async () => {
    const g = guard();
    for (let i = 0; i < 4; i += 1) await g.check({ ip: null, email: 'ada@example.com' });
    await g.succeeded('ada@example.com');
    for (let i = 0; i < 5; i += 1) expect((await g.check({ ip: null, email: 'ada@example.com' })).allowed).toBe(true);
  });
});
