'use client';

import { Alert, Button, FormField, Input } from '@shipyard/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth-client';

const MIN_PASSWORD = 8;

type TFieldErrors = { name?: string; email?: string; password?: string };

export function SignUpForm({ next, initialEmail }: { next: string; initialEmail: string }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function validate(): TFieldErrors {
    const found: TFieldErrors = {};
    if (!name.trim()) found.name = 'Enter your name.';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found.email = 'Enter a valid email address.';
    if (password.length < MIN_PASSWORD) found.password = `Use at least ${MIN_PASSWORD} characters.`;
    return found;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    const { error: failure } = await authClient.signUp.email({ name: name.trim(), email: email.trim(), password });
    if (failure) {
      setPending(false);
      setError(failure.message ?? 'Could not create the account. Try again.');
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      {error ? <Alert variant="danger">{error}</Alert> : null}
      <FormField label="Name" error={errors.name}>
        <Input name="name" autoComplete="name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="Ada Lovelace" />
      </FormField>
      <FormField label="Work email" error={errors.email}>
        <Input
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="you@company.com"
        />
      </FormField>
      <FormField label="Password" error={errors.password} description={errors.password ? undefined : `At least ${MIN_PASSWORD} characters.`}>
        <Input
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </FormField>
      <Button type="submit" className="mt-1 w-full" loading={pending}>
        Create account
      </Button>
    </form>
  );
}
