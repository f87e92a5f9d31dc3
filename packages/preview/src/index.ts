/**
 * @shipyard/preview — the live preview engine of the Shipyard builder. Browser code only: the
 * host page imports `createPreview`; the frame runtime, workers, WebAssembly and prebundled
 * runtime packages are static files in dist/assets (served by `@shipyard/preview/server` or
 * copied with the `shipyard-preview-assets` bin).
 */
export {
  createPreview,
  type TCreatePreviewOptions,
  type TPreview,
  type TPreviewEvent,
  type TPreviewUpdateResult,
} from './host/create-preview.js';
export { APP_BASE_URL } from './host/frame-document.js';
export type { TPreviewAssetManifest } from './host/assets.js';
export { PreviewError, type TPreviewErrorCode } from './errors.js';
export type { TPreviewProblem, TPreviewProblemKind, TPreviewTimings, TConsoleLevel } from './protocol.js';
