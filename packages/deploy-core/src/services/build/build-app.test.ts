import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildApp } from './build-app.js';
import { BuildError } from './build-error.js';

const base: Record<string, string> = {
  'shipyard.json': JSON.stringify({ name: 'Tiny', entry: 'index.html', api: 'api/index.ts' }),
  'index.html': '<!doctype html><html><head><title>Tiny</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
  'src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport { Hello } from '@/components/Hello';\nimport './main.css';\ncreateRoot(document.getElementById('root')!).render(<Hello name=\"world\" />);\n",
  'src/components/Hello.tsx': "import { greet } from '../lib/greet.js';\nexport function Hello({ name }: { name: string }) {\n  return <h1 className=\"hello\">{greet(name)}</h1>;\n}\n",
  'src/lib/greet.ts': 'export const greet = (name: string): string => `Hello, ${name}!`;\n',
  'src/main.css': '.hello { color: rebeccapurple; background: url(/bg.svg); }\n',
  'public/bg.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'api/index.ts': "export default {\n  async fetch(request: Request, env: { GREETING?: string }) {\n    return Response.json({ path: new URL(request.url).pathname, greeting: env.GREETING ?? null });\n  },\n};\n",
};

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

async function buildError(files: Record<string, string>): Promise<BuildError> {
  const error = await buildApp({ files }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(BuildError.is(error)).toBe(true);
  return error as BuildError;
}

type TWorker = { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> };

async function loadWorker(source: string): Promise<TWorker> {
  const module = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as { default: TWorker };
  return module.default;
}

describe('buildApp', () => {
  it('bundles the frontend into hashed assets and rewrites index.html', async () => {
    const result = await buildApp({ files: base });
    const paths = [...result.assets.keys()];
    const js = paths.find((p) => /^assets\/app-[A-Z0-9]+\.js$/.test(p));
    const css = paths.find((p) => /^assets\/app-[A-Z0-9]+\.css$/.test(p));
    expect(js).toBeDefined();
    expect(css).toBeDefined();
    expect(paths).toContain(`${js}.map`);
    expect(paths).toContain('bg.svg');
    const html = text(result.assets.get('index.html'));
    expect(html).toContain(`<script type="module" crossorigin src="/${js}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" crossorigin href="/${css}">`);
    expect(html).not.toContain('/src/main.tsx');
    const bundle = text(result.assets.get(js as string));
    // Asserted as booleans: a failure must not print a 200 kB bundle.
    expect(bundle.includes('Hello, ')).toBe(true);
    expect(bundle.trimEnd().endsWith(`//# sourceMappingURL=/${js}.map`)).toBe(true);
    expect(text(result.assets.get(css as string))).toContain('url(/bg.svg)');
  });

  it('describes every asset with its sha256, size and content type', async () => {
    const result = await buildApp({ files: base });
    expect(Object.keys(result.manifest).sort()).toEqual([...result.assets.keys()].sort());
    for (const [path, bytes] of result.assets) {
      expect(result.manifest[path]?.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(result.manifest[path]?.size).toBe(bytes.byteLength);
    }
    expect(result.manifest['index.html']?.contentType).toBe('text/html; charset=utf-8');
    expect(result.manifest['bg.svg']?.contentType).toBe('image/svg+xml');
  });

  it('is deterministic, and the hash follows the sources', async () => {
    const [a, b] = await Promise.all([buildApp({ files: base }), buildApp({ files: new Map(Object.entries(base)) })]);
    expect(a.hash).toBe(b.hash);
    expect(a.worker).toBe(b.worker);
    const changed = await buildApp({ files: { ...base, 'src/lib/greet.ts': 'export const greet = (n: string) => `Hi ${n}`;\n' } });
    expect(changed.hash).not.toBe(a.hash);
  });

  it('routes /api to the app and serves assets with an SPA fallback from _worker.js', async () => {
    const { worker } = await buildApp({ files: base });
    const app = await loadWorker(worker);
    const assets = {
      fetch: async (request: Request) => {
        const path = new URL(request.url).pathname;
        if (path === '/') return new Response('<html>shell</html>', { headers: { 'content-type': 'text/html' } });
        if (path === '/assets/app.js') return new Response('js');
        return new Response('not found', { status: 404 });
      },
    };
    const env = { ASSETS: assets, GREETING: 'hey' };
    const call = (path: string, init?: RequestInit) => app.fetch(new Request(`https://tiny.example${path}`, init), env, {});

    expect(await (await call('/api/items?x=1')).json()).toEqual({ path: '/api/items', greeting: 'hey' });
    expect(await (await call('/api')).json()).toEqual({ path: '/api', greeting: 'hey' });
    expect(await (await call('/assets/app.js')).text()).toBe('js');
    expect(await (await call('/tasks/42', { headers: { accept: 'text/html' } })).text()).toBe('<html>shell</html>');
    expect((await call('/missing.png')).status).toBe(404);
    expect((await call('/form', { method: 'POST' })).status).toBe(404);
    expect((await call('/apiary', { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('builds an app without an API: /api answers 404 JSON', async () => {
    const files: Record<string, string> = { ...base, 'shipyard.json': JSON.stringify({ name: 'Static' }) };
    delete files['api/index.ts'];
    const app = await loadWorker((await buildApp({ files })).worker);
    const response = await app.fetch(new Request('https://x.example/api/x'), { ASSETS: { fetch: () => new Response('') } }, {});
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'This app has no API.' });
  });

  it('reports a syntax error with file, line and column', async () => {
    const error = await buildError({ ...base, 'src/components/Hello.tsx': 'export function Hello() {\n  const x = ;\n  return null;\n}\n' });
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ file: 'src/components/Hello.tsx', line: 2, column: 13, lineText: '  const x = ;' });
    expect(error.message).toContain('src/components/Hello.tsx:2:13');
  });

  it('rejects an import outside the runtime package set, naming it and the allowed set', async () => {
    const error = await buildError({ ...base, 'src/lib/greet.ts': "import axios from 'axios';\nexport const greet = (n: string) => String(axios) + n;\n" });
    expect(error.errors[0]?.file).toBe('src/lib/greet.ts');
    expect(error.errors[0]?.line).toBe(1);
    expect(error.errors[0]?.text).toMatch(/Cannot import "axios": it is not in the runtime package set/);
    expect(error.errors[0]?.text).toContain('react@19.3.1');
    expect(error.errors[0]?.text).toContain('recharts@3.10.1');
  });

  it('rejects forbidden imports in the API too', async () => {
    const error = await buildError({ ...base, 'api/index.ts': "import fs from 'node:fs';\nexport default { fetch: () => new Response(String(fs)) };\n" });
    expect(error.errors[0]).toMatchObject({ file: 'api/index.ts', line: 1 });
    expect(error.errors[0]?.text).toMatch(/Cannot import "node:fs"/);
  });

  it('reports a missing local file at the import', async () => {
    const error = await buildError({ ...base, 'src/main.tsx': "import { X } from './nope';\nconsole.log(X);\n" });
    expect(error.errors[0]).toMatchObject({ file: 'src/main.tsx', line: 1 });
    expect(error.errors[0]?.text).toContain('Cannot find "./nope"');
  });

  it('validates shipyard.json', async () => {
    const missing = await buildError({ ...base, 'shipyard.json': JSON.stringify({ name: '', api: 'api/other.ts', env: [{ name: 'lower' }] }) });
    expect(missing.errors.every((e) => e.file === 'shipyard.json')).toBe(true);
    expect(missing.errors.map((e) => e.text).join('\n')).toMatch(/"name"/);
    expect(missing.errors.map((e) => e.text).join('\n')).toMatch(/env\.0\.name/);
    const broken = await buildError({ ...base, 'shipyard.json': '{ "name": ' });
    expect(broken.errors[0]?.text).toMatch(/not valid JSON/);
    const absent = await buildError({ ...base, 'shipyard.json': JSON.stringify({ name: 'x', api: 'api/other.ts' }) });
    expect(absent.errors[0]?.text).toBe('"api" names api/other.ts, but the app has no such file.');
  });

  it('reports a script tag that names a missing file at its line in index.html', async () => {
    const error = await buildError({ ...base, 'index.html': '<html>\n<body>\n<script type="module" src="/src/missing.tsx"></script>\n</body></html>' });
    expect(error.errors[0]).toMatchObject({ file: 'index.html', line: 3 });
  });

  it('refuses paths that leave the project', async () => {
    const error = await buildError({ ...base, '../etc/passwd': 'x' });
    expect(error.errors[0]?.text).toMatch(/inside the project/);
  });
});
