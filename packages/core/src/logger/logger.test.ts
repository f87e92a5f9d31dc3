import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { childWithRequestId, createLogger, REDACT_PATHS, redactSecrets } from './index';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('redacts passwords, tokens and authorization headers wherever they sit', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    logger.info(
      {
        password: 'hunter2',
        user: { email: 'a@example.com', token: 'tok_abc' },
        req: {
          headers: {
            authorization: 'Bearer eyJhbGciOi',
            cookie: 'session=xyz',
            'set-cookie': 'sid=1',
            accept: 'text/html',
          },
        },
        provider: { config: { apiKey: 'sk-live-123', region: 'eu' } },
        env: [{ key: 'STRIPE_KEY', value: 'rk_live_9' }],
      },
      'signed in',
    );
    const text = out.text();
    for (const secret of [
      'hunter2',
      'tok_abc',
      'eyJhbGciOi',
      'session=xyz',
      'sid=1',
      'sk-live-123',
      'rk_live_9',
    ]) {
      expect(text).not.toContain(secret);
    }
    const [line] = out.lines();
    expect(line).toMatchObject({
      msg: 'signed in',
      password: '[redacted]',
      user: { email: 'a@example.com', token: '[redacted]' },
      req: {
        headers: {
          authorization: '[redacted]',
          cookie: '[redacted]',
          'set-cookie': '[redacted]',
          accept: 'text/html',
        },
      },
      provider: { config: { apiKey: '[redacted]', region: 'eu' } },
      env: [{ key: 'STRIPE_KEY', value: '[redacted]' }],
    });
  });

  it('redacts secrets in child bindings too', () => {
    const out = capture();
    createLogger({ destination: out.stream }).child({ secret: 'abc123' }).warn('x');
    expect(out.text()).not.toContain('abc123');
  });

  it('adds the request id to every line of a child logger', () => {
    const out = capture();
    const logger = childWithRequestId(
      createLogger({ name: 'platform', destination: out.stream }),
      'req_7',
    );
    logger.info('one');
    logger.error({ err: new Error('boom') }, 'two');
    expect(out.lines()).toMatchObject([
      { requestId: 'req_7', name: 'platform', msg: 'one', level: 30 },
      { requestId: 'req_7', msg: 'two', level: 50, err: { message: 'boom', type: 'Error' } },
    ]);
  });

  it('respects the level', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((line) => line.msg)).toEqual(['shown']);
  });

  it('rejects an unknown level with the valid ones', () => {
    expect(() => createLogger({ level: 'verbose' })).toThrow(
      /Unknown log level "verbose". Use one of: .*debug/,
    );
  });

  it('prints readable lines in pretty mode, still redacted', () => {
    const out = capture();
    const logger = childWithRequestId(
      createLogger({ pretty: true, name: 'worker', destination: out.stream }),
      'req_9',
    );
    logger.info({ job: 'editor.generate', token: 't0p' }, 'job started');
    const text = out.text();
    expect(text).toMatch(
      /^\d{2}:\d{2}:\d{2}\.\d{3} INFO {2}\(worker\) \[req_9\] job started \{"job":"editor.generate","token":"\[redacted\]"\}\n$/,
    );
  });

  it('covers nested keys up to three levels deep', () => {
    expect(REDACT_PATHS).toEqual(
      expect.arrayContaining(['password', '*.password', '*.*.password', '*.*.*.password']),
    );
  });

  it('redacts secrets inside logged errors (e.g. an HTTP client error carrying request headers)', () => {
    const out = capture();
    const error = Object.assign(new Error('Request failed with status 401'), {
      config: { url: 'https://api.vendor.test', headers: { Authorization: 'Bearer vendor-token' } },
    });
    createLogger({ destination: out.stream }).error({ err: error }, 'vendor call failed');
    expect(out.text()).not.toContain('vendor-token');
    expect(out.lines()[0]).toMatchObject({
      err: {
        message: 'Request failed with status 401',
        config: { headers: { Authorization: '[redacted]' } },
      },
    });
  });
});

describe('redactSecrets', () => {
  const samples: Record<string, unknown>[] = [
    {
      password: 'a',
      a: {
        token: 'b',
        b: { secret: 'c', c: { apiKey: 'd', d: { password: 'depth 4 is not covered' } } },
      },
    },
    {
      env: [{ key: 'A', value: 'x' }],
      deploy: { vars: { A: { value: 'y' } } },
      list: [{ cookie: 'z' }],
      value: 'kept',
    },
    {
      req: { headers: { 'set-cookie': ['a=1'], authorization: 'x', 'x-api-key': 'k', host: 'h' } },
    },
    {
      user: { id: 'u1', email: 'a@b.c' },
      n: 1,
      tags: ['a', 'b'],
      nested: [[{ refreshToken: 'r' }]],
    },
  ];

  it.each(samples.map((sample, index) => [index, sample] as const))(
    'matches pino redaction with REDACT_PATHS (sample %i)',
    (_index, sample) => {
      const out = capture();
      pino(
        { redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: null, timestamp: false },
        out.stream,
      ).info(sample);
      const { level: _level, ...viaPino } = out.lines()[0]!;
      expect(redactSecrets(sample)).toEqual(viaPino);
    },
  );

  it('never mutates its input and returns unchanged objects as they are', () => {
    const input = { user: { token: 't', name: 'n' }, other: { a: 1 } };
    const output = redactSecrets(input);
    expect(input.user.token).toBe('t');
    expect(output.user).toEqual({ token: '[redacted]', name: 'n' });
    expect(output.other).toBe(input.other);
    const clean = { a: { b: 1 } };
    expect(redactSecrets(clean)).toBe(clean);
  });

  it('matches keys case-insensitively', () => {
    expect(redactSecrets({ headers: { AUTHORIZATION: 'x', Cookie: 'y' } })).toEqual({
      headers: { AUTHORIZATION: '[redacted]', Cookie: '[redacted]' },
    });
  });
});
