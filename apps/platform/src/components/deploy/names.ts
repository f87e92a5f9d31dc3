/**
 * deploy-core's name rules (`@shipyard/deploy-core/validation`, the ones the server applies), worded
 * for a form that checks as the user types. The server checks again and has the last word.
 */
import {
  ENV_NAME,
  envValueTooLarge,
  RESERVED_ENV_NAMES,
  slugify,
  validateDomainName,
  validateSlug,
} from '@shipyard/deploy-core/validation';

export { slugify };

/** What is wrong with a subdomain, or null when it is acceptable. */
export function slugProblem(slug: string): string | null {
  if (!slug) return 'Choose a name for the address.';
  return validateSlug(slug);
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
  if (envValueTooLarge(value)) return 'The value is over 32 KB.';
  if (value.includes('\0')) return 'The value contains a NUL character.';
  return null;
}

/** What is wrong with a custom domain name, or null. */
export function domainProblem(input: string): string | null {
  if (!input.trim()) return 'Enter a domain, like app.example.com.';
  const checked = validateDomainName(input);
  return 'error' in checked ? checked.error : null;
}
