import { AppError } from '@shipyard/core';
import { describe, expect, it } from 'vitest';
import { createVendorCall, nullIfNotFound } from './call';
import { createVendorErrors, type TVendorFailure } from './errors';
import { hostLabel, pollUntil, withDatabaseEnv } from './hosting';
import { delayBeforeRetry } from './retry';

class HttpFailure extends Error {
  constructor(
    readonly status: number | undefined,
    readonly retryAfter: string | null = null,
  ) {
    super(`HTTP ${status}`);
  }
}

const TOKEN = 'secret-token-123456';

const toAppError = createVendorErrors<
  { action: string; scope: 'sites'; resource?: string; conflictHint?: string },
  { team: string },
  TVendorFailure
>({
  provider: 'acme',
  vendor: 'Acme',
  statusPage: 'https://status.acme.test',
  scope: () => 'Sites: edit',
  describe: (error) => {
    const status = error instanceof HttpFailure ? error.status : undefined;
    const message = error instanceof Error ? error.message : String(error);
    return { status, message, said: `HTTP ${status ?? '—'}: ${message}` };
  },
  caseOf: (f) => (f.status === 422 && /taken/.test(f.message) ? 'name-taken' : undefined),
  special: (f, { meta, attempts }) =>
    f.status === 423
      ? { code: 'BUSY', message: `Acme is busy with ${meta.action}${attempts}.` }
      : undefined,
  credential: 'the token',
  renewToken: () => 'Create a new token.',
  denied: ({ meta, context }) => `the token may not ${meta.action} in team ${context.team}`,
  grant: () => 'Ask an owner.',
  where: ({ context }) => ` in team ${context.team}`,
  resource: 'the Acme resource',
  missing: 'it may have been deleted.',
  rateLimit: 'the token shares its limit.',
  badRequest: [400],
  details: (f) => ({ said: f.said }),
});

const meta = {
  action: 'create the site notes',
  scope: 'sites' as const,
  resource: 'the site notes',
};
const ctx = { team: 'blue', secrets: [TOKEN] };

function makeCall(maxRetries = 3, maxRetryAfterMs = 1_000) {
  return createVendorCall<typeof meta>({
    vendor: 'Acme',
    policy: { maxRetries, retryBaseDelayMs: 1, maxRetryAfterMs },
    retryDelay: (error, attempt) =>
      delayBeforeRetry(
        error instanceof HttpFailure
          ? { status: error.status, retryAfter: error.retryAfter }
          : null,
        attempt,
        { retryBaseDelayMs: 1 },
      ),
    statusOf: (error) => (error instanceof HttpFailure ? error.status : undefined),
    giveUp: (error, m, attempts) => toAppError(error, m, { ...ctx, attempts }),
    redact: (text) => text.split(TOKEN).join('[redacted]'),
  });
}

describe('vendor call path', () => {
  it('retries 5xx and 429 answers, logging each retry, until an attempt succeeds', async () => {
    const lines: string[] = [];
    const answers = [new HttpFailure(503), new HttpFailure(429, '0.01')];
    const result = await makeCall()(
      { ...meta, action: `create the site ${TOKEN}` },
      async (n) => {
        const next = answers.shift();
        if (next) throw next;
        return `done after ${n}`;
      },
      { log: (m) => lines.push(m) },
    );
    expect(result).toBe('done after 3');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Acme answered 503 to "create the site \[redacted\]"; retrying in \d+ ms \(retry 1 of 3\)\.$/,
    );
    expect(lines[1]).toBe(
      'Acme answered 429 to "create the site [redacted]" (rate limited); retrying in 10 ms (retry 2 of 3).',
    );
  });

  it('asks `recover` before repeating a call, and stops when the lost attempt did take effect', async () => {
    let attempts = 0;
    const result = await makeCall()(
      meta,
      async () => {
        attempts++;
        throw new HttpFailure(502);
      },
      { recover: async () => 'found it' },
    );
    expect(result).toBe('found it');
    expect(attempts).toBe(1);
  });

  it('gives up with the vendor AppError: after maxRetries, at once for a 4xx or a Retry-After too long', async () => {
    let calls = 0;
    const failing = (error: HttpFailure) => async () => {
      calls++;
      throw error;
    };
    await expect(makeCall(2)(meta, failing(new HttpFailure(500)))).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      message: expect.stringMatching(/^Acme failed to create the site notes after 3 attempts/),
    });
    expect(calls).toBe(3);
    calls = 0;
    await expect(makeCall()(meta, failing(new HttpFailure(409)))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(makeCall()(meta, failing(new HttpFailure(429, '60')))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(calls).toBe(2);
  });

  it('resolves a NOT_FOUND failure to null and rethrows anything else', async () => {
    expect(await nullIfNotFound(Promise.reject(new AppError('NOT_FOUND', 'gone')))).toBeNull();
    await expect(nullIfNotFound(Promise.reject(new AppError('CONFLICT', 'taken')))).rejects.toThrow(
      'taken',
    );
  });
});

describe('retry delays', () => {
  const now = Date.UTC(2025, 0, 1);
  it('reads Retry-After, then X-RateLimit-Reset, on a 429 and backs off on 5xx, no answer and extra statuses', () => {
    const policy = { retryBaseDelayMs: 100 };
    expect(delayBeforeRetry({ status: 429, retryAfter: '2' }, 1, policy, { now })).toBe(2000);
    expect(
      delayBeforeRetry({ status: 429, rateLimitReset: String(now / 1000 + 5) }, 1, policy, { now }),
    ).toBe(5000);
    const backoff = delayBeforeRetry({ status: 503 }, 3, policy)!;
    expect(backoff).toBeGreaterThanOrEqual(320);
    expect(backoff).toBeLessThanOrEqual(480);
    expect(delayBeforeRetry({ status: undefined }, 1, policy)).toBeGreaterThan(0);
    expect(delayBeforeRetry({ status: 423 }, 1, policy)).toBeNull();
    expect(delayBeforeRetry({ status: 423 }, 1, policy, { retryStatuses: [423] })).toBeGreaterThan(
      0,
    );
    expect(delayBeforeRetry(null, 1, policy)).toBeNull();
  });
});

describe('vendor error messages', () => {
  const fail = (status: number | undefined, message = 'nope') =>
    toAppError(Object.assign(new HttpFailure(status), { message }), meta, ctx);

  it.each([
    [
      401,
      'PRECONDITION_FAILED',
      /^Acme token invalid or missing scope Sites: edit: Acme rejected the token while trying to create the site notes \(HTTP 401: nope\)\. Create a new token\.$/,
    ],
    [
      403,
      'PRECONDITION_FAILED',
      /: the token may not create the site notes in team blue \(HTTP 403: nope\)\. Ask an owner\.$/,
    ],
    [
      404,
      'NOT_FOUND',
      /^The site notes does not exist in team blue \(HTTP 404: nope\); it may have been deleted\.$/,
    ],
    [
      409,
      'CONFLICT',
      /the name is already taken \(HTTP 409: nope\)\. Choose another name and try again\.$/,
    ],
    [
      429,
      'RATE_LIMITED',
      /^Acme kept rate-limiting the request to create the site notes \(HTTP 429\)\. .*shares its limit\.$/,
    ],
    [500, 'PROVIDER_ERROR', /The error is on Acme's side: .*https:\/\/status\.acme\.test/],
    [
      undefined,
      'PROVIDER_ERROR',
      /^Could not reach the Acme API to create the site notes \(nope\)\./,
    ],
    [400, 'BAD_REQUEST', /^Acme refused to create the site notes \(HTTP 400: nope\)\.$/],
    [418, 'PROVIDER_ERROR', /^Acme refused to/],
    [423, 'BUSY', /^Acme is busy with create the site notes\.$/],
  ])('maps HTTP %s to %s', (status, code, message) => {
    const error = fail(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(Object.keys(error.details ?? {})).toEqual(['provider', 'status', 'said', 'scope']);
  });

  it('lets the vendor classify answers, and never repeats a secret', () => {
    expect(fail(422, 'name taken').code).toBe('CONFLICT');
    const echoed = fail(400, `bad header Bearer ${TOKEN}`);
    expect(echoed.message).not.toContain(TOKEN);
    expect(echoed.message).toContain('[redacted]');
  });
});

describe('hosting helpers', () => {
  it('makes host labels valid and keeps long ones unique', () => {
    expect(hostLabel('shipyard-', 'My Notes!', 63)).toBe('shipyard-my-notes');
    expect(hostLabel('', '---', 63)).toBe('app');
    const a = hostLabel('p-', 'x'.repeat(80) + 'a', 30);
    const b = hostLabel('p-', 'x'.repeat(80) + 'b', 30);
    expect(a).toHaveLength(30);
    expect(a).not.toBe(b);
  });

  it('binds the database over the app’s own DATABASE_* values, and says so', () => {
    const lines: string[] = [];
    const env = withDatabaseEnv(
      { GREETING: 'hi', DATABASE_URL: 'mine', DATABASE_AUTH_TOKEN: 'mine' },
      { provider: 'x', externalId: 'db', name: 'db', url: 'libsql://db' },
      (m) => lines.push(m),
    );
    expect(env).toEqual({ GREETING: 'hi', DATABASE_URL: 'libsql://db' });
    expect(lines).toHaveLength(2);
  });

  it('polls until settled, and throws the timeout error when the next wait would pass the deadline', async () => {
    const seen: number[] = [];
    const result = await pollUntil(0, {
      intervalMs: 1,
      timeoutMs: 1_000,
      next: async (n) => n + 1,
      settle: (n) => (seen.push(n), n === 3 ? `settled at ${n}` : undefined),
      timedOut: () => new Error('late'),
    });
    expect(result).toBe('settled at 3');
    expect(seen).toEqual([0, 1, 2, 3]);
    await expect(
      pollUntil(0, {
        intervalMs: 50,
        timeoutMs: 60,
        next: async (n) => n + 1,
        settle: () => undefined,
        timedOut: (n) => new Error(`still at ${n}`),
      }),
    ).rejects.toThrow('still at 1');
  });
});
