import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexersLoaded, PackageExports } from './package-exports.js';

let root: string;
const file = (path: string) => join(root, path);

beforeAll(async () => {
  await lexersLoaded();
  root = mkdtempSync(join(tmpdir(), 'shipyard-package-exports-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(file(path)), { recursive: true });
    writeFileSync(file(path), text);
  };
  write('esm/index.js', ["export * from './icons/index.js';", "export { default as Pin, default as PinIcon } from './icons/pin.js';", "import * as icons from './icons/index.js';", 'export { icons };', "export * as shapes from './shapes.js';", "export { local } from './local.js';", 'export default function main() {}'].join('\n'));
  write('esm/icons/index.js', ["export { default as Star } from './star.js';", '/* a comment */ export { default as Plus, /* inline */ extra as PlusExtra } from "./plus.js";', "export * from './more.js';"].join('\n'));
  write('esm/icons/pin.js', 'const Pin = 1;\nexport { Pin as default };\n');
  write('esm/icons/star.js', 'export default 2;\n');
  write('esm/icons/plus.js', 'export default 3;\nexport const extra = 4;\n');
  write('esm/icons/more.js', 'export const More = 5;\nexport default 6;\n');
  write('esm/shapes.js', 'export const circle = 7;\n');
  write('esm/local.js', "import { helper } from './helper.js';\nexport const local = helper;\n");
  write('esm/helper.js', 'export const helper = 8;\n');
  write('esm/bare.js', "export * from 'some-other-package';\nexport const own = 1;\n");
  write('cjs/index.js', "'use strict';\nif (process.env.NODE_ENV === 'production') module.exports = require('./prod.js');\nelse module.exports = require('./dev.js');\n");
  write('cjs/prod.js', "exports.useThing = function () {};\nexports.version = '1';\nObject.defineProperty(exports, '__esModule', { value: true });\n");
  write('cjs/dev.js', "exports.useThing = function () {};\nexports.version = '1';\nexports.devOnly = true;\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PackageExports.exportNames', () => {
  it('lists an ESM barrel: local exports, named and star re-exports (star never brings default), namespaces', () => {
    expect(new PackageExports().exportNames(file('esm/index.js'))).toEqual(
      ['More', 'Pin', 'PinIcon', 'Plus', 'PlusExtra', 'Star', 'default', 'icons', 'local', 'shapes'].sort(),
    );
  });

  it('lists CommonJS exports through module.exports = require(...) re-exports, with default', () => {
    expect(new PackageExports().exportNames(file('cjs/index.js'))).toEqual(['default', 'devOnly', 'useThing', 'version']);
  });

  it('returns null when a star re-export leaves the package (its names are unknown here)', () => {
    expect(new PackageExports().exportNames(file('esm/bare.js'))).toBeNull();
  });

  it('finds React 19 hooks the way an import of react would (real package)', () => {
    const react = createRequire(import.meta.url).resolve('react');
    const names = new PackageExports().exportNames(react) ?? [];
    for (const name of ['default', 'useState', 'useEffect', 'createElement', 'StrictMode', 'use']) expect(names).toContain(name);
  });
});

describe('PackageExports.definition', () => {
  it('follows re-export chains to the defining file', () => {
    const reader = new PackageExports();
    expect(reader.definition(file('esm/index.js'), 'PinIcon')).toEqual({ file: file('esm/icons/pin.js'), name: 'default' });
    expect(reader.definition(file('esm/index.js'), 'Star')).toEqual({ file: file('esm/icons/star.js'), name: 'default' });
    expect(reader.definition(file('esm/index.js'), 'PlusExtra')).toEqual({ file: file('esm/icons/plus.js'), name: 'extra' });
    expect(reader.definition(file('esm/index.js'), 'More')).toEqual({ file: file('esm/icons/more.js'), name: 'More' });
    // `export { local } from './local.js'` lands where `local` is declared, even if it came from an import there.
    expect(reader.definition(file('esm/index.js'), 'local')).toEqual({ file: file('esm/local.js'), name: 'local' });
  });

  it('stops where it cannot follow: namespaces, own exports, star re-exports never carrying default', () => {
    const reader = new PackageExports();
    expect(reader.definition(file('esm/index.js'), 'shapes')).toBeNull();
    expect(reader.definition(file('esm/index.js'), 'icons')).toBeNull();
    expect(reader.definition(file('esm/index.js'), 'default')).toBeNull();
    expect(reader.definition(file('esm/index.js'), 'Missing')).toBeNull();
    expect(reader.definition(file('cjs/index.js'), 'useThing')).toBeNull();
  });

  it('maps a lucide-react icon to its own module (real package)', () => {
    const lucide = join(dirname(createRequire(import.meta.url).resolve('lucide-react')), '../esm/lucide-react.js');
    const found = new PackageExports().definition(lucide, 'Pin');
    expect(found?.name).toBe('default');
    expect(found?.file.endsWith('/icons/pin.js')).toBe(true);
  });
});
