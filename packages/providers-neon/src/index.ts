export { neonDatabases, createNeonDatabases, type NeonDatabases } from './neon-database';
export { checkCredentials, type TCredentialCheck } from './credentials';
export {
  NEON_API_BASE_URL,
  ZNeonConnectionOptionsSchema,
  ZNeonOptionsSchema,
  type TNeonConnectionInput,
  type TNeonConnectionOptions,
  type TNeonInput,
  type TNeonOptions,
} from './options';
export { NEON_SCOPES, type TNeonScope } from './errors';
export { parseRetryAfter } from './api';
