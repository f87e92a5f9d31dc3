import { createElement, useLayoutEffect, type ReactNode } from 'react';
import * as client from 'react-dom/client';
import { getBridge, type TTrackedRoot } from '../frame/bridge.js';

/**
 * `react-dom/client` for the preview: the real one, with each root tracked so the frame can
 * unmount it before swapping in new code, a commit signal for "updated frame painted", and
 * render errors reported with their component stack.
 */

function CommitSignal({ children }: { children?: ReactNode }) {
  useLayoutEffect(() => {
    getBridge()?.rootCommitted();
  });
  return children ?? null;
}

type TRootOptions = NonNullable<Parameters<typeof client.createRoot>[1]>;

function withErrorReporting<T extends TRootOptions>(options: T | undefined): T {
  return {
    ...options,
    onUncaughtError(error: unknown, info: { componentStack?: string }) {
      getBridge()?.reportRenderError(error, info.componentStack);
      options?.onUncaughtError?.(error, info as never);
    },
  } as T;
}

function track(root: client.Root): client.Root {
  const tracked: client.Root & TTrackedRoot = {
    render(children: ReactNode) {
      root.render(createElement(CommitSignal, null, children));
    },
    unmount() {
      getBridge()?.untrackRoot(tracked);
      root.unmount();
    },
  };
  getBridge()?.trackRoot(tracked);
  return tracked;
}

export function createRoot(container: Element | DocumentFragment, options?: client.RootOptions): client.Root {
  return track(client.createRoot(container, withErrorReporting(options)));
}

export function hydrateRoot(container: Element | Document, initialChildren: ReactNode, options?: client.HydrationOptions): client.Root {
  // Preview documents are never server-rendered: hydrating an empty container is rendering into it.
  const root = track(client.createRoot(container as Element, withErrorReporting(options as client.RootOptions)));
  root.render(initialChildren);
  return root;
}

export const version: string = (client as unknown as { version: string }).version;

export default { createRoot, hydrateRoot, version };
