import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { getEnv } from '@/env';
import { requireTeam } from '@/server/viewer';
import { MembersView } from './members-view';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage() {
  const { activeOrg } = await requireTeam('/settings/members');
  const env = getEnv();
  return (
    <>
      <PageHeader title="Members" description={`People in ${activeOrg.name} and what they can do.`} />
      <MembersView devMailbox={env.devMailbox && !env.smtpUrl} />
    </>
  );
}
