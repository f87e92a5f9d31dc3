/** dist/assets/manifest.json, written by scripts/build-assets.mjs. */
export interface TPreviewAssetManifest {
  name: string;
  version: string;
  esbuild: string;
  sqlJs: string;
  frame: string;
  bundlerWorker: string;
  databaseWorker: string;
  esbuildWasm: string;
  sqliteWasm: string;
  runtimePackages: Record<string, string>;
  /** Import-map specifier → file, relative to the assets folder. */
  importMap: Record<string, string>;
}

/** Absolute URL of the assets folder, ending in `/`. */
export function resolveAssetsBase(assetsBaseUrl: string, documentUrl: string): string {
  const url = new URL(assetsBaseUrl, documentUrl);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export async function loadAssetManifest(base: string, fetchImpl: typeof fetch = fetch): Promise<TPreviewAssetManifest> {
  const url = new URL('manifest.json', base).href;
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-cache' });
  } catch (error) {
    throw new Error(`Could not load the preview assets from ${url}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (!response.ok) {
    throw new Error(`Could not load the preview assets from ${url} (HTTP ${response.status}). Serve @shipyard/preview's dist/assets there (see the package README).`);
  }
  const manifest = (await response.json()) as Partial<TPreviewAssetManifest>;
  if (typeof manifest.frame !== 'string' || typeof manifest.importMap !== 'object' || manifest.importMap === null) {
    throw new Error(`${url} is not a @shipyard/preview asset manifest.`);
  }
  return manifest as TPreviewAssetManifest;
}
