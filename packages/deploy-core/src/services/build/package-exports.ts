import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { init as initCjsLexer, parse as parseCjs } from 'cjs-module-lexer';
import { init as esmLexerReady, parse as parseEsm } from 'es-module-lexer';

/**
 * Static analysis of the files of a runtime package (never of app code): which names a module
 * exports, and in which file a re-exported name is really defined. Nothing is executed.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MAX_DEPTH = 24;

let lexersReady: Promise<void> | null = null;
export function lexersLoaded(): Promise<void> {
  lexersReady ??= Promise.all([esmLexerReady, initCjsLexer()]).then(() => undefined);
  return lexersReady;
}

interface TReExport {
  /** Exported name → the name imported from `from`. */
  names: Map<string, string>;
  /** `export * from` (names: empty) — every export but `default`. */
  star: boolean;
  from: string;
}

interface TModuleShape {
  format: 'esm' | 'cjs';
  /** Names this file defines itself (ESM), or that CommonJS analysis found. */
  local: Set<string>;
  reExports: TReExport[];
  /** CommonJS `module.exports = require(...)`-style re-exports. */
  cjsReExports: string[];
}

/** Reads one module file's exports. Results are memoized per analysis (files do not change during a build). */
export class PackageExports {
  private readonly shapes = new Map<string, TModuleShape>();

  /** Every name `import * as ns from file` would have, sorted; null when they cannot all be known statically. */
  exportNames(file: string): string[] | null {
    const names = new Set<string>();
    const complete = this.collect(file, names, new Set(), 0, true);
    if (!complete) return null;
    return [...names].filter((n) => n !== '__esModule').sort();
  }

  /**
   * Follows re-exports (`export { a as b } from './x'`, `export * from './y'`) from `file` to the
   * file that defines `name`, within relative paths. Returns null when the chain leaves static
   * ESM (CommonJS, a bare specifier, an import-then-export), so the caller imports from `file`.
   */
  definition(file: string, name: string): { file: string; name: string } | null {
    const found = this.follow(file, name, new Set(), 0);
    return found === null || (found.file === file && found.name === name) ? null : found;
  }

  private follow(file: string, name: string, seen: Set<string>, depth: number): { file: string; name: string } | null {
    const id = `${file}\0${name}`;
    if (seen.has(id) || depth > MAX_DEPTH) return null;
    seen.add(id);
    const shape = this.shape(file);
    if (shape === null || shape.format !== 'esm') return null;
    if (shape.local.has(name)) return { file, name };
    for (const re of shape.reExports) {
      const imported = re.names.get(name);
      if (imported === undefined) continue;
      if (imported === NAMESPACE) return { file, name };
      const target = relativeTarget(file, re.from);
      if (target === null) return { file, name };
      return this.follow(target, imported, seen, depth + 1) ?? { file, name };
    }
    if (name === 'default') return null;
    for (const re of shape.reExports) {
      if (!re.star) continue;
      const target = relativeTarget(file, re.from);
      if (target === null) return null;
      const found = this.follow(target, name, seen, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }

  private collect(file: string, into: Set<string>, seen: Set<string>, depth: number, includeDefault: boolean): boolean {
    if (seen.has(file) || depth > MAX_DEPTH) return depth <= MAX_DEPTH;
    seen.add(file);
    const shape = this.shape(file);
    if (shape === null) return false;
    if (shape.format === 'cjs') {
      for (const name of shape.local) if (IDENTIFIER.test(name)) into.add(name);
      for (const spec of shape.cjsReExports) {
        const target = requireTarget(file, spec);
        if (target === null || !this.collect(target, into, seen, depth + 1, false)) return false;
      }
      // `import x from` / `import * as ns from` a CommonJS module always has `default` (module.exports).
      if (includeDefault) into.add('default');
      return true;
    }
    for (const name of shape.local) if (includeDefault || name !== 'default') into.add(name);
    for (const re of shape.reExports) {
      for (const name of re.names.keys()) if (includeDefault || name !== 'default') into.add(name);
      if (!re.star) continue;
      const target = relativeTarget(file, re.from);
      // `export * from 'other-package'` or from CommonJS: its names are not statically known here.
      if (target === null) return false;
      const star = this.shape(target);
      if (star === null || star.format !== 'esm') return false;
      if (!this.collect(target, into, seen, depth + 1, false)) return false;
    }
    return true;
  }

  private shape(file: string): TModuleShape | null {
    const cached = this.shapes.get(file);
    if (cached !== undefined) return cached;
    // A read error is not a property of the package: let it fail the build rather than change its output.
    const source = readFileSync(file, 'utf8');
    const shape = analyze(file, source);
    if (shape !== null) this.shapes.set(file, shape);
    return shape;
  }
}

function analyze(file: string, source: string): TModuleShape | null {
  let imports: ReturnType<typeof parseEsm>[0];
  let exports: ReturnType<typeof parseEsm>[1];
  let hasModuleSyntax: boolean;
  try {
    [imports, exports, , hasModuleSyntax] = parseEsm(source, file);
  } catch {
    return null;
  }
  const isEsm = file.endsWith('.mjs') || (!file.endsWith('.cjs') && hasModuleSyntax);
  if (!isEsm) {
    try {
      const cjs = parseCjs(source, file);
      return { format: 'cjs', local: new Set(cjs.exports), reExports: [], cjsReExports: cjs.reexports };
    } catch {
      return null;
    }
  }
  const reExports: TReExport[] = [];
  const ranges: [number, number][] = [];
  for (const imp of imports) {
    if (imp.d !== -1 || imp.n === undefined) continue;
    const statement = source.slice(imp.ss, imp.se);
    if (!/^export\b/.test(statement)) continue;
    const parsed = parseReExport(statement);
    if (parsed === null) return null;
    reExports.push({ ...parsed, from: imp.n });
    ranges.push([imp.ss, imp.se]);
  }
  const local = new Set<string>();
  for (const exp of exports) {
    if (ranges.some(([a, b]) => exp.s >= a && exp.s < b)) continue;
    local.add(exp.n);
  }
  return { format: 'esm', local, reExports, cjsReExports: [] };
}

/** Marks `export * as ns from`: `ns` is a namespace object defined by the re-exporting file. */
const NAMESPACE = '*';
const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

/** `export * from 'x'`, `export * as ns from 'x'`, `export { a, b as c, default as d } from 'x'`. */
function parseReExport(statement: string): { names: Map<string, string>; star: boolean } | null {
  const text = statement.replace(COMMENTS, ' ');
  if (/^export\s*\*\s*from\b/.test(text)) return { names: new Map(), star: true };
  const starAs = /^export\s*\*\s*as\s+([\w$]+)\s*from\b/.exec(text);
  // `export * as ns from` defines `ns` here: a namespace, not a re-export of one binding.
  if (starAs?.[1] !== undefined) return { names: new Map([[starAs[1], NAMESPACE]]), star: false };
  const braces = /^export\s*\{([^}]*)\}\s*from\b/.exec(text);
  if (braces?.[1] === undefined) return null;
  const names = parseSpecifierList(braces[1]);
  return names === null ? null : { names, star: false };
}

/** `a, b as c` → exported name → imported name. Null for forms this reader does not handle. */
export function parseSpecifierList(list: string): Map<string, string> | null {
  const names = new Map<string, string>();
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(item);
    if (m?.[1] === undefined) return null;
    names.set(m[2] ?? m[1], m[1]);
  }
  return names;
}

/** A relative re-export target as an absolute file, or null for bare specifiers and missing files. */
function relativeTarget(file: string, spec: string): string | null {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  return requireTarget(file, spec);
}

function requireTarget(file: string, spec: string): string | null {
  try {
    const target = spec.startsWith('./') || spec.startsWith('../') ? resolve(dirname(file), spec) : spec;
    return createRequire(file).resolve(target);
  } catch {
    return null;
  }
}
