import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { copyPreviewAssets, createPreviewAssetsHandler } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'preview-assets-'));
writeFileSync(join(dir, 'manifest.json'), '{"frame":"frame-ABCDEFGH.js"}');
writeFileSync(join(dir, 'frame-ABCDEFGH.js'), 'export {};');
writeFileSync(join(dir, 'sql-wasm-0123456789.wasm'), new Uint8Array([0, 97, 115, 109]));
writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handler = createPreviewAssetsHandler({ basePath: '/_preview', dir });
const get = (path: string, method = 'GET') => handler(new Request(`http://localhost${path}`, { method }));

describe('createPreviewAssetsHandler', () => {
  it('serves assets with CORS, content types and caching for hashed names', async () => {
    const frame = await get('/_preview/frame-ABCDEFGH.js');
    expect(frame.status).toBe(200);
    expect(frame.headers.get('access-control-allow-origin')).toBe('*');
    expect(frame.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(frame.headers.get('cache-control')).toContain('immutable');
    expect(await frame.text()).toBe('export {};');
    const manifest = await get('/_preview/manifest.json');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    const wasm = await get('/_preview/sql-wasm-0123456789.wasm', 'HEAD');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('content-length')).toBe('4');
  });

  it('refuses paths outside the folder, other prefixes and other methods', async () => {
    expect((await get('/_preview/..%2Foutside-secret.txt')).status).toBe(404);
    expect((await get('/_preview/../outside-secret.txt')).status).toBe(404);
    expect((await get('/other/manifest.json')).status).toBe(404);
    expect((await get('/_preview/missing.js')).status).toBe(404);
    expect((await get('/_preview/')).status).toBe(404);
    expect((await get('/_preview/manifest.json', 'POST')).status).toBe(405);
  });
});

describe('copyPreviewAssets', () => {
  it('copies the assets folder into a public directory', async () => {
    const publicDir = mkdtempSync(join(tmpdir(), 'preview-public-'));
    onTestFinished(() => rmSync(publicDir, { recursive: true, force: true }));
    const out = join(publicDir, '_preview');
    const { files } = await copyPreviewAssets(out, { from: dir });
    expect(files).toBeGreaterThanOrEqual(3);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toContain('frame-ABCDEFGH.js');
  });

  it('says how to build the package when there are no assets', async () => {
    await expect(copyPreviewAssets(join(dir, 'out2'), { from: join(dir, 'nothing-here') })).rejects.toThrow(/Build the package first/);
    expect(existsSync(join(dir, 'out2'))).toBe(false);
  });
});
