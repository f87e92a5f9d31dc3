export { createVercelHosting, DATABASE_ENV, ENV_COMMENT, vercelHosting, type TVercelDeployment, type TVercelProject, type VercelHosting } from './vercel-hosting';
export { checkCredentials, type TCredentialCheck } from './credentials';
export {
  VERCEL_API_BASE_URL,
  ZVercelConnectionOptionsSchema,
  ZVercelHostingOptionsSchema,
  type TVercelConnectionInput,
  type TVercelConnectionOptions,
  type TVercelHostingInput,
  type TVercelHostingOptions,
} from './options';
export { VERCEL_SCOPES, type TVercelScope } from './errors';
export { prepareVercelDeployment, sha1Hex, VERCEL_LIMITS, type TPreparedDeployment, type TVercelFile } from './files';
export { FUNCTION_FILE, vercelAdapterSource, vercelConfigSource, VERCEL_CONFIG_FILE, WORKER_FILE } from './function-adapter';
export { DEPLOYMENT_META_KEY, vercelProjectName } from './names';
