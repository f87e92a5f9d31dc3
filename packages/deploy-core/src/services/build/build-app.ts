import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describeRuntimePackages, isRuntimeImport, packageNameOf } from '../../runtime/runtime-packages.js';
import { parseShipyardJson, type TShipyardJson } from './app-manifest.js';
import { defaultBuildCache, type BuildCache, type TLayerSource } from './build-cache.js';
import { BuildError, type TBuildDiagnostic } from './build-error.js';
import { contentTypeFor } from './content-types.js';
import { rewriteHtml, scanHtml, type THtmlRef } from './html.js';
import { collectRuntimeUsage } from './runtime-imports.js';
import { isDeterministicPlanFailure, planVendorLayers, type TVendorPlan } from './vendor-layers.js';
import { normalizeFiles, resolveProjectPath } from './virtual-files.js';
import { workerRouterSource } from './worker-router.js';

export interface TBuildAppInput {
  /** The app's files by project path (`index.html`, `src/main.tsx`, `api/index.ts`, …). */
  files: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  mode?: 'production';
  /**
   * Where prebundled runtime layers are kept between builds (see `createBuildCache`). `false`
   * builds them for this build only; the output is the same either way. Default: one cache per
   * process, in memory and under the OS temp directory.
   */
  cache?: BuildCache | false;
}

/** How the runtime packages (React, recharts, …) got into the output. */
export interface TRuntimeBundling {
  /**
   * `layers`: the app's code links against prebundled runtime layers (`assets/vendor-….js`);
   * `inline`: everything was bundled in one pass, because the app does something layers do not
   * cover (see `reason`).
   */
  mode: 'layers' | 'inline';
  reason?: string;
  layers: { path: string; packages: string[]; source: TLayerSource }[];
}

export interface TAssetManifestEntry {
  /** sha256 of the file's bytes, hex. */
  hash: string;
  size: number;
  contentType: string;
}

export interface TBuildResult {
  /** Static files by path without a leading slash: `index.html`, `assets/app-<hash>.js`, … */
  assets: Map<string, Uint8Array>;
  /** `_worker.js` (ES module, Workers format): the app's API plus the static-asset router. */
  worker: string;
  workerSourceMap: string;
  /** Same keys as `assets`. */
  manifest: Record<string, TAssetManifestEntry>;
  /** sha256 over every output file and the worker: equal sources give equal hashes. */
  hash: string;
  durationMs: number;
  warnings: TBuildDiagnostic[];
  /** The validated `shipyard.json`. */
  app: TShipyardJson;
  runtime: TRuntimeBundling;
}

const APP_NAMESPACE = 'app';
const ROUTER_NAMESPACE = 'shipyard';
/** A runtime-package import, served by a module that re-exports it from its prebundled layer. */
const RUNTIME_NAMESPACE = 'shipyard-runtime';
const ENTRY_PREFIX = 'shipyard-entry:';
const ROUTER_PATH = '__worker_router__';
const BROWSER_TARGET = ['es2022', 'chrome107', 'edge107', 'firefox104', 'safari16'];

/** Where runtime packages are resolved from: this package's own node_modules, never the network. */
const RUNTIME_RESOLVE_DIR = dirname(fileURLToPath(import.meta.url));
/** esbuild needs real directories for output paths; nothing is written (`write: false`). */
const OUT_DIR = join(RUNTIME_RESOLVE_DIR, '.shipyard-build-out');

const LOADERS: Record<string, esbuild.Loader> = {
  '.tsx': 'tsx',
  '.ts': 'ts',
  '.mts': 'ts',
  '.jsx': 'jsx',
  '.js': 'jsx',
  '.mjs': 'js',
  '.css': 'css',
  '.json': 'json',
  '.svg': 'file',
  '.txt': 'text',
  '.md': 'text',
};

/**
 * Builds a generated app into static assets plus `_worker.js` (Cloudflare Pages advanced-mode
 * layout, one output for every hosting provider). Sources are read from memory; runtime packages
 * come from this package's dependencies. Throws {@link BuildError} with file/line/column for each
 * problem. Output is deterministic: the same files give byte-identical assets and the same hash.
 */
export async function buildApp(input: TBuildAppInput): Promise<TBuildResult> {
  const started = performance.now();
  const files = normalizeFiles(input.files);
  const app = parseShipyardJson(files);
  const html = files.get(app.entry);
  if (html === undefined) throw new BuildError([{ file: app.entry, line: null, column: null, text: 'The entry HTML file is missing.' }]);

  const refs = scanHtml(html);
  const refErrors: TBuildDiagnostic[] = [];
  const entries: { ref: THtmlRef; path: string; out: string }[] = [];
  let scriptCount = 0;
  let styleCount = 0;
  for (const ref of refs) {
    const path = resolveProjectPath(files, ref.url, app.entry);
    if (ref.kind === 'classic-script') {
      if (path !== null) {
        refErrors.push({ file: app.entry, line: ref.line, column: null, text: `<script src="${ref.url}"> must have type="module" to be bundled.` });
      }
      continue;
    }
    if (path === null) {
      if (ref.kind === 'style' && files.has(`public/${ref.url.replace(/^\//, '')}`)) continue;
      refErrors.push({ file: app.entry, line: ref.line, column: null, text: `${ref.kind === 'script' ? '<script src' : '<link href'}="${ref.url}"> names a file the app does not have.` });
      continue;
    }
    const out = ref.kind === 'script' ? (scriptCount++ === 0 ? 'app' : `app${scriptCount}`) : styleCount++ === 0 ? 'style' : `style${styleCount}`;
    entries.push({ ref, path, out });
  }
  if (!entries.some((e) => e.ref.kind === 'script')) {
    refErrors.push({ file: app.entry, line: null, column: null, text: 'index.html loads no module script. Add <script type="module" src="/src/main.tsx"></script>.' });
  }
  if (refErrors.length > 0) throw new BuildError(refErrors);

  const apiPath = app.api ?? (files.has('api/index.ts') ? 'api/index.ts' : null);
  const warnings: TBuildDiagnostic[] = [];
  if (app.api === undefined && apiPath !== null) {
    warnings.push({ file: 'shipyard.json', line: null, column: null, text: 'api/index.ts exists but shipyard.json has no "api"; it was built as the app API.' });
  }

  const cache = input.cache === undefined ? defaultBuildCache() : input.cache === false ? null : input.cache;
  const [frontend, worker] = await Promise.allSettled([
    buildFrontend(files, apiPath, entries, cache),
    esbuild.build({
      ...commonOptions(files, apiPath, { kind: 'inline' }, new Map()),
      entryPoints: [{ in: ENTRY_PREFIX + ROUTER_PATH, out: '_worker' }],
      platform: 'neutral',
      target: 'es2022',
      mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker', 'browser', 'import'],
      sourcemap: 'external',
      keepNames: true,
      entryNames: '[name]',
    }),
  ]);

  const errors: TBuildDiagnostic[] = [];
  if (frontend.status === 'rejected') errors.push(...failureDiagnostics(frontend.reason));
  else warnings.push(...frontend.value.result.warnings.map(toDiagnostic));
  if (worker.status === 'rejected') errors.push(...failureDiagnostics(worker.reason));
  else warnings.push(...worker.value.warnings.map(toDiagnostic));
  if (errors.length > 0 || frontend.status === 'rejected' || worker.status === 'rejected') {
    throw new BuildError(dedupe(errors), warnings);
  }

  const { result: browser, plan, runtime } = frontend.value;
  const assets = new Map<string, Uint8Array>();
  const knownHashes = new Map<string, string>();
  for (const file of browser.outputFiles) assets.set(outputPath(file.path), file.contents);
  for (const { layer } of plan?.layers ?? []) {
    for (const file of layer.files) {
      // A copy: the cached layer must not change if a caller writes into the returned bytes.
      assets.set(file.path, file.bytes.slice());
      knownHashes.set(file.path, file.sha256);
    }
    warnings.push(...layer.warnings);
  }

  // Map each entry to its output JS/CSS, and the chunks and layers it loads up front (modulepreload).
  const meta = browser.metafile;
  const replacements = new Map<THtmlRef, string>();
  const headTags: string[] = [];
  const preloadedLayers = new Set<string>();
  for (const entry of entries) {
    const [outFile, outMeta] =
      Object.entries(meta.outputs).find(([, o]) => o.entryPoint === `${APP_NAMESPACE}:${entry.path}`) ?? [];
    if (outFile === undefined || outMeta === undefined) continue;
    const url = `/${outputPath(outFile)}`;
    if (entry.ref.kind === 'script') {
      replacements.set(entry.ref, url);
      if (outMeta.cssBundle) headTags.push(`<link rel="stylesheet" crossorigin href="/${outputPath(outMeta.cssBundle)}">`);
      for (const layerUrl of plan === null ? [] : staticLayerImports(meta, outFile, plan)) {
        if (preloadedLayers.has(layerUrl)) continue;
        preloadedLayers.add(layerUrl);
        headTags.push(`<link rel="modulepreload" crossorigin href="${layerUrl}">`);
      }
      for (const imported of outMeta.imports) {
        if (imported.kind === 'import-statement' && !imported.external) headTags.push(`<link rel="modulepreload" crossorigin href="/${outputPath(imported.path)}">`);
      }
    } else {
      replacements.set(entry.ref, url);
    }
  }
  assets.set('index.html', new TextEncoder().encode(rewriteHtml(html, replacements, headTags)));

  for (const [path, content] of files) {
    if (!path.startsWith('public/')) continue;
    const target = path.slice('public/'.length);
    if (assets.has(target)) {
      warnings.push({ file: path, line: null, column: null, text: `Ignored: the build writes ${target} itself.` });
      continue;
    }
    assets.set(target, new TextEncoder().encode(content));
  }

  const workerOutputs = worker.value.outputFiles ?? [];
  const workerJs = workerOutputs.find((f) => f.path.endsWith('_worker.js'));
  const workerMap = workerOutputs.find((f) => f.path.endsWith('_worker.js.map'));
  if (workerJs === undefined) throw new BuildError([{ file: null, line: null, column: null, text: 'The worker build produced no _worker.js.' }]);

  const sorted = new Map([...assets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const manifest: Record<string, TAssetManifestEntry> = {};
  const artifact = createHash('sha256');
  for (const [path, bytes] of sorted) {
    const hash = knownHashes.get(path) ?? sha256(bytes);
    manifest[path] = { hash, size: bytes.byteLength, contentType: contentTypeFor(path) };
    artifact.update(`${path}\0${hash}\n`);
  }
  artifact.update(`_worker.js\0${sha256(workerJs.contents)}\n`);

  return {
    assets: sorted,
    worker: workerJs.text,
    workerSourceMap: workerMap?.text ?? '',
    manifest,
    hash: artifact.digest('hex'),
    durationMs: Math.round(performance.now() - started),
    warnings,
    app,
    runtime,
  };
}

type TResolutions = Map<string, Promise<esbuild.ResolveResult>>;

type TRuntimeMode =
  | { kind: 'inline' }
  | { kind: 'external'; external: Set<string>; required: Set<string> }
  | { kind: 'layers'; plan: TVendorPlan };

interface TFrontendBuild {
  result: esbuild.BuildResult<{ write: false; metafile: true }> & { outputFiles: esbuild.OutputFile[]; metafile: esbuild.Metafile };
  plan: TVendorPlan | null;
  runtime: TRuntimeBundling;
}

/**
 * The browser build. First the app's code alone, runtime packages external, unminified: cheap, it
 * reports the app's own errors, and its imports say which runtime exports the app uses. Those are
 * served from prebundled layers (cached), and the app is bundled again, minified, linking against
 * them. Anything layers do not cover falls back to one inline bundle — the same output every time
 * for the same files, so a rebuild reproduces the recorded hash.
 */
async function buildFrontend(
  files: Map<string, string>,
  apiPath: string | null,
  entries: { path: string; out: string }[],
  cache: BuildCache | null,
): Promise<TFrontendBuild> {
  const browser = {
    entryPoints: entries.map((e) => ({ in: ENTRY_PREFIX + e.path, out: e.out })),
    platform: 'browser',
    target: BROWSER_TARGET,
    publicPath: '/',
  } satisfies esbuild.BuildOptions;
  const final = {
    ...browser,
    splitting: true,
    sourcemap: 'linked',
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/chunk-[hash]',
    assetNames: 'assets/[name]-[hash]',
  } satisfies esbuild.BuildOptions;
  const resolutions: TResolutions = new Map();
  const inline = async (reason: string): Promise<TFrontendBuild> => ({
    result: await esbuild.build({ ...commonOptions(files, apiPath, { kind: 'inline' }, resolutions), ...final }),
    plan: null,
    runtime: { mode: 'inline', reason, layers: [] },
  });

  const external = new Set<string>();
  const required = new Set<string>();
  const analysis = await esbuild.build({
    ...commonOptions(files, apiPath, { kind: 'external', external, required }, resolutions),
    ...browser,
    minify: false,
    metafile: false,
    splitting: false,
    entryNames: '[name]',
    assetNames: '[name]',
  });
  const usage = await collectRuntimeUsage(
    analysis.outputFiles.map((f) => ({ path: f.path, text: f.text })),
    external,
    required,
  );
  if (!usage.ok) return inline(usage.reason);

  let plan: TVendorPlan;
  try {
    plan = await planVendorLayers(
      usage.usage,
      { resolveDir: RUNTIME_RESOLVE_DIR, outDir: OUT_DIR, target: BROWSER_TARGET, define: DEFINE, tsconfigRaw: TSCONFIG_RAW, outputPath },
      cache,
    );
  } catch (error) {
    if (!isDeterministicPlanFailure(error)) throw error;
    return inline((error as Error).message);
  }
  let result: TFrontendBuild['result'];
  try {
    result = await esbuild.build({ ...commonOptions(files, apiPath, { kind: 'layers', plan }, resolutions), ...final });
  } catch (error) {
    const messages = (error as { errors?: esbuild.Message[] }).errors;
    if (!Array.isArray(messages) || messages.length === 0) throw error;
    return inline(`linking against the runtime layers failed: ${messages.map((m) => m.text).join('; ')}`);
  }
  return {
    result,
    plan,
    runtime: {
      mode: 'layers',
      layers: plan.layers.map(({ layer, source }) => ({
        path: layer.files.find((f) => f.path.endsWith('.js'))?.path ?? '',
        packages: layer.packages,
        source,
      })),
    },
  };
}

/** Layer URLs an entry loads before it runs (static imports, through its chunks), base layer first. */
function staticLayerImports(meta: esbuild.Metafile, entryOutput: string, plan: TVendorPlan): string[] {
  const order = plan.layers.map(({ layer }) => `/${layer.files.find((f) => f.path.endsWith('.js'))?.path ?? ''}`);
  const found = new Set<string>();
  const seen = new Set([entryOutput]);
  const queue = [entryOutput];
  for (let output = queue.shift(); output !== undefined; output = queue.shift()) {
    for (const imported of meta.outputs[output]?.imports ?? []) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) {
        if (order.includes(imported.path)) found.add(imported.path);
      } else if (!seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  for (const url of [...found]) for (const dep of plan.dependencies(url)) found.add(dep);
  return order.filter((url) => found.has(url));
}

const DEFINE = {
  'process.env.NODE_ENV': '"production"',
  'import.meta.env.MODE': '"production"',
  'import.meta.env.PROD': 'true',
  'import.meta.env.DEV': 'false',
};

const TSCONFIG_RAW = { compilerOptions: { jsx: 'react-jsx', useDefineForClassFields: true, verbatimModuleSyntax: false } } as const;

function commonOptions(files: Map<string, string>, apiPath: string | null, runtime: TRuntimeMode, runtimeResolutions: TResolutions) {
  return {
    bundle: true,
    write: false,
    outdir: OUT_DIR,
    absWorkingDir: RUNTIME_RESOLVE_DIR,
    format: 'esm',
    minify: true,
    metafile: true,
    logLevel: 'silent',
    charset: 'utf8',
    legalComments: 'none',
    jsx: 'automatic',
    define: DEFINE,
    tsconfigRaw: TSCONFIG_RAW,
    plugins: [appFilesPlugin(files, apiPath, runtime, runtimeResolutions)],
  } satisfies esbuild.BuildOptions;
}

/** Serves the app's files from memory and allows only runtime packages as bare imports. */
function appFilesPlugin(files: Map<string, string>, apiPath: string | null, runtime: TRuntimeMode, runtimeResolutions: TResolutions): esbuild.Plugin {
  return {
    name: 'shipyard-app-files',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ENTRY_PREFIX}`) }, (args) => {
        const path = args.path.slice(ENTRY_PREFIX.length);
        if (path === ROUTER_PATH) return { path, namespace: ROUTER_NAMESPACE };
        return { path, namespace: APP_NAMESPACE };
      });

      const resolveFromApp = async (args: esbuild.OnResolveArgs): Promise<esbuild.OnResolveResult> => {
        const spec = args.path;
        const importer = args.namespace === APP_NAMESPACE ? args.importer : '';
        if (/^(?:https?:)?\/\//i.test(spec) || spec.startsWith('data:')) {
          if (args.kind === 'url-token' || args.kind === 'import-rule') return { path: spec, external: true };
          return { errors: [{ text: `Cannot import "${spec}": generated apps cannot load code from the network. Use one of the runtime packages: ${describeRuntimePackages()}.` }] };
        }
        const isPath = spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('@/');
        if (isPath) {
          const path = resolveProjectPath(files, spec, importer);
          if (path !== null) return { path, namespace: APP_NAMESPACE };
          if (spec.startsWith('/') && files.has(`public${spec.replace(/[?#].*$/, '')}`)) return { path: spec, external: true };
          const from = importer === '' ? '' : ` (imported from ${importer})`;
          return { errors: [{ text: `Cannot find "${spec}"${from}: no such file in the app.` }] };
        }
        if (!isRuntimeImport(spec)) {
          const name = packageNameOf(spec) ?? spec;
          return {
            errors: [
              {
                text: `Cannot import "${name}": it is not in the runtime package set. Generated apps can import only ${describeRuntimePackages()}.`,
              },
            ],
          };
        }
        // Runtime packages resolve from one directory whatever the importer: once per build.
        const memoKey = `${args.kind}\0${spec}`;
        let resolving = runtimeResolutions.get(memoKey);
        if (resolving === undefined) {
          resolving = build.resolve(spec, { kind: args.kind, resolveDir: RUNTIME_RESOLVE_DIR });
          runtimeResolutions.set(memoKey, resolving);
        }
        const resolved = await resolving;
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (runtime.kind !== 'inline' && resolved.namespace === 'file' && /\.[cm]?js$/.test(resolved.path)) {
          if (runtime.kind === 'external') {
            runtime.external.add(spec);
            // require() takes the whole module object: its names are not visible in the import statements.
            if (args.kind === 'require-call' || args.kind === 'require-resolve') runtime.required.add(spec);
            return { path: spec, external: true };
          }
          return { path: spec, namespace: RUNTIME_NAMESPACE };
        }
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: resolved.sideEffects };
      };
      build.onResolve({ filter: /.*/, namespace: APP_NAMESPACE }, resolveFromApp);
      build.onResolve({ filter: /.*/, namespace: ROUTER_NAMESPACE }, resolveFromApp);

      if (runtime.kind === 'layers') {
        const { plan } = runtime;
        build.onLoad({ filter: /.*/, namespace: RUNTIME_NAMESPACE }, (args) => {
          const contents = plan.shimSource(args.path);
          if (contents === null) return { errors: [{ text: `No runtime layer holds ${args.path}.` }] };
          return { contents, loader: 'js' };
        });
        // The shims import only layer files, which are served as they are.
        build.onResolve({ filter: /.*/, namespace: RUNTIME_NAMESPACE }, (args) => ({ path: args.path, external: true }));
      }

      build.onLoad({ filter: /.*/, namespace: ROUTER_NAMESPACE }, () => ({
        contents: workerRouterSource(apiPath === null ? null : `/${apiPath}`),
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: APP_NAMESPACE }, (args) => {
        const contents = files.get(args.path);
        if (contents === undefined) return { errors: [{ text: `No such file: ${args.path}.` }] };
        const ext = extensionOf(args.path);
        const loader = args.path.endsWith('.module.css') ? 'local-css' : LOADERS[ext];
        if (loader === undefined) {
          return { errors: [{ text: `Cannot import ${args.path}: files of type "${ext || '(none)'}" are not supported. Use .tsx, .ts, .css, .json or .svg.` }] };
        }
        return { contents, loader };
      });
    },
  };
}

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/** Output path relative to the output root; esbuild gives absolute paths or ones relative to absWorkingDir. */
function outputPath(path: string): string {
  return relative(OUT_DIR, isAbsolute(path) ? path : join(RUNTIME_RESOLVE_DIR, path)).split(sep).join('/');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function displayFile(file: string): string {
  return file.startsWith(`${APP_NAMESPACE}:`) ? file.slice(APP_NAMESPACE.length + 1) : file;
}

function toDiagnostic(message: esbuild.Message): TBuildDiagnostic {
  const location = message.location;
  const notes = message.notes.map((n) => n.text).filter(Boolean);
  const text = notes.length > 0 ? `${message.text} (${notes.join(' ')})` : message.text;
  if (!location) return { file: null, line: null, column: null, text };
  return { file: displayFile(location.file), line: location.line, column: location.column + 1, text, lineText: location.lineText };
}

function failureDiagnostics(reason: unknown): TBuildDiagnostic[] {
  if (BuildError.is(reason)) return reason.errors;
  const messages = (reason as { errors?: unknown }).errors;
  if (Array.isArray(messages) && messages.length > 0) return (messages as esbuild.Message[]).map(toDiagnostic);
  return [{ file: null, line: null, column: null, text: `The bundler failed: ${(reason as Error).message ?? String(reason)}` }];
}

function dedupe(diagnostics: TBuildDiagnostic[]): TBuildDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
