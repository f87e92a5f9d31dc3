#!/usr/bin/env node
/**
 * Builds dist/assets: everything the preview loads in the browser, with no network at run time.
 *
 *   manifest.json            names of the files below (content-hashed) and the import map
 *   frame-<hash>.js          the frame runtime (error overlay, fetch → app API, env.DB client)
 *   bundler-worker-<hash>.js esbuild-wasm in a Web Worker
 *   database-worker-<hash>.js sql.js (SQLite in WebAssembly) in a Web Worker
 *   esbuild-<version>-<hash>.wasm, sql-wasm-<hash>.wasm
 *   runtime/*.js             the runtime packages prebundled as ES modules with shared chunks,
 *                            one entry per import-map specifier (react, react-dom/client, …)
 *
 * Runtime packages are React's development builds (readable errors for the overlay and the
 * model), minified.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'assets');
const require = createRequire(join(root, 'package.json'));
const started = performance.now();

// CommonJS runtime packages choose their development build from NODE_ENV when required below.
process.env.NODE_ENV = 'development';

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'runtime'), { recursive: true });

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const runtimeModules = JSON.parse(readFileSync(join(root, 'src/runtime/runtime-modules.json'), 'utf8'));

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const outName = (specifier) => specifier.replace(/^@/, '').replace(/[/@]/g, '_');

async function entrySource(module) {
  const { specifier, format } = module;
  if (format === 'cjs') {
    const names = Object.keys(require(specifier)).filter((k) => k !== 'default' && IDENTIFIER.test(k));
    return `import m from ${JSON.stringify(specifier)};\nexport const { ${names.join(', ')} } = m;\nexport default m;\n`;
  }
  if (format === 'esm') {
    // Ask esbuild (browser resolution, as in the real build) what the module exports.
    const probe = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [specifier],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      outdir: join(root, 'node_modules', '.cache', 'probe'),
      metafile: true,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"development"' },
    });
    const hasDefault = Object.values(probe.metafile.outputs).some((o) => o.entryPoint && o.exports.includes('default'));
    return `export * from ${JSON.stringify(specifier)};\n${hasDefault ? `export { default } from ${JSON.stringify(specifier)};\n` : ''}`;
  }
  throw new Error(`runtime-modules.json: unknown format "${format}" for ${specifier}`);
}

/** Runtime packages: one entry per specifier, code splitting so React exists once. */
async function buildRuntime() {
  const sources = new Map();
  const entryPoints = {};
  for (const module of runtimeModules.modules) {
    const name = outName(module.specifier);
    if (module.format === 'shim') {
      entryPoints[name] = join(root, module.shim);
    } else {
      sources.set(name, await entrySource(module));
      entryPoints[name] = `runtime-entry:${name}`;
    }
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    outdir: join(out, 'runtime'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"development"' },
    plugins: [
      {
        name: 'runtime-entries',
        setup(build) {
          build.onResolve({ filter: /^runtime-entry:/ }, (args) => ({ path: args.path.slice('runtime-entry:'.length), namespace: 'runtime-entry' }));
          build.onLoad({ filter: /.*/, namespace: 'runtime-entry' }, (args) => ({ contents: sources.get(args.path), loader: 'js', resolveDir: root }));
        },
      },
    ],
  });
  const importMap = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    const name = output.entryPoint.startsWith('runtime-entry:') ? output.entryPoint.slice('runtime-entry:'.length) : null;
    const module = runtimeModules.modules.find((m) =>
      name ? outName(m.specifier) === name : m.shim && join(root, m.shim) === join(root, output.entryPoint),
    );
    if (!module) throw new Error(`No runtime module for output ${file} (${output.entryPoint})`);
    importMap[module.specifier] = relative(out, join(root, file)).split('\\').join('/');
  }
  for (const module of runtimeModules.modules) {
    if (!importMap[module.specifier]) throw new Error(`The runtime build produced no module for ${module.specifier}.`);
  }
  return importMap;
}

/** The frame runtime and the two workers: browser ES modules, everything bundled. */
async function buildScript(entry, name) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { [name]: join(root, entry) },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    outdir: out,
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const file = Object.keys(result.metafile.outputs).find((f) => f.endsWith('.js'));
  return relative(out, join(root, file)).split('\\').join('/');
}

/** A dependency's package.json, also for packages whose "exports" hide it. */
function packageJson(name) {
  let dir = dirname(require.resolve(name));
  while (dir !== dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (json.name === name) return { dir, json };
    } catch {
      /* keep walking up */
    }
    dir = dirname(dir);
  }
  throw new Error(`Cannot find package.json of ${name}`);
}

function copyHashed(from, name) {
  const bytes = readFileSync(from);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  const file = `${name}-${hash}.wasm`;
  copyFileSync(from, join(out, file));
  return file;
}

const [importMap, frame, bundlerWorker, databaseWorker] = await Promise.all([
  buildRuntime(),
  buildScript('src/frame/index.ts', 'frame'),
  buildScript('src/bundler/worker.ts', 'bundler-worker'),
  buildScript('src/database/worker.ts', 'database-worker'),
]);

const esbuildWasmPkg = packageJson('esbuild-wasm').json;
const esbuildPkg = packageJson('esbuild').json;
if (esbuildWasmPkg.version !== esbuildPkg.version) {
  throw new Error(`esbuild-wasm ${esbuildWasmPkg.version} differs from esbuild ${esbuildPkg.version}: pin esbuild-wasm in the pnpm catalog to the version esbuild resolves to.`);
}
const sqlJs = packageJson('sql.js');
const esbuildWasm = copyHashed(join(packageJson('esbuild-wasm').dir, 'esbuild.wasm'), `esbuild-${esbuildWasmPkg.version}`);
const sqliteWasm = copyHashed(join(sqlJs.dir, 'dist', 'sql-wasm-browser.wasm'), 'sql-wasm');

const runtimePackages = {};
for (const name of runtimeModules.packages) {
  runtimePackages[name] = packageJson(name).json.version;
}

const manifest = {
  name: pkg.name,
  version: pkg.version,
  esbuild: esbuildWasmPkg.version,
  sqlJs: sqlJs.json.version,
  frame,
  bundlerWorker,
  databaseWorker,
  esbuildWasm,
  sqliteWasm,
  runtimePackages,
  importMap,
};
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `@shipyard/preview assets → ${relative(process.cwd(), out) || '.'} in ${Math.round(performance.now() - started)} ms: ` +
    `${Object.keys(importMap).length} runtime modules, ${basename(frame)}, ${basename(bundlerWorker)}, ${basename(databaseWorker)}`,
);
