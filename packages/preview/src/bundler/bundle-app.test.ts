import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../integration-tests/fixtures/load-app.js';
import runtimeModules from '../runtime/runtime-modules.json';
import type { TBundleResult } from '../protocol.js';
import { createAppBundler, type TAppBundler } from './bundle-app.js';
import { startEsbuild } from './start-esbuild.js';

// The browser build of esbuild-wasm and its esbuild.wasm, over the in-memory file system: the
// same code path as the bundler worker, run in Node.
let bundler: TAppBundler;
beforeAll(async () => {
  // esbuild-wasm's in-thread mode reads globals through `self`, as in a worker.
  (globalThis as { self?: unknown }).self ??= globalThis;
  const wasm = readFileSync(createRequire(import.meta.url).resolve('esbuild-wasm/esbuild.wasm'));
  const { esbuild, fs } = await startEsbuild(new WebAssembly.Module(wasm));
  bundler = createAppBundler(esbuild, fs, { runtimeSpecifiers: runtimeModules.modules.map((m) => m.specifier) });
});
afterAll(() => bundler.dispose());

function ok(result: TBundleResult) {
  if (!result.ok) throw new Error(`expected a successful build, got ${JSON.stringify(result.errors)}`);
  return result.output;
}

describe('createAppBundler', () => {
  it('bundles the app and its API, leaving runtime packages to the import map', async () => {
    const output = ok(await bundler.build(loadAppFiles()));
    expect(output.app.js).toMatch(/from "react-router"/);
    expect(output.app.js).toMatch(/from "react\/jsx-runtime"/);
    expect(output.app.js).toContain('What needs doing?');
    expect(output.app.js).not.toContain('<define:');
    expect(output.app.css).toContain('.task-urgent');
    expect(output.api?.js).toContain('RETURNING *');
    expect(output.document).toMatchObject({ title: 'Team Board', lang: 'en', body: '<div id="root"></div>' });
    expect(output.document.head).toContain('name="viewport"');
    expect(output.document.head).not.toContain('favicon');
    expect(output.database).toMatchObject({ schemaPath: 'db/schema.sql', seedPath: 'db/seed.sql' });
    expect(output.envNames).toEqual(['SUPPORT_EMAIL']);
    const map = JSON.parse(output.app.map) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources).toContain('src/pages/Tasks.tsx');
    expect(map.sourcesContent.length).toBe(map.sources.length);
  });

  it('reports a syntax error with file, 1-based line and column, and the source line', async () => {
    const files = loadAppFiles();
    files['src/pages/Dashboard.tsx'] = files['src/pages/Dashboard.tsx']!.replace('<h1>Dashboard</h1>', '<h1>Dashboard</h2>');
    const result = await bundler.build(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = files['src/pages/Dashboard.tsx']!.split('\n').findIndex((l) => l.includes('</h2>')) + 1;
    expect(result.errors[0]).toMatchObject({
      kind: 'build',
      file: 'src/pages/Dashboard.tsx',
      line,
      message: expect.stringContaining('Unexpected closing "h2" tag does not match opening "h1" tag'),
      lineText: expect.stringContaining('</h2>'),
    });
    // esbuild points at the tag name.
    expect(result.errors[0]!.column).toBe(files['src/pages/Dashboard.tsx']!.split('\n')[line - 1]!.indexOf('h2>') + 1);
  });

  it('refuses packages outside the runtime set and unknown subpaths, pointing at the import', async () => {
    const files = loadAppFiles();
    files['src/App.tsx'] = `import axios from 'axios';\nconsole.log(axios);\n${files['src/App.tsx']}`;
    const outside = await bundler.build(files);
    expect(!outside.ok && outside.errors).toEqual([
      expect.objectContaining({ file: 'src/App.tsx', line: 1, column: 19, message: expect.stringContaining('Cannot import "axios": it is not in the runtime package set') }),
    ]);

    const subpath = loadAppFiles();
    subpath['src/pages/Tasks.tsx'] = `import { useEffect as u } from 'react';\nimport { renderToString } from "react-dom/server";\nconsole.log(u, renderToString);\n${subpath['src/pages/Tasks.tsx']}`;
    const missing = await bundler.build(subpath);
    expect(!missing.ok && missing.errors).toEqual([
      expect.objectContaining({
        file: 'src/pages/Tasks.tsx',
        line: 2,
        column: 32,
        message: '"react-dom/server" is not available in the preview. From react-dom it ships: react-dom, react-dom/client.',
      }),
    ]);
  });

  it('names a missing relative import and index.html references to missing files', async () => {
    const files = loadAppFiles();
    files['src/App.tsx'] = files['src/App.tsx']!.replace("'./pages/Tasks'", "'./pages/Taks'");
    const missing = await bundler.build(files);
    expect(!missing.ok && missing.errors[0]).toMatchObject({ file: 'src/App.tsx', message: 'Cannot find "./pages/Taks" (imported from src/App.tsx): no such file in the app.' });

    const html = loadAppFiles();
    html['index.html'] = html['index.html']!.replace('/src/main.tsx', '/src/index.tsx');
    const badHtml = await bundler.build(html);
    expect(!badHtml.ok && badHtml.errors[0]).toMatchObject({ file: 'index.html', line: 11, message: '<script src="/src/index.tsx"> names a file the app does not have.' });
  });

  it('accepts an import whose names are all types (TypeScript drops it)', async () => {
    const files = loadAppFiles();
    files['src/types-only.ts'] = 'export type Shape = { id: number };\nexport interface Named { name: string }\n';
    files['src/App.tsx'] = `import { type Shape, type Named } from './types-only';\nimport type { Shape as S2 } from './types-only';\n${files['src/App.tsx']!}\nexport type Both = Shape & Named & S2;\n`;
    ok(await bundler.build(files));
  });

  it('reports invalid shipyard.json with a line', async () => {
    const files = loadAppFiles();
    files['shipyard.json'] = '{\n  "name": "x",\n  "entry": "index.html",,\n}';
    const result = await bundler.build(files);
    expect(!result.ok && result.errors[0]).toMatchObject({ file: 'shipyard.json', line: 3 });
  });

  it('rebuilds incrementally after a one-file edit, and switches entry sets when the API goes away', async () => {
    const files = loadAppFiles();
    ok(await bundler.build(files));
    files['src/pages/Dashboard.tsx'] = files['src/pages/Dashboard.tsx']!.replace('<h1>Dashboard</h1>', '<h1>Overview</h1>');
    const started = performance.now();
    const edited = ok(await bundler.build(files));
    const elapsed = performance.now() - started;
    expect(edited.app.js).toContain('Overview');
    expect(elapsed).toBeLessThan(2000);

    const { 'api/index.ts': _api, 'api/http.ts': _http, ...noApi } = files;
    const manifest = JSON.parse(noApi['shipyard.json']!) as Record<string, unknown>;
    delete manifest.api;
    noApi['shipyard.json'] = JSON.stringify(manifest);
    const frontOnly = ok(await bundler.build(noApi));
    expect(frontOnly.api).toBeNull();
  });

  it('works without shipyard.json, using the conventional paths', async () => {
    const { 'shipyard.json': _m, ...files } = loadAppFiles();
    const output = ok(await bundler.build(files));
    expect(output.api).not.toBeNull();
    expect(output.database?.schemaPath).toBe('db/schema.sql');
    expect(output.document.title).toBe('Team Board');
  });
});
