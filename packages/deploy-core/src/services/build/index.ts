export { buildApp, type TAssetManifestEntry, type TBuildAppInput, type TBuildResult, type TRuntimeBundling } from './build-app.js';
export {
  BuildCache,
  createBuildCache,
  defaultBuildCache,
  type TBuildCacheOptions,
  type TBuildCacheStats,
  type TLayerSource,
} from './build-cache.js';
export { BuildError, formatDiagnostic, type TBuildDiagnostic } from './build-error.js';
export { parseShipyardJson, ZShipyardJsonSchema, type TShipyardJson } from './app-manifest.js';
export { contentTypeFor } from './content-types.js';
export { API_PREFIX, workerRouterSource } from './worker-router.js';
