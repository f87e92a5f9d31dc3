import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './api';
import { describeFailure, toAppError } from './errors';

/** An error shaped like the one the SDK's axios throws, including the request config it carries. */
function axiosError(status: number | undefined, data: unknown, headers: Record<string, string> = {}) {
  return {
    isAxiosError: true,
    message: status ? `Request failed with status code ${status}` : 'connect ECONNREFUSED 127.0.0.1:1',
    code: status ? 'ERR_BAD_RESPONSE' : 'ECONNREFUSED',
    config: { headers: { Authorization: 'Bearer neon-secret-key-42' } },
    response: status ? { status, data, headers } : undefined,
  };
}

const meta = { action: 'create the project sy-notes in aws-us-east-2', scope: 'projects' as const, resource: 'the project quiet-fog-1' };
const ctx = { secrets: ['neon-secret-key-42'], orgId: 'org-acme-1' };

describe('toAppError', () => {
  it.each([
    [401, 'PRECONDITION_FAILED', /^Neon token invalid or missing scope projects:write: Neon rejected the API key/],
    [403, 'PRECONDITION_FAILED', /^Neon token invalid or missing scope projects:write: the API key may not create the project sy-notes in aws-us-east-2 in organization org-acme-1/],
    [404, 'NOT_FOUND', /^The project quiet-fog-1 does not exist in organization org-acme-1/],
    [423, 'BUSY', /operations running|still has operations running/],
    [429, 'RATE_LIMITED', /kept rate-limiting/],
    [500, 'PROVIDER_ERROR', /Neon failed to create the project .*HTTP 500 E1: boom/],
  ])('maps HTTP %i to %s', (status, code, message) => {
    const error = toAppError(axiosError(status, { code: 'E1', message: 'boom' }), meta, ctx);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(JSON.stringify(error)).not.toContain('neon-secret-key-42');
  });

  it('reads only the fields it needs from the axios error, never its request config', () => {
    const failure = describeFailure(axiosError(429, { message: 'too many' }, { 'retry-after': '3' }));
    expect(failure).toEqual({ status: 429, code: '', message: 'too many', retryAfter: '3' });
    expect(toAppError(axiosError(undefined, undefined), meta, ctx).message).toMatch(/Could not reach the Neon API .*ECONNREFUSED/);
  });
});

describe('retry policy', () => {
  it('honours Retry-After on 429, backs off on 423/5xx/network, never retries other 4xx', () => {
    expect(retryDelay(axiosError(429, {}, { 'retry-after': '2' }), 1, 100)).toBe(2000);
    expect(retryDelay(axiosError(423, {}), 1, 100)).toBeGreaterThan(0);
    expect(retryDelay(axiosError(503, {}), 1, 100)).toBeGreaterThan(0);
    expect(retryDelay(axiosError(undefined, undefined), 1, 100)).toBeGreaterThan(0);
    for (const status of [400, 401, 403, 404, 409, 422]) expect(retryDelay(axiosError(status, {}), 1, 100)).toBeNull();
    expect(parseRetryAfter('0.25')).toBe(250);
  });
});
