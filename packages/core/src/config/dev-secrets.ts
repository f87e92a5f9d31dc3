import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKey } from '../crypto/index';

export type TDevSecrets = { betterAuthSecret: string; encryptionKeys: string };

/**
 * Development secrets are generated once and kept in `<data dir>/dev-secrets.json` (mode 0600),
 * so sessions survive restarts and the platform and a worker on the same machine agree. Their
 * values are never logged. Production requires real values in the environment.
 */
export function loadOrCreateDevSecrets(dataDir: string): TDevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  const read = (): TDevSecrets | null => {
    if (!existsSync(file)) return null;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<TDevSecrets>;
    if (typeof parsed.betterAuthSecret !== 'string' || typeof parsed.encryptionKeys !== 'string') {
      throw new Error(
        `${file} is incomplete. Delete it to generate new development secrets (this signs everyone out).`,
      );
    }
    return { betterAuthSecret: parsed.betterAuthSecret, encryptionKeys: parsed.encryptionKeys };
  };
  const existing = read();
  if (existing) return existing;
  const secrets: TDevSecrets = {
    betterAuthSecret: randomBytes(32).toString('base64url'),
    encryptionKeys: `dev1:${generateKey()}`,
  };
  try {
    // 'wx': when two processes start at once, the first one wins and the other reads its file.
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const written = read();
      if (written) return written;
    }
    throw error;
  }
}

/** A secret derived from the encryption keys for a purpose, so processes sharing the keys agree on it. */
export function deriveSecret(encryptionKeys: string, purpose: string): string {
  return createHmac('sha256', encryptionKeys).update(purpose).digest('base64url');
}
