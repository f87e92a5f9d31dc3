import {
  initTRPC,
  type TRPCDefaultErrorShape,
  type TRPCErrorFormatter,
  type TRPCError,
  type TRPCRouterDef,
  type TRPCRouterRecord,
} from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Logger } from 'pino';
import superjson from 'superjson';
import { z } from 'zod';
import {
  AppError,
  findCause,
  getAppErrorCode,
  isZodError,
  toTRPCError,
  type TErrorCode,
} from './errors';

/** Organization roles, highest first. */
export type TOrgRole = 'owner' | 'admin' | 'member' | 'viewer';
export const ORG_ROLES: readonly TOrgRole[] = ['owner', 'admin', 'member', 'viewer'];
const ROLE_RANK: Record<TOrgRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function isOrgRole(value: unknown): value is TOrgRole {
  return typeof value === 'string' && Object.hasOwn(ROLE_RANK, value);
}

/** True when `role` is `min` or higher (owner > admin > member > viewer). Unknown roles are never enough. */
export function roleAtLeast(role: TOrgRole, min: TOrgRole): boolean {
  return isOrgRole(role) && isOrgRole(min) && ROLE_RANK[role] >= ROLE_RANK[min];
}

export type TSession = { userId: string; email: string; name: string };

/** Answers "which role does this user have in this organization?" — null when not a member. */
export interface TMembershipResolver {
  getRole(orgId: string, userId: string): Promise<TOrgRole | null>;
}

/** The context every procedure receives. The host builds it once per request in `createContext`. */
export interface TContext {
  requestId: string;
  session: TSession | null;
  /** A child logger that already carries `requestId`. */
  logger: Logger;
  membership: TMembershipResolver;
  ip?: string | null;
}

/** `data` of every error the client receives. */
export type TShipyardErrorData = TRPCDefaultErrorShape['data'] & {
  appCode: TErrorCode;
  /** Field errors (z.flattenError) for VALIDATION errors that came from zod, else null. */
  zodError: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
  /** AppError details, for every code except INTERNAL. */
  details?: Record<string, unknown>;
};
export type TShipyardErrorShape = Omit<TRPCDefaultErrorShape, 'data'> & {
  data: TShipyardErrorData;
};

export function internalErrorMessage(requestId: string | undefined): string {
  return requestId
    ? `Something went wrong on our side. Try again; if it keeps happening, contact support with request id ${requestId}.`
    : 'Something went wrong on our side. Try again; if it keeps happening, contact support.';
}

// Errors already written to the log, so the middleware and the formatter never log one twice.
const loggedErrors = new WeakSet<object>();

function logInternalError(
  ctx: TContext | undefined,
  error: TRPCError,
  path: string | undefined,
  type: string,
): void {
  if (!ctx?.logger || loggedErrors.has(error)) return;
  loggedErrors.add(error);
  const cause = error.cause ?? error;
  ctx.logger.error(
    { err: cause, path, type },
    `Unhandled error in ${type} ${path ?? '(unknown path)'}`,
  );
}

function describeZodError(error: z.core.$ZodError): string {
  const fields = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return `Some fields are invalid (${fields.join('; ')}${more}). Correct them and try again.`;
}

const errorFormatter: TRPCErrorFormatter<TContext, TShipyardErrorShape> = ({
  shape,
  error,
  ctx,
  path,
  type,
}) => {
  const normalized = toTRPCError(error);
  const appCode = getAppErrorCode(normalized);
  const appError = findCause(normalized, AppError.is);
  const zodError = appCode === 'VALIDATION' ? findCause(normalized, isZodError) : undefined;

  let message = normalized.message;
  if (appCode === 'INTERNAL') {
    logInternalError(ctx, normalized, path, type);
    message = internalErrorMessage(ctx?.requestId);
  } else if (zodError && !appError) {
    message = describeZodError(zodError);
  }

  const data: TShipyardErrorData = {
    code: normalized.code,
    httpStatus: getHTTPStatusCodeFromError(normalized),
    appCode,
    zodError: zodError ? z.flattenError(zodError) : null,
  };
  if (shape.data.path !== undefined) data.path = shape.data.path;
  if (appCode !== 'INTERNAL' && appError?.details) data.details = appError.details;
  // No stack: it is in the server log, next to the request id.
  return { message, code: TRPC_ERROR_CODES_BY_KEY[normalized.code], data };
};

const t = initTRPC.context<TContext>().create({ transformer: superjson, errorFormatter });

type TShipyardRoot = (typeof t)['_config']['$types'];

/** Any router built with this package's tRPC instance (what a host mounts). */
export type AnyShipyardRouter = { _def: TRPCRouterDef<TShipyardRoot, TRPCRouterRecord> };

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Every procedure starts here: AppErrors keep their code (tRPC would turn them into 500s), and
 * unexpected errors are logged with the request id before the client gets a generic message.
 */
const errorBoundary = t.middleware(async ({ ctx, path, type, next }) => {
  const result = await next();
  if (result.ok) return result;
  const error = toTRPCError(result.error);
  if (getAppErrorCode(error) === 'INTERNAL') logInternalError(ctx, error, path, type);
  return { ...result, error };
});

export const publicProcedure = t.procedure.use(errorBoundary);

/** Requires a signed-in user; `ctx.session` is non-null inside. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new AppError('UNAUTHORIZED', 'You need to sign in to do this.');
  return next({ ctx: { session: ctx.session } });
});

/** The part of an org-scoped procedure's input that {@link orgProcedure} reads. Extend it for your input. */
export const ZOrgScopedInputSchema = z.object({
  orgId: z.string({ error: 'orgId is required' }).trim().min(1, 'orgId must not be empty'),
});

function createOrgProcedure(minRole: TOrgRole) {
  return protectedProcedure.use(async ({ ctx, getRawInput, next }) => {
    const parsed = ZOrgScopedInputSchema.safeParse(await getRawInput());
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION',
        'This request needs the id of the organization it acts on (orgId).',
        {
          cause: parsed.error,
        },
      );
    }
    const orgId = parsed.data.orgId;
    const role = await ctx.membership.getRole(orgId, ctx.session.userId);
    if (!isOrgRole(role)) {
      throw new AppError('FORBIDDEN', 'You are not a member of this organization.');
    }
    if (!roleAtLeast(role, minRole)) {
      throw new AppError('FORBIDDEN', `This action needs the ${minRole} role; you are ${role}.`, {
        details: { requiredRole: minRole, role },
      });
    }
    return next({ ctx: { org: { id: orgId, role } } });
  });
}

const orgProcedures = {
  owner: createOrgProcedure('owner'),
  admin: createOrgProcedure('admin'),
  member: createOrgProcedure('member'),
  viewer: createOrgProcedure('viewer'),
};

/**
 * An org-scoped procedure: the input must contain `{ orgId: string }` (declare it in your
 * `.input()`, e.g. `ZOrgScopedInputSchema.extend({...})`). Rejects with FORBIDDEN unless the user
 * is a member with at least `minRole` (default `viewer`); inside, `ctx.org` is `{ id, role }`.
 */
export function orgProcedure(minRole: TOrgRole = 'viewer') {
  const procedure = orgProcedures[minRole];
  if (!procedure)
    throw new AppError('INTERNAL', `orgProcedure: unknown role "${String(minRole)}".`);
  return procedure;
}

/**
 * Declares a package's route factory: everything the routes need comes in through `deps`, so the
 * host decides the database, queue, logger and policies, and tests pass fakes.
 *
 * ```ts
 * export const createEditorRouter = defineRouterFactory((deps: TEditorDeps) =>
 *   router({ listProjects: listProjectsRoute(deps) }),
 * );
 * ```
 */
export function defineRouterFactory<TDeps, TRouter extends AnyShipyardRouter>(
  build: (deps: TDeps) => TRouter,
): (deps: TDeps) => TRouter {
  return (deps) => build(deps);
}
