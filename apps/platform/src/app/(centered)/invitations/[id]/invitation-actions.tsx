'use client';

import { Alert, Button } from '@shipyard/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/lib/auth-client';

export function InvitationActions({ invitationId, organizationName }: { invitationId: string; organizationName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);

  async function accept() {
    setPending('accept');
    setError(null);
    const { error: failure } = await authClient.organization.acceptInvitation({ invitationId });
    if (failure) {
      setPending(null);
      setError(failure.message ?? 'Could not accept the invitation. Try again.');
      return;
    }
    router.push('/dashboard');
    router.refresh();
  }

  async function decline() {
    setPending('decline');
    setError(null);
    const { error: failure } = await authClient.organization.rejectInvitation({ invitationId });
    setPending(null);
    if (failure) {
      setError(failure.message ?? 'Could not decline the invitation. Try again.');
      return;
    }
    setDeclined(true);
  }

  if (declined) {
    return (
      <div className="grid gap-4">
        <Alert variant="info">You declined the invitation to {organizationName}.</Alert>
        <Button asChild variant="secondary" className="w-full">
          <Link href="/dashboard">Go to your dashboard</Link>
        </Button>
      </div>
    );
  }

  return (
    <div className="grid gap-3">
      {error ? <Alert variant="danger">{error}</Alert> : null}
      <Button className="w-full" loading={pending === 'accept'} disabled={pending !== null} onClick={() => void accept()}>
        Accept invitation
      </Button>
      <Button variant="ghost" className="w-full" loading={pending === 'decline'} disabled={pending !== null} onClick={() => void decline()}>
        Decline
      </Button>
    </div>
  );
}
