// @shipyard/deploy-core/validation: the name rules deploys follow — app subdomains, custom domains,
// env var names and values. No Node built-ins: the deploy modal runs the same checks in the
// browser as the user types, and the deploy service has the last word with these same rules.

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
const RESERVED_DOMAIN_SUFFIXES = [
  'localhost',
  'local',
  'internal',
  'invalid',
  'test',
  'example',
  'shipyard.app',
];
/** An env var name: UPPER_SNAKE_CASE, starting with a letter, at most 64 characters. */
export const ENV_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Names the platform binds itself. */
export const RESERVED_ENV_NAMES: ReadonlySet<string> = new Set(['DB', 'ASSETS']);
export const MAX_ENV_VALUE_BYTES = 32 * 1024;

/** The free subdomain derived from a project name (before uniqueness suffixes). */
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
export function validateSlug(slug: string): string | null {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug)) {
    return 'Use 1–40 lowercase letters, digits and dashes, starting and ending with a letter or digit.';
  }
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved. Choose another name.`;
  return null;
}

/** A custom domain, normalized (lower case, no trailing dot), or what is wrong with it. */
export function validateDomainName(input: string): { domain: string } | { error: string } {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(domain))
    return { error: 'Enter a domain name, not an IP address.' };
  if (
    domain.length > 253 ||
    !/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/.test(domain)
  ) {
    return {
      error: `"${input.trim()}" is not a valid domain name. Enter a name like app.example.com.`,
    };
  }
  const tld = domain.split('.').at(-1) ?? '';
  if (RESERVED_DOMAIN_SUFFIXES.some((s) => domain === s || domain.endsWith(`.${s}`) || tld === s)) {
    return { error: `${domain} is a reserved name that cannot be attached to an app.` };
  }
  return { domain };
}

/** Whether an env var value is too large (over 32 KB of UTF-8). */
export function envValueTooLarge(value: string): boolean {
  return new TextEncoder().encode(value).length > MAX_ENV_VALUE_BYTES;
}
