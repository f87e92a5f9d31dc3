import { SDKError } from '@vercel/sdk/models/sdkerror.js';
import { describe, expect, it } from 'vitest';
import { parseRateLimitReset, parseRetryAfter, retryDelay } from './api';
import { describeFailure, toAppError } from './errors';

/** An SDK error as @vercel/sdk throws it for a non-2xx answer. */
function sdkError(status: number, body: unknown, headers: Record<string, string> = {}) {
  const response = new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  return new SDKError('API error occurred', { response, request: new Request('https://api.vercel.com/v9/projects/x'), body: JSON.stringify(body) });
}

describe('retry policy', () => {
  const now = Date.UTC(2025, 0, 1);
  it('waits for Retry-After, then X-RateLimit-Reset, on 429; backs off on 5xx; never retries other 4xx', () => {
    expect(retryDelay(sdkError(429, {}, { 'retry-after': '2' }), 1, { retryBaseDelayMs: 10 }, now)).toBe(2000);
    expect(retryDelay(sdkError(429, {}, { 'x-ratelimit-reset': String(now / 1000 + 5) }), 1, { retryBaseDelayMs: 10 }, now)).toBe(5000);
    expect(retryDelay(sdkError(502, {}), 2, { retryBaseDelayMs: 100 }, now)).toBeGreaterThanOrEqual(160);
    for (const s of [400, 401, 403, 404, 409]) expect(retryDelay(sdkError(s, {}), 1, { retryBaseDelayMs: 100 }, now)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRateLimitReset(String(now / 1000 - 1), now)).toBe(0);
  });
});

describe('error mapping', () => {
  it('reads Vercel error objects, including missing_files', () => {
    const f = describeFailure(sdkError(400, { error: { code: 'missing_files', message: 'Missing files', missing: ['a'] } }));
    expect(f).toMatchObject({ status: 400, code: 'missing_files', message: 'Missing files', error: { missing: ['a'] } });
  });
  it('says what to do, without the token', () => {
    const token = 'vercel_secret_token_123';
    const forbidden = toAppError(sdkError(403, { error: { code: 'forbidden', message: `Not authorized ${token}` } }), { action: 'read x', scope: 'projects' }, { teamId: 'team_abc123', secrets: [token] });
    expect(forbidden.code).toBe('PRECONDITION_FAILED');
    expect(forbidden.message).toMatch(/^Vercel token invalid or missing scope .* in team team_abc123/);
    expect(forbidden.message).not.toContain(token);
    expect(toAppError(sdkError(403, { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }), { action: 'read x', scope: 'projects' }, { secrets: [] }).message).toMatch(/rejected the token/);
    expect(toAppError(sdkError(409, { error: { code: 'conflict', message: 'exists' } }), { action: 'create', scope: 'projects', conflictHint: 'Rename.' }, { secrets: [] }).message).toMatch(/name is already taken .* Rename\.$/);
    expect(toAppError(sdkError(404, { error: { code: 'not_found', message: 'Project not found' } }), { action: 'read', scope: 'projects', resource: 'the Vercel project x' }, { secrets: [] }).code).toBe('NOT_FOUND');
  });
});
