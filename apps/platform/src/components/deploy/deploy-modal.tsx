'use client';

import type { TOrgRole } from '@shipyard/core';
import {
  Alert,
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  Skeleton,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
} from '@shipyard/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AppleIcon, GlobeIcon, MonitorIcon, SmartphoneIcon } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { TDeployedApp } from '@/components/dashboard/types';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { AppOverview } from './app-overview';
import { DeployProgress, type TProgressSnapshot } from './deploy-progress';
import { DeployWizard, type TDeployStarted } from './deploy-wizard';
import { NativePlatform } from './native-platform';
import { readPreviewData, type TPreviewData } from './preview-data';
import { liveUrlFor } from './provider-catalog';

type TMode =
  | { kind: 'auto' }
  | { kind: 'configure' }
  | { kind: 'progress'; deploymentId: string; previousLiveUrl: string | null }
  | { kind: 'overview'; justDeployed: { durationMs: number | null } | null };

export type TDeployModalProps = {
  orgId: string;
  orgSlug: string;
  role: TOrgRole;
  /** The project whose deploy modal is open, or null when closed. */
  projectId: string | null;
  onOpenChange: (open: boolean) => void;
  hostingUrlPatterns: Record<string, string>;
  nameOf: (userId: string | null | undefined) => string;
  /** Where focus goes back when the modal closes (the button that opened it). */
  returnFocusTo?: () => HTMLElement | null;
};

/**
 * The unified deployment modal: Web (database → hosting → environment → domain → review, then
 * live progress, then the live app with redeploy / rollback / delete) and the native platforms'
 * configuration and status.
 */
export function DeployModal(props: TDeployModalProps) {
  const open = Boolean(props.projectId);
  return (
    <Dialog open={open} onOpenChange={props.onOpenChange}>
      <DialogContent
        className="flex max-h-[calc(100dvh-1rem)] w-[calc(100%-1rem)] max-w-4xl flex-col gap-0 overflow-hidden p-0 sm:max-h-[calc(100dvh-3rem)]"
        aria-describedby="deploy-modal-description"
        data-testid="deploy-modal"
        onCloseAutoFocus={(event) => {
          // Opened by state (not a Radix trigger): give focus back to the button that opened it.
          const target = props.returnFocusTo?.();
          if (target?.isConnected) {
            event.preventDefault();
            target.focus();
          }
        }}
      >
        {props.projectId ? (
          <DeployModalBody key={props.projectId} {...props} projectId={props.projectId} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function DeployModalBody({
  orgId,
  orgSlug,
  role,
  projectId,
  hostingUrlPatterns,
  nameOf,
}: TDeployModalProps & { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canDeploy = role !== 'viewer';
  const project = useQuery(trpc.editor.projects.get.queryOptions({ orgId, projectId }));
  const versions = useQuery(trpc.editor.versions.list.queryOptions({ orgId, projectId, limit: 1 }));
  const files = useQuery({
    ...trpc.editor.files.readAll.queryOptions({ orgId, projectId }),
    staleTime: 60_000,
  });
  const providers = useQuery(trpc.deploy.providers.queryOptions({ orgId }));
  const apps = useQuery(trpc.deploy.apps.queryOptions({ orgId }));
  const app: TDeployedApp | null = useMemo(
    () => apps.data?.find((a) => a.projectId === projectId && a.platform === 'web') ?? null,
    [apps.data, projectId],
  );
  const history = useQuery({
    ...trpc.deploy.history.queryOptions({ orgId, appId: app?.id ?? '', limit: 20 }),
    enabled: Boolean(app),
  });
  const env = useQuery({
    ...trpc.deploy.env.list.queryOptions({ orgId, appId: app?.id ?? '' }),
    enabled: Boolean(app),
  });
  const [previewData, setPreviewData] = useState<TPreviewData | null>(null);
  useEffect(() => setPreviewData(readPreviewData(projectId)), [projectId]);

  const [mode, setMode] = useState<TMode>({ kind: 'auto' });
  const [pendingDomain, setPendingDomain] = useState<string | null>(null);
  const [tab, setTab] = useState('web');
  const addDomain = useMutation(trpc.deploy.domains.add.mutationOptions());

  const liveDeployment = history.data?.items.find((d) => d.id === app?.liveDeploymentId) ?? null;
  const pattern = app ? hostingUrlPatterns[app.hostingProvider] : undefined;
  const liveUrl = liveDeployment?.url ?? (app && pattern ? liveUrlFor(pattern, app.slug) : null);
  const running =
    history.data?.items.find((d) => d.status === 'queued' || d.status === 'running') ?? null;

  // Decide the first view once what it depends on has loaded.
  const ready = apps.isSuccess && (!app || history.isSuccess);
  let view: TMode = mode;
  if (mode.kind === 'auto' && ready) {
    if (app && running)
      view = {
        kind: 'progress',
        deploymentId: running.id,
        previousLiveUrl: app.liveDeploymentId ? liveUrl : null,
      };
    else if (app) view = { kind: 'overview', justDeployed: null };
    else view = { kind: 'configure' };
  }

  const version = versions.data?.items[0];
  const versionMessage = version
    ? version.message.length > 70
      ? `${version.message.slice(0, 70)}…`
      : version.message
    : '';
  const versionLabel =
    version && version.id === project.data?.currentVersionId
      ? `v${version.number} · ${versionMessage}`
      : null;

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.deploy.apps.queryKey({ orgId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.deploy.history.queryKey() }),
      queryClient.invalidateQueries({ queryKey: ['dashboard', orgId] }),
    ]);

  function started(result: TDeployStarted) {
    setPendingDomain(result.pendingDomain);
    setMode({
      kind: 'progress',
      deploymentId: result.deploymentId,
      previousLiveUrl: app?.liveDeploymentId ? liveUrl : null,
    });
  }

  async function finished(snapshot: TProgressSnapshot) {
    await refresh();
    if (snapshot.status !== 'succeeded') return;
    const appId = (await queryClient.fetchQuery(trpc.deploy.apps.queryOptions({ orgId }))).find(
      (a) => a.projectId === projectId && a.platform === 'web',
    )?.id;
    if (pendingDomain && appId) {
      try {
        await addDomain.mutateAsync({ orgId, appId, domain: pendingDomain });
      } catch {
        // Shown below through addDomain.error; the app itself is live.
      }
      setPendingDomain(null);
      await refresh();
    }
    const durationMs = snapshot.steps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0) || null;
    setMode({ kind: 'overview', justDeployed: { durationMs } });
  }

  const redeploy = useMutation(
    trpc.deploy.redeploy.mutationOptions({
      onSuccess: (r) => {
        void refresh();
        setMode({
          kind: 'progress',
          deploymentId: r.deploymentId,
          previousLiveUrl: app?.liveDeploymentId ? liveUrl : null,
        });
      },
    }),
  );

  const loadError = project.error ?? providers.error ?? apps.error;
  const title = !project.data
    ? 'Deploy'
    : app || !canDeploy
      ? `${project.data.name}: deployment`
      : `Deploy ${project.data.name}`;

  const loading = !loadError && (!project.data || !providers.data || !ready);
  return (
    <Tabs value={tab} onValueChange={setTab} className="flex min-h-0 flex-1 flex-col">
      <DialogHeader className="border-b border-border px-5 pt-5 pb-0 sm:px-6">
        <DialogTitle className="text-lg">{title}</DialogTitle>
        <DialogDescription id="deploy-modal-description">
          {versionLabel
            ? `Current version: ${versionLabel}`
            : 'One place to put the app on the web, and to see what it needs for phones and desktops.'}
        </DialogDescription>
        <TabsList className="mt-2 -mb-px overflow-x-auto border-b-0" aria-label="Platform">
          <TabsTrigger value="web">
            <GlobeIcon aria-hidden className="size-4" />
            Web
          </TabsTrigger>
          <TabsTrigger value="ios">
            <AppleIcon aria-hidden className="size-4" />
            iOS
          </TabsTrigger>
          <TabsTrigger value="android">
            <SmartphoneIcon aria-hidden className="size-4" />
            Android
          </TabsTrigger>
          <TabsTrigger value="desktop">
            <MonitorIcon aria-hidden className="size-4" />
            Desktop
          </TabsTrigger>
        </TabsList>
      </DialogHeader>
      <div className="min-h-0 flex-1 overflow-y-auto px-5 pb-5 sm:px-6">
        {loadError ? (
          <Alert
            variant="danger"
            title="This project cannot be deployed from here"
            className="mt-5"
          >
            {errorMessage(loadError)}
          </Alert>
        ) : null}
        {loading ? (
          <div className="mt-5 grid gap-3" aria-busy="true" aria-label="Loading">
            <Skeleton className="h-8 w-72" />
            <Skeleton className="h-20 w-full" />
            <Skeleton className="h-20 w-full" />
          </div>
        ) : null}
        {project.data && providers.data && ready && !loadError ? (
          <>
            <TabsContent value="web">
              {view.kind === 'configure' ? (
                canDeploy ? (
                  <DeployWizard
                    key={app?.id ?? 'new'}
                    orgId={orgId}
                    project={project.data}
                    versionLabel={versionLabel}
                    files={files.data?.files ?? null}
                    filesError={files.error ? errorMessage(files.error) : null}
                    providers={providers.data}
                    app={app}
                    appLiveUrl={liveUrl}
                    savedEnvNames={env.data?.map((v) => v.name) ?? []}
                    hostingUrlPatterns={hostingUrlPatterns}
                    previewData={previewData}
                    onStarted={started}
                    {...(app
                      ? { onClose: () => setMode({ kind: 'overview', justDeployed: null }) }
                      : {})}
                  />
                ) : (
                  <Alert variant="info" title="Not deployed yet">
                    This project has no live web app. Members of the team can deploy it; you have
                    read-only access.
                  </Alert>
                )
              ) : null}
              {view.kind === 'progress' ? (
                <DeployProgress
                  key={view.deploymentId}
                  orgId={orgId}
                  deploymentId={view.deploymentId}
                  appName={project.data.name}
                  projectId={projectId}
                  previousLiveUrl={view.previousLiveUrl}
                  canDeploy={canDeploy}
                  onFinished={(snapshot) => void finished(snapshot)}
                  onRetry={() =>
                    app
                      ? redeploy.mutate({
                          orgId,
                          appId: app.id,
                          ...(project.data?.currentVersionId
                            ? { versionId: project.data.currentVersionId }
                            : {}),
                        })
                      : setMode({ kind: 'configure' })
                  }
                  onChangeSettings={() => setMode({ kind: 'configure' })}
                />
              ) : null}
              {view.kind === 'overview' && app ? (
                <AppOverview
                  orgId={orgId}
                  role={role}
                  project={project.data}
                  versionLabel={version ? `v${version.number}` : null}
                  app={app}
                  liveUrl={liveUrl}
                  providers={providers.data}
                  justDeployed={view.justDeployed}
                  nameOf={nameOf}
                  onDeploymentStarted={(deploymentId) =>
                    setMode({
                      kind: 'progress',
                      deploymentId,
                      previousLiveUrl: app.liveDeploymentId ? liveUrl : null,
                    })
                  }
                  onChangeSettings={() => setMode({ kind: 'configure' })}
                  onDeleted={() => setMode({ kind: 'overview', justDeployed: null })}
                />
              ) : null}
              {view.kind === 'overview' && !app ? (
                <div className="grid gap-4">
                  <Alert variant="success" title="The app was deleted">
                    Its hosting, database and deployments are gone; the live address no longer
                    answers. The project stays, and you can deploy it again.
                  </Alert>
                  {canDeploy ? (
                    <div>
                      <Button onClick={() => setMode({ kind: 'configure' })}>Deploy again</Button>
                    </div>
                  ) : null}
                </div>
              ) : null}
              {addDomain.error ? (
                <Alert variant="warning" className="mt-4">
                  The app is live, but the domain was not added: {errorMessage(addDomain.error)}
                </Alert>
              ) : null}
              {redeploy.error ? (
                <Alert variant="danger" className="mt-4">
                  {errorMessage(redeploy.error)}
                </Alert>
              ) : null}
            </TabsContent>
            {(['ios', 'android', 'desktop'] as const).map((kind) => (
              <TabsContent key={kind} value={kind}>
                <NativePlatform
                  kind={kind}
                  projectName={project.data!.name}
                  orgSlug={orgSlug}
                  providers={providers.data!}
                  webLiveUrl={app?.liveDeploymentId ? liveUrl : null}
                />
              </TabsContent>
            ))}
          </>
        ) : null}
      </div>
    </Tabs>
  );
}
