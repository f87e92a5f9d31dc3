import { loadConfig } from '@shipyard/core/config';
import { describe, expect, it } from 'vitest';
import { parseConcurrencySpec, workerEnvPreset } from './env';

describe('parseConcurrencySpec', () => {
  it('reads JSON and queue=n lists', () => {
    expect(parseConcurrencySpec('{"editor.generate":2,"deploy.run":1}')).toEqual({
      'editor.generate': 2,
      'deploy.run': 1,
    });
    expect(parseConcurrencySpec(' editor.generate=2, deploy.run=1 ')).toEqual({
      'editor.generate': 2,
      'deploy.run': 1,
    });
    expect(parseConcurrencySpec('')).toEqual({});
  });

  it('names the bad entry', () => {
    expect(() => parseConcurrencySpec('editor.generate')).toThrow(
      'entry "editor.generate" is not of the form queue.name=number',
    );
    expect(() => parseConcurrencySpec('a.b=two')).toThrow(
      'concurrency of "a.b" must be a whole number >= 1, got "two"',
    );
    expect(() => parseConcurrencySpec('{"a.b":0}')).toThrow(
      'concurrency of "a.b" must be a whole number >= 1, got 0',
    );
    expect(() => parseConcurrencySpec('{oops')).toThrow('is not valid JSON');
  });
});

describe('workerEnvPreset', () => {
  it('applies the defaults', () => {
    expect(loadConfig([workerEnvPreset], { REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({
      WORKER_PORT: 9464,
      WORKER_CONCURRENCY: {},
      WORKER_SHUTDOWN_GRACE_MS: 30_000,
      JOBS_PREFIX: 'shipyard',
      LOG_LEVEL: 'info',
    });
  });

  it('lists every problem at once', () => {
    expect(() =>
      loadConfig([workerEnvPreset], {
        REDIS_URL: 'http://x',
        WORKER_PORT: 'abc',
        WORKER_CONCURRENCY: 'a=0',
      }),
    ).toThrow(/REDIS_URL[\s\S]*WORKER_PORT[\s\S]*WORKER_CONCURRENCY/);
  });
});
