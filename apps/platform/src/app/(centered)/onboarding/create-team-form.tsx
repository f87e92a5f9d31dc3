'use client';

import { Alert, Button, FormField, Input } from '@shipyard/ui';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth-client';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';

function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2019]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

export function CreateTeamForm({ suggestedName }: { suggestedName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(suggestedName);
  const [slug, setSlug] = useState(slugify(suggestedName));
  const [slugEdited, setSlugEdited] = useState(false);
  const [switchError, setSwitchError] = useState<string | null>(null);
  const create = useMutation(
    trpc.org.create.mutationOptions({
      onSuccess: async (org) => {
        const { error } = await authClient.organization.setActive({ organizationId: org.id });
        if (error) {
          setSwitchError(`The team was created, but we could not open it: ${error.message ?? 'unknown error'}.`);
          return;
        }
        router.push('/dashboard');
        router.refresh();
      },
    }),
  );
  const errors = fieldErrors(create.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSwitchError(null);
    create.mutate({ name, slug: slug || undefined });
  }

  const formError = switchError ?? (create.error && !errors.name && !errors.slug ? errorMessage(create.error) : null);
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      {formError ? <Alert variant="danger">{formError}</Alert> : null}
      <FormField label="Team name" error={errors.name}>
        <Input
          name="teamName"
          required
          autoFocus
          placeholder="Acme Robotics"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(slugify(e.target.value));
          }}
        />
      </FormField>
      <FormField label="Address" error={errors.slug} description="Lowercase letters, digits and dashes. You can change it later.">
        <Input
          name="slug"
          className="font-mono"
          placeholder="acme-robotics"
          value={slug}
          onChange={(e) => {
            setSlugEdited(true);
            setSlug(e.target.value.toLowerCase());
          }}
        />
      </FormField>
      <Button type="submit" className="mt-1 w-full" loading={create.isPending || create.isSuccess}>
        Create team
      </Button>
    </form>
  );
}
