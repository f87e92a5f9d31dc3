import 'server-only';
import { getAppErrorCode } from '@shipyard/core';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createContext } from '@/server/context';
import { getDomain } from '@/server/domain';
import { getPlatform } from '@/server/platform';
import type { TOrgSummary } from '@/server/services/org-service';
import { getViewer } from '@/server/viewer';

/**
 * The `editor` router called in-process for this request, with the same context (session,
 * membership, role checks) as a call through /api/trpc.
 */
export async function editorCaller() {
  const platform = getPlatform();
  const { router } = await getDomain();
  const ctx = await createContext({ headers: await headers(), platform });
  return router.createCaller(ctx).editor;
}

export type TEditorCaller = Awaited<ReturnType<typeof editorCaller>>;
export type TProjectRow = Awaited<ReturnType<TEditorCaller['projects']['get']>>;

/** Null when the caller's answer is "not found", the error otherwise. */
async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (getAppErrorCode(error) === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Finds a project among the signed-in user's teams: the active team first, then the others (a
 * link shared by someone in another team of theirs). Null when signed out or none of them has it.
 */
export const findProject = cache(
  async (projectId: string): Promise<{ project: TProjectRow; org: TOrgSummary } | null> => {
    const viewer = await getViewer();
    if (!viewer) return null;
    const editor = await editorCaller();
    const orgs = viewer.activeOrg ? [viewer.activeOrg, ...viewer.orgs.filter((o) => o.id !== viewer.activeOrg?.id)] : viewer.orgs;
    for (const org of orgs) {
      const project = await orNull(editor.projects.get({ orgId: org.id, projectId }));
      if (project) return { project, org };
    }
    return null;
  },
);
