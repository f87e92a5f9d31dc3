import { posix } from 'node:path';
import { blake3 } from '@noble/hashes/blake3.js';

/**
 * The content hash Cloudflare Pages keys an asset by, computed exactly as wrangler's `hashFile`:
 * BLAKE3 over the file's base64 text followed by its extension (without the dot), hex, first 32
 * characters. The extension is part of the key because it decides the served Content-Type.
 */
export function pagesAssetHash(path: string, contents: Uint8Array): string {
  const base64 = Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).toString('base64');
  const extension = posix.extname(path).substring(1);
  return Buffer.from(blake3(new TextEncoder().encode(base64 + extension))).toString('hex').slice(0, 32);
}
