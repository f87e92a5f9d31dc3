import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { firstParam, safeNext } from '@/lib/safe-next';
import { getViewer } from '@/server/viewer';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: TSearchParams }) {
  const params = await searchParams;
  const next = safeNext(firstParam(params.next));
  if (await getViewer()) redirect(next);
  const signUpHref = params.next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up';
  return (
    <AuthCard
      title="Sign in to Shipyard"
      description="Welcome back. Enter your email and password."
      footer={
        <>
          New to Shipyard?{' '}
          <Link href={signUpHref} className="font-medium text-accent hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm
        next={next}
        initialEmail={firstParam(params.email) ?? ''}
        notice={firstParam(params.reset) === '1' ? 'Your password was changed. Sign in with the new one.' : null}
      />
    </AuthCard>
  );
}
