'use client';

import { Alert, Button, Progress } from '@shipyard/ui';
import { useMutation } from '@tanstack/react-query';
import { ExternalLinkIcon, RotateCcwIcon, SettingsIcon, SquareIcon } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '@/components/dashboard/format';
import { errorMessage, useTRPC, useTRPCClient } from '@/lib/trpc';
import type { TDeploymentStatus } from './deploy-status';
import { LogLines, StepList, type TLogLine, type TStepRow } from './deployment-logs';

export type TProgressSnapshot = {
  deploymentId: string;
  status: TDeploymentStatus;
  percent: number;
  etaSeconds: number | null;
  url: string | null;
  error: string | null;
  errorStep: string | null;
  steps: TStepRow[];
};

const TERMINAL: TDeploymentStatus[] = ['succeeded', 'failed', 'cancelled'];

/** What to do after a failure, by the step that failed. */
const NEXT_STEP_HINT: Record<string, string> = {
  'provision-database':
    'The database provider refused or did not answer. Try again in a minute; if it keeps failing, check the provider’s status or choose another database.',
  'apply-schema':
    'The schema in db/schema.sql did not apply. Fix it in the builder (the message names the statement), then deploy again.',
  'import-data':
    'The data could not be imported. Check the seed or preview rows against the schema, or deploy with the seed data instead.',
  build:
    'The app did not build. Open the builder, fix the file and line named above (or ask the AI to), then deploy again.',
  'set-environment':
    'The environment variables were refused. Check their names and values, then deploy again.',
  upload:
    'The host did not accept the files. Try again; if it keeps failing, check the hosting provider.',
  'configure-domain':
    'The domain could not be configured. Check its DNS records, or deploy without it and add it later.',
  'health-check':
    'The new version did not answer its health check, so it was not made live. Open it in the builder and check the API (api/index.ts) for errors.',
  promote: 'The new version could not be made live. Try again.',
};

/** Elapsed wall time since `start`, ticking once a second while `running`. */
function useElapsed(running: boolean): number {
  const start = useRef(Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now - start.current;
}

export type TDeployProgressProps = {
  orgId: string;
  deploymentId: string;
  appName: string;
  projectId: string;
  /** The URL that serves while this deploys (the previous version), or null for a first deploy. */
  previousLiveUrl: string | null;
  canDeploy: boolean;
  onFinished: (snapshot: TProgressSnapshot) => void;
  onRetry: () => void;
  onChangeSettings: () => void;
};

/**
 * A deployment as it runs: steps with state and duration, live log lines, percent and time left
 * (the `deploy.progress` subscription; falls back to polling `deploy.status` if the stream
 * breaks), cancel, and the failure view.
 */
export function DeployProgress({
  orgId,
  deploymentId,
  appName,
  projectId,
  previousLiveUrl,
  canDeploy,
  onFinished,
  onRetry,
  onChangeSettings,
}: TDeployProgressProps) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const [snapshot, setSnapshot] = useState<TProgressSnapshot | null>(null);
  const [logs, setLogs] = useState<TLogLine[]>([]);
  const [streamError, setStreamError] = useState<string | null>(null);
  const finished = useRef(false);
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;

  useEffect(() => {
    finished.current = false;
    setSnapshot(null);
    setLogs([]);
    let stopped = false;
    let pollTimer: ReturnType<typeof setTimeout> | null = null;
    const accept = (data: TProgressSnapshot & { logs: TLogLine[] }, replaceLogs: boolean) => {
      if (stopped) return;
      const { logs: lines, ...rest } = data;
      setSnapshot(rest);
      setLogs((current) => {
        if (replaceLogs) return lines;
        const known = new Set(current.map((l) => l.id));
        const fresh = lines.filter((l) => !known.has(l.id));
        return fresh.length ? [...current, ...fresh] : current;
      });
      if (TERMINAL.includes(rest.status) && !finished.current) {
        finished.current = true;
        onFinishedRef.current(rest);
      }
    };
    const poll = async () => {
      try {
        const data = await client.deploy.status.query({ orgId, deploymentId });
        accept(data, true);
        if (TERMINAL.includes(data.status)) return;
      } catch (error) {
        setStreamError(errorMessage(error));
      }
      if (!stopped) pollTimer = setTimeout(() => void poll(), 1000);
    };
    const subscription = client.deploy.progress.subscribe(
      { orgId, deploymentId },
      {
        onData: (data) => accept(data, false),
        onError: () => {
          // The stream broke (proxy, network): the record still has everything; poll it.
          if (!stopped && !finished.current) void poll();
        },
      },
    );
    return () => {
      stopped = true;
      subscription.unsubscribe();
      if (pollTimer) clearTimeout(pollTimer);
    };
  }, [client, orgId, deploymentId]);

  const cancel = useMutation(trpc.deploy.cancel.mutationOptions());
  const status = snapshot?.status ?? 'queued';
  const running = !TERMINAL.includes(status);
  const elapsed = useElapsed(running);
  const failedStep =
    snapshot?.steps.find((s) => s.name === snapshot.errorStep) ??
    snapshot?.steps.find((s) => s.status === 'failed');
  const promoting = snapshot?.steps.some((s) => s.name === 'promote' && s.status === 'running');
  const currentStep = snapshot?.steps.find((s) => s.status === 'running');

  return (
    <div className="grid gap-5" data-testid="deploy-progress" data-status={status}>
      <div className="grid gap-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 className="text-[15px] font-semibold">
            {status === 'succeeded'
              ? `${appName} is live`
              : status === 'failed'
                ? 'Deployment failed'
                : status === 'cancelled'
                  ? 'Deployment cancelled'
                  : status === 'queued'
                    ? 'Waiting for a deploy worker…'
                    : `Deploying ${appName}`}
          </h3>
          <p className="text-sm text-muted-foreground tabular-nums" aria-live="off">
            {snapshot ? `${snapshot.percent}%` : '0%'}
            {running && snapshot?.etaSeconds
              ? ` · about ${formatDuration(snapshot.etaSeconds * 1000)} left`
              : ''}
            {` · ${formatDuration(elapsed)} elapsed`}
          </p>
        </div>
        <Progress value={snapshot?.percent ?? 0} aria-label="Deployment progress" />
        <p className="sr-only" aria-live="polite">
          {currentStep
            ? `${currentStep.label}…`
            : status === 'succeeded'
              ? 'Deployment succeeded.'
              : status === 'failed'
                ? 'Deployment failed.'
                : ''}
        </p>
      </div>

      {status === 'failed' ? (
        <Alert variant="danger" title={`Failed at “${failedStep?.label ?? 'a step'}”`}>
          <p className="break-words">
            {snapshot?.error ?? failedStep?.error ?? 'The deployment failed without a message.'}
          </p>
          <p className="mt-1.5">
            {NEXT_STEP_HINT[failedStep?.name ?? ''] ??
              'Try again; if it keeps failing, look at the log below.'}
          </p>
          <p className="mt-1.5 font-medium">
            {previousLiveUrl ? (
              <>
                The previous version is still live at{' '}
                <a href={previousLiveUrl} target="_blank" rel="noreferrer" className="underline">
                  {previousLiveUrl}
                </a>
                .
              </>
            ) : (
              'Nothing was published: the app had no live version, and it still has none.'
            )}
          </p>
        </Alert>
      ) : null}
      {status === 'cancelled' ? (
        <Alert variant="warning" title="Cancelled before it went live">
          {previousLiveUrl
            ? `The previous version is still live at ${previousLiveUrl}.`
            : 'Nothing was published.'}
        </Alert>
      ) : null}
      {streamError && running ? (
        <Alert variant="warning">Progress updates are delayed: {streamError}</Alert>
      ) : null}

      <div className="grid gap-4 md:grid-cols-[15rem_1fr]">
        <StepList steps={snapshot?.steps ?? []} />
        <LogLines logs={logs} steps={snapshot?.steps ?? []} className="md:max-h-80" />
      </div>

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {running && canDeploy ? (
          <Button
            variant="secondary"
            onClick={() => cancel.mutate({ orgId, deploymentId })}
            loading={cancel.isPending}
            disabled={Boolean(promoting) || Boolean(cancel.data?.cancelled)}
            title={
              promoting ? 'The deployment is going live and can no longer be cancelled.' : undefined
            }
          >
            <SquareIcon />
            {cancel.data?.cancelled ? 'Cancelling…' : 'Cancel deployment'}
          </Button>
        ) : null}
        {status === 'failed' || status === 'cancelled' ? (
          <>
            {failedStep?.name === 'build' ||
            failedStep?.name === 'health-check' ||
            failedStep?.name === 'apply-schema' ? (
              <Button variant="secondary" asChild>
                <Link href={`/projects/${encodeURIComponent(projectId)}`}>
                  <ExternalLinkIcon />
                  Open in the builder
                </Link>
              </Button>
            ) : null}
            {canDeploy ? (
              <>
                <Button variant="secondary" onClick={onChangeSettings}>
                  <SettingsIcon />
                  Change settings
                </Button>
                <Button onClick={onRetry}>
                  <RotateCcwIcon />
                  Try again
                </Button>
              </>
            ) : null}
          </>
        ) : null}
      </div>
      {cancel.error ? <Alert variant="danger">{errorMessage(cancel.error)}</Alert> : null}
    </div>
  );
}
