import type { TFrameConfig } from '../protocol.js';
import type { TPreviewAssetManifest } from './assets.js';

/**
 * The base URL of the app inside the frame. Relative URLs in the app (`fetch('/api/tasks')`,
 * `<a href="/tasks">`) resolve against it, so they never reach the platform's origin; the frame's
 * fetch shim answers `/api/*` with the app's API and `public/` files. `.invalid` never resolves.
 */
export const APP_BASE_URL = 'https://app.shipyard-preview.invalid/';


function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * The srcdoc of the preview iframe: an import map for the prebundled runtime packages, the frame
 * runtime, and the connection settings. The iframe is sandboxed without allow-same-origin, so this
 * document has an opaque origin: it cannot read the platform's cookies, storage or DOM.
 */
export function frameDocument(assetsBase: string, manifest: TPreviewAssetManifest, config: TFrameConfig): string {
  const asset = (file: string) => new URL(file, assetsBase).href;
  const imports: Record<string, string> = {};
  for (const [specifier, file] of Object.entries(manifest.importMap)) imports[specifier] = asset(file);
  // Fetch and compile the runtime packages while the first bundle is being built.
  const preload = Object.values(imports).map((url) => `<link rel="modulepreload" crossorigin href="${attr(url)}">`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="${APP_BASE_URL}">
<script type="importmap">${scriptJson({ imports })}</script>
<script type="application/json" id="shipyard-preview-config">${scriptJson(config)}</script>
${preload.join('\n')}
<script type="module" crossorigin src="${attr(asset(manifest.frame))}"></script>
</head>
<body><div style="font:14px system-ui,sans-serif;color:#64748b;padding:24px">Starting preview…</div></body>
</html>`;
}
