import { posix } from 'node:path';
import { BuildError, type TBuildDiagnostic } from './build-error.js';

export const MAX_FILES = 2_000;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;

/** Normalizes the app's files to project paths (`src/App.tsx`, no leading slash, no `..`). */
export function normalizeFiles(input: ReadonlyMap<string, string> | Readonly<Record<string, string>>): Map<string, string> {
  const entries = input instanceof Map ? [...input.entries()] : Object.entries(input);
  const files = new Map<string, string>();
  const errors: TBuildDiagnostic[] = [];
  let total = 0;
  for (const [rawPath, content] of entries) {
    if (typeof content !== 'string') {
      errors.push({ file: rawPath, line: null, column: null, text: 'File content must be text.' });
      continue;
    }
    const path = normalizePath(rawPath);
    if (path === null) {
      errors.push({ file: rawPath, line: null, column: null, text: 'File paths must stay inside the project (no "..", no empty names).' });
      continue;
    }
    total += Buffer.byteLength(content);
    files.set(path, content);
  }
  if (files.size > MAX_FILES) {
    errors.push({ file: null, line: null, column: null, text: `The app has ${files.size} files; the build accepts at most ${MAX_FILES}.` });
  }
  if (total > MAX_TOTAL_BYTES) {
    errors.push({ file: null, line: null, column: null, text: `The app's files total ${total} bytes; the build accepts at most ${MAX_TOTAL_BYTES}.` });
  }
  if (errors.length > 0) throw new BuildError(errors);
  return files;
}

export function normalizePath(raw: string): string | null {
  const slashed = raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (slashed === '') return null;
  const parts = slashed.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  return parts.join('/');
}

const RESOLVE_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.json', '.css'];
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'] };

/**
 * Resolves a relative (`./Button`), root-absolute (`/src/main.tsx`) or `@/` (`@/components/x`)
 * specifier against the importing file, the way Vite and TypeScript do for a generated app:
 * exact file, then extensions, then `index.*`, and `./x.js` → `./x.ts`.
 * Returns the project path, or null when no file matches.
 */
export function resolveProjectPath(files: ReadonlyMap<string, string>, specifier: string, importer: string): string | null {
  const clean = specifier.replace(/[?#].*$/, '');
  let joined: string;
  if (clean.startsWith('@/')) joined = posix.join('/src', clean.slice(2));
  else if (clean.startsWith('/')) joined = posix.normalize(clean);
  else joined = posix.join('/', posix.dirname(importer), clean);
  if (!joined.startsWith('/')) return null;
  const base = joined.slice(1);
  if (base === '' || base.startsWith('..')) return null;
  const candidates = [base];
  for (const ext of RESOLVE_EXTENSIONS) candidates.push(base + ext);
  for (const ext of RESOLVE_EXTENSIONS) candidates.push(`${base}/index${ext}`);
  const ext = posix.extname(base);
  for (const replacement of TS_FOR_JS[ext] ?? []) candidates.push(base.slice(0, -ext.length) + replacement);
  return candidates.find((c) => files.has(c)) ?? null;
}
