export { postgresUrlDatabase, createPostgresUrlDatabase, checkDatabaseUrl, safeClientConfig, type PostgresUrlDatabase, type TUrlCheck, type TUrlCheckOptions } from './byo';
export {
  postgresTenantDatabases,
  createPostgresTenantDatabases,
  randomPassword,
  tenantIdentifier,
  type PostgresTenantDatabases,
} from './tenants';
export { createPostgresDataPlane, type PostgresDataPlane, type TPostgresDataPlaneOptions } from './data-plane';
export { pgError, redact, isConnectionFailure, type TPgFailureContext } from './errors';
export { nonPublicReason, resolvePublicHost, systemLookup, type TLookup, type TResolvedHost } from './network';
export {
  ZPostgresTenantOptionsSchema,
  ZPostgresUrlOptionsSchema,
  type TPostgresTenantInput,
  type TPostgresTenantOptions,
  type TPostgresUrlInput,
  type TPostgresUrlOptions,
} from './options';
export { questionToDollar, quoteIdent, quoteLiteral, sqliteDmlToPostgres, tablesInserted } from './sql';
export { formatPostgresUrl, parsePostgresUrl, pgClientConfig, redactUrl, type TPostgresUrl, type TSslMode } from './url';
export { createPostgresSqlGateway, type TSqlAnswer, type TSqlGateway, type TSqlGatewayOptions } from './sql-gateway';
export { sqlEndpointOf } from './sql-endpoint';
