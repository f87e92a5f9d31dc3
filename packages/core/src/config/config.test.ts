import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError, defineEnvPreset, loadConfig, loadConfigOrExit } from './index';

const serverEnv = defineEnvPreset('server', {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATABASE_URL: z
    .string()
    .describe('libSQL URL of the platform database, e.g. file:.data/platform.db'),
  REDIS_URL: z.url().optional(),
});

const authEnv = defineEnvPreset(
  'auth',
  {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    BETTER_AUTH_SECRET: z.string().min(32).optional(),
  },
  {
    check(env, report) {
      if (env.NODE_ENV === 'production' && !env.BETTER_AUTH_SECRET) {
        report('BETTER_AUTH_SECRET', 'required in production — set it to 32+ random characters');
      }
    },
  },
);

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('merges the parsed values of every preset, with defaults and coercion', () => {
    const config = loadConfig([serverEnv, authEnv], {
      DATABASE_URL: 'file:.data/p.db',
      PORT: '8080',
      UNRELATED: 'x',
    });
    expect(config).toEqual({
      NODE_ENV: 'development',
      PORT: 8080,
      DATABASE_URL: 'file:.data/p.db',
    });
    // Types follow the presets.
    const port: number = config.PORT;
    const secret: string | undefined = config.BETTER_AUTH_SECRET;
    expect([port, secret]).toEqual([8080, undefined]);
  });

  it('lists every problem of every preset at once, by variable name', () => {
    const error = configError(() =>
      loadConfig([serverEnv, authEnv], {
        NODE_ENV: 'production',
        PORT: 'abc',
        REDIS_URL: 'not a url',
      }),
    );
    expect(error.issues).toEqual([
      { variable: 'PORT', message: "expected a number, got 'abc'" },
      {
        variable: 'DATABASE_URL',
        message: 'required — libSQL URL of the platform database, e.g. file:.data/platform.db',
      },
      { variable: 'REDIS_URL', message: "must be a URL, got 'not a url'" },
      {
        variable: 'BETTER_AUTH_SECRET',
        message: 'required in production — set it to 32+ random characters',
      },
    ]);
    expect(error.message).toBe(
      [
        'The configuration is invalid (4 problems):',
        "  - PORT: expected a number, got 'abc'",
        '  - DATABASE_URL: required — libSQL URL of the platform database, e.g. file:.data/platform.db',
        "  - REDIS_URL: must be a URL, got 'not a url'",
        '  - BETTER_AUTH_SECRET: required in production — set it to 32+ random characters',
        'Set these environment variables (for example in .env) and start again.',
      ].join('\n'),
    );
  });

  it('treats empty and blank strings as missing', () => {
    const error = configError(() => loadConfig([serverEnv], { DATABASE_URL: '', PORT: '  ' }));
    expect(error.issues).toEqual([
      { variable: 'DATABASE_URL', message: expect.stringMatching(/^required/) },
    ]);
    expect(loadConfig([serverEnv], { DATABASE_URL: 'file:x.db', PORT: '' }).PORT).toBe(3000);
  });

  it('reports range and enum problems with the allowed values', () => {
    const error = configError(() =>
      loadConfig([serverEnv], { DATABASE_URL: 'file:x', PORT: '70000', NODE_ENV: 'prod' }),
    );
    expect(error.issues).toEqual([
      {
        variable: 'NODE_ENV',
        message: "must be one of 'development', 'test', 'production', got 'prod'",
      },
      { variable: 'PORT', message: "must be at most 65535, got '70000'" },
    ]);
  });

  it('never echoes the value of a secret or the credentials in a URL', () => {
    const error = configError(() =>
      loadConfig(
        [authEnv, defineEnvPreset('db', { DATABASE_URL: z.url().startsWith('libsql://') })],
        { BETTER_AUTH_SECRET: 'hunter2', DATABASE_URL: 'postgres://admin:s3cret@db/app' },
      ),
    );
    expect(error.message).toContain(
      'BETTER_AUTH_SECRET: must be at least 32 characters long, got a value of 7 characters (not shown)',
    );
    expect(error.message).toContain('a URL with credentials (not shown)');
    expect(error.message).not.toMatch(/hunter2|s3cret/);
  });

  it('keeps a message written in the schema', () => {
    const preset = defineEnvPreset('x', {
      TOKEN_TTL: z.coerce.number({ error: 'must be a number of seconds' }),
    });
    expect(configError(() => loadConfig([preset], { TOKEN_TTL: 'soon' })).issues).toEqual([
      { variable: 'TOKEN_TTL', message: 'must be a number of seconds' },
    ]);
  });

  it('reports a problem shared by two presets once', () => {
    const a = defineEnvPreset('a', { SHARED: z.string() });
    const b = defineEnvPreset('b', { SHARED: z.string() });
    expect(configError(() => loadConfig([a, b], {})).issues).toHaveLength(1);
  });
});

describe('loadConfigOrExit', () => {
  it('prints one message with every problem and exits with status 1', () => {
    const error = vi.fn();
    const exit = vi.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    expect(() => loadConfigOrExit([serverEnv], { PORT: 'abc' }, { error, exit })).toThrow('exit 1');
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatch(
      /PORT: expected a number, got 'abc'\n {2}- DATABASE_URL: required/,
    );
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('returns the config when it is valid', () => {
    expect(loadConfigOrExit([serverEnv], { DATABASE_URL: 'file:x' }).PORT).toBe(3000);
  });
});
