// @shipyard/deploy-core/provider-kit: what the cloud provider packages share at run time — the
// call path with bounded retries, the vendor error mapping, and small hosting helpers.
export {
  backoffDelay,
  delayBeforeRetry,
  formatMs,
  MAX_BACKOFF_MS,
  parseRateLimitReset,
  parseRetryAfter,
  sleep,
  type TFailedAttempt,
  type TRetryPolicy,
} from './retry';
export { createVendorCall, nullIfNotFound, type TCallOptions, type TVendorCallSpec } from './call';
export {
  capitalize,
  createVendorErrors,
  hidePostgresPasswords,
  messageOf,
  redact,
  type TFailureCase,
  type TFailureWords,
  type TVendorCallMeta,
  type TVendorErrorSpec,
  type TVendorFailure,
} from './errors';
export {
  bestEffort,
  DATABASE_ENV,
  formatBytes,
  hostLabel,
  mapLimit,
  pollUntil,
  withDatabaseEnv,
} from './hosting';
export { checkWith, retryPolicyOptions, type TCredentialCheck } from './options';
export { workerFunctionSource } from './worker-function';
