export { createNetlifyHosting, DATABASE_ENV, ENV_CONTEXTS, netlifyHosting, type NetlifyHosting, type TNetlifyDeploy, type TNetlifySite } from './netlify-hosting';
export { checkCredentials, type TCredentialCheck } from './credentials';
export {
  NETLIFY_API_BASE_URL,
  ZNetlifyConnectionOptionsSchema,
  ZNetlifyHostingOptionsSchema,
  type TNetlifyConnectionInput,
  type TNetlifyConnectionOptions,
  type TNetlifyHostingInput,
  type TNetlifyHostingOptions,
} from './options';
export { NETLIFY_SCOPES, type TNetlifyScope } from './errors';
export { NETLIFY_LIMITS, prepareNetlifyDeploy, sha1Hex, SPA_FALLBACK_RULE, type TNetlifyFile, type TPreparedDeploy } from './files';
export {
  buildNetlifyFunction,
  NETLIFY_FUNCTION_NAME,
  NETLIFY_FUNCTION_ROUTES,
  netlifyAdapterSource,
  type TNetlifyFunctionBundle,
} from './function-adapter';
export { deployTitle, netlifySiteName } from './names';
