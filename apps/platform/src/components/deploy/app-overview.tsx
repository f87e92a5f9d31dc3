'use client';

import type { TOrgRole } from '@shipyard/core';
import {
  Alert,
  Badge,
  Button,
  FormField,
  Input,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DatabaseIcon,
  EyeIcon,
  EyeOffIcon,
  ExternalLinkIcon,
  GlobeIcon,
  HistoryIcon,
  KeyRoundIcon,
  RefreshCwIcon,
  RocketIcon,
  ScrollTextIcon,
  ServerIcon,
  SettingsIcon,
  Trash2Icon,
  Undo2Icon,
} from 'lucide-react';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatDuration, fullDateTime, relativeTime } from '@/components/dashboard/format';
import type { TDeployedApp, TDeployProviders } from '@/components/dashboard/types';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { ConfirmDialog } from './confirm-dialog';
import { CopyButton } from './copy-button';
import { DeploymentStatusBadge } from './deploy-status';
import { DeploymentLogsDialog, type TLoggedDeployment } from './deployment-logs';
import { DomainsPanel } from './domains-panel';
import { envNameProblem, envValueProblem } from './names';
import { providerInfo } from './provider-catalog';

function Section({
  icon,
  title,
  children,
  aside,
  className,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  aside?: ReactNode;
  className?: string;
}) {
  return (
    <section
      className={cn('grid content-start gap-3 rounded-lg border border-border p-4', className)}
      aria-label={title}
    >
      <div className="flex items-center gap-2">
        <span aria-hidden className="text-muted-foreground [&_svg]:size-4">
          {icon}
        </span>
        <h4 className="text-sm font-semibold">{title}</h4>
        {aside ? <span className="ml-auto">{aside}</span> : null}
      </div>
      {children}
    </section>
  );
}

function EnvVars({
  orgId,
  appId,
  canEdit,
  admin,
}: {
  orgId: string;
  appId: string;
  canEdit: boolean;
  admin: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.deploy.env.list.queryOptions({ orgId, appId }));
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.deploy.env.list.queryKey({ orgId, appId }) });
  const reveal = useMutation(
    trpc.deploy.env.reveal.mutationOptions({
      onSuccess: (r) => setRevealed((v) => ({ ...v, [r.name]: r.value })),
    }),
  );
  const set = useMutation(
    trpc.deploy.env.set.mutationOptions({
      onSuccess: (r) => {
        setName('');
        setValue('');
        setNote(r.note);
        void invalidate();
      },
    }),
  );
  const remove = useMutation(
    trpc.deploy.env.delete.mutationOptions({
      onSuccess: () => {
        setNote('Redeploy for the change to reach the live app.');
        void invalidate();
      },
    }),
  );
  const nameProblem = name ? envNameProblem(name) : null;
  const valueProblem = envValueProblem(value);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name || nameProblem || valueProblem) return;
    set.mutate({ orgId, appId, vars: { [name]: value } });
  }

  if (list.isPending) return <Skeleton className="h-16 w-full" />;
  if (list.isError) return <Alert variant="danger">{errorMessage(list.error)}</Alert>;
  return (
    <div className="grid gap-3">
      {list.data.length ? (
        <ul className="grid gap-1.5">
          {list.data.map((v) => {
            const shown = revealed[v.name];
            return (
              <li
                key={v.name}
                className="flex flex-wrap items-center gap-2 rounded-md border border-border px-3 py-2"
                data-testid="env-var"
              >
                <span className="font-mono text-[13px] font-medium">{v.name}</span>
                <span className="min-w-0 flex-1 truncate font-mono text-[13px] text-muted-foreground">
                  {shown !== undefined ? shown : '••••••••'}
                </span>
                <span className="text-xs text-muted-foreground">
                  updated {relativeTime(v.updatedAt)}
                </span>
                {admin ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() =>
                      shown !== undefined
                        ? setRevealed(({ [v.name]: _, ...rest }) => rest)
                        : reveal.mutate({ orgId, appId, name: v.name })
                    }
                    loading={reveal.isPending && reveal.variables?.name === v.name}
                  >
                    {shown !== undefined ? <EyeOffIcon /> : <EyeIcon />}
                    {shown !== undefined ? 'Hide' : 'Reveal'}
                    <span className="sr-only"> {v.name}</span>
                  </Button>
                ) : null}
                {canEdit ? (
                  <Button
                    size="icon-sm"
                    variant="ghost"
                    aria-label={`Delete ${v.name}`}
                    onClick={() => remove.mutate({ orgId, appId, name: v.name })}
                    loading={remove.isPending && remove.variables?.name === v.name}
                  >
                    <Trash2Icon />
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-[13px] text-muted-foreground">No environment variables.</p>
      )}
      {!admin && list.data.length ? (
        <p className="text-[13px] text-muted-foreground">
          Values are hidden; only admins can reveal them.
        </p>
      ) : null}
      {reveal.error ? <Alert variant="danger">{errorMessage(reveal.error)}</Alert> : null}
      {canEdit ? (
        <form
          onSubmit={submit}
          className="grid gap-2 sm:grid-cols-[minmax(0,11rem)_minmax(0,1fr)_auto] sm:items-start"
          aria-label="Set an environment variable"
        >
          <FormField label="Name" error={nameProblem}>
            <Input
              value={name}
              onChange={(e) => setName(e.target.value.replace(/\s/g, '_'))}
              placeholder="API_BASE_URL"
              className="font-mono text-[13px]"
              autoComplete="off"
              spellCheck={false}
            />
          </FormField>
          <FormField label="Value" error={valueProblem}>
            <Input
              type="password"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoComplete="new-password"
              className="font-mono text-[13px]"
            />
          </FormField>
          <Button
            type="submit"
            variant="secondary"
            className="sm:mt-[22px]"
            loading={set.isPending}
            disabled={!name || Boolean(nameProblem)}
          >
            Save
          </Button>
        </form>
      ) : null}
      {set.error ? <Alert variant="danger">{errorMessage(set.error)}</Alert> : null}
      {note ? <Alert variant="info">{note}</Alert> : null}
    </div>
  );
}

function RequestLogs({ orgId, appId }: { orgId: string; appId: string }) {
  const trpc = useTRPC();
  const logs = useQuery(trpc.deploy.requestLogs.queryOptions({ orgId, appId, limit: 25 }));
  if (logs.isPending) return <Skeleton className="h-24 w-full" />;
  if (logs.isError) return <Alert variant="danger">{errorMessage(logs.error)}</Alert>;
  if (!logs.data.available)
    return (
      <p className="text-[13px] text-muted-foreground">This host does not keep request logs.</p>
    );
  return (
    <div className="grid gap-2">
      <div className="flex justify-end">
        <Button
          size="sm"
          variant="ghost"
          onClick={() => void logs.refetch()}
          loading={logs.isFetching}
        >
          <RefreshCwIcon />
          Refresh
        </Button>
      </div>
      {logs.data.entries.length === 0 ? (
        <p className="text-[13px] text-muted-foreground">No requests yet.</p>
      ) : (
        <div
          tabIndex={0}
          role="region"
          aria-label="Recent requests"
          className="max-h-56 overflow-auto rounded-md border border-border outline-none focus-visible:ring-[3px] focus-visible:ring-ring"
        >
          <Table className="text-[13px]">
            <TableHeader>
              <TableRow>
                <TableHead className="px-2">When</TableHead>
                <TableHead className="px-2">Request</TableHead>
                <TableHead className="px-2">Status</TableHead>
                <TableHead className="px-2 text-right">Time</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {logs.data.entries.map((e, i) => (
                <TableRow key={`${String(e.at)}-${i}`}>
                  <TableCell className="px-2 py-1.5 whitespace-nowrap text-muted-foreground">
                    {relativeTime(new Date(e.at))}
                  </TableCell>
                  <TableCell className="max-w-[16rem] truncate px-2 py-1.5 font-mono">
                    {e.method} {e.path}
                  </TableCell>
                  <TableCell
                    className={cn(
                      'px-2 py-1.5 font-mono',
                      e.status >= 500
                        ? 'text-danger-subtle-foreground'
                        : e.status >= 400
                          ? 'text-warning-subtle-foreground'
                          : '',
                    )}
                  >
                    {e.status}
                  </TableCell>
                  <TableCell className="px-2 py-1.5 text-right tabular-nums">
                    {formatDuration(e.durationMs)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}

export type TAppOverviewProps = {
  orgId: string;
  role: TOrgRole;
  project: { id: string; name: string; currentVersionId: string | null };
  versionLabel: string | null;
  app: TDeployedApp;
  liveUrl: string | null;
  providers: TDeployProviders;
  /** Set right after a successful deploy from this modal. */
  justDeployed: { durationMs: number | null } | null;
  nameOf: (userId: string | null | undefined) => string;
  onDeploymentStarted: (deploymentId: string) => void;
  onChangeSettings: () => void;
  onDeleted: () => void;
};

/** The live app: URL, database, hosting, domains, env, deployments, and redeploy / rollback / delete. */
export function AppOverview({
  orgId,
  role,
  project,
  versionLabel,
  app,
  liveUrl,
  providers,
  justDeployed,
  nameOf,
  onDeploymentStarted,
  onChangeSettings,
  onDeleted,
}: TAppOverviewProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canDeploy = role !== 'viewer';
  const admin = role === 'owner' || role === 'admin';
  const history = useQuery(trpc.deploy.history.queryOptions({ orgId, appId: app.id, limit: 20 }));
  const [confirm, setConfirm] = useState<'rollback' | 'delete' | null>(null);
  const [logsOf, setLogsOf] = useState<TLoggedDeployment | null>(null);
  const logsOpener = useRef<HTMLElement | null>(null);
  const confirmOpener = useRef<HTMLElement | null>(null);
  const [showCredentials, setShowCredentials] = useState(false);
  const [showRequests, setShowRequests] = useState(false);
  const [message, setMessage] = useState<{ variant: 'success' | 'danger'; text: string } | null>(
    null,
  );

  const refreshAll = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.deploy.apps.queryKey({ orgId }) }),
      queryClient.invalidateQueries({
        queryKey: trpc.deploy.history.queryKey({ orgId, appId: app.id, limit: 20 }),
      }),
      queryClient.invalidateQueries({ queryKey: ['dashboard', orgId] }),
    ]);
  };

  const redeploy = useMutation(
    trpc.deploy.redeploy.mutationOptions({
      onSuccess: (r) => {
        void refreshAll();
        onDeploymentStarted(r.deploymentId);
      },
    }),
  );
  const [checkingVersion, setCheckingVersion] = useState(false);
  /** The builder may have made a newer version since this modal loaded: ask for the head now. */
  async function redeployLatest() {
    setCheckingVersion(true);
    let versionId = project.currentVersionId;
    try {
      const fresh = await queryClient.fetchQuery({
        ...trpc.editor.projects.get.queryOptions({ orgId, projectId: project.id }),
        staleTime: 0,
      });
      versionId = fresh.currentVersionId;
      void queryClient.invalidateQueries({
        queryKey: trpc.editor.versions.list.queryKey({ orgId, projectId: project.id, limit: 1 }),
      });
    } catch {
      // Deploy what this modal knows; the server checks the version belongs to the project.
    } finally {
      setCheckingVersion(false);
    }
    redeploy.mutate({ orgId, appId: app.id, ...(versionId ? { versionId } : {}) });
  }
  const rollback = useMutation(trpc.deploy.rollback.mutationOptions());
  const promote = useMutation(
    trpc.deploy.promote.mutationOptions({
      onSuccess: () => {
        setMessage({ variant: 'success', text: 'That deployment is live again.' });
        void refreshAll();
      },
      onError: (e) => setMessage({ variant: 'danger', text: errorMessage(e) }),
    }),
  );
  const deleteApp = useMutation(trpc.deploy.deleteApp.mutationOptions());

  const items = history.data?.items ?? [];
  const live = items.find((d) => d.id === app.liveDeploymentId) ?? null;
  const running = items.find((d) => d.status === 'queued' || d.status === 'running') ?? null;
  const lastFailed = items[0]?.status === 'failed' ? items[0] : null;
  const earlier = live
    ? items.find(
        (d) => d.status === 'succeeded' && d.id !== live.id && d.createdAt < live.createdAt,
      )
    : null;
  const hosting = providerInfo(
    'hosting',
    app.hostingProvider,
    providers.hosting.find((h) => h.id === app.hostingProvider)?.label,
  );
  const database = app.database
    ? providerInfo(
        'database',
        app.database.provider,
        providers.database.find((d) => d.id === app.database?.provider)?.label,
      )
    : null;

  return (
    <div className="grid gap-4" data-testid="app-overview">
      {justDeployed && !message ? (
        <Alert variant="success" title={`${project.name} is live`}>
          Deployed{justDeployed.durationMs ? ` in ${formatDuration(justDeployed.durationMs)}` : ''}.
          Open it, share the address, or keep changing it in the builder and redeploy.
        </Alert>
      ) : null}
      {lastFailed && lastFailed.id !== live?.id ? (
        <Alert variant="warning" title="The last deployment failed">
          {lastFailed.error ?? 'See its log.'} {live ? 'The previous version is still live.' : ''}
        </Alert>
      ) : null}
      {message ? <Alert variant={message.variant}>{message.text}</Alert> : null}

      <div className="grid gap-3 rounded-lg border border-border bg-gradient-to-br from-accent-subtle/70 to-surface p-4">
        <div className="flex flex-wrap items-center gap-2">
          {app.liveDeploymentId ? (
            <Badge variant="success">Live</Badge>
          ) : (
            <Badge variant="neutral">Not live</Badge>
          )}
          {running ? <DeploymentStatusBadge status={running.status} /> : null}
          <span className="text-[13px] text-muted-foreground">
            {live
              ? `Deployed ${relativeTime(live.createdAt)} by ${nameOf(live.createdById)}`
              : 'No live deployment'}
          </span>
        </div>
        {liveUrl && app.liveDeploymentId ? (
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <a
              href={liveUrl}
              target="_blank"
              rel="noreferrer"
              className="min-w-0 flex-1 truncate font-mono text-[15px] font-medium text-accent hover:underline"
              data-testid="live-url"
            >
              {liveUrl}
            </a>
            <div className="flex gap-2">
              <CopyButton value={liveUrl} label="Copy URL" />
              <Button size="sm" asChild>
                <a href={liveUrl} target="_blank" rel="noreferrer">
                  <ExternalLinkIcon />
                  Open
                </a>
              </Button>
            </div>
          </div>
        ) : null}
      </div>

      {canDeploy ? (
        <div className="flex flex-wrap gap-2">
          <Button
            onClick={() => void redeployLatest()}
            loading={redeploy.isPending || checkingVersion}
            disabled={Boolean(running)}
          >
            <RocketIcon />
            Redeploy{versionLabel ? ` ${versionLabel.split(' ')[0]}` : ' latest version'}
          </Button>
          <Button
            variant="secondary"
            onClick={(e) => {
              confirmOpener.current = e.currentTarget;
              setConfirm('rollback');
            }}
            disabled={!earlier || Boolean(running)}
            title={
              earlier ? undefined : 'There is no earlier successful deployment to roll back to.'
            }
          >
            <Undo2Icon />
            Roll back
          </Button>
          <Button variant="secondary" onClick={onChangeSettings} disabled={Boolean(running)}>
            <SettingsIcon />
            Change settings
          </Button>
          {running ? (
            <Button variant="ghost" onClick={() => onDeploymentStarted(running.id)}>
              Watch the running deployment
            </Button>
          ) : null}
        </div>
      ) : (
        <p className="text-[13px] text-muted-foreground">
          You have read-only access: members deploy, roll back and change settings.
        </p>
      )}
      {redeploy.error ? <Alert variant="danger">{errorMessage(redeploy.error)}</Alert> : null}

      <div className="grid gap-3 md:grid-cols-2">
        <Section icon={<ServerIcon />} title="Hosting">
          <dl className="grid grid-cols-[7rem_1fr] gap-y-1.5 text-[13px]">
            <dt className="text-muted-foreground">Host</dt>
            <dd>{hosting.name}</dd>
            <dt className="text-muted-foreground">App name</dt>
            <dd className="font-mono">{app.slug}</dd>
            <dt className="text-muted-foreground">Deployment</dt>
            <dd className="truncate font-mono">{app.liveDeploymentId ?? '—'}</dd>
          </dl>
        </Section>
        <Section icon={<DatabaseIcon />} title="Database">
          {app.database && database ? (
            <dl className="grid grid-cols-[7rem_1fr] gap-y-1.5 text-[13px]">
              <dt className="text-muted-foreground">Provider</dt>
              <dd>{database.name}</dd>
              <dt className="text-muted-foreground">Name</dt>
              <dd className="font-mono">{app.database.name}</dd>
              <dt className="text-muted-foreground">Credentials</dt>
              <dd>
                {admin ? (
                  showCredentials ? (
                    <span className="text-muted-foreground">
                      {app.database.provider === 'local'
                        ? 'None: the database is bound to the app as env.DB and cannot be reached from outside this server.'
                        : 'Stored encrypted. This server’s deploy API has no procedure that reveals database credentials yet.'}
                    </span>
                  ) : (
                    <Button size="sm" variant="link" onClick={() => setShowCredentials(true)}>
                      Show credentials
                    </Button>
                  )
                ) : (
                  <span className="text-muted-foreground">Only admins can see them.</span>
                )}
              </dd>
            </dl>
          ) : (
            <p className="text-[13px] text-muted-foreground">This app has no database.</p>
          )}
        </Section>
        <Section icon={<GlobeIcon />} title="Domains" className="md:col-span-2">
          <div className="flex flex-wrap items-center gap-2 text-[13px]">
            <span className="font-mono">{liveUrl ? new URL(liveUrl).host : app.slug}</span>
            <Badge variant={app.liveDeploymentId ? 'success' : 'neutral'}>
              {app.liveDeploymentId ? 'Free address · active' : 'Free address · not live'}
            </Badge>
          </div>
          <DomainsPanel
            orgId={orgId}
            appId={app.id}
            domains={app.domains}
            canEdit={canDeploy}
            verifyAvailable={providers.domain.length > 0}
            onChanged={() => void refreshAll()}
          />
        </Section>
        <Section icon={<KeyRoundIcon />} title="Environment variables" className="md:col-span-2">
          <EnvVars orgId={orgId} appId={app.id} canEdit={canDeploy} admin={admin} />
        </Section>
        <Section icon={<HistoryIcon />} title="Deployments" className="md:col-span-2">
          {history.isPending ? (
            <Skeleton className="h-20 w-full" />
          ) : (
            <ul className="grid gap-1.5">
              {items.map((d) => (
                <li
                  key={d.id}
                  className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-border px-3 py-2 text-[13px]"
                  data-testid="app-deployment"
                >
                  <DeploymentStatusBadge status={d.status} live={d.live} />
                  <span title={fullDateTime(d.createdAt)}>{relativeTime(d.createdAt)}</span>
                  <span className="text-muted-foreground">by {nameOf(d.createdById)}</span>
                  <span className="text-muted-foreground tabular-nums">
                    {formatDuration(d.durationMs)}
                  </span>
                  <span className="ml-auto flex gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={(e) => {
                        logsOpener.current = e.currentTarget;
                        setLogsOf({
                          id: d.id,
                          appName: app.name,
                          createdAt: d.createdAt,
                          live: d.live,
                        });
                      }}
                    >
                      <ScrollTextIcon />
                      Logs
                    </Button>
                    {canDeploy && d.status === 'succeeded' && !d.live ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => promote.mutate({ orgId, appId: app.id, deploymentId: d.id })}
                        loading={promote.isPending && promote.variables?.deploymentId === d.id}
                      >
                        Make live
                      </Button>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section
          icon={<ScrollTextIcon />}
          title="Recent requests"
          className="md:col-span-2"
          aside={
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setShowRequests((s) => !s)}
              aria-expanded={showRequests}
            >
              {showRequests ? 'Hide' : 'Show'}
            </Button>
          }
        >
          {showRequests ? <RequestLogs orgId={orgId} appId={app.id} /> : null}
        </Section>
      </div>

      {admin ? (
        <section
          className="flex flex-col gap-3 rounded-lg border border-danger/30 p-4 sm:flex-row sm:items-center sm:justify-between"
          aria-label="Danger zone"
        >
          <div>
            <h4 className="text-sm font-semibold">Delete this app</h4>
            <p className="text-[13px] text-muted-foreground">
              Removes hosting, the database and every deployment. The project stays.
            </p>
          </div>
          <Button
            variant="danger"
            onClick={(e) => {
              confirmOpener.current = e.currentTarget;
              setConfirm('delete');
            }}
          >
            <Trash2Icon />
            Delete app
          </Button>
        </section>
      ) : null}

      <ConfirmDialog
        open={confirm === 'rollback'}
        onOpenChange={(open) => setConfirm(open ? 'rollback' : null)}
        title="Roll back to the previous deployment?"
        description={
          <>
            <p>
              The deployment from {earlier ? fullDateTime(earlier.createdAt) : '—'} becomes live
              again, instantly (no rebuild). The database is not changed.
            </p>
            <p>You can make the current deployment live again from the list.</p>
          </>
        }
        confirmLabel="Roll back"
        returnFocusTo={() => confirmOpener.current}
        onConfirm={async () => {
          const result = await rollback.mutateAsync({
            orgId,
            appId: app.id,
            ...(earlier ? { toDeploymentId: earlier.id } : {}),
          });
          setMessage({
            variant: 'success',
            text: `Rolled back: ${result.url} serves the deployment from ${earlier ? relativeTime(earlier.createdAt) : 'before'}.`,
          });
          await refreshAll();
        }}
      />
      <ConfirmDialog
        open={confirm === 'delete'}
        onOpenChange={(open) => setConfirm(open ? 'delete' : null)}
        title={`Delete ${app.name}?`}
        description={
          <>
            <p>
              This removes the live app, its database with all its data, its domains and its
              deployment history. It cannot be undone.
            </p>
            <p>The project and its versions stay; you can deploy it again later.</p>
          </>
        }
        confirmLabel="Delete app"
        returnFocusTo={() => confirmOpener.current}
        typeToConfirm={app.slug}
        danger
        onConfirm={async () => {
          await deleteApp.mutateAsync({ orgId, appId: app.id });
          await refreshAll();
          onDeleted();
        }}
      />
      <DeploymentLogsDialog
        orgId={orgId}
        deployment={logsOf}
        onOpenChange={(open) => (open ? null : setLogsOf(null))}
        returnFocusTo={() => logsOpener.current}
      />
    </div>
  );
}
