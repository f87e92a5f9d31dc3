import { describe, expect, it } from 'vitest';
import { openEnv, parseEnvKey, sealEnv } from './env-crypto.js';
import { LocalHostError } from './errors.js';

describe('env encryption at rest', () => {
  const key = parseEnvKey(Buffer.alloc(32, 1).toString('base64'));

  it('round-trips and hides the values', () => {
    const sealed = sealEnv({ STRIPE_KEY: 'sk_live_123' }, key);
    expect(sealed).not.toContain('sk_live_123');
    expect(openEnv(sealed, key)).toEqual({ STRIPE_KEY: 'sk_live_123' });
  });

  it('uses a fresh IV each time', () => {
    expect(sealEnv({ A: 'b' }, key)).not.toBe(sealEnv({ A: 'b' }, key));
  });

  it('refuses a missing or different key, and tampered data', () => {
    const sealed = sealEnv({ A: 'b' }, key);
    expect(() => openEnv(sealed, null)).toThrow(LocalHostError);
    expect(() => openEnv(sealed, parseEnvKey('ab'.repeat(32)))).toThrow(/encrypted with another key/);
    const tampered = JSON.parse(sealed) as { data: string };
    tampered.data = Buffer.from('{"A":"c"}').toString('base64');
    expect(() => openEnv(JSON.stringify(tampered), key)).toThrow();
  });

  it('accepts base64 or hex keys of 32 bytes only', () => {
    expect(parseEnvKey('00'.repeat(32)).length).toBe(32);
    expect(() => parseEnvKey('short')).toThrow(/32 bytes/);
  });
});
