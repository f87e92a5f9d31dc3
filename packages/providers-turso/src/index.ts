export { tursoDatabases, createTursoDatabases, tursoDatabaseName, type TursoDatabases } from './turso-database';
export { checkCredentials, type TCredentialCheck } from './credentials';
export { libsqlDataPlane, libsqlError } from './data-plane';
export {
  TURSO_API_BASE_URL,
  ZTursoConnectionOptionsSchema,
  ZTursoOptionsSchema,
  type TTursoConnectionInput,
  type TTursoConnectionOptions,
  type TTursoInput,
  type TTursoOptions,
} from './options';
export { TURSO_SCOPES, type TTursoScope } from './errors';
export { parseRetryAfter } from './api';
