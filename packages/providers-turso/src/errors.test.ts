import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './api';
import { toAppError, TursoHttpError } from './errors';

const meta = { action: 'create the database sy-notes in group default', scope: 'databases' as const, resource: 'the group default', conflictHint: 'Rename the app.' };
const ctx = { organization: 'acme', secrets: ['turso-secret-token-123'] };

describe('toAppError', () => {
  it.each([
    [401, 'PRECONDITION_FAILED', /^Turso token invalid or missing scope databases:write: Turso rejected the API token/],
    [403, 'PRECONDITION_FAILED', /^Turso token invalid or missing scope databases:write: the token may not create the database/],
    [404, 'NOT_FOUND', /^The group default does not exist in organization acme/],
    [409, 'CONFLICT', /the name is already taken \(HTTP 409: nope\)\. Rename the app\.$/],
    [429, 'RATE_LIMITED', /kept rate-limiting/],
    [502, 'PROVIDER_ERROR', /Turso failed to create the database .*HTTP 502: nope.*status\.turso\.tech/],
  ])('maps HTTP %i to %s with a message that says what to do', (status, code, message) => {
    const error = toAppError(new TursoHttpError(status, 'nope'), meta, ctx);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('never repeats the token, even when Turso echoes it', () => {
    const error = toAppError(new TursoHttpError(400, 'bad token turso-secret-token-123'), meta, ctx);
    expect(error.message).not.toContain('turso-secret-token-123');
    expect(error.message).toContain('[redacted]');
  });

  it('says when the API cannot be reached', () => {
    expect(toAppError(new TursoHttpError(undefined, 'ECONNREFUSED'), meta, { ...ctx, attempts: 3 }).message).toBe(
      'Could not reach the Turso API to create the database sy-notes in group default after 3 attempts (ECONNREFUSED). Check the network and apiBaseUrl, then try again.',
    );
  });
});

describe('retry policy', () => {
  it('waits for Retry-After on 429, backs off on 5xx and network errors, never retries 4xx', () => {
    expect(retryDelay(new TursoHttpError(429, 'slow down', '2'), 1, 100)).toBe(2000);
    const backoff = retryDelay(new TursoHttpError(503, 'x'), 3, 100)!;
    expect(backoff).toBeGreaterThanOrEqual(320);
    expect(backoff).toBeLessThanOrEqual(480);
    expect(retryDelay(new TursoHttpError(undefined, 'ECONNRESET'), 1, 100)).toBeGreaterThan(0);
    for (const status of [400, 401, 403, 404, 409]) expect(retryDelay(new TursoHttpError(status, 'x'), 1, 100)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
