import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareNetlifyDeploy, SPA_FALLBACK_RULE } from './files';

const enc = new TextEncoder();
const artifact = (files: Record<string, string>, worker = '') => ({ hash: 'h', assets: new Map(Object.entries(files).map(([p, v]) => [p, enc.encode(v)])), worker });

describe('prepareNetlifyDeploy', () => {
  it('lists files by sha1, dedupes uploads by content and adds the SPA fallback after the app\'s own rules', () => {
    const p = prepareNetlifyDeploy(artifact({ 'index.html': '<p>', 'a.txt': 'same', 'b.txt': 'same', _redirects: '/old /new 301', '_worker.js': 'x', '_routes.json': '{}' }), []);
    expect(Object.keys(p.files).sort()).toEqual(['/_redirects', '/a.txt', '/b.txt', '/index.html']);
    expect(p.files['/index.html']).toBe(createHash('sha1').update('<p>').digest('hex'));
    expect(p.bySha.size).toBe(3);
    const redirects = new TextDecoder().decode(p.bySha.get(p.files['/_redirects']!)!.bytes);
    expect(redirects.indexOf('/old /new 301')).toBeLessThan(redirects.indexOf(SPA_FALLBACK_RULE));
    expect(p.fn).toBeNull();
  });
  it('bundles the worker as a function and warns about static files it hides', () => {
    const p = prepareNetlifyDeploy(artifact({ 'index.html': '<p>', 'api/doc.txt': 'x' }, 'export default { fetch() { return new Response("ok") } }'), ['A']);
    expect(p.fn?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.warnings.join()).toMatch(/api\/doc\.txt is hidden/);
  });
  it('rejects paths Netlify cannot deploy', () => {
    expect(() => prepareNetlifyDeploy(artifact({ '../x': '' }), [])).toThrow(/invalid asset path/);
    expect(() => prepareNetlifyDeploy(artifact({ 'a#b.html': '' }), [])).toThrow(/may not contain "#" or "\?"/);
  });
});
