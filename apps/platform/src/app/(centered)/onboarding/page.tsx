import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { SignOutLink } from '@/components/sign-out-link';
import { firstParam } from '@/lib/safe-next';
import { requireViewer } from '@/server/viewer';
import { CreateTeamForm } from './create-team-form';

export const metadata: Metadata = { title: 'Create your team' };

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OnboardingPage({ searchParams }: { searchParams: TSearchParams }) {
  const viewer = await requireViewer('/onboarding');
  const params = await searchParams;
  const creatingAnother = firstParam(params.new) === '1';
  if (viewer.orgs.length > 0 && !creatingAnother) redirect('/dashboard');
  const first = viewer.orgs.length === 0;
  return (
    <AuthCard
      title={first ? 'Create your first team' : 'Create a team'}
      description={
        first
          ? 'Teams hold your projects and the people you build them with. You can invite others next.'
          : 'A separate space with its own members and projects.'
      }
      footer={
        <>
          Signed in as <span className="font-medium text-foreground">{viewer.user.email}</span> · <SignOutLink />
        </>
      }
    >
      <CreateTeamForm suggestedName={first && viewer.user.name ? `${viewer.user.name.split(' ')[0]}'s team` : ''} />
    </AuthCard>
  );
}
