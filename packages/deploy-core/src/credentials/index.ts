export {
  assertValidCatalog,
  type TCredentialCheckResult,
  type TCredentialFields,
  type TCredentialKind,
  type TProviderCatalogEntry,
  type TProviderCatalogField,
} from './catalog';
export {
  createProviderCredentials,
  displayOf,
  scrubSecrets,
  type ProviderCredentials,
  type TCredentialStatus,
  type TProviderCredentialView,
  type TProviderCredentialsDeps,
  type TSavedCredentialView,
} from './credential-service';
