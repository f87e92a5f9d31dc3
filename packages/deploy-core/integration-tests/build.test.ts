import { describe, expect, it } from 'vitest';
import { BuildError, buildApp, countRows } from '../src/index.js';
import { loadAppFiles } from './fixtures/load-app.js';

const files = loadAppFiles();

describe('building the reference app', () => {
  it('has the shape the deploy contract promises', () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(15);
    expect(files['shipyard.json']).toBeDefined();
    expect(countRows(files['db/seed.sql'] ?? '')).toEqual({ tasks: 3, notes: 2 });
  });

  it('produces hashed assets, index.html, _worker.js and a manifest, deterministically', async () => {
    const first = await buildApp({ files });
    const second = await buildApp({ files: new Map(Object.entries(files)) });

    const paths = [...first.assets.keys()];
    expect(paths).toContain('index.html');
    expect(paths).toContain('favicon.svg');
    expect(paths.filter((p) => /^assets\/app-[A-Z0-9]+\.js$/.test(p))).toHaveLength(1);
    expect(paths.filter((p) => /^assets\/app-[A-Z0-9]+\.css$/.test(p))).toHaveLength(1);
    expect(first.app).toMatchObject({ name: 'Team Tasks', api: 'api/index.ts', env: [{ name: 'SUPPORT_EMAIL', required: false }] });

    const html = new TextDecoder().decode(first.assets.get('index.html'));
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/app-[A-Z0-9]+\.js"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" crossorigin href="\/assets\/app-[A-Z0-9]+\.css">/);

    // The worker carries the app's routes and the asset router.
    expect(first.worker.includes('SELECT * FROM tasks ORDER BY priority DESC, id ASC')).toBe(true);
    expect(first.worker.includes('env.ASSETS.fetch') || first.worker.includes('.ASSETS.fetch(')).toBe(true);
    expect(JSON.parse(first.workerSourceMap)).toMatchObject({ version: 3 });

    expect(second.hash).toBe(first.hash);
    expect(second.worker).toBe(first.worker);
    expect([...second.assets.keys()]).toEqual(paths);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports a syntax error in a page with its file and line', async () => {
    const broken = { ...files, 'src/pages/Tasks.tsx': (files['src/pages/Tasks.tsx'] ?? '').replace('<h1>Tasks</h1>', '<h1>Tasks</h2>') };
    const error = await buildApp({ files: broken }).catch((e: unknown) => e);
    expect(BuildError.is(error)).toBe(true);
    const first = (error as BuildError).errors[0];
    expect(first?.file).toBe('src/pages/Tasks.tsx');
    expect(first?.line).toBe(10);
    expect(first?.text).toMatch(/closing "h2" tag does not match opening "h1" tag/);
  });

  it('rejects a package outside the runtime set', async () => {
    const withLodash = { ...files, 'src/api.ts': `import debounce from 'lodash/debounce';\nexport const later = debounce;\n${files['src/api.ts'] ?? ''}` };
    const error = (await buildApp({ files: withLodash }).catch((e: unknown) => e)) as BuildError;
    expect(BuildError.is(error)).toBe(true);
    expect(error.errors[0]).toMatchObject({ file: 'src/api.ts', line: 1 });
    expect(error.message).toMatch(/Cannot import "lodash": it is not in the runtime package set/);
  });
});
