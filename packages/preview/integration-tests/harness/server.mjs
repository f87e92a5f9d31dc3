// A small host for the preview in a real browser (integration tests and bench/preview.mjs):
// a page on 127.0.0.1 that mounts createPreview(), the assets at /_preview/, and a /whoami
// endpoint that records which cookies reach the platform's origin.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const SESSION_COOKIE = 'shipyard_session=host-secret-7f3a';

/** Builds the package (dist/ and dist/assets) when it has not been built yet. */
export function ensureBuilt() {
  const needed = ['dist/assets/manifest.json', 'dist/server/index.js'].map((p) => new URL(`../../${p}`, import.meta.url));
  if (needed.every((p) => existsSync(p))) return;
  execFileSync('pnpm', ['run', 'build'], { cwd: PACKAGE_DIR, stdio: 'inherit' });
}

async function hostScript() {
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./host-page.tsx', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Preview host</title>
<style>html,body{margin:0;height:100%;font:14px system-ui,sans-serif}#preview{position:fixed;inset:0}</style>
</head>
<body><div id="preview"></div><script type="module" src="/host.js"></script></body>
</html>`;

/**
 * Starts the host server on 127.0.0.1 (random port).
 * @returns {Promise<{ url: string, cookieRequests: { cookie: string | undefined, origin: string | undefined }[], close(): Promise<void> }>}
 */
export async function startHostServer() {
  ensureBuilt();
  const { createPreviewAssetsHandler } = await import('../../dist/server/index.js');
  const assets = createPreviewAssetsHandler({ basePath: '/_preview' });
  const script = await hostScript();
  const cookieRequests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `${SESSION_COOKIE}; Path=/` });
      res.end(PAGE);
      return;
    }
    if (url.pathname === '/host.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(script);
      return;
    }
    if (url.pathname === '/whoami') {
      cookieRequests.push({ cookie: req.headers.cookie, origin: req.headers.origin });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ cookie: req.headers.cookie ?? null }));
      return;
    }
    if (url.pathname.startsWith('/_preview/')) {
      const response = await assets(new Request(url, { method: req.method }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    res.writeHead(404).end('Not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    cookieRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
