import { describe, expect, it } from 'vitest';
import { parseAppDocument } from './app-document.js';
import { readAppManifest } from './app-manifest.js';
import { resolveProjectPath } from './paths.js';

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('parseAppDocument', () => {
  it('takes module scripts and local stylesheets as entries and keeps the rest of the document', () => {
    const html = `<!doctype html>
<html lang="de" class="dark">
<head>
  <meta charset="UTF-8" />
  <title>Mein &amp; Dein</title>
  <link rel="stylesheet" href="/src/base.css">
  <link rel="stylesheet" href="https://fonts.example/x.css">
  <link rel="icon" href="/favicon.svg">
  <!-- <script type="module" src="/src/old.tsx"></script> -->
  <style>body { margin: 0 }</style>
</head>
<body data-theme="light">
  <div id="root"></div>
  <script type="module" src="./src/main.tsx"></script>
</body>
</html>`;
    const parsed = parseAppDocument(html, files({ 'src/base.css': '', 'src/main.tsx': '' }), 'index.html');
    expect(parsed.errors).toEqual([]);
    expect(parsed.imports).toEqual(['src/base.css', 'src/main.tsx']);
    expect(parsed.document).toMatchObject({
      title: 'Mein & Dein',
      lang: 'de',
      body: '<div id="root"></div>',
      bodyAttributes: { 'data-theme': 'light' },
      htmlAttributes: { lang: 'de', class: 'dark' },
    });
    expect(parsed.document.head).toContain('https://fonts.example/x.css');
    expect(parsed.document.head).toContain('<style>');
    expect(parsed.document.head).not.toContain('favicon');
    expect(parsed.document.head).not.toContain('charset');
  });

  it('reports missing files and classic scripts with their line', () => {
    const html = '<html>\n<body>\n<div id="root"></div>\n<script src="/src/main.tsx"></script>\n<script type="module" src="/src/missing.tsx"></script>\n</body></html>';
    const parsed = parseAppDocument(html, files({ 'src/main.tsx': '' }), 'index.html');
    expect(parsed.errors).toEqual([
      expect.objectContaining({ line: 4, message: '<script src="/src/main.tsx"> must have type="module" to be bundled.' }),
      expect.objectContaining({ line: 5, message: '<script src="/src/missing.tsx"> names a file the app does not have.' }),
    ]);
  });

  it('asks for a module script when there is none', () => {
    const parsed = parseAppDocument('<html><body><div id="root"></div></body></html>', files({}), 'index.html');
    expect(parsed.errors[0]?.message).toMatch(/loads no module script/);
  });
});

describe('readAppManifest', () => {
  it('reads shipyard.json and checks the paths it names', () => {
    const { manifest, errors } = readAppManifest(
      files({
        'shipyard.json': JSON.stringify({ name: 'Shop', api: 'api/index.ts', database: { schema: 'db/schema.sql', seed: 'db/missing.sql' }, env: [{ name: 'STRIPE_KEY' }, { name: 'bad name' }] }),
        'api/index.ts': '',
        'db/schema.sql': '',
      }),
    );
    expect(manifest).toMatchObject({ name: 'Shop', entry: 'index.html', api: 'api/index.ts', database: { schema: 'db/schema.sql', seed: null }, env: ['STRIPE_KEY'] });
    expect(errors.map((e) => e.message)).toEqual([
      '"database.seed" names db/missing.sql, but the app has no such file.',
      '"env" entries need a "name" in UPPER_SNAKE_CASE; got "bad name".',
    ]);
  });

  it('refuses paths outside the project', () => {
    const { errors } = readAppManifest(files({ 'shipyard.json': '{"name":"x","api":"../secrets.ts"}' }));
    expect(errors[0]?.message).toBe('"api" must be a path inside the project, like "api/index.ts".');
  });
});

describe('resolveProjectPath', () => {
  const project = files({ 'src/App.tsx': '', 'src/components/index.ts': '', 'src/lib/util.ts': '', 'src/data.json': '' });
  it('resolves like Vite and TypeScript', () => {
    expect(resolveProjectPath(project, './App', 'src/main.tsx')).toBe('src/App.tsx');
    expect(resolveProjectPath(project, './components', 'src/main.tsx')).toBe('src/components/index.ts');
    expect(resolveProjectPath(project, '../lib/util.js', 'src/components/index.ts')).toBe('src/lib/util.ts');
    expect(resolveProjectPath(project, '@/data.json', 'src/App.tsx')).toBe('src/data.json');
    expect(resolveProjectPath(project, '/src/App.tsx?raw', 'index.html')).toBe('src/App.tsx');
    expect(resolveProjectPath(project, '../../../etc/passwd', 'src/App.tsx')).toBeNull();
  });
});
