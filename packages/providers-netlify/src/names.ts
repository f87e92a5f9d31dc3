import { createHash } from 'node:crypto';

/** Netlify site names are the `<name>.netlify.app` label: a–z, 0–9 and "-", at most 63 characters. */
export const MAX_SITE_NAME_LENGTH = 63;

/** The Netlify site an app deploys to: `<prefix><slug>`, made valid for Netlify. */
export function netlifySiteName(prefix: string, slug: string): string {
  const full = `${prefix}${slug}`;
  let name = full
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!name) name = 'app';
  if (name.length > MAX_SITE_NAME_LENGTH) {
    // Keep long names unique: two slugs sharing a long prefix must not land on one site.
    const suffix = createHash('sha256').update(full).digest('hex').slice(0, 6);
    name = `${name.slice(0, MAX_SITE_NAME_LENGTH - 7).replace(/-+$/, '')}-${suffix}`;
  }
  return name;
}

const TAG = 'Shipyard deployment ';

/** The title a Shipyard deployment's Netlify deploy carries, so a retried deploy finds it again. */
export function deployTitle(deploymentId: string): string {
  return `${TAG}${deploymentId.replace(/\s+/g, '-')}`;
}

export function parseDeployTitle(title: string | null | undefined): string | null {
  if (!title?.startsWith(TAG)) return null;
  return title.slice(TAG.length).trim() || null;
}
