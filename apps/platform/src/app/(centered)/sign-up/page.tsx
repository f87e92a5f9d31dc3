import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { firstParam, safeNext } from '@/lib/safe-next';
import { getViewer } from '@/server/viewer';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create your account' };

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: TSearchParams }) {
  const params = await searchParams;
  const rawNext = firstParam(params.next);
  // New accounts create their first team next, unless they came to accept an invitation.
  const next = safeNext(rawNext, '/onboarding');
  if (await getViewer()) redirect(safeNext(rawNext));
  const signInHref = rawNext ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
  return (
    <AuthCard
      title="Create your account"
      description="Start building with your team in a minute."
      footer={
        <>
          Already have an account?{' '}
          <Link href={signInHref} className="font-medium text-accent hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm next={next} initialEmail={firstParam(params.email) ?? ''} />
    </AuthCard>
  );
}
