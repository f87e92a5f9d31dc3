import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIME_PACKAGES, RUNTIME_PACKAGE_NAMES, isRuntimeImport, packageNameOf } from './runtime-packages.js';

// Read from this package's node_modules: that is where the deploy build resolves them from.
const installedVersion = (name: string) =>
  (JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

describe('runtime package set', () => {
  it.each(RUNTIME_PACKAGE_NAMES)('%s is installed at the declared version', (name) => {
    expect(installedVersion(name)).toBe(RUNTIME_PACKAGES[name].version);
  });

  it('names the package of a specifier', () => {
    expect(packageNameOf('react-dom/client')).toBe('react-dom');
    expect(packageNameOf('@scope/pkg/sub')).toBe('@scope/pkg');
    expect(packageNameOf('./local')).toBeNull();
    expect(packageNameOf('/src/main.tsx')).toBeNull();
    expect(packageNameOf('node:fs')).toBeNull();
    expect(packageNameOf('https://esm.sh/react')).toBeNull();
  });

  it('allows runtime packages and their subpaths only', () => {
    expect(isRuntimeImport('react')).toBe(true);
    expect(isRuntimeImport('react/jsx-runtime')).toBe(true);
    expect(isRuntimeImport('lucide-react')).toBe(true);
    expect(isRuntimeImport('axios')).toBe(false);
    expect(isRuntimeImport('reactx')).toBe(false);
    expect(isRuntimeImport('constructor')).toBe(false);
  });
});
