'use client';

import {
  Alert,
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  FormField,
  Input,
  Textarea,
} from '@shipyard/ui';
import { useQuery } from '@tanstack/react-query';
import { PlusIcon, SparklesIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors, useTRPC, useTRPCClient } from '@/lib/trpc';

const EXAMPLES = ['a todo app called Acme Tasks to track tasks', 'a blog about sailing with three posts', 'a small shop selling plants'];

type TFailure = { message: string; fields: Record<string, string>; createdProjectId: string | null };

/** "New project": a name and a first prompt → the project, its first generation, then the builder. */
export function NewProjectButton({ orgId, defaultOpen = false }: { orgId: string; defaultOpen?: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(defaultOpen);
  const [name, setName] = useState('');
  const [prompt, setPrompt] = useState('');
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<TFailure | null>(null);
  // Kept across attempts: when the generation fails to start, trying again does not make a second project.
  const [createdProjectId, setCreatedProjectId] = useState<string | null>(null);
  const providers = useQuery({ ...trpc.editor.providers.queryOptions({ orgId }), enabled: open, staleTime: 5 * 60_000 });
  const defaultProvider = providers.data?.find((p) => p.isDefault) ?? null;

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    // `?new=1` (links from elsewhere) opened it; closing should not reopen it on refresh.
    if (!next && defaultOpen) router.replace(pathname, { scroll: false });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = 'Give the project a name.';
    if (!prompt.trim()) fields.prompt = 'Describe the app to build.';
    if (Object.keys(fields).length) {
      setFailure({ message: '', fields, createdProjectId });
      return;
    }
    setPending(true);
    setFailure(null);
    let projectId = createdProjectId;
    try {
      if (!projectId) {
        const project = await client.editor.projects.create.mutate({ orgId, name: name.trim(), description: prompt.trim().slice(0, 2000) });
        projectId = project.id;
        setCreatedProjectId(project.id);
      }
      await client.editor.generate.mutate({ orgId, projectId, prompt: prompt.trim(), kind: 'create' });
      router.push(`/projects/${projectId}`);
    } catch (error) {
      setPending(false);
      const messages = fieldErrors(error);
      setFailure({
        message: projectId
          ? `The project was created, but its first generation did not start: ${errorMessage(error)}`
          : errorMessage(error),
        fields: { ...(messages.name ? { name: messages.name } : {}), ...(messages.prompt ? { prompt: messages.prompt } : {}) },
        createdProjectId: projectId,
      });
    }
  }

  const formError = failure?.message && !failure.fields.name && !failure.fields.prompt ? failure.message : null;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon />
          New project
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg" onInteractOutside={(e) => pending && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>New project</DialogTitle>
          <DialogDescription>Name it and describe the app. The first version is generated right away and opens in the builder.</DialogDescription>
        </DialogHeader>
        <form onSubmit={(e) => void onSubmit(e)} className="grid gap-4" noValidate>
          {formError ? (
            <Alert variant="danger">
              {formError}
              {failure?.createdProjectId ? (
                <>
                  {' '}
                  <Link href={`/projects/${failure.createdProjectId}`} className="font-medium underline underline-offset-2">
                    Open the project
                  </Link>{' '}
                  to send the prompt from its chat.
                </>
              ) : null}
            </Alert>
          ) : null}
          <FormField label="Name" error={failure?.fields.name}>
            <Input name="name" autoFocus required maxLength={80} placeholder="Acme Tasks" value={name} onChange={(e) => setName(e.target.value)} disabled={pending || createdProjectId !== null} />
          </FormField>
          <FormField
            label="Describe the app"
            error={failure?.fields.prompt}
            description={
              defaultProvider && !defaultProvider.isLanguageModel
                ? 'No AI model is configured on this server: Scaffold builds the app from templates that match your description. It is not a language model.'
                : defaultProvider
                  ? `Generated by ${defaultProvider.label}. You can keep changing it by chat.`
                  : 'You can keep changing it by chat.'
            }
          >
            <Textarea
              name="prompt"
              required
              rows={4}
              maxLength={20_000}
              placeholder="A todo app called Acme Tasks to track tasks, with due dates"
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              disabled={pending}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
              }}
            />
          </FormField>
          {!prompt ? (
            <div className="-mt-1 flex flex-wrap gap-1.5" aria-label="Examples">
              {EXAMPLES.map((example) => (
                <button
                  key={example}
                  type="button"
                  onClick={() => setPrompt(example)}
                  className="rounded-full border border-border bg-surface px-2.5 py-1 text-xs text-muted-foreground outline-none hover:border-border-strong hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring"
                >
                  {example}
                </button>
              ))}
            </div>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {pending ? null : <SparklesIcon />}
              {createdProjectId ? 'Start generating' : 'Create project'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
