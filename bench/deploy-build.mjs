#!/usr/bin/env node
// Build benchmark: @shipyard/deploy-core's buildApp vs `vite build` (Vite 7, esbuild JSX, no plugins)
// on the reference app, same machine, same run. Prints medians and the ratio.
//
//   pnpm --filter @shipyard/deploy-core build && node bench/deploy-build.mjs [runs=7]
//
// Both produce minified bundles with source maps. Ours also bundles the app's API into
// _worker.js (work Vite does not do), so the ratio understates the difference.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const deployCore = join(root, 'packages/deploy-core');
const appDir = join(deployCore, 'integration-tests/fixtures/reference-app');
const runs = Number(process.argv[2] ?? 7);

let buildApp;
try {
  ({ buildApp } = await import(pathToFileURL(join(deployCore, 'dist/build/index.js')).href));
} catch {
  console.error('Build deploy-core first: pnpm --filter @shipyard/deploy-core build');
  process.exit(1);
}
const require = createRequire(join(deployCore, 'package.json'));
const vite = await import(pathToFileURL(require.resolve('vite')).href);

function readApp(dir) {
  const files = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[relative(dir, p).split(sep).join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const files = readApp(appDir);

// Vite needs the app on disk, with the runtime packages resolvable: link deploy-core's node_modules.
const viteRoot = mkdtempSync(join(tmpdir(), 'shipyard-vite-bench-'));
cpSync(appDir, viteRoot, { recursive: true });
symlinkSync(join(deployCore, 'node_modules'), join(viteRoot, 'node_modules'));

async function viteBuild() {
  const started = performance.now();
  await vite.build({
    root: viteRoot,
    configFile: false,
    logLevel: 'silent',
    esbuild: { jsx: 'automatic' },
    build: { outDir: join(viteRoot, 'dist'), emptyOutDir: true, sourcemap: true, minify: 'esbuild', reportCompressedSize: false },
  });
  return performance.now() - started;
}

async function ourBuild() {
  const started = performance.now();
  await buildApp({ files });
  return performance.now() - started;
}

const ours = [];
const theirs = [];
// Alternate so both see the same machine load; the first run of each is a warm-up.
for (let i = 0; i <= runs; i++) {
  const a = await ourBuild();
  const b = await viteBuild();
  if (i > 0) {
    ours.push(a);
    theirs.push(b);
  }
}
rmSync(viteRoot, { recursive: true, force: true });

const out = await buildApp({ files });
const bytes = [...out.assets.values()].reduce((n, b) => n + b.byteLength, 0);
const result = {
  date: new Date().toISOString(),
  app: `reference-app (${Object.keys(files).length} files)`,
  runs,
  shipyardMedianMs: Math.round(median(ours)),
  shipyardMinMs: Math.round(Math.min(...ours)),
  viteMedianMs: Math.round(median(theirs)),
  viteMinMs: Math.round(Math.min(...theirs)),
  ratio: Math.round((median(theirs) / median(ours)) * 10) / 10,
  shipyardOutput: { assets: out.assets.size, assetBytes: bytes, workerBytes: out.worker.length },
  node: process.version,
  vite: vite.version,
};
console.log(JSON.stringify(result, null, 2));
