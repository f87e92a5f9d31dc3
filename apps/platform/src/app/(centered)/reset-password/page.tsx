import { Alert, Button } from '@shipyard/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth-card';
import { firstParam } from '@/lib/safe-next';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: TSearchParams }) {
  const params = await searchParams;
  const token = firstParam(params.token);
  const linkError = firstParam(params.error);
  if (!token || linkError) {
    return (
      <AuthCard title="This link no longer works" description="Password reset links work once and expire after 1 hour.">
        <div className="grid gap-4">
          <Alert variant="warning">Ask for a new link and use it within the hour.</Alert>
          <Button asChild className="w-full">
            <Link href="/forgot-password">Send a new link</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" description="You will be signed out everywhere else once it is changed.">
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
