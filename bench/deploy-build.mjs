#!/usr/bin/env node
// Build benchmark: @shipyard/deploy-core's buildApp vs `vite build` (Vite, esbuild JSX, no plugins)
// on the reference app, same machine, same run. Prints medians and ratios.
//
//   pnpm --filter @shipyard/deploy-core build && node bench/deploy-build.mjs [runs=7] [--compare <dist/build/index.js>]
//
// Both produce minified bundles with source maps. Ours also bundles the app's API into
// _worker.js (work Vite does not do), so the ratios understate the difference.
//
// buildApp links the app against prebundled runtime layers (React, react-router, recharts,
// lucide-react, …) kept in a cache, so its cost depends on what the cache holds. Each round
// measures, in alternation with Vite so both see the same machine load:
//   cold         a new, empty cache: every layer is built (first deploy on a new machine)
//   new icon     warm cache, but the app imports an icon no earlier build used: the lucide-react
//                layer is rebuilt, the others are reused (a chat edit that adds an import)
//   warm, disk   a new cache instance on a directory holding the layers (another worker process)
//   warm, memory the same cache instance (the usual case in a running worker)
// plus, once, the first build in a fresh Node process with an empty cache (esbuild's service
// start and the lexers' initialisation included), and optionally an older build (`--compare`).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const deployCore = join(root, 'packages/deploy-core');
const appDir = join(deployCore, 'integration-tests/fixtures/reference-app');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 7);
const compareWith = args.includes('--compare') ? args[args.indexOf('--compare') + 1] : null;

const buildEntry = join(deployCore, 'dist/build/index.js');
let buildApp, createBuildCache;
try {
  ({ buildApp, createBuildCache } = await import(pathToFileURL(buildEntry).href));
} catch {
  console.error('Build deploy-core first: pnpm --filter @shipyard/deploy-core build');
  process.exit(1);
}
if (typeof createBuildCache !== 'function') {
  console.error('This deploy-core build has no createBuildCache; rebuild it: pnpm --filter @shipyard/deploy-core build');
  process.exit(1);
}
const compareBuild = compareWith ? (await import(pathToFileURL(compareWith).href)).buildApp : null;
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
const cacheRoot = mkdtempSync(join(tmpdir(), 'shipyard-build-bench-cache-'));
let cacheDirs = 0;
const freshCacheDir = () => join(cacheRoot, `c${cacheDirs++}`);

// Icons no other build in this run imports: each "new icon" build needs a new lucide-react layer.
const ICONS = ['Star', 'Bell', 'Camera', 'Cloud', 'Flag', 'Gift', 'Heart', 'Key', 'Lock', 'Map', 'Moon', 'Music', 'Phone', 'Rocket', 'Sun', 'Tag', 'Truck', 'Umbrella', 'Wifi', 'Zap'];
const navBar = files['src/components/NavBar.tsx'];
if (!navBar?.includes("from 'lucide-react';")) throw new Error('NavBar.tsx no longer imports lucide-react; update the bench');
if (runs + 1 > ICONS.length) throw new Error(`at most ${ICONS.length - 1} runs: each "new icon" build needs an icon no earlier build imported`);
let icon = 0;
function withNewIcon() {
  const name = ICONS[icon++ % ICONS.length];
  return {
    ...files,
    'src/components/Extra.tsx': `import { ${name} } from 'lucide-react';\nexport const Extra = () => <${name} size={12} />;\n`,
    'src/components/NavBar.tsx': `import { Extra } from './Extra';\n${navBar.replace('</nav>', '<Extra /></nav>')}`,
  };
}

// Vite needs the app on disk, with the runtime packages resolvable: link deploy-core's node_modules.
const viteRoot = mkdtempSync(join(tmpdir(), 'shipyard-vite-bench-'));
cpSync(appDir, viteRoot, { recursive: true });
symlinkSync(join(deployCore, 'node_modules'), join(viteRoot, 'node_modules'));

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

async function viteBuild() {
  return timed(() =>
    vite.build({
      root: viteRoot,
      configFile: false,
      logLevel: 'silent',
      esbuild: { jsx: 'automatic' },
      build: { outDir: join(viteRoot, 'dist'), emptyOutDir: true, sourcemap: true, minify: 'esbuild', reportCompressedSize: false },
    }),
  );
}

const memoryCache = createBuildCache({ dir: freshCacheDir() });
const diskDir = freshCacheDir();
await buildApp({ files, cache: createBuildCache({ dir: diskDir }) });
const iconCache = createBuildCache({ dir: null });
await buildApp({ files, cache: iconCache });

const variants = {
  cold: () => timed(() => buildApp({ files, cache: createBuildCache({ dir: freshCacheDir() }) })),
  'new icon': () => {
    const changed = withNewIcon();
    return timed(() => buildApp({ files: changed, cache: iconCache }));
  },
  'warm, disk': () => timed(() => buildApp({ files, cache: createBuildCache({ dir: diskDir }) })),
  'warm, memory': () => timed(() => buildApp({ files, cache: memoryCache })),
  ...(compareBuild ? { compare: () => timed(() => compareBuild({ files })) } : {}),
  vite: viteBuild,
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const sources = Object.fromEntries(Object.keys(variants).map((k) => [k, new Set()]));
const load0 = loadavg();
// Alternate so every variant sees the same machine load; round 0 is a warm-up.
for (let i = 0; i <= runs; i++) {
  for (const [name, run] of Object.entries(variants)) {
    const { ms, result } = await run();
    if (i === 0) continue;
    times[name].push(ms);
    if (result?.runtime) sources[name].add(result.runtime.layers.map((l) => l.source).join(','));
  }
}
const load1 = loadavg();
rmSync(viteRoot, { recursive: true, force: true });

// The first build of a fresh process, empty cache: esbuild's service and the lexers start too.
const firstInProcess = [];
for (let i = 0; i < 3; i++) {
  const dir = freshCacheDir();
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import { join, relative, sep } from 'node:path';
    const { buildApp, createBuildCache } = await import(${JSON.stringify(pathToFileURL(buildEntry).href)});
    const files = {};
    const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else files[relative(${JSON.stringify(appDir)}, p).split(sep).join('/')] = readFileSync(p, 'utf8'); } };
    walk(${JSON.stringify(appDir)});
    const started = performance.now();
    await buildApp({ files, cache: createBuildCache({ dir: ${JSON.stringify(dir)} }) });
    process.stdout.write(String(performance.now() - started));
  `;
  firstInProcess.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
}

const out = await buildApp({ files, cache: memoryCache });
rmSync(cacheRoot, { recursive: true, force: true });
const bytes = [...out.assets.values()].reduce((n, b) => n + b.byteLength, 0);
const viteMedian = median(times.vite);
const round = (n) => Math.round(n);
const ratio = (n) => Math.round((viteMedian / n) * 10) / 10;
const result = {
  date: new Date().toISOString(),
  app: `reference-app (${Object.keys(files).length} files)`,
  runs,
  loadAverage: { before: load0.map((l) => Math.round(l * 10) / 10), after: load1.map((l) => Math.round(l * 10) / 10) },
  viteMedianMs: round(viteMedian),
  viteMinMs: round(Math.min(...times.vite)),
  shipyard: Object.fromEntries(
    Object.keys(variants)
      .filter((k) => k !== 'vite')
      .map((k) => [k, { medianMs: round(median(times[k])), minMs: round(Math.min(...times[k])), ratio: ratio(median(times[k])), layerSources: [...sources[k]] }]),
  ),
  firstBuildInNewProcessMs: firstInProcess.map(round),
  firstBuildInNewProcessRatio: ratio(median(firstInProcess)),
  shipyardOutput: {
    mode: out.runtime.mode,
    layers: out.runtime.layers.map((l) => `${l.path} (${l.packages.join(', ')})`),
    assets: out.assets.size,
    assetBytes: bytes,
    workerBytes: out.worker.length,
  },
  node: process.version,
  vite: vite.version,
};
console.log(JSON.stringify(result, null, 2));
console.log('');
console.log('| build | median (min) | vite ÷ ours |');
console.log('|---|---|---|');
for (const [name, r] of Object.entries(result.shipyard)) console.log(`| ${name} | ${r.medianMs.toLocaleString('en-US')} ms (${r.minMs.toLocaleString('en-US')}) | ${r.ratio}× |`);
console.log(`| first build, new process, empty cache | ${round(median(firstInProcess)).toLocaleString('en-US')} ms (${round(Math.min(...firstInProcess)).toLocaleString('en-US')}) | ${result.firstBuildInNewProcessRatio}× |`);
console.log(`| vite build | ${result.viteMedianMs.toLocaleString('en-US')} ms (${result.viteMinMs.toLocaleString('en-US')}) | 1× |`);
