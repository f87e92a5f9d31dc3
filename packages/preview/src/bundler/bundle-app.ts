import type * as esbuild from 'esbuild-wasm';
import type { TBundleOutput, TBundleResult, TPreviewBuildError, TPreviewProblem } from '../protocol.js';
import { parseAppDocument } from './app-document.js';
import { readAppManifest } from './app-manifest.js';
import type { MemoryFileSystem } from './memory-fs.js';
import { normalizeProjectPath, packageNameOf } from './paths.js';

/** The part of esbuild's API the bundler needs. */
export type TEsbuildApi = Pick<typeof esbuild, 'context'>;

/** The virtual entry: index.html's stylesheets and module scripts, imported in document order. */
const APP_ENTRY = '__shipyard_app_entry__.js';
const OUT_DIR = '/out';

const IMPORT_META_ENV = { MODE: 'development', DEV: true, PROD: false, SSR: false, BASE_URL: '/' };

export interface TAppBundler {
  build(files: Record<string, string>): Promise<TBundleResult>;
  dispose(): Promise<void>;
}

/**
 * The preview's bundler. The project is served to esbuild from an in-memory file system rooted
 * at `/` (so `/src/main.tsx` means what it means to Vite), runtime packages stay bare imports for
 * the frame's import map, JSX uses React's automatic runtime, `@/x` is `src/x`, and source maps
 * keep the original sources. One esbuild context per entry set makes an edit a cheap rebuild.
 * Resolution and reading run inside esbuild, with no plugin callbacks: in esbuild-wasm each
 * callback costs a round trip through its message protocol.
 */
export function createAppBundler(api: TEsbuildApi, fs: MemoryFileSystem, options: { runtimeSpecifiers: readonly string[] }): TAppBundler {
  const runtime = new Set(options.runtimeSpecifiers);
  const runtimePackages = [...new Set(options.runtimeSpecifiers.map(packageNameOf))];
  let context: { key: string; ctx: esbuild.BuildContext } | null = null;

  async function contextFor(apiPath: string | null, publicPaths: string[]): Promise<esbuild.BuildContext> {
    const key = JSON.stringify([apiPath, publicPaths]);
    if (context && context.key === key) return context.ctx;
    await context?.ctx.dispose();
    context = null;
    const entryPoints = [{ in: `/${APP_ENTRY}`, out: 'app' }];
    if (apiPath) entryPoints.push({ in: `/${apiPath}`, out: 'api' });
    const ctx = await api.context({
      entryPoints,
      absWorkingDir: '/',
      bundle: true,
      write: false,
      outdir: OUT_DIR,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: true,
      logLevel: 'silent',
      charset: 'utf8',
      jsx: 'automatic',
      metafile: true,
      // Runtime packages load through the frame's import map; public/ files are not bundled.
      external: [...runtime, ...publicPaths],
      loader: { '.js': 'jsx', '.svg': 'dataurl', '.txt': 'text', '.md': 'text' },
      define: {
        'process.env.NODE_ENV': '"development"',
        'import.meta.env': JSON.stringify(IMPORT_META_ENV),
        'import.meta.env.MODE': '"development"',
        'import.meta.env.DEV': 'true',
        'import.meta.env.PROD': 'false',
      },
      tsconfigRaw: {
        compilerOptions: {
          jsx: 'react-jsx',
          useDefineForClassFields: true,
          verbatimModuleSyntax: false,
          baseUrl: '.',
          paths: { '@/*': ['src/*'] },
        },
      },
    });
    context = { key, ctx };
    return ctx;
  }

  function explain(message: esbuild.Message): esbuild.Message {
    const unresolved = /^Could not resolve "(.+)"$/.exec(message.text);
    if (!unresolved) return message;
    const spec = unresolved[1]!;
    const importer = message.location?.file ?? '';
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('@/')) {
      return { ...message, text: `Cannot find "${spec}"${importer ? ` (imported from ${importer})` : ''}: no such file in the app.`, notes: [] };
    }
    if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(spec)) {
      return { ...message, text: `Cannot import "${spec}": the app cannot load code from the network. Use the runtime packages (${runtimePackages.join(', ')}) or files in the project.`, notes: [] };
    }
    const name = packageNameOf(spec);
    if (runtimePackages.includes(name)) {
      const available = [...runtime].filter((s) => packageNameOf(s) === name).join(', ');
      return { ...message, text: `"${spec}" is not available in the preview. From ${name} it ships: ${available}.`, notes: [] };
    }
    return { ...message, text: `Cannot import "${name}": it is not in the runtime package set. Generated apps can import only ${runtimePackages.join(', ')}.`, notes: [] };
  }

  async function build(input: Record<string, string>): Promise<TBundleResult> {
    const started = performance.now();
    const done = (result: Omit<Extract<TBundleResult, { ok: false }>, 'durationMs'>): TBundleResult => ({ ...result, durationMs: performance.now() - started });
    const { files, errors: pathErrors } = normalizeFiles(input);
    const { manifest, errors: manifestErrors } = readAppManifest(files);
    const html = files.get(manifest.entry);
    if (html === undefined) {
      return done({
        ok: false,
        errors: [...pathErrors, ...manifestErrors, { kind: 'build', message: `The app has no ${manifest.entry}. Add one with <div id="root"></div> and <script type="module" src="/src/main.tsx"></script>.`, file: manifest.entry, line: null, column: null }],
        warnings: [],
      });
    }
    const parsed = parseAppDocument(html, files, manifest.entry);
    const early = [...pathErrors, ...manifestErrors, ...parsed.errors];
    if (early.length > 0) return done({ ok: false, errors: early, warnings: parsed.warnings });

    const served = new Map(files);
    served.set(APP_ENTRY, parsed.imports.map((p) => `import ${JSON.stringify(`/${p}`)};`).join('\n'));
    fs.setFiles(served);
    const publicPaths = [...files.keys()].filter((p) => p.startsWith('public/')).map((p) => p.slice('public'.length));
    let result: esbuild.BuildResult<{ write: false }>;
    try {
      const ctx = await contextFor(manifest.api, publicPaths);
      result = (await ctx.rebuild()) as esbuild.BuildResult<{ write: false }>;
    } catch (error) {
      return done({ ok: false, errors: failureErrors(error, explain), warnings: parsed.warnings });
    }
    // esbuild treats an external package name as covering its subpaths too (`react-dom` →
    // `react-dom/server`); only the exact import-map specifiers exist in the frame.
    const unavailable = unavailableImports(result.metafile, files, runtime, new Set(publicPaths), explain);
    if (unavailable.length > 0) return done({ ok: false, errors: unavailable, warnings: parsed.warnings });
    const out = (name: string) => result.outputFiles?.find((f) => f.path === `${OUT_DIR}/${name}`)?.text ?? '';
    const warnings: TPreviewProblem[] = [...parsed.warnings, ...result.warnings.map((w) => toProblem(w))];
    const publicFiles: Record<string, string> = {};
    for (const [path, content] of files) if (path.startsWith('public/')) publicFiles[path.slice('public'.length)] = content;
    const database = manifest.database;
    const output: TBundleOutput = {
      app: { js: out('app.js'), map: cleanSourceMap(out('app.js.map')), css: out('app.css') },
      api: manifest.api ? { js: out('api.js'), map: cleanSourceMap(out('api.js.map')) } : null,
      document: { ...parsed.document, title: parsed.document.title || manifest.name },
      database: database
        ? { schema: files.get(database.schema) ?? '', seed: database.seed ? (files.get(database.seed) ?? '') : '', schemaPath: database.schema, seedPath: database.seed }
        : null,
      envNames: manifest.env,
      warnings,
      publicFiles,
    };
    return { ok: true, output, durationMs: performance.now() - started };
  }

  return {
    build,
    async dispose() {
      await context?.ctx.dispose();
      context = null;
    },
  };
}

function unavailableImports(
  metafile: esbuild.Metafile | undefined,
  files: ReadonlyMap<string, string>,
  runtime: ReadonlySet<string>,
  publicPaths: ReadonlySet<string>,
  explain: (message: esbuild.Message) => esbuild.Message,
): TPreviewBuildError[] {
  const errors: TPreviewBuildError[] = [];
  for (const [input, meta] of Object.entries(metafile?.inputs ?? {})) {
    if (!files.has(displayFile(input))) continue;
    for (const imported of meta.imports) {
      if (!imported.external || runtime.has(imported.path) || publicPaths.has(imported.path) || imported.path.startsWith('<define:')) continue;
      if (imported.kind === 'url-token' || imported.kind === 'import-rule') continue;
      // An import TypeScript drops (every name is a type) is listed as external and unresolved
      // even though the file exists.
      if (imported.path.startsWith('.') && relativeTargetExists(displayFile(input), imported.path, files)) continue;
      const file = displayFile(input);
      const source = files.get(file) ?? '';
      const at = Math.max(source.indexOf(`'${imported.path}'`), source.indexOf(`"${imported.path}"`));
      const before = at === -1 ? '' : source.slice(0, at);
      const line = at === -1 ? 0 : before.split('\n').length;
      const column = at === -1 ? 0 : at - before.lastIndexOf('\n');
      const lineText = at === -1 ? '' : (source.split('\n')[line - 1] ?? '');
      const message = explain({
        id: '',
        pluginName: '',
        text: `Could not resolve "${imported.path}"`,
        location: at === -1 ? null : { file, namespace: 'file', line, column: column - 1, length: imported.path.length, lineText, suggestion: '' },
        notes: [],
        detail: undefined,
      });
      errors.push(toProblem(message));
    }
  }
  return errors;
}

function normalizeFiles(input: Record<string, string>): { files: Map<string, string>; errors: TPreviewBuildError[] } {
  const files = new Map<string, string>();
  const errors: TPreviewBuildError[] = [];
  for (const [raw, content] of Object.entries(input)) {
    const path = normalizeProjectPath(raw);
    if (path === null || typeof content !== 'string') {
      errors.push({ kind: 'build', message: `"${raw}" is not a text file inside the project; it was left out.`, file: raw, line: null, column: null });
      continue;
    }
    files.set(path, content);
  }
  return { files, errors };
}

function displayFile(file: string): string {
  return file.replace(/^\/+/, '');
}

function toProblem(message: esbuild.Message): TPreviewBuildError {
  const location = message.location;
  const notes = message.notes.map((n) => n.text).filter(Boolean);
  const text = notes.length > 0 ? `${message.text} (${notes.join(' ')})` : message.text;
  if (!location) return { kind: 'build', message: text, file: null, line: null, column: null };
  const file = displayFile(location.file);
  return {
    kind: 'build',
    message: text,
    file: file === APP_ENTRY ? 'index.html' : file,
    line: file === APP_ENTRY ? null : location.line,
    column: file === APP_ENTRY ? null : location.column + 1,
    lineText: location.lineText,
  };
}

function failureErrors(error: unknown, explain: (message: esbuild.Message) => esbuild.Message): TPreviewBuildError[] {
  const messages = (error as { errors?: unknown }).errors;
  if (Array.isArray(messages) && messages.length > 0) {
    const seen = new Set<string>();
    return (messages as esbuild.Message[]).map((m) => toProblem(explain(m))).filter((p) => {
      const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return [{ kind: 'build', message: `The bundler failed: ${error instanceof Error ? error.message : String(error)}`, file: null, line: null, column: null }];
}

/** Source map paths as project paths (`src/App.tsx`), not relative to the output folder (`../src/App.tsx`). */
function cleanSourceMap(text: string): string {
  if (!text) return text;
  const map = JSON.parse(text) as { sources?: string[] };
  map.sources = (map.sources ?? []).map((s) => displayFile(s.replace(/^(\.\.\/)+/, '')));
  return JSON.stringify(map);
}

/** Whether a relative import from `importer` names a file of the app (with the usual extensions). */
function relativeTargetExists(importer: string, specifier: string, files: ReadonlyMap<string, string>): boolean {
  const parts = importer.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const base = parts.join('/');
  return ['', '.ts', '.tsx', '.js', '.jsx', '/index.ts', '/index.tsx', '/index.js'].some((ext) => files.has(base + ext));
}
