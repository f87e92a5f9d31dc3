#!/usr/bin/env node
// Copies @shipyard/preview's browser assets into a folder a web server serves, e.g.
//   shipyard-preview-assets public/_preview
// Then pass assetsBaseUrl: '/_preview/' to createPreview(), and serve that folder with
// Access-Control-Allow-Origin: * (see the package README).
import { resolve } from 'node:path';
import { copyPreviewAssets } from '../dist/server/index.js';

const target = process.argv[2];
if (!target || target === '--help' || target === '-h') {
  console.error('Usage: shipyard-preview-assets <outDir>\nCopies the preview engine assets (workers, WebAssembly, runtime packages) into <outDir>.');
  process.exit(target ? 0 : 1);
}
try {
  const { dir } = await copyPreviewAssets(resolve(target));
  console.log(`@shipyard/preview assets copied to ${dir}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
