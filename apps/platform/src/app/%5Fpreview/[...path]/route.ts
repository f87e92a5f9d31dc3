import type * as PreviewServer from '@shipyard/preview/server';

// The folder is named %5Fpreview because app-router folders starting with "_" are private: this
// serves /_preview/* — the live preview's workers, WebAssembly and runtime packages, same-origin
// (workers must be) with `Access-Control-Allow-Origin: *` (the sandboxed frame has an opaque origin).

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type THandler = (request: Request) => Promise<Response>;
let handler: Promise<THandler> | undefined;

/** Loaded from node_modules at run time, not bundled: it finds its assets through its own install path. */
function assetsHandler(): Promise<THandler> {
  handler ??= (import(/* turbopackIgnore: true */ /* webpackIgnore: true */ '@shipyard/preview/server') as Promise<typeof PreviewServer>).then(
    (server) => server.createPreviewAssetsHandler({ basePath: '/_preview' }),
    (error: unknown) => {
      handler = undefined;
      throw error;
    },
  );
  return handler;
}

async function serve(request: Request): Promise<Response> {
  return (await assetsHandler())(request);
}

export { serve as GET, serve as HEAD };
