import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getPlatform } from './platform';
import type { TOrgSummary } from './services/org-service';

export type TViewer = {
  user: { id: string; name: string; email: string };
  orgs: TOrgSummary[];
  /** The session's active team when the user is still in it, else their first team. */
  activeOrg: TOrgSummary | null;
};

/** The signed-in user and their teams for this request (deduplicated across layout and page). */
export const getViewer = cache(async (): Promise<TViewer | null> => {
  // Read the request first: it marks the page dynamic before anything touches configuration.
  const requestHeaders = await headers();
  const platform = getPlatform();
  const session = await platform.auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const orgs = await platform.orgs.listForUser(session.user.id);
  const activeOrg = orgs.find((o) => o.id === session.session.activeOrganizationId) ?? orgs[0] ?? null;
  return {
    user: { id: session.user.id, name: session.user.name, email: session.user.email },
    orgs,
    activeOrg,
  };
});

/** For pages behind sign-in: the viewer, or a redirect to /sign-in that comes back to `path`. */
export async function requireViewer(path: string): Promise<TViewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return viewer;
}

/** For team pages: the viewer with an active team, or a redirect to create one. */
export async function requireTeam(path: string): Promise<TViewer & { activeOrg: TOrgSummary }> {
  const viewer = await requireViewer(path);
  if (!viewer.activeOrg) redirect('/onboarding');
  return { ...viewer, activeOrg: viewer.activeOrg };
}
