'use client';

import { Alert, Button, FormField, Input } from '@shipyard/ui';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth-client';

export function ForgotPasswordForm({ devMailbox }: { devMailbox: boolean }) {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const { error: failure } = await authClient.requestPasswordReset({ email: email.trim(), redirectTo: '/reset-password' });
    setPending(false);
    if (failure) {
      setError(failure.message ?? 'Could not send the email. Try again.');
      return;
    }
    setSentTo(email.trim());
  }

  if (sentTo) {
    return (
      <div className="grid gap-4">
        <Alert variant="success" title="Check your inbox">
          If an account exists for {sentTo}, we sent it a link to reset the password. The link expires in 1 hour.
        </Alert>
        {devMailbox ? (
          <p className="text-sm text-muted-foreground">
            No mail server is configured: the email is in the{' '}
            <Link href="/dev/mail" className="font-medium text-accent hover:underline">
              development mailbox
            </Link>
            .
          </p>
        ) : null}
        <Button variant="secondary" onClick={() => setSentTo(null)}>
          Use a different email
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4">
      {error ? <Alert variant="danger">{error}</Alert> : null}
      <FormField label="Email">
        <Input
          type="email"
          name="email"
          autoComplete="email"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="you@company.com"
        />
      </FormField>
      <Button type="submit" className="w-full" loading={pending}>
        Send reset link
      </Button>
    </form>
  );
}
