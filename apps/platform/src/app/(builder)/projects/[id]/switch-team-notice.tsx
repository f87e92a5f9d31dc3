'use client';

import { Alert, Button } from '@shipyard/ui';
import { ArrowLeftRightIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { LogoMark } from '@/components/logo';
import { authClient } from '@/lib/auth-client';

/** A project of another of the user's teams: say so, and switch teams on request. */
export function SwitchTeamNotice({
  projectName,
  org,
  activeOrgName,
}: {
  projectName: string;
  org: { id: string; name: string };
  activeOrgName: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function switchTeam() {
    setPending(true);
    setError(null);
    const result = await authClient.organization.setActive({ organizationId: org.id });
    if (result.error) {
      setPending(false);
      setError(`${result.error.message ?? 'The team could not be switched'}. Try again.`);
      return;
    }
    router.refresh();
  }

  return (
    <div className="flex flex-1 items-center justify-center p-6">
      <div className="w-full max-w-md text-center">
        <LogoMark className="mx-auto mb-5 size-9" />
        <h1 className="text-lg font-semibold">{projectName} is in {org.name}</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          You are working in {activeOrgName}. Switch to {org.name} to open this project.
        </p>
        {error ? (
          <Alert variant="danger" className="mt-4 text-left">
            {error}
          </Alert>
        ) : null}
        <div className="mt-6 flex justify-center gap-2">
          <Button onClick={() => void switchTeam()} loading={pending}>
            {pending ? null : <ArrowLeftRightIcon />}
            Switch to {org.name}
          </Button>
          <Button variant="secondary" asChild>
            <Link href="/projects">Back to projects</Link>
          </Button>
        </div>
      </div>
    </div>
  );
}
