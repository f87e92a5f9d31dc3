export { cloudflarePagesHosting, createCloudflarePagesHosting, DATABASE_ENV, type CloudflarePagesHosting } from './pages-hosting';
export { cloudflareDns, createCloudflareDns, VERIFY_PREFIX, verificationValue, type CloudflareDns, type TRegistrationStatus } from './dns';
export { checkCredentials, type TCredentialCheck, type TCredentialCheckScope } from './credentials';
export {
  CLOUDFLARE_API_BASE_URL,
  ZCloudflareConnectionOptionsSchema,
  ZCloudflareDnsOptionsSchema,
  ZCloudflarePagesOptionsSchema,
  type TCloudflareConnectionInput,
  type TCloudflareConnectionOptions,
  type TCloudflareDnsOptions,
  type TCloudflarePagesOptions,
  type TDnsResolver,
} from './options';
export { CLOUDFLARE_SCOPES, type TCloudflareScope } from './errors';
export { pagesAssetHash } from './hash';
export { PAGES_LIMITS, planBuckets, prepareAssets, type TPagesAsset } from './direct-upload';
export { pagesProjectName } from './names';
export type * from './contract';
