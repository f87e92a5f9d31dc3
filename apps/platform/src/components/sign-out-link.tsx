'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/lib/auth-client';

export function SignOutLink({ label = 'Sign out' }: { label?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      className="font-medium text-accent hover:underline disabled:opacity-60"
      onClick={async () => {
        setPending(true);
        await authClient.signOut();
        router.replace('/sign-in');
        router.refresh();
      }}
    >
      {label}
    </button>
  );
}
