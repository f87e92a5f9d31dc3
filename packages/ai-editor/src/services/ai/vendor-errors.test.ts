import { describe, expect, it } from 'vitest';

import { AiProviderError, redactSecrets } from './errors';
import { clampMaxRetries, parseRetryAfterMs, toAiProviderError, type TVendorContext } from './vendor-errors';

const KEY = 'sk-proj-abcdefghijklmnop1234567890';
const ctx: TVendorContext = {
  providerId: 'openai',
  service: 'the OpenAI API',
  keyVariable: 'OPENAI_API_KEY',
  modelVariable: 'OPENAI_MODEL',
  baseURLVariable: 'OPENAI_BASE_URL',
  baseURL: 'https://api.openai.com/v1',
  apiKey: KEY,
  model: 'gpt-4.1',
  maxRetries: 2,
  timeoutMs: 600_000,
};

describe('parseRetryAfterMs', () => {
  it('reads retry-after-ms, retry-after seconds and retry-after dates', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '1500.4' }))).toBe(1500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.parse('2025-11-21T10:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Fri, 21 Nov 2025 10:00:30 GMT' }), now)).toBe(30_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Fri, 21 Nov 2025 09:00:00 GMT' }), now)).toBe(0);
  });

  it('prefers retry-after-ms and ignores junk', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '-3' }))).toBeUndefined();
    expect(parseRetryAfterMs(new Headers())).toBeUndefined();
  });
});

describe('redactSecrets', () => {
  it('removes the key and anything shaped like a vendor key or bearer token', () => {
    expect(redactSecrets(`bad key ${KEY}!`, [KEY])).toBe('bad key [redacted]!');
    expect(redactSecrets('other sk-ant-api03-ZZZZZZZZZZZZ here', [])).toBe('other [redacted] here');
    expect(redactSecrets('header Bearer abc.def.ghijklmnop', [])).toBe('header [redacted]');
    expect(redactSecrets('nothing secret', [KEY])).toBe('nothing secret');
  });
});

describe('toAiProviderError', () => {
  const http = (status: number, message?: string, headers: Record<string, string> = {}) =>
    toAiProviderError(
      { kind: 'http', status, message, errorType: undefined, errorCode: undefined, headers: new Headers(headers), requestId: 'req_1' },
      ctx,
    );

  it('never passes a 401 body on, since vendors quote the key in it', () => {
    const error = http(401, `Incorrect API key provided: ${KEY}`);
    expect(error.code).toBe('AUTH');
    expect(error.message).toBe('The OpenAI API rejected the key (HTTP 401). Check OPENAI_API_KEY.');
    expect(JSON.stringify(error)).not.toContain('sk-proj');
  });

  it('says how long to wait on a 429 and flags an exhausted quota', () => {
    const limited = http(429, 'Slow down', { 'retry-after': '3' });
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.retryAfterMs).toBe(3000);
    expect(limited.message).toBe('The OpenAI API is rate limiting requests (HTTP 429 after 3 attempts): Slow down. Try again in 3 s.');

    const quota = toAiProviderError(
      { kind: 'http', status: 429, message: 'You exceeded your current quota', errorType: 'insufficient_quota', errorCode: 'insufficient_quota', headers: new Headers(), requestId: undefined },
      ctx,
    );
    expect(quota.code).toBe('RATE_LIMITED');
    expect(quota.message).toContain('no quota left');
    expect(quota.retryAfterMs).toBeUndefined();
  });

  it('maps 5xx, 404 and other 4xx to UNAVAILABLE with the vendor reason', () => {
    expect(http(502, 'Bad gateway').message).toBe(
      'The OpenAI API failed with HTTP 502 after 3 attempts: Bad gateway. Try again in a few minutes.',
    );
    expect(http(503, undefined, { 'x-should-retry': 'false' }).message).toBe(
      'The OpenAI API failed with HTTP 503. Try again in a few minutes.',
    );
    expect(http(404).message).toContain('does not offer model "gpt-4.1"');
    const bad = http(400, "This model's maximum context length is 128000 tokens");
    expect(bad.code).toBe('UNAVAILABLE');
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('maximum context length');
  });

  it('truncates long vendor messages', () => {
    expect(http(500, 'x'.repeat(5000)).message.length).toBeLessThan(600);
  });

  it('serialises only safe fields and is recognised by brand', () => {
    const error = http(429, 'Slow down', { 'retry-after-ms': '10' });
    expect(error.toJSON()).toEqual({
      name: 'AiProviderError',
      code: 'RATE_LIMITED',
      message: error.message,
      providerId: 'openai',
      retryAfterMs: 10,
      status: 429,
      requestId: 'req_1',
    });
    expect(AiProviderError.is(error)).toBe(true);
    expect(AiProviderError.is(new Error('x'))).toBe(false);
    expect(AiProviderError.is({ code: 'AUTH', name: 'AiProviderError' })).toBe(false);
    // A copy from a duplicate install carries the same global-symbol brand.
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('@shipyard/ai-editor/AiProviderError'), { value: true });
    expect(AiProviderError.is(foreign)).toBe(true);
  });
});

describe('clampMaxRetries', () => {
  it('defaults to 2 and keeps retries between 0 and 5', () => {
    expect(clampMaxRetries(undefined)).toBe(2);
    expect(clampMaxRetries(0)).toBe(0);
    expect(clampMaxRetries(3)).toBe(3);
    expect(clampMaxRetries(50)).toBe(5);
    expect(clampMaxRetries(-1)).toBe(0);
    expect(clampMaxRetries(1.5)).toBe(0);
  });
});
