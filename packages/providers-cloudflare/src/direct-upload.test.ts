import { AppError } from '@shipyard/core';
import { describe, expect, it } from 'vitest';
import { jwtClaims, PAGES_LIMITS, planBuckets, prepareAssets, type TPagesAsset } from './direct-upload';

const file = (path: string, size: number): TPagesAsset => ({ path, hash: path, contentType: 'text/plain', bytes: new Uint8Array(size) });

describe('prepareAssets', () => {
  it('hashes assets and takes _worker.js, _headers, _redirects and _routes.json out of the manifest', () => {
    const enc = new TextEncoder();
    const { assets, configFiles } = prepareAssets(
      new Map([
        ['index.html', enc.encode('<p>')],
        ['/assets/a.js', enc.encode('1')],
        ['_worker.js', enc.encode('export default {}')],
        ['_headers', enc.encode('/*\n  X-Frame-Options: DENY')],
        ['_routes.json', enc.encode('{}')],
        ['node_modules/x/index.js', enc.encode('x')],
      ]),
    );
    expect(assets.map((a) => a.path).sort()).toEqual(['assets/a.js', 'index.html']);
    expect(assets.find((a) => a.path === 'index.html')?.contentType).toBe('text/html');
    expect([...configFiles.keys()].sort()).toEqual(['_headers', '_routes.json']);
  });

  it('rejects files over 25 MiB and paths that escape the site', () => {
    const big = new Map([['video.mp4', new Uint8Array(PAGES_LIMITS.maxAssetBytes + 1)]]);
    expect(() => prepareAssets(big)).toThrow(/video\.mp4 is 25\.0 MiB; Cloudflare Pages serves files up to 25 MiB/);
    try {
      prepareAssets(new Map([['../etc/passwd', new Uint8Array(1)]]));
      expect.unreachable();
    } catch (error) {
      expect(AppError.is(error) && error.code).toBe('VALIDATION');
    }
  });
});

describe('planBuckets', () => {
  it('spreads small sites over the upload concurrency, largest first', () => {
    const buckets = planBuckets([file('a', 10), file('b', 30), file('c', 20)]);
    expect(buckets.map((b) => b.map((f) => f.path))).toEqual([['b'], ['c'], ['a']]);
  });

  it('keeps every bucket under the byte and file-count limits', () => {
    const limits = { maxBucketBytes: 100, maxBucketFiles: 3, uploadConcurrency: 2 };
    const files = Array.from({ length: 20 }, (_, i) => file(`f${i}`, 10 + (i % 5) * 10));
    const buckets = planBuckets(files, limits);
    expect(buckets.flat()).toHaveLength(20);
    for (const b of buckets) {
      expect(b.length).toBeLessThanOrEqual(3);
      expect(b.reduce((n, f) => n + f.bytes.byteLength, 0)).toBeLessThanOrEqual(100);
    }
    // A file larger than a bucket still gets one of its own.
    expect(planBuckets([file('huge', 500)], limits)).toEqual([[expect.objectContaining({ path: 'huge' })]]);
  });
});

describe('jwtClaims', () => {
  it('reads the upload token claims and tolerates garbage', () => {
    const body = Buffer.from(JSON.stringify({ exp: 123, max_file_count_allowed: 100000 })).toString('base64url');
    expect(jwtClaims(`h.${body}.s`)).toEqual({ exp: 123, max_file_count_allowed: 100000 });
    expect(jwtClaims('not-a-jwt')).toEqual({});
    expect(jwtClaims('a.!!!.b')).toEqual({});
  });
});
