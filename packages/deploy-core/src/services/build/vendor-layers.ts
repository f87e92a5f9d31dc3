import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { RUNTIME_PACKAGE_NAMES, packageNameOf } from '../../runtime/runtime-packages.js';
import type { BuildCache, TLayerFile, TLayerSource, TVendorLayer } from './build-cache.js';
import type { TBuildDiagnostic } from './build-error.js';
import { PackageExports } from './package-exports.js';
import type { TRuntimeUsage } from './runtime-imports.js';

/**
 * Prebundled runtime layers. The runtime packages that other runtime packages depend on (React,
 * react-dom, clsx) form the base layer, bundled whole; each other package the app uses (recharts,
 * react-router, lucide-react) is a leaf layer holding only the exports the app imports and linking
 * to the base layer for React. Layers are cached by key, so an app build bundles only the app's own
 * code; a new icon rebuilds only the lucide-react layer.
 */

/** Bump when the way layers are built changes: no entry built the old way can match a new key. */
const RECIPE = 'shipyard-vendor-layers/1';

const ENTRY_NAMESPACE = 'shipyard-layer';
const SHIM_NAMESPACE = 'shipyard-layer-shim';
const INNER = { shipyardInnerResolve: true };

/** Options every layer shares with the app's browser build (part of every key). */
export interface TLayerSettings {
  resolveDir: string;
  outDir: string;
  target: string[];
  define: Record<string, string>;
  tsconfigRaw: esbuild.TsconfigRaw;
  /** Maps an esbuild output path to the asset path (`assets/vendor-….js`). */
  outputPath(path: string): string;
}

export interface TRuntimePackage {
  name: string;
  version: string;
  /** Real directory of the installed package. */
  dir: string;
  /** `"sideEffects": false`: re-export chains may be skipped (esbuild would drop them anyway). */
  sideEffectFree: boolean;
  /** Runtime packages it depends on (dependencies and peer dependencies). */
  runtimeDeps: string[];
}

export interface TVendorPlan {
  layers: { layer: TVendorLayer; source: TLayerSource }[];
  /** Source of the module the app imports `spec` through: the layer's exports under their real names. */
  shimSource(spec: string): string | null;
  /** URL of the layer file that serves `spec`. */
  layerUrl(spec: string): string | null;
  /** Layers the layer at `url` imports (a leaf imports the base layer). */
  dependencies(url: string): string[];
}

/**
 * The app's runtime imports cannot be served from layers, for a reason that follows from the
 * sources and the installed packages alone (so a rebuild decides the same way). Anything else — an
 * I/O error, esbuild's service stopping — is rethrown instead: falling back to an inline bundle
 * for a passing reason would give the same files a different output.
 */
export class VendorPlanError extends Error {
  override readonly name = 'VendorPlanError';
  readonly deterministic = true;
}

/** Errors thrown inside a layer build's plugin that are not VendorPlanErrors, rethrown after the build. */
interface TUnexpected {
  error?: unknown;
}

function guard<A, R>(unexpected: TUnexpected, fn: (args: A) => Promise<R>): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await fn(args);
    } catch (error) {
      if (!(error instanceof VendorPlanError)) unexpected.error ??= error;
      throw error;
    }
  };
}

/** The installed runtime packages, found the way esbuild resolves bare imports from `resolveDir`. */
export function findRuntimePackages(resolveDir: string): Map<string, TRuntimePackage> {
  const found = new Map<string, TRuntimePackage>();
  for (const name of RUNTIME_PACKAGE_NAMES) {
    for (let dir = resolveDir; ; dir = dirname(dir)) {
      const manifest = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(manifest)) {
        const json = JSON.parse(readFileSync(manifest, 'utf8')) as {
          version?: string;
          sideEffects?: unknown;
          dependencies?: Record<string, string>;
          peerDependencies?: Record<string, string>;
          optionalDependencies?: Record<string, string>;
        };
        const deps = new Set([...Object.keys(json.dependencies ?? {}), ...Object.keys(json.peerDependencies ?? {}), ...Object.keys(json.optionalDependencies ?? {})]);
        found.set(name, {
          name,
          version: json.version ?? '0.0.0',
          dir: realpathSync(dirname(manifest)),
          sideEffectFree: json.sideEffects === false,
          runtimeDeps: RUNTIME_PACKAGE_NAMES.filter((n) => n !== name && deps.has(n)),
        });
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return found;
}

/** Runtime packages some other runtime package depends on: bundled whole, once, in the base layer. */
export function basePackages(packages: ReadonlyMap<string, TRuntimePackage>): Set<string> {
  const base = new Set<string>();
  const add = (name: string) => {
    if (base.has(name)) return;
    base.add(name);
    for (const dep of packages.get(name)?.runtimeDeps ?? []) add(dep);
  };
  for (const pkg of packages.values()) for (const dep of pkg.runtimeDeps) add(dep);
  return base;
}

/**
 * Finds or builds the layers for the runtime packages the app uses. Throws when the app's use of
 * them cannot be served from layers with the same behaviour as an inline bundle (the caller then
 * bundles inline): e.g. a leaf package importing a React subpath the base layer does not hold, two
 * layers bundling the same file, or an export that does not exist.
 */
export async function planVendorLayers(usage: ReadonlyMap<string, TRuntimeUsage>, settings: TLayerSettings, cache: BuildCache | null): Promise<TVendorPlan> {
  const packages = findRuntimePackages(settings.resolveDir);
  const base = basePackages(packages);
  const specsByPackage = new Map<string, string[]>();
  for (const spec of [...usage.keys()].sort()) {
    const name = packageNameOf(spec);
    if (name === null || !packages.has(name)) throw new VendorPlanError(`${spec} is not an installed runtime package`);
    specsByPackage.set(name, [...(specsByPackage.get(name) ?? []), spec]);
  }
  const leaves = [...specsByPackage.keys()].filter((n) => !base.has(n)).sort();
  const baseSpecs = new Set<string>();
  for (const [name, specs] of specsByPackage) if (base.has(name)) for (const spec of specs) baseSpecs.add(spec);
  for (const leaf of leaves) for (const dep of packages.get(leaf)?.runtimeDeps ?? []) baseSpecs.add(dep);

  const reader = new PackageExports();
  const layers: { layer: TVendorLayer; source: TLayerSource }[] = [];
  let baseLayer: TVendorLayer | null = null;
  if (baseSpecs.size > 0) {
    const specs = [...baseSpecs].sort();
    const key = layerKey(settings, {
      kind: 'base',
      specs,
      packages: [...base].sort().map((n) => packages.get(n)).filter((p) => p !== undefined).map((p) => [p.name, p.version, p.dir]),
    });
    const got = await getLayer(cache, key, () => buildBaseLayer(key, specs, [...base].sort(), settings, reader));
    baseLayer = got.layer;
    layers.push(got);
  }
  const leafLayers = await Promise.all(
    leaves.map((name) => {
      const pkg = packages.get(name) as TRuntimePackage;
      const specs = specsByPackage.get(name) ?? [];
      const use = specs.map((spec) => {
        const u = usage.get(spec) as TRuntimeUsage;
        return [spec, [...u.names].sort(), u.whole] as const;
      });
      const key = layerKey(settings, { kind: 'leaf', package: [pkg.name, pkg.version, pkg.dir], use, base: baseLayer?.key ?? null });
      return getLayer(cache, key, () => buildLeafLayer(key, pkg, specs, usage, baseLayer, base, otherLeaves(packages, base, name), settings, reader));
    }),
  );
  layers.push(...leafLayers);

  // A module in two layers would run twice (two instances): serve such an app inline instead.
  const owners = new Map<string, string>();
  for (const { layer } of layers) {
    for (const [path] of layer.inputs) {
      if (path.endsWith(`${sep}package.json`)) continue;
      const other = owners.get(path);
      if (other !== undefined && other !== layer.key) throw new VendorPlanError(`${path} would be bundled in two runtime layers`);
      owners.set(path, layer.key);
    }
  }

  const owner = new Map<string, TVendorLayer>();
  for (const { layer } of layers) for (const spec of Object.keys(layer.exports)) owner.set(spec, layer);
  for (const spec of usage.keys()) {
    const layer = owner.get(spec);
    if (layer === undefined) throw new VendorPlanError(`no runtime layer holds ${spec}`);
    const held = new Set(layer.exports[spec]?.map(([name]) => name));
    for (const name of usage.get(spec)?.names ?? []) if (!held.has(name)) throw new VendorPlanError(`${spec} has no export named ${name}`);
  }
  const byUrl = new Map(layers.map(({ layer }) => [layerUrlOf(layer), layer]));
  return {
    layers,
    shimSource: (spec) => {
      const layer = owner.get(spec);
      return layer === undefined ? null : shimSource(layer, spec);
    },
    layerUrl: (spec) => {
      const layer = owner.get(spec);
      return layer === undefined ? null : layerUrlOf(layer);
    },
    dependencies: (url) => {
      const layer = byUrl.get(url);
      if (layer === undefined || baseLayer === null || layer === baseLayer) return [];
      return [layerUrlOf(baseLayer)];
    },
  };
}

/** Runtime packages a leaf layer must not bundle: every package that is neither shared nor itself. */
function otherLeaves(packages: ReadonlyMap<string, TRuntimePackage>, base: ReadonlySet<string>, self: string): string[] {
  return RUNTIME_PACKAGE_NAMES.filter((name) => name !== self && !base.has(name) && packages.has(name));
}

async function getLayer(cache: BuildCache | null, key: string, build: () => Promise<TVendorLayer>): Promise<{ layer: TVendorLayer; source: TLayerSource }> {
  if (cache === null) return { layer: await build(), source: 'built' };
  return cache.layer(key, build);
}

function layerKey(settings: TLayerSettings, what: Record<string, unknown>): string {
  const material = {
    recipe: RECIPE,
    esbuild: esbuild.version,
    resolveDir: settings.resolveDir,
    outDir: settings.outDir,
    target: settings.target,
    define: settings.define,
    tsconfigRaw: settings.tsconfigRaw,
    ...what,
  };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

function layerUrlOf(layer: TVendorLayer): string {
  const js = layer.files.find((f) => f.path.endsWith('.js'));
  return `/${js?.path ?? ''}`;
}

function shimSource(layer: TVendorLayer, spec: string): string {
  const url = JSON.stringify(layerUrlOf(layer));
  const pairs = layer.exports[spec] ?? [];
  if (pairs.length === 0) return `import ${url};\n`;
  return `export { ${pairs.map(([name, alias]) => `${alias} as ${name}`).join(', ')} } from ${url};\n`;
}

function layerOptions(settings: TLayerSettings, out: string, plugin: esbuild.Plugin): esbuild.BuildOptions & { write: false; metafile: true } {
  return {
    entryPoints: [{ in: `${ENTRY_NAMESPACE}:entry`, out }],
    bundle: true,
    write: false,
    metafile: true,
    outdir: settings.outDir,
    absWorkingDir: settings.resolveDir,
    format: 'esm',
    platform: 'browser',
    target: settings.target,
    define: settings.define,
    tsconfigRaw: settings.tsconfigRaw,
    jsx: 'automatic',
    minify: true,
    splitting: false,
    sourcemap: 'linked',
    entryNames: 'assets/[name]-[hash]',
    publicPath: '/',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [plugin],
  };
}

function entryResolver(build: esbuild.PluginBuild): void {
  build.onResolve({ filter: new RegExp(`^${ENTRY_NAMESPACE}:`) }, (args) => ({ path: args.path.slice(ENTRY_NAMESPACE.length + 1), namespace: ENTRY_NAMESPACE }));
}

async function resolveSpec(build: esbuild.PluginBuild, spec: string, resolveDir: string): Promise<string> {
  const resolved = await build.resolve(spec, { kind: 'import-statement', resolveDir, pluginData: INNER });
  if (resolved.errors.length > 0 || resolved.external || resolved.path === '') throw new VendorPlanError(`cannot resolve ${spec}`);
  return resolved.path;
}

async function buildBaseLayer(key: string, specs: string[], packages: string[], settings: TLayerSettings, reader: PackageExports): Promise<TVendorLayer> {
  const exports: Record<string, [string, string][]> = {};
  const resolved: Record<string, string> = {};
  const unexpected: TUnexpected = {};
  const plugin: esbuild.Plugin = {
    name: 'shipyard-base-layer',
    setup(build) {
      entryResolver(build);
      build.onLoad({ filter: /.*/, namespace: ENTRY_NAMESPACE }, guard(unexpected, async () => {
        const lines: string[] = [];
        let next = 0;
        for (const spec of specs) {
          const file = await resolveSpec(build, spec, settings.resolveDir);
          resolved[spec] = file;
          const names = reader.exportNames(file);
          if (names === null) throw new VendorPlanError(`cannot list the exports of ${spec}`);
          const pairs = names.map((name): [string, string] => [name, `$${(next++).toString(36)}`]);
          exports[spec] = pairs;
          lines.push(exportLine(pairs, spec));
        }
        return { contents: lines.join('\n'), loader: 'js' as const, resolveDir: settings.resolveDir };
      }));
    },
  };
  const result = await runLayerBuild(layerOptions(settings, 'vendor', plugin), unexpected);
  return finishLayer(key, packages, result, exports, resolved, settings);
}

async function buildLeafLayer(
  key: string,
  pkg: TRuntimePackage,
  specs: string[],
  usage: ReadonlyMap<string, TRuntimeUsage>,
  baseLayer: TVendorLayer | null,
  base: ReadonlySet<string>,
  otherPackages: readonly string[],
  settings: TLayerSettings,
  reader: PackageExports,
): Promise<TVendorLayer> {
  const exports: Record<string, [string, string][]> = {};
  const resolved: Record<string, string> = {};
  const shared = [...base].map(escapeRegExp);
  const others = otherPackages.map(escapeRegExp);
  const unexpected: TUnexpected = {};
  const plugin: esbuild.Plugin = {
    name: 'shipyard-leaf-layer',
    setup(build) {
      entryResolver(build);
      build.onLoad({ filter: /.*/, namespace: ENTRY_NAMESPACE }, guard(unexpected, async () => {
        const lines: string[] = [];
        let next = 0;
        for (const spec of specs) {
          const file = await resolveSpec(build, spec, settings.resolveDir);
          resolved[spec] = file;
          const u = usage.get(spec) as TRuntimeUsage;
          const names = new Set(u.names);
          if (u.whole) {
            const all = reader.exportNames(file);
            if (all === null) throw new VendorPlanError(`cannot list the exports of ${spec}`);
            for (const name of all) names.add(name);
          }
          const pairs: [string, string][] = [];
          if (names.size === 0) lines.push(`import ${JSON.stringify(spec)};`);
          for (const name of [...names].sort()) {
            const alias = `$${(next++).toString(36)}`;
            pairs.push([name, alias]);
            // For a side-effect-free package, import each binding from the file that defines it, so
            // esbuild need not parse the whole barrel (lucide-react's index re-exports ~1,600 icons).
            const definition = pkg.sideEffectFree ? reader.definition(file, name) : null;
            const from = definition === null ? spec : relativeImport(settings.resolveDir, definition.file);
            lines.push(`export { ${definition?.name ?? name} as ${alias} } from ${JSON.stringify(from)};`);
          }
          exports[spec] = pairs;
        }
        return { contents: lines.join('\n'), loader: 'js' as const, resolveDir: settings.resolveDir };
      }));
      if (shared.length > 0) {
        build.onResolve({ filter: new RegExp(`^(?:${shared.join('|')})(?:/|$)`) }, guard(unexpected, async (args: esbuild.OnResolveArgs) => {
          if (args.pluginData?.shipyardInnerResolve === true) return undefined;
          const held = baseLayer?.resolved[args.path];
          if (baseLayer === null || held === undefined) {
            return { errors: [{ text: `${pkg.name} imports ${args.path}, which the shared runtime layer does not hold` }] };
          }
          const own = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: INNER });
          if (own.path !== held) return { errors: [{ text: `${pkg.name} resolves ${args.path} to a different copy (${own.path})` }] };
          return { path: args.path, namespace: SHIM_NAMESPACE };
        }));
      }
      if (others.length > 0) {
        build.onResolve({ filter: new RegExp(`^(?:${others.join('|')})(?:/|$)`) }, (args) => {
          if (args.pluginData?.shipyardInnerResolve === true) return undefined;
          return { errors: [{ text: `${pkg.name} imports ${args.path}, another runtime package` }] };
        });
      }
      build.onLoad({ filter: /.*/, namespace: SHIM_NAMESPACE }, (args) => ({ contents: shimSource(baseLayer as TVendorLayer, args.path), loader: 'js' }));
      build.onResolve({ filter: /.*/, namespace: SHIM_NAMESPACE }, (args) => ({ path: args.path, external: true }));
    },
  };
  const result = await runLayerBuild(layerOptions(settings, `vendor-${pkg.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`, plugin), unexpected);
  return finishLayer(key, [pkg.name], result, exports, resolved, settings);
}

async function runLayerBuild(options: esbuild.BuildOptions & { write: false; metafile: true }, unexpected: TUnexpected): Promise<esbuild.BuildResult<typeof options>> {
  try {
    return await esbuild.build(options);
  } catch (error) {
    if (unexpected.error !== undefined) throw unexpected.error;
    const errors = (error as { errors?: esbuild.Message[] }).errors;
    // Compile errors (a missing export, an unresolvable import) follow from the inputs; anything else does not.
    if (!Array.isArray(errors) || errors.length === 0) throw error;
    throw new VendorPlanError(`runtime layer failed to build: ${errors.map((e) => e.text).join('; ')}`);
  }
}

/** True for a reason to bundle inline that a rebuild of the same files would meet again. */
export function isDeterministicPlanFailure(error: unknown): boolean {
  return error instanceof Error && (error as { deterministic?: unknown }).deterministic === true;
}

function finishLayer(
  key: string,
  packages: string[],
  result: esbuild.BuildResult<esbuild.BuildOptions & { write: false; metafile: true }>,
  exports: Record<string, [string, string][]>,
  resolved: Record<string, string>,
  settings: TLayerSettings,
): TVendorLayer {
  const files: TLayerFile[] = result.outputFiles
    .map((f) => ({ path: settings.outputPath(f.path), bytes: f.contents, sha256: createHash('sha256').update(f.contents).digest('hex') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const kinds = files.map((f) => (f.path.endsWith('.js.map') ? 'map' : f.path.endsWith('.js') ? 'js' : 'other'));
  if (kinds.length !== 2 || !kinds.includes('js') || !kinds.includes('map')) {
    throw new VendorPlanError(`a runtime layer for ${packages.join(', ')} produced ${files.map((f) => f.path).join(', ')}, not one script and its map`);
  }
  // The sources, and the package.json of each package they come from (it decides what resolves where).
  const sources = new Set<string>();
  const manifests = new Map<string, string | null>();
  for (const path of Object.keys(result.metafile.inputs)) {
    if (path.startsWith('shipyard-')) continue;
    const absolute = isAbsolute(path) ? path : join(settings.resolveDir, path);
    sources.add(absolute);
    const manifest = nearestManifest(dirname(absolute), manifests);
    if (manifest !== null) sources.add(manifest);
  }
  const inputs: [string, number, number][] = [...sources].sort().map((path) => {
    const info = statSync(path);
    return [path, info.size, info.mtimeMs];
  });
  const warnings: TBuildDiagnostic[] = result.warnings.map((w) => ({
    file: w.location?.file ?? null,
    line: w.location?.line ?? null,
    column: w.location === null ? null : w.location.column + 1,
    text: w.text,
  }));
  return { key, packages, files, exports, resolved, inputs, warnings };
}

function nearestManifest(dir: string, memo: Map<string, string | null>): string | null {
  const known = memo.get(dir);
  if (known !== undefined) return known;
  const here = join(dir, 'package.json');
  const parent = dirname(dir);
  const found = existsSync(here) ? here : parent === dir ? null : nearestManifest(parent, memo);
  memo.set(dir, found);
  return found;
}

function exportLine(pairs: [string, string][], spec: string): string {
  if (pairs.length === 0) return `import ${JSON.stringify(spec)};`;
  return `export { ${pairs.map(([name, alias]) => `${name} as ${alias}`).join(', ')} } from ${JSON.stringify(spec)};`;
}

/** A path esbuild resolves relative to `from`, with forward slashes (kept out of absolute paths in source maps). */
function relativeImport(from: string, file: string): string {
  const path = relative(from, file).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
