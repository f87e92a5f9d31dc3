import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors';
import { createKeyring, generateKey, parseKeyringSpec, ZKeyringSpecSchema } from './index';

const k1 = generateKey();
const k2 = generateKey();

function thrownAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(AppError.is(error)).toBe(true);
    return error as AppError;
  }
  throw new Error('expected an AppError to be thrown');
}

/** Decodes one base64url part, flips one bit of byte `index`, encodes it again. */
function flipByte(ciphertext: string, part: 2 | 3, index: number): string {
  const parts = ciphertext.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = bytes[at]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('keyring', () => {
  const keyring = createKeyring({ currentKeyId: 'k1', keys: { k1 } });

  it('round-trips text, including unicode and the empty string', () => {
    for (const plaintext of [
      'postgres://user:pw@db/app',
      'émoji 🚀 ünïcode',
      '',
      'x'.repeat(10_000),
    ]) {
      const sealed = keyring.encrypt(plaintext);
      expect(sealed).toMatch(/^sy1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      expect(sealed).not.toContain(plaintext || '\u0000');
      expect(keyring.decrypt(sealed)).toBe(plaintext);
    }
  });

  it('uses a fresh IV each time', () => {
    expect(keyring.encrypt('same')).not.toBe(keyring.encrypt('same'));
  });

  it('round-trips with associated data and rejects a different one', () => {
    const sealed = keyring.encrypt('sk_live_123', 'secret:row_1');
    expect(keyring.decrypt(sealed, 'secret:row_1')).toBe('sk_live_123');
    expect(thrownAppError(() => keyring.decrypt(sealed, 'secret:row_2')).message).toMatch(
      /altered|another record/,
    );
    expect(() => keyring.decrypt(sealed)).toThrow(/altered|another record/);
    expect(() => keyring.decrypt(keyring.encrypt('no aad'), 'secret:row_1')).toThrow(
      /altered|another record/,
    );
  });

  describe('rejects tampered ciphertext', () => {
    const sealed = keyring.encrypt('a secret worth protecting');

    it.each([
      ['first IV byte', 2, 0],
      ['last IV byte', 2, -1],
      ['first ciphertext byte', 3, 0],
      ['a middle ciphertext byte', 3, 10],
      ['first tag byte', 3, -16],
      ['last tag byte', 3, -1],
    ] as const)('flipping the %s', (_name, part, index) => {
      const error = thrownAppError(() => keyring.decrypt(flipByte(sealed, part, index)));
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toContain('key k1');
    });

    it('a truncated value', () => {
      const [v, kid, iv, body] = sealed.split('.') as [string, string, string, string];
      const shortBody = Buffer.from(body, 'base64url').subarray(0, 15).toString('base64url');
      expect(
        thrownAppError(() => keyring.decrypt([v, kid, iv, shortBody].join('.'))).message,
      ).toMatch(/truncated/);
      const oneByteLess = Buffer.from(body, 'base64url').subarray(0, -1).toString('base64url');
      expect(() => keyring.decrypt([v, kid, iv, oneByteLess].join('.'))).toThrow(/altered/);
      expect(() => keyring.decrypt(sealed.slice(0, sealed.lastIndexOf('.')))).toThrow(
        /not a Shipyard ciphertext/,
      );
    });

    it('a changed character in the text form, even in unused trailing bits', () => {
      // The body length is not a multiple of 3, so its last character carries unused bits.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const sibling = alphabet[alphabet.indexOf(sealed.at(-1)!) ^ 1]!;
      const altered = sealed.slice(0, -1) + sibling;
      // Same bytes once decoded: only a strict decoder notices.
      expect(Buffer.from(altered.split('.')[3]!, 'base64url')).toEqual(
        Buffer.from(sealed.split('.')[3]!, 'base64url'),
      );
      expect(() => keyring.decrypt(altered)).toThrow(/not a Shipyard ciphertext/);
    });

    it('garbage', () => {
      for (const garbage of [
        '',
        'hello',
        'sy1...',
        'sy1.k1.!!!.???',
        'sy2.k1.AAAA.BBBB',
        `sy1.k1.${'A'.repeat(16)}.`,
      ]) {
        expect(thrownAppError(() => keyring.decrypt(garbage)).code).toBe('INTERNAL');
      }
      expect(() => keyring.decrypt(42 as unknown as string)).toThrow(/not a string/);
    });

    it('a ciphertext relabelled with another configured key id', () => {
      const both = createKeyring({ currentKeyId: 'k1', keys: { k1, k2 } });
      const relabelled = both.encrypt('x').replace('sy1.k1.', 'sy1.k2.');
      expect(() => both.decrypt(relabelled)).toThrow(/key k2/);
    });
  });

  it('names an unknown key id and where to add it, never the key itself', () => {
    const other = createKeyring({ currentKeyId: 'k0', keys: { k0: generateKey() } });
    const error = thrownAppError(() => keyring.decrypt(other.encrypt('x')));
    expect(error.message).toContain(
      'encrypted with key k0, which is not configured; add it to SHIPYARD_ENCRYPTION_KEYS',
    );
    expect(error.details).toEqual({ keyId: 'k0' });
    expect(error.message).not.toContain(k1);
  });
});

describe('rotation', () => {
  it('decrypts old values after a new current key is added, and re-encrypts them to it', () => {
    const before = createKeyring({ currentKeyId: 'k1', keys: { k1 } });
    const old = before.encrypt('database password', 'row_7');
    expect(before.needsRotation(old)).toBe(false);

    const after = createKeyring(parseKeyringSpec(`k2:${k2},k1:${k1}`));
    expect(after.currentKeyId).toBe('k2');
    expect(after.decrypt(old, 'row_7')).toBe('database password');
    expect(after.needsRotation(old)).toBe(true);

    const rotated = after.reencrypt(old, 'row_7');
    expect(rotated.split('.')[1]).toBe('k2');
    expect(after.needsRotation(rotated)).toBe(false);
    expect(after.decrypt(rotated, 'row_7')).toBe('database password');
    // Once k1 is retired, only rotated values still decrypt.
    const retired = createKeyring({ currentKeyId: 'k2', keys: { k2 } });
    expect(retired.decrypt(rotated, 'row_7')).toBe('database password');
    expect(() => retired.decrypt(old, 'row_7')).toThrow(/key k1, which is not configured/);
  });
});

describe('key configuration', () => {
  it('parses a spec with the first key as current', () => {
    expect(parseKeyringSpec(` k2:${k2} , k1:${k1} `)).toEqual({
      currentKeyId: 'k2',
      keys: { k2, k1 },
    });
  });

  it('rejects keys that are not 32 bytes, without echoing them', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => createKeyring({ currentKeyId: 'k1', keys: { k1: short } })).toThrow(
      /decodes to 16 bytes/,
    );
    expect(() => createKeyring({ currentKeyId: 'k1', keys: { k1: 'not base64 at all!' } })).toThrow(
      /not base64/,
    );
    const error = thrownAppError(() => parseKeyringSpec(`k1:${short}`));
    expect(error.message).toMatch(/Encryption key "k1" is not valid/);
    expect(error.message).not.toContain(short);
  });

  it('rejects malformed specs with a clear message', () => {
    expect(() => parseKeyringSpec('')).toThrow(/SHIPYARD_ENCRYPTION_KEYS is empty/);
    expect(() => parseKeyringSpec(k1)).toThrow(/entry 1 is not "<key id>:<base64 key>"/);
    expect(() => parseKeyringSpec(`k1:${k1},k1:${k2}`)).toThrow(/twice/);
    expect(() => parseKeyringSpec(`bad.id:${k1}`)).toThrow(/key id "bad.id" is not valid/);
  });

  it('requires the current key to be configured', () => {
    expect(() => createKeyring({ currentKeyId: 'k3', keys: { k1 } })).toThrow(
      /"k3" is not among the configured keys \(k1\)/,
    );
  });

  it('works as an env schema', () => {
    expect(ZKeyringSpecSchema.parse(`k1:${k1}`)).toEqual({ currentKeyId: 'k1', keys: { k1 } });
    const result = z.object({ KEYS: ZKeyringSpecSchema }).safeParse({ KEYS: 'k1:short' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/exactly 32 random bytes/);
  });

  it('generates distinct 32-byte keys', () => {
    expect(Buffer.from(generateKey(), 'base64')).toHaveLength(32);
    expect(generateKey()).not.toBe(generateKey());
  });
});
