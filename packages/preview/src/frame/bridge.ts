/**
 * The frame runtime and the prebundled runtime shims are separate module graphs (the shims load
 * through the import map when the app imports them). They meet on one global object, created by
 * the frame runtime before any app code runs.
 */
export interface TTrackedRoot {
  unmount(): void;
}

export interface TPreviewBridge {
  trackRoot(root: TTrackedRoot): void;
  untrackRoot(root: TTrackedRoot): void;
  /** A root committed a render (the shim's layout effect). */
  rootCommitted(): void;
  /** React could not render: an uncaught error with the component stack. */
  reportRenderError(error: unknown, componentStack: string | undefined): void;
  /** The client route the app shows first, kept across code swaps. */
  currentPath(): string;
  /** The app's router moved. */
  setLocation(path: string): void;
  /** The app's router registers how to navigate (null when it unmounts). */
  setNavigator(navigate: ((to: string) => void) | null): void;
}

const KEY = '__shipyardPreview';

export function getBridge(): TPreviewBridge | undefined {
  return (globalThis as unknown as Record<string, TPreviewBridge | undefined>)[KEY];
}

export function installBridge(bridge: TPreviewBridge): void {
  Object.defineProperty(globalThis, KEY, { value: bridge, configurable: false, enumerable: false, writable: false });
}
