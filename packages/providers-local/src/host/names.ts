import { LocalHostError } from './errors.js';

/** An app slug is one DNS label: it becomes `<slug>.localhost`. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A deployment id becomes a DNS label too (`<deploymentId>.<slug>.localhost`). */
const DEPLOYMENT_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const RESERVED_ENV = new Set(['DB', 'ASSETS']);
/** Cloudflare's limit for one environment variable. */
export const MAX_ENV_VALUE_BYTES = 5 * 1024;
export const MAX_ENV_VARS = 100;

export function assertSlug(slug: string): void {
  if (typeof slug !== 'string' || !SLUG.test(slug) || slug.includes('--')) {
    throw new LocalHostError(
      'VALIDATION',
      `"${String(slug)}" is not a valid app name: use 1-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`,
    );
  }
}

export function assertDeploymentId(id: string): void {
  if (typeof id !== 'string' || !DEPLOYMENT_ID.test(id)) {
    throw new LocalHostError(
      'VALIDATION',
      `"${String(id)}" is not a valid deployment id: use 1-63 lower-case letters, digits and hyphens (it becomes part of the preview host name).`,
    );
  }
}

export function assertEnv(env: Readonly<Record<string, string>>): void {
  const names = Object.keys(env);
  if (names.length > MAX_ENV_VARS) throw new LocalHostError('VALIDATION', `An app can have at most ${MAX_ENV_VARS} environment variables; it has ${names.length}.`);
  for (const name of names) {
    if (!ENV_NAME.test(name)) {
      throw new LocalHostError('VALIDATION', `"${name}" is not a valid environment variable name: use letters, digits and underscores, not starting with a digit.`);
    }
    if (RESERVED_ENV.has(name) || name.startsWith('__SHIPYARD')) {
      throw new LocalHostError('VALIDATION', `${name} is reserved by the host (the app's database and assets bindings); choose another name.`);
    }
    const value = env[name];
    if (typeof value !== 'string') throw new LocalHostError('VALIDATION', `The value of ${name} must be a string.`);
    if (Buffer.byteLength(value) > MAX_ENV_VALUE_BYTES) {
      throw new LocalHostError('VALIDATION', `The value of ${name} is ${Buffer.byteLength(value)} bytes; the limit is ${MAX_ENV_VALUE_BYTES} bytes.`);
    }
  }
}

/** Lower-cases and checks a custom domain. Domains under the host's own base domain are reserved. */
export function normalizeDomain(domain: string, baseDomain: string): string {
  const d = String(domain).trim().toLowerCase().replace(/\.$/, '');
  const labels = d.split('.');
  const valid =
    d.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1] ?? '');
  if (!valid) throw new LocalHostError('VALIDATION', `"${domain}" is not a valid domain name, e.g. app.example.com.`);
  if (d === baseDomain || d.endsWith(`.${baseDomain}`) || d === 'localhost' || d.endsWith('.localhost')) {
    throw new LocalHostError('VALIDATION', `${d} is reserved for the host's own app addresses; add a domain you own instead.`);
  }
  return d;
}
