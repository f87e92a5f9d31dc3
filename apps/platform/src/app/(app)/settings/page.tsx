import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { requireTeam } from '@/server/viewer';
import { SettingsForms } from './settings-forms';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { activeOrg } = await requireTeam('/settings');
  return (
    <>
      <PageHeader title="Settings" description={`Your profile and the settings of ${activeOrg.name}.`} />
      <SettingsForms />
    </>
  );
}
