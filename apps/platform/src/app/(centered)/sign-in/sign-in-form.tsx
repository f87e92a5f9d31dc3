'use client';

import { Alert, Button, FormField, Input } from '@shipyard/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth-client';

export function SignInForm({ next, initialEmail, notice }: { next: string; initialEmail: string; notice: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const { error: failure } = await authClient.signIn.email({ email: email.trim(), password });
    if (failure) {
      setPending(false);
      setError(failure.message ?? 'Could not sign in. Try again.');
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate={false}>
      {notice && !error ? <Alert variant="success">{notice}</Alert> : null}
      {error ? <Alert variant="danger">{error}</Alert> : null}
      <FormField label="Email">
        <Input
          type="email"
          name="email"
          autoComplete="email"
          required
          autoFocus={!initialEmail}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="you@company.com"
        />
      </FormField>
      <FormField
        label="Password"
        labelAside={
          <Link href="/forgot-password" className="text-[13px] text-muted-foreground hover:text-foreground hover:underline">
            Forgot password?
          </Link>
        }
      >
        <Input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(initialEmail)}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </FormField>
      <Button type="submit" className="mt-1 w-full" loading={pending}>
        Sign in
      </Button>
    </form>
  );
}
