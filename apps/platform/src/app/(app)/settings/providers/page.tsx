import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { requireTeam } from '@/server/viewer';
import { ProvidersView } from './providers-view';

export const metadata: Metadata = { title: 'Providers' };

export default async function ProvidersPage() {
  const { activeOrg } = await requireTeam('/settings/providers');
  return (
    <>
      <PageHeader
        title="Providers"
        description={`Cloud accounts ${activeOrg.name} deploys to. Tokens are checked when saved, stored encrypted and never shown again.`}
      />
      <ProvidersView />
    </>
  );
}
