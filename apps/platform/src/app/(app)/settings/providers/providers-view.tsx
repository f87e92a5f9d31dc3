'use client';

import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  FormField,
  Input,
  Skeleton,
  useToast,
} from '@shipyard/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { CheckCircle2Icon, KeyRoundIcon, PlugIcon, RefreshCwIcon, Trash2Icon, XCircleIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/deploy/confirm-dialog';
import { fullDateTime, relativeTime } from '@/components/dashboard/format';
import { useViewer } from '@/components/viewer-context';
import { isAdmin } from '@/lib/roles';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import type { AppRouter } from '@/server/routers/app';

type TProvider = inferRouterOutputs<AppRouter>['deploy']['credentials']['list']['providers'][number];

const KIND_LABEL: Record<TProvider['kinds'][number], string> = {
  hosting: 'Hosting',
  database: 'Database',
  domain: 'Domains',
};

function StatusBadge({ provider }: { provider: TProvider }) {
  const credential = provider.credential;
  if (credential?.status === 'working')
    return (
      <Badge variant="success" data-testid="provider-status">
        <CheckCircle2Icon aria-hidden />
        Working
      </Badge>
    );
  if (credential?.status === 'failing')
    return (
      <Badge variant="danger" data-testid="provider-status">
        <XCircleIcon aria-hidden />
        Failing
      </Badge>
    );
  return (
    <Badge variant="neutral" data-testid="provider-status">
      Not connected
    </Badge>
  );
}

/** What is saved: non-secret values in full, secrets as a hint of their last characters. */
function SavedSummary({ provider }: { provider: TProvider }) {
  const credential = provider.credential;
  if (!credential) return null;
  return (
    <dl className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[max-content_1fr]">
      {provider.fields.map((field) => {
        const value = field.secret
          ? field.name in credential.hints
            ? `•••• ${credential.hints[field.name] ?? ''}`.trim()
            : null
          : credential.values[field.name];
        if (!value) return null;
        return (
          <div key={field.name} className="contents">
            <dt className="text-muted-foreground">{field.label}</dt>
            <dd className="min-w-0 font-mono text-[13px] break-all" data-testid={`saved-${field.name}`}>
              {value}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function LastCheck({ provider }: { provider: TProvider }) {
  const credential = provider.credential;
  if (!credential) return null;
  const at = credential.checkedAt ? new Date(credential.checkedAt) : null;
  return (
    <Alert
      variant={credential.status === 'working' ? 'success' : 'warning'}
      data-testid="provider-message"
    >
      <span className="font-medium">
        {credential.status === 'working' ? 'Working' : 'Failing'}
        {at ? (
          <>
            {' '}
            · checked <time dateTime={at.toISOString()} title={fullDateTime(at)}>{relativeTime(at)}</time>
          </>
        ) : null}
        .
      </span>{' '}
      {credential.message}
    </Alert>
  );
}

function CredentialForm({ provider, onDone }: { provider: TProvider; onDone: () => void }) {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const formId = useId();
  const saved = provider.credential;
  const initial = () =>
    Object.fromEntries(provider.fields.map((f) => [f.name, f.secret ? '' : (saved?.values[f.name] ?? '')]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const formRef = useRef<HTMLFormElement | null>(null);
  // Opening the form moves focus into it, to its first input.
  useEffect(() => {
    formRef.current?.querySelector('input')?.focus();
  }, []);
  const save = useMutation(
    trpc.deploy.credentials.save.mutationOptions({
      onSuccess: async (result) => {
        // Secrets leave the page as soon as they are stored.
        setValues(Object.fromEntries(provider.fields.map((f) => [f.name, f.secret ? '' : (result.credential?.values[f.name] ?? '')])));
        toast({ variant: 'success', title: `${provider.label} connected`, description: result.credential?.message ?? undefined });
        await queryClient.invalidateQueries({ queryKey: trpc.deploy.credentials.list.queryKey({ orgId: activeOrg.id }) });
        await queryClient.invalidateQueries({ queryKey: trpc.deploy.providers.queryKey({ orgId: activeOrg.id }) });
        onDone();
      },
      onError: () => {
        // A refused token is cleared too: it is not kept in the page for a second try.
        setValues((current) => Object.fromEntries(Object.entries(current).map(([k, v]) => [k, provider.fields.find((f) => f.name === k)?.secret ? '' : v])));
      },
    }),
  );
  const errors = fieldErrors(save.error);
  const generalError = save.error && !provider.fields.some((f) => errors[f.name]) ? errorMessage(save.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    for (const field of provider.fields) {
      const value = values[field.name]?.trim() ?? '';
      // An empty secret keeps the saved one; an empty optional field clears it.
      if (value || !field.secret) fields[field.name] = value;
    }
    save.mutate({ orgId: activeOrg.id, provider: provider.id, fields });
  }

  return (
    <form ref={formRef} id={formId} onSubmit={onSubmit} className="grid gap-4" aria-label={`${provider.label} settings`} data-testid="provider-form">
      {generalError ? (
        <Alert variant="danger" data-testid="provider-error">
          {generalError}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {provider.fields.map((field) => {
          const hint = field.secret && saved && field.name in saved.hints ? `•••• ${saved.hints[field.name] ?? ''}`.trim() : null;
          return (
            <FormField
              key={field.name}
              label={
                <>
                  {field.label}
                  {field.required ? null : <span className="font-normal text-muted-foreground"> (optional)</span>}
                </>
              }
              error={errors[field.name]}
              description={
                hint
                  ? `Saved: ${hint}. Leave empty to keep it.${field.help ? ` ${field.help}` : ''}`
                  : field.help
              }
            >
              <Input
                name={`${provider.id}-${field.name}`}
                type={field.secret ? 'password' : 'text'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                spellCheck={false}
                required={field.required && !(field.secret && hint)}
                placeholder={field.secret ? (hint ?? '') : (field.placeholder ?? '')}
                value={values[field.name] ?? ''}
                onChange={(e) => setValues((current) => ({ ...current, [field.name]: e.target.value }))}
              />
            </FormField>
          );
        })}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" loading={save.isPending}>
          <KeyRoundIcon />
          {saved ? 'Check and save' : 'Check and connect'}
        </Button>
        <Button variant="ghost" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <p className="text-[13px] text-muted-foreground">
          {provider.label} is called once to check the settings; nothing is stored if it refuses them.
        </p>
      </div>
    </form>
  );
}

function ProviderCard({ provider }: { provider: TProvider }) {
  const { activeOrg } = useViewer();
  const admin = isAdmin(activeOrg.role);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const removeOpener = useRef<HTMLButtonElement | null>(null);
  const editButton = useRef<HTMLButtonElement | null>(null);
  const headingId = useId();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.deploy.credentials.list.queryKey({ orgId: activeOrg.id }) });
    await queryClient.invalidateQueries({ queryKey: trpc.deploy.providers.queryKey({ orgId: activeOrg.id }) });
  };
  const check = useMutation(
    trpc.deploy.credentials.check.mutationOptions({
      onSuccess: async (result) => {
        toast({
          variant: result.credential?.status === 'working' ? 'success' : 'error',
          title: result.credential?.status === 'working' ? `${provider.label} works` : `${provider.label} is failing`,
          description: result.credential?.message ?? undefined,
        });
        await refresh();
      },
      onError: (error) => toast({ variant: 'error', title: 'Check not run', description: errorMessage(error) }),
    }),
  );
  const remove = useMutation(trpc.deploy.credentials.remove.mutationOptions());
  const credential = provider.credential;

  return (
    <Card data-testid="provider-card" data-provider={provider.id} aria-labelledby={headingId} role="region">
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <CardTitle id={headingId} className="flex flex-wrap items-center gap-2">
              {provider.label}
              <StatusBadge provider={provider} />
            </CardTitle>
            <CardDescription className="mt-1">{provider.description}</CardDescription>
          </div>
          <div className="flex flex-wrap gap-1.5">
            {provider.kinds.map((kind) => (
              <Badge key={kind} variant="outline">
                {KIND_LABEL[kind]}
              </Badge>
            ))}
          </div>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {credential ? (
          <>
            <LastCheck provider={provider} />
            <SavedSummary provider={provider} />
          </>
        ) : (
          <p className="text-sm text-muted-foreground">
            {provider.serverProvided
              ? `Not connected for ${activeOrg.name}: deploys use the ${provider.label} account this server is configured with.`
              : `Not connected. ${admin ? 'Connect an account' : 'An admin can connect an account'} to deploy with ${provider.label}.`}
          </p>
        )}
        {admin ? (
          editing ? (
            <div>
              <CredentialForm
                provider={provider}
                onDone={() => {
                  setEditing(false);
                  requestAnimationFrame(() => editButton.current?.focus());
                }}
              />
            </div>
          ) : (
            <div className="flex flex-wrap gap-2">
              <Button
                ref={editButton}
                variant={credential ? 'secondary' : 'primary'}
                onClick={() => setEditing(true)}
              >
                <PlugIcon />
                {credential ? 'Change settings' : `Connect ${provider.label}`}
              </Button>
              {credential ? (
                <>
                  <Button
                    variant="secondary"
                    loading={check.isPending}
                    onClick={() => check.mutate({ orgId: activeOrg.id, provider: provider.id })}
                  >
                    <RefreshCwIcon />
                    Check again
                  </Button>
                  <Button
                    variant="danger-ghost"
                    onClick={(e) => {
                      removeOpener.current = e.currentTarget;
                      setConfirmRemove(true);
                    }}
                  >
                    <Trash2Icon />
                    Remove
                  </Button>
                </>
              ) : null}
            </div>
          )
        ) : null}
      </CardContent>
      <ConfirmDialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        title={`Remove the ${provider.label} settings?`}
        description={
          <p>
            {activeOrg.name} can no longer deploy with this {provider.label} account. Apps already deployed there must be
            deleted first. The token stays valid at {provider.label} until you revoke it there.
          </p>
        }
        confirmLabel="Remove"
        danger
        returnFocusTo={() => removeOpener.current}
        onConfirm={async () => {
          await remove.mutateAsync({ orgId: activeOrg.id, provider: provider.id });
          toast({ title: `${provider.label} settings removed` });
          await refresh();
        }}
      />
    </Card>
  );
}

export function ProvidersView() {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const list = useQuery(trpc.deploy.credentials.list.queryOptions({ orgId: activeOrg.id }));
  const admin = isAdmin(activeOrg.role);

  if (list.isPending) {
    return (
      <div className="grid gap-6" aria-busy="true" aria-label="Loading providers">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-36 w-full rounded-xl" />
        ))}
      </div>
    );
  }
  if (list.error) return <Alert variant="danger">{errorMessage(list.error)}</Alert>;
  if (!list.data.enabled) {
    return (
      <Alert variant="info">
        This server does not let teams connect their own cloud accounts. Apps deploy with the providers the operator
        configured.
      </Alert>
    );
  }
  const connected = list.data.providers.filter((p) => p.credential).length;
  return (
    <div className="grid gap-6">
      <p className="text-sm text-muted-foreground" data-testid="providers-summary">
        {connected ? `${connected} of ${list.data.providers.length} providers connected.` : 'No provider connected yet.'}{' '}
        {admin
          ? 'To replace a saved token, choose Change settings and enter a new one.'
          : 'Only admins can connect, check or remove providers.'}
      </p>
      {list.data.providers.map((provider) => (
        <ProviderCard key={provider.id} provider={provider} />
      ))}
    </div>
  );
}
