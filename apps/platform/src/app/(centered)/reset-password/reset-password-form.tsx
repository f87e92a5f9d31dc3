'use client';

import { Alert, Button, FormField, Input } from '@shipyard/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth-client';

const MIN_PASSWORD = 8;

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const found: { password?: string; confirm?: string } = {};
    if (password.length < MIN_PASSWORD) found.password = `Use at least ${MIN_PASSWORD} characters.`;
    else if (confirm !== password) found.confirm = 'The two passwords are different.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    const { error: failure } = await authClient.resetPassword({ newPassword: password, token });
    if (failure) {
      setPending(false);
      setError(
        failure.code === 'INVALID_TOKEN'
          ? 'This reset link has expired or was already used. Ask for a new one.'
          : (failure.message ?? 'Could not change the password. Try again.'),
      );
      return;
    }
    router.replace('/sign-in?reset=1');
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      {error ? <Alert variant="danger">{error}</Alert> : null}
      <FormField label="New password" error={errors.password} description={errors.password ? undefined : `At least ${MIN_PASSWORD} characters.`}>
        <Input type="password" name="password" autoComplete="new-password" required autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
      </FormField>
      <FormField label="Confirm new password" error={errors.confirm}>
        <Input type="password" name="confirm" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </FormField>
      <Button type="submit" className="mt-1 w-full" loading={pending}>
        Change password
      </Button>
    </form>
  );
}
