import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, type TBuildResult } from './build-app.js';
import { BuildCache } from './build-cache.js';
import { BuildError } from './build-error.js';
import { lexersLoaded } from './package-exports.js';
import { planVendorLayers, type TLayerSettings } from './vendor-layers.js';

const dirs: string[] = [];
function tempDir(prefix = 'shipyard-layers-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Renders with react-dom/server, so the bundle runs in Node: hooks, context and SVG from every layer. */
const app: Record<string, string> = {
  'shipyard.json': JSON.stringify({ name: 'Layers', entry: 'index.html' }),
  'index.html': '<!doctype html><html><head><title>Layers</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
  'src/main.tsx': [
    "import { useState } from 'react';",
    "import * as React from 'react';",
    "import { renderToString } from 'react-dom/server';",
    "import { Link, MemoryRouter, useLocation } from 'react-router';",
    "import { Pin } from 'lucide-react';",
    "import { Bar, BarChart } from 'recharts';",
    "import clsx from 'clsx';",
    "import { Icon } from './icon';",
    'function Where() {',
    '  const location = useLocation();',
    '  const [n] = useState(3);',
    "  return <p className={clsx('where', n > 2 && 'big')}>{location.pathname}:{n}</p>;",
    '}',
    'export const html = renderToString(',
    "  <MemoryRouter initialEntries={['/tasks']}>",
    '    <Where />',
    '    <Link to="/x">x</Link>',
    '    <Pin />',
    '    <Icon />',
    '    <BarChart width={120} height={60} data={[{ v: 1 }, { v: 2 }]}><Bar dataKey="v" /></BarChart>',
    '  </MemoryRouter>,',
    ');',
    'export const sameReact = typeof React.useState === "function" && React.useState === useState;',
  ].join('\n'),
  'src/icon.tsx': "import { Star } from 'lucide-react';\nexport const Icon = () => <Star />;\n",
};

/** Writes the build's scripts to disk (layer URLs made relative) and imports the app entry in Node. */
async function runEntry(result: TBuildResult): Promise<{ html: string; sameReact: boolean }> {
  const dir = tempDir('shipyard-layers-run-');
  for (const [path, bytes] of result.assets) {
    if (!path.endsWith('.js')) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    const text = new TextDecoder().decode(bytes).replaceAll('"/assets/', '"./').replace(/\/\/# sourceMappingURL=.*$/m, '');
    writeFileSync(join(dir, path), text);
  }
  const entry = [...result.assets.keys()].find((p) => /^assets\/app-[A-Z0-9]+\.js$/.test(p)) as string;
  return (await import(pathToFileURL(join(dir, entry)).href)) as { html: string; sameReact: boolean };
}

function assetsOf(result: TBuildResult): Record<string, string> {
  return Object.fromEntries([...result.assets].map(([path, bytes]) => [path, Buffer.from(bytes).toString('base64')]));
}

describe('prebundled runtime layers', () => {
  it('links the app against cached layers and the result runs: one React shared by every layer', async () => {
    const cache = new BuildCache({ dir: tempDir() });
    const result = await buildApp({ files: app, cache });
    expect(result.runtime.mode).toBe('layers');
    expect(result.runtime.layers.map((l) => l.packages.join('+'))).toEqual(['clsx+react+react-dom', 'lucide-react', 'react-router', 'recharts']);
    expect(result.runtime.layers.every((l) => l.source === 'built')).toBe(true);
    const html = new TextDecoder().decode(result.assets.get('index.html'));
    for (const layer of result.runtime.layers) expect(html).toContain(`<link rel="modulepreload" crossorigin href="/${layer.path}">`);

    const { html: rendered, sameReact } = await runEntry(result);
    expect(sameReact).toBe(true);
    expect(rendered).toContain('<p class="where big">/tasks<!-- -->:<!-- -->3</p>');
    expect(rendered).toMatch(/<a href="\/x"[^>]*>x<\/a>/);
    expect(rendered).toContain('lucide-pin');
    expect(rendered).toContain('lucide-star');
    expect(rendered).toContain('recharts-wrapper');
  });

  it('gives byte-identical output whether layers are built, in memory, on disk, or not cached', async () => {
    const dir = tempDir();
    const cold = await buildApp({ files: app, cache: new BuildCache({ dir }) });
    const sharedCache = new BuildCache({ dir });
    const fromDisk = await buildApp({ files: app, cache: sharedCache });
    const fromMemory = await buildApp({ files: app, cache: sharedCache });
    const uncached = await buildApp({ files: app, cache: false });
    expect(fromDisk.runtime.layers.map((l) => l.source)).toEqual(['disk', 'disk', 'disk', 'disk']);
    expect(fromMemory.runtime.layers.map((l) => l.source)).toEqual(['memory', 'memory', 'memory', 'memory']);
    for (const other of [fromDisk, fromMemory, uncached]) {
      expect(other.hash).toBe(cold.hash);
      expect(other.worker).toBe(cold.worker);
      expect(assetsOf(other)).toEqual(assetsOf(cold));
    }
  });

  it('rebuilds only the layer whose imports changed, and returns to the old output when they change back', async () => {
    const cache = new BuildCache({ dir: null });
    const first = await buildApp({ files: app, cache });
    const withIcon = { ...app, 'src/icon.tsx': "import { Star, Plus } from 'lucide-react';\nexport const Icon = () => <><Star /><Plus /></>;\n" };
    const second = await buildApp({ files: withIcon, cache });
    expect(second.runtime.layers.map((l) => `${l.packages.join('+')}:${l.source}`)).toEqual([
      'clsx+react+react-dom:memory',
      'lucide-react:built',
      'react-router:memory',
      'recharts:memory',
    ]);
    expect(second.runtime.layers[1]?.path).not.toBe(first.runtime.layers[1]?.path);
    expect(second.hash).not.toBe(first.hash);
    const back = await buildApp({ files: app, cache });
    expect(back.runtime.layers.every((l) => l.source === 'memory')).toBe(true);
    expect(back.hash).toBe(first.hash);
  });

  it('builds concurrent deploys of one app once per layer, with equal results', async () => {
    const cache = new BuildCache({ dir: tempDir() });
    const results = await Promise.all(Array.from({ length: 4 }, () => buildApp({ files: app, cache })));
    expect(new Set(results.map((r) => r.hash)).size).toBe(1);
    expect(cache.stats().builds).toBe(4);
  });

  it('does not let a caller change a cached layer through the returned bytes', async () => {
    const cache = new BuildCache({ dir: null });
    const first = await buildApp({ files: app, cache });
    for (const [path, bytes] of first.assets) if (path.startsWith('assets/vendor-')) bytes.fill(0);
    const second = await buildApp({ files: app, cache });
    expect(second.hash).toBe(first.hash);
    expect((await runEntry(second)).sameReact).toBe(true);
  });

  it('bundles inline, deterministically, when the app loads a runtime package on demand', async () => {
    const files = { ...app, 'src/icon.tsx': "export const Icon = () => null;\n(globalThis as { charts?: unknown }).charts = () => import('recharts');\n" };
    const [a, b] = await Promise.all([buildApp({ files, cache: false }), buildApp({ files, cache: new BuildCache({ dir: null }) })]);
    expect(a.runtime).toEqual({ mode: 'inline', reason: 'import("recharts") loads a runtime package on demand', layers: [] });
    expect(b.hash).toBe(a.hash);
    expect([...a.assets.keys()].some((p) => p.startsWith('assets/vendor-'))).toBe(false);
  });

  it('reports an import of a missing export of a runtime package at the importing line', async () => {
    const files = { ...app, 'src/icon.tsx': "import { Star, NoSuchIcon } from 'lucide-react';\nexport const Icon = () => <><Star /><NoSuchIcon /></>;\n" };
    const error = await buildApp({ files, cache: new BuildCache({ dir: null }) }).catch((e: unknown) => e);
    expect(BuildError.is(error)).toBe(true);
    expect((error as BuildError).errors[0]).toMatchObject({ file: 'src/icon.tsx', line: 1 });
    expect((error as BuildError).errors[0]?.text).toMatch(/No matching export .* for import "NoSuchIcon"/);
  });
});

describe('layer keys', () => {
  /** A tiny install of fake runtime packages: react (CommonJS) and lucide-react (ESM, importing react). */
  function install(root: string, reactVersion: string, reactMarker: string, iconMarker: string) {
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      // Untouched files keep their mtime, as an install that does not change them would.
      if (existsSync(join(root, path)) && readFileSync(join(root, path), 'utf8') === text) return;
      writeFileSync(join(root, path), text);
    };
    write('node_modules/react/package.json', JSON.stringify({ name: 'react', version: reactVersion, main: 'index.js' }));
    write('node_modules/react/index.js', `exports.createElement = function (t) { return { t: t, marker: ${JSON.stringify(reactMarker)} }; };\n`);
    write('node_modules/lucide-react/package.json', JSON.stringify({ name: 'lucide-react', version: '1.0.0', module: 'index.js', sideEffects: false, peerDependencies: { react: '*' } }));
    write('node_modules/lucide-react/index.js', "export { default as Pin } from './icons/pin.js';\nexport { default as Star } from './icons/star.js';\n");
    write('node_modules/lucide-react/icons/pin.js', `import { createElement } from 'react';\nexport default function Pin() { return createElement(${JSON.stringify(iconMarker)}); }\n`);
    write('node_modules/lucide-react/icons/star.js', "import { createElement } from 'react';\nexport default function Star() { return createElement('star'); }\n");
  }

  const usage = new Map([
    ['react', { names: new Set(['createElement']), whole: false }],
    ['lucide-react', { names: new Set(['Pin']), whole: false }],
  ]);

  async function plan(root: string, cache: BuildCache) {
    await lexersLoaded();
    const settings: TLayerSettings = {
      resolveDir: root,
      outDir: join(root, 'out'),
      target: ['es2022'],
      define: { 'process.env.NODE_ENV': '"production"' },
      tsconfigRaw: {},
      outputPath: (path) => relative(join(root, 'out'), path),
    };
    const result = await planVendorLayers(usage, settings, cache);
    return result.layers.map(({ layer, source }) => ({
      key: layer.key,
      source,
      text: new TextDecoder().decode(layer.files.find((f) => f.path.endsWith('.js'))?.bytes),
    }));
  }

  it('never reuses a layer after a runtime package version or a source file changes', async () => {
    const root = tempDir();
    const dir = join(root, 'cache');
    install(root, '1.0.0', 'react-one', 'pin-one');
    const [base1, leaf1] = await plan(root, new BuildCache({ dir }));
    expect(base1?.text).toContain('react-one');
    expect(leaf1?.text).toContain('pin-one');
    expect(leaf1?.text).not.toContain('star'); // only the icon the app imports

    // Same install, another process: everything from disk.
    expect((await plan(root, new BuildCache({ dir }))).map((l) => l.source)).toEqual(['disk', 'disk']);

    // A new react version: new base key, and the leaf (linked against the base) gets a new key too.
    install(root, '2.0.0', 'react-two', 'pin-one');
    const [base2, leaf2] = await plan(root, new BuildCache({ dir }));
    expect(base2).toMatchObject({ source: 'built' });
    expect(base2?.key).not.toBe(base1?.key);
    expect(base2?.text).toContain('react-two');
    expect(leaf2?.key).not.toBe(leaf1?.key);

    // A file changed without a version change (a patched dependency): the cached layer is refused.
    install(root, '2.0.0', 'react-two', 'pin-two');
    const [base3, leaf3] = await plan(root, new BuildCache({ dir }));
    expect(base3?.source).toBe('disk');
    expect(leaf3).toMatchObject({ key: leaf2?.key, source: 'built' });
    expect(leaf3?.text).toContain('pin-two');
  });
});
