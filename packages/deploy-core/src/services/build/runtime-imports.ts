import { parse as parseEsm } from 'es-module-lexer';
import { lexersLoaded, parseSpecifierList } from './package-exports.js';

/** What the app uses from one runtime-package specifier (`react`, `react-dom/client`, …). */
export interface TRuntimeUsage {
  /** Imported binding names; `default` for a default import. */
  names: Set<string>;
  /** A namespace import or `export *`: every export is needed. */
  whole: boolean;
}

export type TRuntimeUsageResult = { ok: true; usage: Map<string, TRuntimeUsage> } | { ok: false; reason: string };

const STATIC = 1;
const DYNAMIC = 2;
const IMPORT_META = 3;

/**
 * Reads which runtime-package bindings the app uses from esbuild's own output of a bundle in which
 * those packages were external (so imports are in esbuild's canonical form, types are gone and
 * unused imports are dropped). Specifiers in `required` were loaded with `require()`, which takes
 * the whole module. Returns `ok: false` for what the prebundled path does not handle —
 * a dynamic `import()` of a runtime package, import attributes — so the caller bundles inline.
 */
export async function collectRuntimeUsage(
  outputs: readonly { path: string; text: string }[],
  external: ReadonlySet<string>,
  required: ReadonlySet<string> = new Set(),
): Promise<TRuntimeUsageResult> {
  await lexersLoaded();
  const usage = new Map<string, TRuntimeUsage>();
  const entry = (spec: string): TRuntimeUsage => {
    let u = usage.get(spec);
    if (u === undefined) {
      u = { names: new Set(), whole: false };
      usage.set(spec, u);
    }
    return u;
  };
  for (const output of outputs) {
    if (!output.path.endsWith('.js')) continue;
    let imports: ReturnType<typeof parseEsm>[0];
    try {
      [imports] = parseEsm(output.text);
    } catch (error) {
      return { ok: false, reason: `could not read the app bundle's imports (${(error as Error).message})` };
    }
    for (const imp of imports) {
      if (imp.t === IMPORT_META || imp.n === undefined || !external.has(imp.n)) continue;
      const spec = imp.n;
      if (imp.t === DYNAMIC) return { ok: false, reason: `import("${spec}") loads a runtime package on demand` };
      if (imp.t !== STATIC || imp.a !== -1) return { ok: false, reason: `unsupported import of ${spec}` };
      const parsed = parseImportStatement(output.text.slice(imp.ss, imp.se));
      if (parsed === null) return { ok: false, reason: `unsupported import of ${spec}: ${output.text.slice(imp.ss, imp.se).slice(0, 120)}` };
      const u = entry(spec);
      for (const name of parsed.names) u.names.add(name);
      if (parsed.whole) u.whole = true;
    }
  }
  for (const spec of required) entry(spec).whole = true;
  return { ok: true, usage };
}

/**
 * The import/re-export statements esbuild prints: `import "x"`, `import d from "x"`,
 * `import * as ns from "x"`, `import { a, b as c } from "x"`, `import d, { a } from "x"`,
 * `import d, * as ns from "x"`, `export * from "x"`, `export * as ns from "x"`,
 * `export { a as b } from "x"`. Returns the names imported and whether the whole module is used.
 */
export function parseImportStatement(statement: string): { names: string[]; whole: boolean } | null {
  const s = statement.trim();
  if (/^import\s*["']/.test(s)) return { names: [], whole: false };
  if (/^export\s*\*\s*(?:as\s+[\w$]+\s*)?from\s*["']/.test(s)) return { names: [], whole: true };
  const reExport = /^export\s*\{([^}]*)\}\s*from\s*["']/.exec(s);
  if (reExport?.[1] !== undefined) {
    const list = parseSpecifierList(reExport[1]);
    return list === null ? null : { names: [...new Set(list.values())], whole: false };
  }
  const clause = /^import\s+([\s\S]+?)\s*from\s*["']/.exec(s)?.[1]?.trim();
  if (clause === undefined) return null;
  const names: string[] = [];
  let whole = false;
  let rest = clause;
  const defaultName = /^([\w$]+)\s*(?:,\s*|$)/.exec(rest);
  if (defaultName !== null) {
    names.push('default');
    rest = rest.slice(defaultName[0].length);
  }
  if (rest.startsWith('*')) {
    if (!/^\*\s*as\s+[\w$]+$/.test(rest)) return null;
    whole = true;
  } else if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    if (close === -1 || rest.slice(close + 1).trim() !== '') return null;
    const list = parseSpecifierList(rest.slice(1, close));
    if (list === null) return null;
    names.push(...list.values());
  } else if (rest !== '') {
    return null;
  }
  return { names, whole };
}
