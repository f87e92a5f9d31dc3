export { createLocalHost, COMPATIBILITY_DATE, databaseFile, databaseId } from './host/local-host.js';
export { LocalHostError, type TLocalHostErrorCode } from './host/errors.js';
export { MAX_ENV_VALUE_BYTES, MAX_ENV_VARS } from './host/names.js';
export type {
  TAppLogs,
  TAppStatus,
  TDbResult,
  TDeployInput,
  TDeploymentStatus,
  TDeployResult,
  THostedBuild,
  TErrorLogEntry,
  TLocalHost,
  TLocalHostLogger,
  TLocalHostOptions,
  TPromoteResult,
  TRequestLogEntry,
} from './host/types.js';
export { ZLocalHostOptionsSchema } from './host/options.js';
export { hostControl, startHostControlServer, createLocalHostClient, type TLocalHostControl } from './control/index.js';
export {
  createLocalDatabaseProvider,
  createLocalHostingProvider,
  localDatabase,
  localHosting,
  ZLocalProviderOptionsSchema,
} from './provider/index.js';
