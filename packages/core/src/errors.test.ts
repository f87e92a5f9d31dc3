import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, errorCodeToTRPC, getAppErrorCode, toTRPCError, type TErrorCode } from './errors';

describe('AppError', () => {
  it('takes (code, message, options) or one object', () => {
    const cause = new Error('socket hang up');
    const a = new AppError('PROVIDER_ERROR', 'Cloudflare did not answer; try again.', {
      details: { provider: 'cloudflare' },
      cause,
    });
    const b = new AppError({ code: 'NOT_FOUND', message: 'No such project.' });
    expect(a).toMatchObject({
      name: 'AppError',
      code: 'PROVIDER_ERROR',
      details: { provider: 'cloudflare' },
      cause,
    });
    expect(b).toMatchObject({ code: 'NOT_FOUND', message: 'No such project.' });
    expect(b.details).toBeUndefined();
    expect(a).toBeInstanceOf(Error);
  });

  it('is recognised by brand, not by class identity', () => {
    const fromAnotherCopy = Object.assign(new Error('x'), { code: 'CONFLICT' });
    Object.defineProperty(fromAnotherCopy, Symbol.for('@shipyard/core.AppError'), { value: true });
    expect(AppError.is(fromAnotherCopy)).toBe(true);
    expect(AppError.is(Object.assign(new Error('x'), { code: 'CONFLICT' }))).toBe(false);
    expect(AppError.is(null)).toBe(false);
    expect(AppError.is(new AppError('BUSY', 'busy'))).toBe(true);
  });
});

describe('toTRPCError', () => {
  it('maps every AppError code through the single table', () => {
    for (const code of Object.keys(errorCodeToTRPC) as TErrorCode[]) {
      const error = toTRPCError(new AppError(code, 'm'));
      expect(error.code).toBe(errorCodeToTRPC[code]);
      expect(getAppErrorCode(error)).toBe(code);
    }
    expect(errorCodeToTRPC.RATE_LIMITED).toBe('TOO_MANY_REQUESTS');
    expect(errorCodeToTRPC.PROVIDER_ERROR).toBe('BAD_GATEWAY');
  });

  it('restores the code of an AppError that tRPC wrapped as INTERNAL_SERVER_ERROR', () => {
    const wrapped = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: new AppError('FORBIDDEN', 'no'),
    });
    expect(toTRPCError(wrapped).code).toBe('FORBIDDEN');
  });

  it('turns a ZodError into VALIDATION and anything else into INTERNAL', () => {
    const zodError = z.object({ a: z.string() }).safeParse({}).error;
    expect(toTRPCError(zodError).code).toBe('BAD_REQUEST');
    expect(getAppErrorCode(toTRPCError(zodError))).toBe('VALIDATION');
    expect(toTRPCError(new Error('boom')).code).toBe('INTERNAL_SERVER_ERROR');
    expect(toTRPCError('a string').code).toBe('INTERNAL_SERVER_ERROR');
    expect(getAppErrorCode(new Error('boom'))).toBe('INTERNAL');
  });

  it('leaves other TRPCErrors alone and derives their appCode', () => {
    const error = new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'slow down' });
    expect(toTRPCError(error)).toBe(error);
    expect(getAppErrorCode(error)).toBe('RATE_LIMITED');
  });
});
