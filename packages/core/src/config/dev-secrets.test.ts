import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseKeyringSpec } from '../crypto/index';
import { deriveSecret, loadOrCreateDevSecrets } from './dev-secrets';

describe('development secrets', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'dev-secrets-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('are generated once, kept private, and read back by the next process', () => {
    const d = dir();
    const first = loadOrCreateDevSecrets(d);
    expect(first.betterAuthSecret.length).toBeGreaterThanOrEqual(32);
    expect(() => parseKeyringSpec(first.encryptionKeys)).not.toThrow();
    expect(statSync(path.join(d, 'dev-secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDevSecrets(d)).toEqual(first);
  });

  it('refuse an incomplete file with a message that says how to recover', () => {
    const d = dir();
    writeFileSync(path.join(d, 'dev-secrets.json'), JSON.stringify({ betterAuthSecret: 'x' }));
    expect(() => loadOrCreateDevSecrets(d)).toThrow(/incomplete\. Delete it/);
    expect(JSON.parse(readFileSync(path.join(d, 'dev-secrets.json'), 'utf8'))).toEqual({ betterAuthSecret: 'x' });
  });

  it('derive per-purpose secrets that agree across processes and differ by purpose', () => {
    expect(deriveSecret('k1:abc', 'a')).toBe(deriveSecret('k1:abc', 'a'));
    expect(deriveSecret('k1:abc', 'a')).not.toBe(deriveSecret('k1:abc', 'b'));
    expect(deriveSecret('k1:abc', 'a')).not.toBe(deriveSecret('k2:abc', 'a'));
  });
});
