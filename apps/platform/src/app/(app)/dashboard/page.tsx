import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Dashboard } from '@/components/dashboard/dashboard';
import type { THostingUrlPatterns } from '@/components/dashboard/types';
import { PageSkeleton } from '@/components/page-skeleton';
import { getDomain } from '@/server/domain';
import { requireTeam } from '@/server/viewer';

export const metadata: Metadata = { title: 'Dashboard' };

const PLACEHOLDER = 'shipyardslugplaceholder';

/** The free address of an app on each configured host, asked of the providers themselves. */
async function hostingUrlPatterns(orgId: string): Promise<THostingUrlPatterns> {
  const domain = await getDomain();
  const patterns: THostingUrlPatterns = {};
  for (const provider of domain.services.providers.list('hosting')) {
    try {
      patterns[provider.identifier] = provider
        .liveUrl({ id: 'app', orgId, slug: PLACEHOLDER })
        .replace(PLACEHOLDER, '{slug}');
    } catch {
      // A provider that cannot say before a deploy: the modal shows the URL after it.
    }
  }
  return patterns;
}

export default async function DashboardPage() {
  const { activeOrg } = await requireTeam('/dashboard');
  const patterns = await hostingUrlPatterns(activeOrg.id);
  return (
    // useSearchParams (the deploy modal, filters) needs a Suspense boundary.
    <Suspense fallback={<PageSkeleton variant="cards" />}>
      <Dashboard hostingUrlPatterns={patterns} />
    </Suspense>
  );
}
