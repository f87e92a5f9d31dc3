/** Project paths: `src/App.tsx` — relative to the project root, `/`-separated, never `..`. */

/** Normalizes a path the editor sends (`./src/App.tsx`, `/src/App.tsx`) to a project path, or null when it escapes the project. */
export function normalizeProjectPath(raw: string): string | null {
  const slashed = raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (slashed === '') return null;
  const parts = slashed.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  return parts.join('/');
}

/** `a/b/../c` → `a/c`; null when `..` climbs above the root. */
function collapse(segments: string[]): string | null {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return null;
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join('/');
}

export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

const RESOLVE_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.json', '.css'];
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'] };

/**
 * Resolves a relative (`./Button`), root-absolute (`/src/main.tsx`) or `@/` (`@/components/x`)
 * specifier against the importing project file, the way Vite and TypeScript do for a generated
 * app (and the deploy build does): exact file, then extensions, then `index.*`, and `./x.js` → `./x.ts`.
 */
export function resolveProjectPath(files: ReadonlyMap<string, string>, specifier: string, importer: string): string | null {
  const clean = specifier.replace(/[?#].*$/, '');
  let base: string | null;
  if (clean.startsWith('@/')) base = collapse(['src', ...clean.slice(2).split('/')]);
  else if (clean.startsWith('/')) base = collapse(clean.split('/'));
  else base = collapse([...dirnameOf(importer).split('/'), ...clean.split('/')]);
  if (base === null || base === '') return null;
  const candidates = [base];
  for (const ext of RESOLVE_EXTENSIONS) candidates.push(base + ext);
  for (const ext of RESOLVE_EXTENSIONS) candidates.push(`${base}/index${ext}`);
  const ext = extensionOf(base);
  for (const replacement of TS_FOR_JS[ext] ?? []) candidates.push(base.slice(0, -ext.length) + replacement);
  return candidates.find((c) => files.has(c)) ?? null;
}

/** The package a bare specifier names: `react-dom/client` → `react-dom`, `@scope/pkg/x` → `@scope/pkg`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
