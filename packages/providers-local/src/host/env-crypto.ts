import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { LocalHostError } from './errors.js';

interface TSealedEnv {
  v: 1;
  alg: 'aes-256-gcm';
  /** First 16 hex chars of sha256(key): says which key sealed it, without revealing it. */
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

/** Parses a 32-byte key given as base64 or 64 hex characters. */
export function parseEnvKey(key: string): Buffer {
  const trimmed = key.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) {
    throw new LocalHostError('VALIDATION', 'The env key must be 32 bytes, given as base64 or 64 hex characters (e.g. `openssl rand -base64 32`).');
  }
  return bytes;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function sealEnv(env: Readonly<Record<string, string>>, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(env), 'utf8'), cipher.final()]);
  const sealed: TSealedEnv = { v: 1, alg: 'aes-256-gcm', kid: keyId(key), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify(sealed);
}

export function openEnv(text: string, key: Buffer | null): Record<string, string> {
  const sealed = JSON.parse(text) as TSealedEnv;
  if (key === null) {
    throw new LocalHostError('UNAVAILABLE', 'This deployment\'s environment is encrypted; start the host with the env key it was deployed with.');
  }
  if (sealed.kid !== keyId(key)) {
    throw new LocalHostError('UNAVAILABLE', `This deployment's environment was encrypted with another key (id ${sealed.kid}); start the host with that key.`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, string>;
}
