'use client';
import { useEffect, useRef, type CSSProperties } from 'react';
import { createPreview, type TPreview, type TPreviewEvent, type TPreviewUpdateResult } from '../host/create-preview.js';

export interface TLivePreviewProps {
  /** The app's files; each new object is an update. `null` keeps the engine started with nothing to show yet. */
  files: Record<string, string> | null;
  /** Where @shipyard/preview's dist/assets is served on this origin, e.g. `/_preview/`. Changing it restarts the engine. */
  assetsBaseUrl: string;
  /** String bindings for the app's API. */
  env?: Record<string, string>;
  initialPath?: string;
  onEvent?: (event: TPreviewEvent) => void;
  /** Called with each update's result (errors, timings). */
  onUpdate?: (result: TPreviewUpdateResult) => void;
  /** Called with the engine handle (for reload, resetDatabase, exportPreviewData, navigate), and with null on unmount. */
  onReady?: (preview: TPreview | null) => void;
  className?: string;
  style?: CSSProperties;
}

/**
 * The live preview as a React component: starts the engine on mount, updates it when `files`
 * changes, destroys it on unmount. The iframe fills the element.
 */
export function LivePreview({ files, assetsBaseUrl, env, initialPath, onEvent, onUpdate, onReady, className, style }: TLivePreviewProps) {
  const container = useRef<HTMLDivElement>(null);
  const preview = useRef<TPreview | null>(null);
  const callbacks = useRef({ onEvent, onUpdate, onReady });
  callbacks.current = { onEvent, onUpdate, onReady };
  const envRef = useRef(env);
  envRef.current = env;
  const initialPathRef = useRef(initialPath);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const created = createPreview({ container: element, assetsBaseUrl, env: envRef.current, initialPath: initialPathRef.current });
    preview.current = created;
    const unsubscribe = created.onEvent((event) => callbacks.current.onEvent?.(event));
    callbacks.current.onReady?.(created);
    return () => {
      unsubscribe();
      created.destroy();
      preview.current = null;
      callbacks.current.onReady?.(null);
    };
  }, [assetsBaseUrl, initialPathRef]);

  useEffect(() => {
    const current = preview.current;
    if (!current || !files) return;
    let active = true;
    current.update(files, envRef.current ? { env: envRef.current } : {}).then(
      (result) => {
        if (active) callbacks.current.onUpdate?.(result);
      },
      (error: unknown) => {
        // Engine failures (assets missing, destroyed): surfaced as an error event for the builder.
        if (active) {
          const message = error instanceof Error ? error.message : String(error);
          callbacks.current.onEvent?.({ type: 'error', kind: 'build', message, file: null, line: null, column: null });
        }
      },
    );
    return () => {
      active = false;
    };
  }, [files, assetsBaseUrl]);

  return <div ref={container} className={className} style={{ position: 'relative', width: '100%', height: '100%', ...style }} />;
}

export type { TPreview, TPreviewEvent, TPreviewUpdateResult };
