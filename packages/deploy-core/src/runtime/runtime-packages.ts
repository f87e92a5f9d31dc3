/**
 * The runtime package set: the only bare imports a generated app may use. The platform ships
 * exactly these versions, so the editor's preview and the deploy build resolve the same code and
 * neither needs the network. The deploy build resolves them from this package's own
 * `node_modules` (they are dependencies of `@shipyard/deploy-core`).
 *
 * Changing a version here is a platform release: the preview bundler must ship the same one.
 */
export const RUNTIME_PACKAGES = {
  react: { version: '19.3.1', description: 'UI library' },
  'react-dom': { version: '19.3.1', description: 'React renderer for the browser (react-dom/client)' },
  'react-router': { version: '7.18.5', description: 'Client-side routing' },
  'lucide-react': { version: '0.548.0', description: 'Icons' },
  recharts: { version: '3.10.1', description: 'Charts' },
  clsx: { version: '2.1.1', description: 'Class name helper' },
} as const satisfies Record<string, { version: string; description: string }>;

export type TRuntimePackageName = keyof typeof RUNTIME_PACKAGES;

export const RUNTIME_PACKAGE_NAMES = Object.keys(RUNTIME_PACKAGES) as TRuntimePackageName[];

/**
 * The package a bare specifier names: `react-dom/client` → `react-dom`, `@scope/pkg/x` → `@scope/pkg`.
 * Returns null for relative, absolute and URL specifiers.
 */
export function packageNameOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return null;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) {
    if (parts.length < 2 || parts[0] === '@' || !parts[1]) return null;
    return `${parts[0]}/${parts[1]}`;
  }
  return parts[0] || null;
}

/** True when a generated app may import `specifier` (a runtime package or one of its subpaths). */
export function isRuntimeImport(specifier: string): boolean {
  const name = packageNameOf(specifier);
  return name !== null && Object.hasOwn(RUNTIME_PACKAGES, name);
}

/** `react@19.3.1, react-dom@19.3.1, …` — for error messages. */
export function describeRuntimePackages(): string {
  return RUNTIME_PACKAGE_NAMES.map((name) => `${name}@${RUNTIME_PACKAGES[name].version}`).join(', ');
}
