import { hostLabel } from '@shipyard/deploy-core/provider-kit';

/** Netlify site names are the `<name>.netlify.app` label: a–z, 0–9 and "-", at most 63 characters. */
export const MAX_SITE_NAME_LENGTH = 63;

/** The Netlify site an app deploys to: `<prefix><slug>`, made valid for Netlify. */
export function netlifySiteName(prefix: string, slug: string): string {
  return hostLabel(prefix, slug, MAX_SITE_NAME_LENGTH);
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
