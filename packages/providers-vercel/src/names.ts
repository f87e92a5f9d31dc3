import { hostLabel } from '@shipyard/deploy-core/provider-kit';

/** Vercel project names become the `<name>.vercel.app` label: a–z, 0–9 and "-", at most 63 characters. */
export const MAX_PROJECT_NAME_LENGTH = 63;

/** The Vercel project an app deploys to: `<prefix><slug>`, made valid for Vercel. */
export function vercelProjectName(prefix: string, slug: string): string {
  return hostLabel(prefix, slug, MAX_PROJECT_NAME_LENGTH);
}

/** The `meta` key on a Vercel deployment naming the Shipyard deployment it belongs to. */
export const DEPLOYMENT_META_KEY = 'shipyardDeploymentId';
