'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { TViewer } from '@/server/viewer';
import type { TOrgSummary } from '@/server/services/org-service';

export type TTeamViewer = TViewer & { activeOrg: TOrgSummary };

const ViewerContext = createContext<TTeamViewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: TTeamViewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

/** The signed-in user, their teams and the active team (inside the signed-in app layout). */
export function useViewer(): TTeamViewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer() must be used inside the signed-in app layout.');
  return viewer;
}
