import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareVercelDeployment } from './files';

const enc = new TextEncoder();
const artifact = (files: Record<string, string>, worker = '') => ({ hash: 'h', assets: new Map(Object.entries(files).map(([p, v]) => [p, enc.encode(v)])), worker });

describe('prepareVercelDeployment', () => {
  it('lists every file with its sha1 and size, dedupes uploads, adds vercel.json and no function without an API', () => {
    const p = prepareVercelDeployment(artifact({ 'index.html': '<p>', 'a.txt': 'same', 'b.txt': 'same', '_worker.js': 'x', _redirects: '/a /b' }), []);
    expect(p.files.map((f) => f.file).sort()).toEqual(['a.txt', 'b.txt', 'index.html', 'vercel.json']);
    expect(p.files.find((f) => f.file === 'index.html')).toMatchObject({ sha: createHash('sha1').update('<p>').digest('hex'), size: 3 });
    expect(p.bySha.size).toBe(3);
    expect(p.hasApi).toBe(false);
    expect(p.warnings.join()).toMatch(/_redirects is a Cloudflare\/Netlify file/);
    const config = JSON.parse(new TextDecoder().decode(p.files.find((f) => f.file === 'vercel.json')!.bytes)) as { rewrites: { source: string }[] };
    const spa = new RegExp(`^${config.rewrites[0]!.source}$`);
    expect(spa.test('/tasks/1')).toBe(true);
    expect(spa.test('/api/tasks')).toBe(false);
  });
  it('adds the Edge function and the worker when the app has an API', () => {
    const p = prepareVercelDeployment(artifact({ 'index.html': '<p>' }, 'export default {}'), ['A']);
    expect(p.files.map((f) => f.file)).toEqual(expect.arrayContaining(['api/[...path].js', 'api/_worker.js']));
    expect(new TextDecoder().decode(p.files.find((f) => f.file === 'api/[...path].js')!.bytes)).toContain("runtime: 'edge'");
  });
  it('refuses static files under api/ and invalid paths', () => {
    expect(() => prepareVercelDeployment(artifact({ 'api/x.json': '{}' }), [])).toThrow(/reserved for the app's API/);
    expect(() => prepareVercelDeployment(artifact({ '../x': '' }), [])).toThrow(/invalid asset path/);
  });
});
