import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors';
import { compareStreamIds, redisOptionsFromUrl } from './bullmq-shared';
import { assertJobId, backoffDelay, defineJob, UnrecoverableJobError } from './define-job';

const input = z.object({ id: z.string() });

describe('defineJob', () => {
  it('applies the default retry policy', () => {
    const job = defineJob({ name: 'editor.generate', input, process: async () => 1 });
    expect(job).toMatchObject({ name: 'editor.generate', attempts: 3, backoffMs: 1000 });
    expect(job.concurrency).toBeUndefined();
  });

  it('rejects names BullMQ cannot use and nonsense retry settings', () => {
    expect(() => defineJob({ name: 'editor:generate', input, process: async () => 1 })).toThrow(
      /Invalid job name/,
    );
    expect(() => defineJob({ name: 'Editor.Generate', input, process: async () => 1 })).toThrow(
      /Invalid job name/,
    );
    expect(() => defineJob({ name: 'a.b', input, attempts: 0, process: async () => 1 })).toThrow(
      /attempts must be an integer >= 1/,
    );
    expect(() => defineJob({ name: 'a.b', input, backoffMs: -1, process: async () => 1 })).toThrow(
      /backoffMs/,
    );
  });
});

describe('UnrecoverableJobError', () => {
  it('is recognised by brand, even from another copy of the package', () => {
    expect(UnrecoverableJobError.is(new UnrecoverableJobError('x'))).toBe(true);
    expect(UnrecoverableJobError.is(new Error('x'))).toBe(false);
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@shipyard/core.UnrecoverableJobError')]: true,
    });
    expect(UnrecoverableJobError.is(foreign)).toBe(true);
  });
});

describe('assertJobId', () => {
  it('accepts descriptive ids and rejects the ones BullMQ refuses', () => {
    expect(() => assertJobId('a.b', 'project-1-build')).not.toThrow();
    for (const bad of ['', '42', 'a:b', 'x'.repeat(300)]) {
      const error = (() => {
        try {
          assertJobId('a.b', bad);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(AppError.is(error) && error.code).toBe('VALIDATION');
    }
  });
});

describe('backoffDelay', () => {
  it('doubles from backoffMs, like BullMQ exponential backoff', () => {
    expect([1, 2, 3].map((n) => backoffDelay(1000, n))).toEqual([1000, 2000, 4000]);
  });
});

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials, db and TLS', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1:6379')).toEqual({
      host: '127.0.0.1',
      port: 6379,
    });
    expect(redisOptionsFromUrl('rediss://user:p%40ss@cache.example.com/2')).toEqual({
      host: 'cache.example.com',
      port: 6379,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: {},
    });
  });

  it('explains a bad URL without echoing it (it may hold a password)', () => {
    expect(() => redisOptionsFromUrl('http://x')).toThrow(/use redis:\/\/ or rediss:\/\//);
    expect(() => redisOptionsFromUrl('not a url with secret')).toThrow(
      /^Invalid Redis URL: expected/,
    );
    expect(() => redisOptionsFromUrl('not a url with secret')).not.toThrow(/secret/);
  });
});

describe('compareStreamIds', () => {
  it('orders by time, then sequence', () => {
    expect(compareStreamIds('10-1', '9-5')).toBeGreaterThan(0);
    expect(compareStreamIds('10-1', '10-2')).toBeLessThan(0);
    expect(compareStreamIds('10-2', '10-2')).toBe(0);
  });
});
