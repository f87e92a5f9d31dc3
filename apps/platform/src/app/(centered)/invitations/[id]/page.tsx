import { Alert, Badge, Button } from '@shipyard/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth-card';
import { SignOutLink } from '@/components/sign-out-link';
import { roleLabel } from '@/lib/roles';
import { getPlatform } from '@/server/platform';
import { getViewer } from '@/server/viewer';
import { InvitationActions } from './invitation-actions';

export const metadata: Metadata = { title: 'Invitation' };

const CLOSED: Record<string, { title: string; description: string }> = {
  accepted: { title: 'Invitation already accepted', description: 'This invitation was used. If it was you, the team is in your team switcher.' },
  canceled: { title: 'Invitation withdrawn', description: 'An admin withdrew this invitation. Ask them to send a new one.' },
  rejected: { title: 'Invitation declined', description: 'This invitation was declined. Ask for a new one if you changed your mind.' },
  expired: { title: 'Invitation expired', description: 'Invitations are valid for 7 days. Ask whoever invited you to send a new one.' },
};

export default async function InvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [invitation, viewer] = await Promise.all([getPlatform().orgs.getInvitation(id), getViewer()]);
  const home = viewer ? { href: '/dashboard', label: 'Go to your dashboard' } : { href: '/sign-in', label: 'Sign in' };

  if (!invitation) {
    return (
      <AuthCard title="Invitation not found" description="This link is wrong or the invitation was deleted. Ask whoever invited you to send a new one.">
        <Button asChild variant="secondary" className="w-full">
          <Link href={home.href}>{home.label}</Link>
        </Button>
      </AuthCard>
    );
  }

  const closed = CLOSED[invitation.status === 'pending' && invitation.expired ? 'expired' : invitation.status];
  if (closed) {
    return (
      <AuthCard title={closed.title} description={closed.description}>
        <Button asChild variant="secondary" className="w-full">
          <Link href={home.href}>{home.label}</Link>
        </Button>
      </AuthCard>
    );
  }

  const back = `/invitations/${encodeURIComponent(invitation.id)}`;
  const summary = (
    <div className="mb-6 flex items-center gap-3 rounded-lg border border-border bg-muted/50 px-4 py-3">
      <span aria-hidden className="flex size-9 shrink-0 items-center justify-center rounded-md bg-accent text-sm font-semibold text-accent-foreground">
        {invitation.organization.name.charAt(0).toUpperCase()}
      </span>
      <div className="min-w-0">
        <p className="truncate font-medium">{invitation.organization.name}</p>
        <p className="truncate text-[13px] text-muted-foreground">
          Invited by {invitation.inviterName} as <Badge variant="accent">{roleLabel(invitation.role)}</Badge>
        </p>
      </div>
    </div>
  );

  if (!viewer) {
    const query = `email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(back)}`;
    return (
      <AuthCard title={`Join ${invitation.organization.name}`} description={`This invitation is for ${invitation.email}. Sign in or create an account with that address to accept it.`}>
        {summary}
        <div className="grid gap-2">
          <Button asChild className="w-full">
            <Link href={`/sign-up?${query}`}>Create an account</Link>
          </Button>
          <Button asChild variant="secondary" className="w-full">
            <Link href={`/sign-in?${query}`}>I already have an account</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  if (viewer.user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <AuthCard title={`Join ${invitation.organization.name}`}>
        {summary}
        <Alert variant="warning" title="This invitation is for someone else">
          It was sent to {invitation.email}, and you are signed in as {viewer.user.email}. <SignOutLink label="Sign out" /> and sign in with the invited address.
        </Alert>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={`Join ${invitation.organization.name}`} description="Accept to see the team's projects and work with its members.">
      {summary}
      <InvitationActions invitationId={invitation.id} organizationName={invitation.organization.name} />
    </AuthCard>
  );
}
