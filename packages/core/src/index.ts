export {
  AppError,
  errorCodeToTRPC,
  findCause,
  getAppErrorCode,
  isZodError,
  toTRPCError,
  type TAppErrorOptions,
  type TErrorCode,
} from './errors';
export {
  createCallerFactory,
  defineRouterFactory,
  internalErrorMessage,
  isOrgRole,
  mergeRouters,
  middleware,
  ORG_ROLES,
  orgProcedure,
  protectedProcedure,
  publicProcedure,
  roleAtLeast,
  router,
  ZOrgScopedInputSchema,
  type AnyShipyardRouter,
  type TContext,
  type TMembershipResolver,
  type TOrgRole,
  type TSession,
  type TShipyardErrorData,
  type TShipyardErrorShape,
} from './trpc';
export type { Logger } from 'pino';
export { childWithRequestId, createLogger } from './logger';
