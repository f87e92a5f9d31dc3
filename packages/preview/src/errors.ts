/**
 * Failures of the preview engine itself (not of the app it shows — those are problems, reported
 * as events and in update results).
 */
export type TPreviewErrorCode =
  /** dist/assets could not be loaded from assetsBaseUrl, or a worker/wasm file failed to start. */
  | 'ASSETS_UNAVAILABLE'
  /** The preview was destroyed; create a new one. */
  | 'DESTROYED'
  /** A worker failed while handling a request. */
  | 'ENGINE_FAILED';

export class PreviewError extends Error {
  override name = 'PreviewError';
  readonly isPreviewError = true;
  constructor(
    readonly code: TPreviewErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  static is(value: unknown): value is PreviewError {
    return value instanceof Error && (value as { isPreviewError?: unknown }).isPreviewError === true;
  }
}
