import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { ViewerProvider } from '@/components/viewer-context';
import { getEnv } from '@/env';
import { getViewer } from '@/server/viewer';

/** The signed-in app: header with team switcher and account menu around every team page. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (!viewer.activeOrg) redirect('/onboarding');
  return (
    <ViewerProvider viewer={{ ...viewer, activeOrg: viewer.activeOrg }}>
      <div className="min-h-dvh bg-background">
        <AppHeader devMailbox={getEnv().devMailbox && !getEnv().smtpUrl} />
        <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">{children}</main>
      </div>
    </ViewerProvider>
  );
}
