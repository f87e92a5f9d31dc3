import { blake3 } from '@noble/hashes/blake3.js';
import { describe, expect, it } from 'vitest';
import { pagesAssetHash } from './hash';

describe('pagesAssetHash', () => {
  it('uses real BLAKE3 (official test vectors)', () => {
    expect(Buffer.from(blake3(new Uint8Array())).toString('hex')).toBe('af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
    expect(Buffer.from(blake3(new TextEncoder().encode('abc'))).toString('hex')).toBe('6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85');
  });

  it('hashes base64(contents) + extension, like wrangler, truncated to 32 hex characters', () => {
    const bytes = new TextEncoder().encode('<h1>hi</h1>');
    const expected = Buffer.from(blake3(new TextEncoder().encode(`${Buffer.from(bytes).toString('base64')}html`))).toString('hex').slice(0, 32);
    expect(pagesAssetHash('index.html', bytes)).toBe(expected);
    expect(pagesAssetHash('nested/dir/page.html', bytes)).toBe(expected);
    expect(pagesAssetHash('index.htm', bytes)).not.toBe(expected);
    expect(pagesAssetHash('a.b/README', bytes)).toBe(Buffer.from(blake3(new TextEncoder().encode(Buffer.from(bytes).toString('base64')))).toString('hex').slice(0, 32));
  });

  it('hashes a subarray by its own bytes', () => {
    const whole = new TextEncoder().encode('xxhelloxx');
    expect(pagesAssetHash('a.txt', whole.subarray(2, 7))).toBe(pagesAssetHash('a.txt', new TextEncoder().encode('hello')));
  });
});
