import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors';

const VERSION = 'sy1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ENV_NAME = 'SHIPYARD_ENCRYPTION_KEYS';

export type TKeyringOptions = {
  /** The key new ciphertexts are encrypted with. */
  currentKeyId: string;
  /** Every key that may still be needed to decrypt: key id → base64 of 32 random bytes. */
  keys: Record<string, string>;
};

/** Encrypts secrets at rest. Every ciphertext names the key it was made with, so keys can rotate. */
export interface Keyring {
  /** Returns `sy1.<kid>.<iv b64url>.<ciphertext+tag b64url>`. `aad` binds the ciphertext to a context (e.g. a row id). */
  encrypt(plaintext: string, aad?: string): string;
  /** Decrypts with whichever configured key made the ciphertext; AppError if it was altered or the key is unknown. */
  decrypt(ciphertext: string, aad?: string): string;
  /** Decrypts and encrypts again with the current key (key rotation). */
  reencrypt(ciphertext: string, aad?: string): string;
  /** True when the ciphertext was made with a key other than the current one. */
  needsRotation(ciphertext: string): boolean;
  readonly currentKeyId: string;
}

function cryptoError(
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): AppError {
  // INTERNAL: the client gets a generic message; the operator sees this one in the log.
  return new AppError('INTERNAL', message, { details, cause });
}

function decodeKey(keyId: string, encoded: string): Buffer {
  const trimmed = encoded.trim();
  // Standard or URL-safe base64; Buffer.from would silently skip any other character.
  const wellFormed = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || BASE64URL.test(trimmed);
  const key = Buffer.from(trimmed, 'base64');
  if (!wellFormed || key.length !== KEY_BYTES) {
    const found = wellFormed ? `it decodes to ${key.length} bytes` : 'it is not base64';
    throw cryptoError(
      `Encryption key "${keyId}" is not valid (${found}): it must be the base64 encoding of exactly ${KEY_BYTES} random bytes. Generate one with \`openssl rand -base64 32\`.`,
      { keyId },
    );
  }
  return key;
}

function assertKeyId(keyId: string): void {
  if (!KEY_ID.test(keyId)) {
    throw cryptoError(
      `Encryption key id "${keyId.slice(0, 64)}" is not valid: use 1-64 letters, digits, "-" or "_" (e.g. "k2").`,
      { keyId },
    );
  }
}

/** Parses `"k2:<base64>,k1:<base64>"` (the first key is the current one), as set in SHIPYARD_ENCRYPTION_KEYS. */
export function parseKeyringSpec(spec: string): TKeyringOptions {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw cryptoError(
      `${ENV_NAME} is empty: set it to "<key id>:<base64 of 32 bytes>", e.g. "k1:$(openssl rand -base64 32)".`,
    );
  }
  const keys: Record<string, string> = {};
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw cryptoError(
        `${ENV_NAME} entry ${index + 1} is not "<key id>:<base64 key>"; separate entries with commas, current key first.`,
      );
    }
    const keyId = entry.slice(0, colon).trim();
    assertKeyId(keyId);
    if (keyId in keys)
      throw cryptoError(`${ENV_NAME} lists key "${keyId}" twice; key ids must be unique.`, {
        keyId,
      });
    const encoded = entry.slice(colon + 1).trim();
    decodeKey(keyId, encoded);
    keys[keyId] = encoded;
  }
  const currentKeyId = entries[0]!.slice(0, entries[0]!.indexOf(':')).trim();
  return { currentKeyId, keys };
}

/** For env presets: a SHIPYARD_ENCRYPTION_KEYS string parsed into keyring options, with its problems reported as config issues. */
export const ZKeyringSpecSchema = z.string().transform((spec, ctx): TKeyringOptions => {
  try {
    return parseKeyringSpec(spec);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: error instanceof Error ? error.message : String(error),
    });
    return z.NEVER;
  }
});

/** Base64 of 32 random bytes: a new key for {@link TKeyringOptions.keys}. */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function aadFor(keyId: string, aad: string | undefined): Buffer {
  // The header is authenticated too, so a ciphertext cannot be relabelled with another key id.
  return Buffer.from(`${VERSION}.${keyId}.${aad ?? ''}`, 'utf8');
}

type TParsedCiphertext = { keyId: string; iv: Buffer; sealed: Buffer };

function decodePart(part: string): Buffer | null {
  if (!BASE64URL.test(part)) return null;
  const bytes = Buffer.from(part, 'base64url');
  // Reject non-canonical encodings: otherwise changing unused trailing bits would go unnoticed.
  return bytes.toString('base64url') === part ? bytes : null;
}

function parseCiphertext(ciphertext: string): TParsedCiphertext {
  const malformed = (reason: string) =>
    cryptoError(
      `Cannot decrypt: the value is not a Shipyard ciphertext (${reason}). It was corrupted or never encrypted by this keyring.`,
      { reason },
    );
  if (typeof ciphertext !== 'string') throw malformed('not a string');
  const parts = ciphertext.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION)
    throw malformed(`expected "${VERSION}.<kid>.<iv>.<data>"`);
  const [, keyId, ivPart, sealedPart] = parts as [string, string, string, string];
  if (!KEY_ID.test(keyId)) throw malformed('invalid key id');
  const iv = decodePart(ivPart);
  const sealed = decodePart(sealedPart);
  if (!iv || iv.length !== IV_BYTES) throw malformed('invalid IV');
  if (!sealed || sealed.length < TAG_BYTES) throw malformed('truncated data');
  return { keyId, iv, sealed };
}

/** Builds a keyring from options (see {@link parseKeyringSpec} for the env var form). */
export function createKeyring(opts: TKeyringOptions): Keyring {
  const keys = new Map<string, Buffer>();
  for (const [keyId, encoded] of Object.entries(opts.keys)) {
    assertKeyId(keyId);
    keys.set(keyId, decodeKey(keyId, encoded));
  }
  const currentKeyId = opts.currentKeyId;
  const currentKey = keys.get(currentKeyId);
  if (!currentKey) {
    throw cryptoError(
      `The current encryption key "${currentKeyId}" is not among the configured keys (${[...keys.keys()].join(', ') || 'none'}); add it to ${ENV_NAME}.`,
      { keyId: currentKeyId },
    );
  }

  function encrypt(plaintext: string, aad?: string): string {
    if (typeof plaintext !== 'string')
      throw cryptoError('Cannot encrypt: the plaintext must be a string.');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, currentKey!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadFor(currentKeyId, aad));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return [VERSION, currentKeyId, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  function decrypt(ciphertext: string, aad?: string): string {
    const { keyId, iv, sealed } = parseCiphertext(ciphertext);
    const key = keys.get(keyId);
    if (!key) {
      throw cryptoError(
        `Cannot decrypt: the value was encrypted with key ${keyId}, which is not configured; add it to ${ENV_NAME}.`,
        { keyId },
      );
    }
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aadFor(keyId, aad));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch (cause) {
      throw cryptoError(
        `Cannot decrypt a value encrypted with key ${keyId}: it was altered, or it belongs to another record (associated data mismatch). Restore it from a backup or set it again.`,
        { keyId },
        cause,
      );
    }
  }

  return {
    currentKeyId,
    encrypt,
    decrypt,
    reencrypt: (ciphertext, aad) => encrypt(decrypt(ciphertext, aad), aad),
    needsRotation: (ciphertext) => parseCiphertext(ciphertext).keyId !== currentKeyId,
  };
}
