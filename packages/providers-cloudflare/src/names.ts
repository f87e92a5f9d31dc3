import { hostLabel } from '@shipyard/deploy-core/provider-kit';

/** Pages project names: lowercase letters, digits and "-", at most 58 characters. */
export const MAX_PROJECT_NAME_LENGTH = 58;

/** The Pages project an app deploys to: `<prefix><slug>`, made valid for Pages. */
export function pagesProjectName(prefix: string, slug: string): string {
  return hostLabel(prefix, slug, MAX_PROJECT_NAME_LENGTH);
}

const TAG = 'Shipyard deployment ';
const PREVIOUS = 'previous live: ';

/**
 * The commit message a Shipyard deployment carries on Cloudflare. It names the Shipyard
 * deployment id (so a retried deploy finds its deployment instead of creating a second one) and
 * the deployment that was live before it (so a resumed deploy can put that one back).
 */
export function deploymentTag(deploymentId: string, previousLiveId: string | null): string {
  const id = deploymentId.replace(/\s+/g, '-');
  return previousLiveId ? `${TAG}${id}\n${PREVIOUS}${previousLiveId}` : `${TAG}${id}`;
}

export function parseDeploymentTag(message: string | null | undefined): { deploymentId: string; previousLiveId: string | null } | null {
  if (!message?.startsWith(TAG)) return null;
  const [first = '', second = ''] = message.split('\n');
  const deploymentId = first.slice(TAG.length).trim();
  if (!deploymentId) return null;
  const previousLiveId = second.startsWith(PREVIOUS) ? second.slice(PREVIOUS.length).trim() || null : null;
  return { deploymentId, previousLiveId };
}
