/**
 * Client mirrors of deploy-core's name rules (services/deploy-service.ts), so the modal can say
 * what is wrong as the user types. The server checks again and has the last word.
 */

const RESERVED_SLUGS = new Set([
  'www',
  'api',
  'app',
  'apps',
  'admin',
  'dashboard',
  'auth',
  'login',
  'mail',
  'smtp',
  'ftp',
  'cdn',
  'static',
  'assets',
  'status',
  'docs',
  'help',
  'support',
  'billing',
  'shipyard',
  'localhost',
  'preview',
  'internal',
]);
const RESERVED_ENV_NAMES = new Set(['DB', 'ASSETS']);
const ENV_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
export const MAX_ENV_VALUE_BYTES = 32 * 1024;

/** The free subdomain deploy-core derives from a project name (before uniqueness suffixes). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

/** What is wrong with a subdomain, or null when it is acceptable. */
export function slugProblem(slug: string): string | null {
  if (!slug) return 'Choose a name for the address.';
  if (!/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug)) {
    return 'Use 1–40 lowercase letters, digits and dashes, starting and ending with a letter or digit.';
  }
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved. Choose another name.`;
  return null;
}

/** The subdomain the server would pick for a project name when the user does not choose one. */
export function defaultSlug(projectName: string): string {
  const root = slugify(projectName) || 'app';
  return slugProblem(root) ? `${root}-app`.slice(0, 40) : root;
}

/** What is wrong with an environment variable name, or null. */
export function envNameProblem(name: string): string | null {
  if (!name) return 'Enter a name.';
  if (/[a-z]/.test(name) && ENV_NAME.test(name.toUpperCase()))
    return `Use capitals: ${name.toUpperCase()}.`;
  if (!ENV_NAME.test(name))
    return 'Use UPPER_SNAKE_CASE: A–Z, 0–9 and _, starting with a letter, at most 64 characters.';
  if (RESERVED_ENV_NAMES.has(name))
    return `${name} is the platform's own binding. Choose another name.`;
  return null;
}

/** What is wrong with an environment variable value, or null. */
export function envValueProblem(value: string): string | null {
  if (new TextEncoder().encode(value).length > MAX_ENV_VALUE_BYTES)
    return 'The value is over 32 KB.';
  if (value.includes('\0')) return 'The value contains a NUL character.';
  return null;
}

/** What is wrong with a custom domain name, or null (mirrors validateDomainName). */
export function domainProblem(input: string): string | null {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (!domain) return 'Enter a domain, like app.example.com.';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(domain)) return 'Enter a domain name, not an IP address.';
  if (
    domain.length > 253 ||
    !/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/.test(domain)
  ) {
    return `"${input.trim()}" is not a valid domain name. Enter a name like app.example.com.`;
  }
  const reserved = ['localhost', 'local', 'internal', 'invalid', 'test', 'example', 'shipyard.app'];
  const tld = domain.split('.').at(-1) ?? '';
  if (reserved.some((s) => domain === s || domain.endsWith(`.${s}`) || tld === s)) {
    return `${domain} is a reserved name that cannot be attached to an app.`;
  }
  return null;
}
