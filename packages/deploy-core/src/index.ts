// Build step, SQL schema tools and the runtime package set (owned by the build/runtime work).
export * from './services/build/index.js';
export * from './services/schema/index.js';
export * from './runtime/index.js';

// Deployments: data, provider interfaces, orchestrator, service, queries, job and router.
export { createDeployDb, DEPLOY_MIGRATIONS_DIR, type DeployDb } from './db.js';
export { slugify, validateDomainName, validateSlug } from './validation.js';
export type * from './providers/types.js';
export {
  assertDatabaseReachable,
  createProviderRegistry,
  mergeProviderSets,
  type ProviderRegistry,
  type TOrgProviderSource,
  type TProviderLookup,
  type TProviderRegistryOptions,
  type TProviderSet,
} from './providers/registry.js';
// Per-org provider credentials: the catalog a host offers, the encrypted store, the org source.
export * from './credentials/index.js';
export {
  createDnsDomainProvider,
  VERIFICATION_LABEL,
  type TDnsDomainOptions,
  type TDnsLookups,
} from './providers/dns-domain.js';
export {
  WEB_DEPLOY_STEPS,
  TERMINAL_DEPLOY_STATUSES,
  type TDeployStatus,
  type TDeployStepName,
  type TStepStatus,
} from './services/steps.js';
export { prepareData, prepareSchema, type TSqlDialect } from './services/sql.js';
export {
  createOrchestrator,
  type Orchestrator,
  type TAppSource,
  type TDeployOptions,
  type TOrchestratorDeps,
  type TRunOptions,
} from './services/orchestrator.js';
export {
  APP_PLATFORMS,
  createDeployService,
  MAX_PREVIEW_DATA_BYTES,
  validateEnvVars,
  type DeployService,
  type TAppPlatform,
  type TDeployServiceDeps,
} from './services/deploy-service.js';
export {
  createDeployQueries,
  type DeployQueries,
  type TDeploymentProgress,
} from './services/deploy-queries.js';
export { createDeployWebJob, DEPLOY_WEB_JOB, type DeployWebJob } from './jobs/index.js';
export {
  createDeployRouter,
  ZDeployWebRequestSchema,
  type DeployRouter,
  type TDeployRouterDeps,
} from './router/router.js';
export {
  ZCheckCredentialRequestSchema,
  ZListCredentialsResponseSchema,
  ZProviderCredentialSchema,
  ZRemoveCredentialRequestSchema,
  ZSaveCredentialRequestSchema,
  type TProviderCredentialResponse,
} from './router/credential-schemas.js';
