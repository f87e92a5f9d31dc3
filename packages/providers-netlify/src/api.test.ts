import { describe, expect, it } from 'vitest';
import { parseRateLimitReset, parseRetryAfter, retryDelay } from './api';
import { NetlifyHttpError, redact, toAppError, vendorMessage } from './errors';

const http = (status: number | undefined, headers: Record<string, string> = {}) => new NetlifyHttpError(status, 'x', new Headers(headers));

describe('retry policy', () => {
  const now = Date.UTC(2025, 0, 1);
  it('waits for Retry-After (seconds or date), then X-RateLimit-Reset, on 429', () => {
    expect(retryDelay(http(429, { 'retry-after': '2' }), 1, { retryBaseDelayMs: 10 }, now)).toBe(2000);
    expect(retryDelay(http(429, { 'retry-after': new Date(now + 3000).toUTCString() }), 1, { retryBaseDelayMs: 10 }, now)).toBe(3000);
    expect(retryDelay(http(429, { 'x-ratelimit-reset': String(now / 1000 + 5) }), 1, { retryBaseDelayMs: 10 }, now)).toBe(5000);
  });
  it('backs off on 5xx and network errors, never retries other 4xx', () => {
    const d = retryDelay(http(503), 3, { retryBaseDelayMs: 100 }, now)!;
    expect(d).toBeGreaterThanOrEqual(320);
    expect(d).toBeLessThanOrEqual(480);
    expect(retryDelay(http(undefined), 1, { retryBaseDelayMs: 100 }, now)).toBeGreaterThan(0);
    for (const s of [400, 401, 403, 404, 409, 422]) expect(retryDelay(http(s), 1, { retryBaseDelayMs: 100 }, now)).toBeNull();
    expect(retryDelay(new Error('boom'), 1, { retryBaseDelayMs: 100 }, now)).toBeNull();
  });
  it('parses header values defensively', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRateLimitReset('abc')).toBeNull();
    expect(parseRateLimitReset(String(now / 1000 - 10), now)).toBe(0);
  });
});

describe('error messages', () => {
  it('reads Netlify error bodies', () => {
    expect(vendorMessage('{"errors":{"subdomain":["must be unique"]}}')).toBe('subdomain must be unique');
    expect(vendorMessage('{"code":401,"message":"Access Denied"}')).toBe('Access Denied');
    expect(vendorMessage('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
  });
  it('maps statuses to what the user must do, without the token', () => {
    const token = 'nfp_secret_token_123456';
    const e401 = toAppError(new NetlifyHttpError(401, `bad token ${token}`, null), { action: 'list sites', scope: 'sites' }, { secrets: [token] });
    expect(e401.code).toBe('PRECONDITION_FAILED');
    expect(e401.message).toMatch(/^Netlify token invalid or missing scope Sites/);
    expect(e401.message).not.toContain(token);
    expect(toAppError(new NetlifyHttpError(422, 'subdomain must be unique', null), { action: 'create', scope: 'sites', conflictHint: 'Pick another.' }, { secrets: [] }).code).toBe('CONFLICT');
    expect(toAppError(new NetlifyHttpError(404, 'Not Found', null), { action: 'read', scope: 'sites', resource: 'the Netlify site x' }, { secrets: [] }).message).toMatch(/^The Netlify site x does not exist/);
    expect(toAppError(new NetlifyHttpError(502, 'Bad gateway', null), { action: 'read', scope: 'sites' }, { secrets: [], attempts: 4 }).message).toMatch(/after 4 attempts \(HTTP 502: Bad gateway\)/);
    expect(redact('a secret-value b', ['secret-value'])).toBe('a [redacted] b');
  });
});
