import { Writable } from 'node:stream';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors';
import { childWithRequestId, createLogger } from './logger';
import {
  createCallerFactory,
  defineRouterFactory,
  orgProcedure,
  protectedProcedure,
  publicProcedure,
  roleAtLeast,
  router,
  ZOrgScopedInputSchema,
  type AnyShipyardRouter,
  type TContext,
  type TOrgRole,
  type TSession,
  type TShipyardErrorShape,
} from './trpc';

const ALICE: TSession = { userId: 'u_alice', email: 'alice@example.com', name: 'Alice' };

// org_1: alice is a member; org_2: alice is an owner; anything else: not a member.
const roles: Record<string, Record<string, TOrgRole>> = {
  org_1: { u_alice: 'member' },
  org_2: { u_alice: 'owner' },
};

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: stream }) };
}

function makeContext(session: TSession | null, requestId = 'req_test_1') {
  const { lines, logger } = captureLogs();
  const ctx: TContext = {
    requestId,
    session,
    logger: childWithRequestId(logger, requestId),
    membership: { getRole: async (orgId, userId) => roles[orgId]?.[userId] ?? null },
  };
  return { ctx, lines };
}

const createTestRouter = defineRouterFactory((deps: { greeting: string }) =>
  router({
    hello: publicProcedure
      .input(z.object({ name: z.string().min(2) }))
      .query(({ input }) => `${deps.greeting}, ${input.name}`),
    me: protectedProcedure.query(({ ctx }) => ctx.session.email),
    viewOrg: orgProcedure()
      .input(ZOrgScopedInputSchema)
      .query(({ ctx }) => ({ id: ctx.org.id, role: ctx.org.role })),
    renameOrg: orgProcedure('admin')
      .input(z.object({ orgId: z.string(), name: z.string().min(1) }))
      .mutation(({ ctx, input }) => ({ id: ctx.org.id, name: input.name })),
    crash: publicProcedure.query((): string => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    }),
    conflict: publicProcedure.mutation((): string => {
      throw new AppError(
        'CONFLICT',
        'A project with this name already exists; pick another name.',
        {
          details: { field: 'name' },
        },
      );
    }),
    internalAppError: publicProcedure.query((): string => {
      throw new AppError('INTERNAL', 'Key k9 missing from the keyring');
    }),
    trpcNotFound: publicProcedure.query((): string => {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No such thing.' });
    }),
  }),
);

const appRouter = createTestRouter({ greeting: 'Hi' });
const createCaller = createCallerFactory(appRouter);

// Type-level: a built router satisfies AnyShipyardRouter.
const _mountable: AnyShipyardRouter = appRouter;

async function callerError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('roleAtLeast', () => {
  it('orders owner > admin > member > viewer', () => {
    expect(roleAtLeast('owner', 'admin')).toBe(true);
    expect(roleAtLeast('admin', 'admin')).toBe(true);
    expect(roleAtLeast('member', 'admin')).toBe(false);
    expect(roleAtLeast('viewer', 'member')).toBe(false);
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
    expect(roleAtLeast('guest' as TOrgRole, 'viewer')).toBe(false);
  });
});

describe('procedures through createCaller', () => {
  it('passes input and deps to a public procedure', async () => {
    const caller = createCaller(makeContext(null).ctx);
    await expect(caller.hello({ name: 'Ada' })).resolves.toBe('Hi, Ada');
  });

  it('rejects an anonymous user from a protected procedure with UNAUTHORIZED', async () => {
    const error = await callerError(createCaller(makeContext(null).ctx).me());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe('You need to sign in to do this.');
    expect(AppError.is(error.cause) && error.cause.code).toBe('UNAUTHORIZED');
  });

  it('lets a signed-in user through a protected procedure', async () => {
    await expect(createCaller(makeContext(ALICE).ctx).me()).resolves.toBe('alice@example.com');
  });

  it('rejects an anonymous user from an org procedure before checking membership', async () => {
    const error = await callerError(
      createCaller(makeContext(null).ctx).viewOrg({ orgId: 'org_1' }),
    );
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('rejects a non-member with FORBIDDEN', async () => {
    const error = await callerError(
      createCaller(makeContext(ALICE).ctx).viewOrg({ orgId: 'org_other' }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('You are not a member of this organization.');
  });

  it('rejects a member whose role is too low', async () => {
    const error = await callerError(
      createCaller(makeContext(ALICE).ctx).renameOrg({ orgId: 'org_1', name: 'New' }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('This action needs the admin role; you are member.');
  });

  it('lets a member with enough role through and exposes ctx.org', async () => {
    const caller = createCaller(makeContext(ALICE).ctx);
    await expect(caller.viewOrg({ orgId: 'org_1' })).resolves.toEqual({
      id: 'org_1',
      role: 'member',
    });
    await expect(caller.renameOrg({ orgId: 'org_2', name: 'Acme' })).resolves.toEqual({
      id: 'org_2',
      name: 'Acme',
    });
  });

  it('rejects a missing or empty orgId as a validation error', async () => {
    const caller = createCaller(makeContext(ALICE).ctx);
    const empty = await callerError(caller.viewOrg({ orgId: '  ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(AppError.is(empty.cause) && empty.cause.code).toBe('VALIDATION');
    const missing = await callerError(caller.viewOrg({} as { orgId: string }));
    expect(missing.code).toBe('BAD_REQUEST');
  });

  it('keeps the code of an AppError thrown by a resolver', async () => {
    const error = await callerError(createCaller(makeContext(null).ctx).conflict());
    expect(error.code).toBe('CONFLICT');
  });

  it('logs an unexpected error once, with the request id', async () => {
    const { ctx, lines } = makeContext(null, 'req_crash');
    const error = await callerError(createCaller(ctx).crash());
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    const logged = lines.filter((line) => line.level === 50);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      requestId: 'req_crash',
      path: 'crash',
      err: { message: expect.stringContaining('ECONNREFUSED') },
    });
  });
});

type THttpError = { status: number; shape: TShipyardErrorShape };

async function http(
  path: string,
  opts: { session?: TSession | null; input?: unknown; method?: 'GET' | 'POST'; requestId?: string },
) {
  const { ctx, lines } = makeContext(opts.session ?? null, opts.requestId);
  const method = opts.method ?? 'GET';
  const encoded = JSON.stringify(superjson.serialize(opts.input));
  const url = new URL(`http://localhost/api/trpc/${path}`);
  if (method === 'GET' && opts.input !== undefined) url.searchParams.set('input', encoded);
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    router: appRouter,
    req: new Request(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? encoded : undefined,
    }),
    createContext: () => ctx,
  });
  const body = (await response.json()) as { error?: unknown; result?: { data: unknown } };
  return { response, body, lines };
}

async function httpError(
  path: string,
  opts: Parameters<typeof http>[1],
): Promise<THttpError & { lines: unknown[] }> {
  const { response, body, lines } = await http(path, opts);
  expect(body.error).toBeDefined();
  // The wire format is superjson-encoded: { json: shape }.
  const shape = superjson.deserialize(body.error as never) as TShipyardErrorShape;
  return { status: response.status, shape, lines };
}

describe('procedures over HTTP (fetchRequestHandler)', () => {
  it('returns data for an allowed call', async () => {
    const { response, body } = await http('viewOrg', { session: ALICE, input: { orgId: 'org_2' } });
    expect(response.status).toBe(200);
    expect(superjson.deserialize(body.result!.data as never)).toEqual({
      id: 'org_2',
      role: 'owner',
    });
  });

  it('answers 401 with appCode UNAUTHORIZED for an anonymous user', async () => {
    const { status, shape } = await httpError('me', {});
    expect(status).toBe(401);
    expect(shape.message).toBe('You need to sign in to do this.');
    expect(shape.data).toMatchObject({
      code: 'UNAUTHORIZED',
      appCode: 'UNAUTHORIZED',
      httpStatus: 401,
      path: 'me',
      zodError: null,
    });
  });

  it('answers 403 with appCode FORBIDDEN for a non-member and for a too-low role', async () => {
    const nonMember = await httpError('viewOrg', { session: ALICE, input: { orgId: 'org_9' } });
    expect(nonMember.status).toBe(403);
    expect(nonMember.shape.data.appCode).toBe('FORBIDDEN');
    expect(nonMember.shape.message).toBe('You are not a member of this organization.');

    const lowRole = await httpError('renameOrg', {
      session: ALICE,
      method: 'POST',
      input: { orgId: 'org_1', name: 'X' },
    });
    expect(lowRole.status).toBe(403);
    expect(lowRole.shape.data).toMatchObject({
      appCode: 'FORBIDDEN',
      details: { requiredRole: 'admin', role: 'member' },
    });
  });

  it('exposes zod field errors for invalid input as VALIDATION', async () => {
    const { status, shape } = await httpError('hello', { input: { name: 'A' } });
    expect(status).toBe(400);
    expect(shape.data.appCode).toBe('VALIDATION');
    expect(shape.data.zodError?.fieldErrors.name?.[0]).toMatch(/2/);
    expect(shape.message).toMatch(/^Some fields are invalid \(name: /);
  });

  it('exposes zod errors for a bad orgId too', async () => {
    const { status, shape } = await httpError('viewOrg', { session: ALICE, input: { orgId: '' } });
    expect(status).toBe(400);
    expect(shape.data.appCode).toBe('VALIDATION');
    expect(shape.data.zodError?.fieldErrors.orgId).toEqual(['orgId must not be empty']);
  });

  it('maps AppError codes to HTTP statuses and sends details', async () => {
    const { status, shape } = await httpError('conflict', { method: 'POST' });
    expect(status).toBe(409);
    expect(shape.message).toBe('A project with this name already exists; pick another name.');
    expect(shape.data).toMatchObject({ appCode: 'CONFLICT', details: { field: 'name' } });
  });

  it('hides the message and stack of an unexpected error and logs it with the request id', async () => {
    const { status, shape, lines } = await httpError('crash', { requestId: 'req_42' });
    expect(status).toBe(500);
    expect(shape.message).toBe(
      'Something went wrong on our side. Try again; if it keeps happening, contact support with request id req_42.',
    );
    expect(shape.data.appCode).toBe('INTERNAL');
    expect(shape.data).not.toHaveProperty('stack');
    expect(JSON.stringify(shape)).not.toMatch(/ECONNREFUSED|hunter2/);
    const errors = (lines as Record<string, unknown>[]).filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ requestId: 'req_42', path: 'crash' });
  });

  it('hides the message of an INTERNAL AppError and omits its details', async () => {
    const { status, shape } = await httpError('internalAppError', { requestId: 'req_43' });
    expect(status).toBe(500);
    expect(shape.message).not.toContain('k9');
    expect(shape.data.details).toBeUndefined();
  });

  it('gives plain TRPCErrors an appCode', async () => {
    const { status, shape } = await httpError('trpcNotFound', {});
    expect(status).toBe(404);
    expect(shape.data).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    expect(shape.message).toBe('No such thing.');
  });

  it('formats an AppError that arrives wrapped as INTERNAL, as errors thrown inside a subscription stream do', () => {
    const { ctx } = makeContext(ALICE);
    const error = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: new AppError('NOT_FOUND', 'No such job.'),
    });
    const shape = appRouter._def._config.errorFormatter({
      error,
      ctx,
      type: 'subscription',
      path: 'jobs.watch',
      input: undefined,
      shape: {
        message: error.message,
        code: -32603,
        data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 },
      },
    });
    expect(shape).toMatchObject({
      message: 'No such job.',
      code: -32004,
      data: { code: 'NOT_FOUND', httpStatus: 404, appCode: 'NOT_FOUND' },
    });
  });

  it('answers an unknown procedure with NOT_FOUND', async () => {
    const { status, shape } = await httpError('nope', {});
    expect(status).toBe(404);
    expect(shape.data.appCode).toBe('NOT_FOUND');
  });
});
