import { APIConnectionError, APIError } from 'cloudflare';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './api';
import { toAppError } from './errors';

const apiError = (status: number, errors: { code: number; message: string }[], headers: Record<string, string> = {}) =>
  APIError.generate(status, { success: false, errors, messages: [], result: null }, undefined, new Headers(headers));

const ctx = { accountId: 'acc', secrets: ['super-secret-token-123'] };

describe('toAppError', () => {
  it('maps statuses to what the user must do, naming the scope', () => {
    expect(toAppError(apiError(401, [{ code: 1000, message: 'Invalid API Token' }]), { action: 'x', scope: 'dns' }, ctx).message).toMatch(
      /^Cloudflare token invalid or missing scope Zone\.DNS:Edit/,
    );
    const forbidden = toAppError(apiError(403, [{ code: 10000, message: 'Authentication error' }]), { action: 'register a.com', scope: 'registrar' }, ctx);
    expect(forbidden.code).toBe('PRECONDITION_FAILED');
    expect(forbidden.message).toMatch(/missing scope Account\.Registrar: Domains:Edit: the token is not allowed to register a\.com/);
    expect(toAppError(apiError(404, [{ code: 8000007, message: 'Project not found' }]), { action: 'x', scope: 'pages', resource: 'the Pages project p' }, ctx).message).toMatch(
      /^The Pages project p does not exist in Cloudflare account acc/,
    );
    expect(toAppError(apiError(409, [{ code: 8000002, message: 'exists' }]), { action: 'create p', scope: 'pages', conflictHint: 'Pick another.' }, ctx)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already taken.*Pick another\.$/),
    });
    expect(toAppError(new APIConnectionError({ message: 'Connection error.' }), { action: 'x', scope: 'pages' }, ctx).message).toMatch(/Could not reach the Cloudflare API/);
  });

  it('never repeats a secret, even when Cloudflare echoes it', () => {
    const e = toAppError(apiError(400, [{ code: 1, message: 'bad header Bearer super-secret-token-123' }]), { action: 'x', scope: 'pages' }, ctx);
    expect(e.message).not.toContain('super-secret-token-123');
    expect(e.message).toContain('[redacted]');
  });
});

describe('retry policy', () => {
  it('waits for Retry-After on 429, backs off on 5xx and network errors, never retries 4xx', () => {
    expect(retryDelay(apiError(429, [], { 'retry-after': '2' }), 1, { retryBaseDelayMs: 100 })).toBe(2000);
    const backoff = retryDelay(apiError(503, []), 3, { retryBaseDelayMs: 100 })!;
    expect(backoff).toBeGreaterThanOrEqual(320);
    expect(backoff).toBeLessThanOrEqual(480);
    expect(retryDelay(new APIConnectionError({ message: 'reset' }), 1, { retryBaseDelayMs: 100 })).toBeGreaterThan(0);
    for (const status of [400, 401, 403, 404, 409, 422]) expect(retryDelay(apiError(status, []), 1, { retryBaseDelayMs: 100 })).toBeNull();
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
