import { createHash } from 'node:crypto';

/** Vercel project names become the `<name>.vercel.app` label: a–z, 0–9 and "-", at most 63 characters. */
export const MAX_PROJECT_NAME_LENGTH = 63;

/** The Vercel project an app deploys to: `<prefix><slug>`, made valid for Vercel. */
export function vercelProjectName(prefix: string, slug: string): string {
  const full = `${prefix}${slug}`;
  let name = full
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!name) name = 'app';
  if (name.length > MAX_PROJECT_NAME_LENGTH) {
    // Keep long names unique: two slugs sharing a long prefix must not land on one project.
    const suffix = createHash('sha256').update(full).digest('hex').slice(0, 6);
    name = `${name.slice(0, MAX_PROJECT_NAME_LENGTH - 7).replace(/-+$/, '')}-${suffix}`;
  }
  return name;
}

/** The `meta` key on a Vercel deployment naming the Shipyard deployment it belongs to. */
export const DEPLOYMENT_META_KEY = 'shipyardDeploymentId';
