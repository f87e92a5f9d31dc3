import { createElement, useEffect, useState, type ReactNode } from 'react';
import { createMemoryRouter, MemoryRouter, useLocation, useNavigate } from 'react-router';
import { getBridge } from '../frame/bridge.js';

/**
 * `react-router` for the preview. The frame is a sandboxed srcdoc document with an opaque origin:
 * `history.pushState` cannot give it real paths, so the browser routers are memory routers here.
 * The route survives code swaps (the frame keeps it), the host can navigate, and every move is
 * reported to the host (the builder's address bar). Everything else is the real react-router.
 */
export * from 'react-router';

function join(basename: string | undefined, path: string): string {
  if (!basename || basename === '/') return path;
  return `${basename.replace(/\/$/, '')}${path === '/' ? '' : path}` || '/';
}

function initialPath(basename: string | undefined): string {
  const path = getBridge()?.currentPath() ?? '/';
  if (basename && basename !== '/' && !path.startsWith(basename)) return basename;
  return path;
}

function LocationReporter({ basename }: { basename: string | undefined }) {
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    const bridge = getBridge();
    bridge?.setNavigator((to) => void navigate(to));
    return () => bridge?.setNavigator(null);
  }, [navigate]);
  useEffect(() => {
    getBridge()?.setLocation(join(basename, location.pathname) + location.search + location.hash);
  }, [basename, location]);
  return null;
}

export interface TBrowserRouterProps {
  basename?: string;
  children?: ReactNode;
}

export function BrowserRouter({ basename, children }: TBrowserRouterProps) {
  const [entry] = useState(() => initialPath(basename));
  return createElement(MemoryRouter, { basename, initialEntries: [entry] }, createElement(LocationReporter, { basename }), children);
}

export const HashRouter = BrowserRouter;

type TMemoryRouterArgs = Parameters<typeof createMemoryRouter>;

export function createBrowserRouter(routes: TMemoryRouterArgs[0], options?: Omit<NonNullable<TMemoryRouterArgs[1]>, 'initialEntries' | 'initialIndex'>) {
  const router = createMemoryRouter(routes, { ...options, initialEntries: [initialPath(options?.basename)] });
  const report = () => {
    const { pathname, search, hash } = router.state.location;
    getBridge()?.setLocation(join(options?.basename, pathname) + search + hash);
  };
  router.subscribe(report);
  report();
  getBridge()?.setNavigator((to) => void router.navigate(to));
  return router;
}

export const createHashRouter = createBrowserRouter;
