'use client';

import {
  Alert,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  Skeleton,
} from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatDuration, fullDateTime } from '@/components/dashboard/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import {
  DeploymentStatusBadge,
  STEP_STATE_LABEL,
  StepIcon,
  type TStepState,
} from './deploy-status';

export type TLogLine = {
  id: number;
  step: string | null;
  level: string;
  message: string;
  at: Date;
};
export type TStepRow = {
  name: string;
  label: string;
  status: TStepState;
  durationMs: number | null;
  error: string | null;
};

const time = new Intl.DateTimeFormat('en', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Log lines of a deployment, newest at the bottom; follows new lines while scrolled to the end. */
export function LogLines({
  logs,
  steps,
  className,
  follow = true,
}: {
  logs: TLogLine[];
  steps: TStepRow[];
  className?: string;
  follow?: boolean;
}) {
  const ref = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && follow && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [logs.length, follow]);
  const labelOf = (name: string | null) => steps.find((s) => s.name === name)?.label ?? name ?? '';
  return (
    <ol
      ref={ref}
      tabIndex={0}
      aria-label="Deployment log"
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      className={cn(
        'max-h-72 min-h-24 overflow-auto rounded-md border border-border bg-[oklch(0.2_0.01_286)] p-3 font-mono text-[12px] leading-5 text-[oklch(0.92_0.005_286)] outline-none focus-visible:ring-[3px] focus-visible:ring-ring',
        className,
      )}
    >
      {logs.length === 0 ? (
        <li className="text-[oklch(0.75_0.01_286)]">Waiting for the first log line…</li>
      ) : null}
      {logs.map((line) => (
        <li
          key={line.id}
          className="grid grid-cols-[auto_1fr] gap-x-3 sm:grid-cols-[auto_8.5rem_1fr]"
        >
          <time
            dateTime={line.at.toISOString()}
            className="text-[oklch(0.72_0.01_286)] tabular-nums"
          >
            {time.format(line.at)}
          </time>
          <span className="hidden truncate text-[oklch(0.8_0.08_274)] sm:block">
            {labelOf(line.step)}
          </span>
          <span
            className={cn(
              'col-span-2 break-words whitespace-pre-wrap sm:col-span-1',
              line.level === 'error' && 'text-[oklch(0.8_0.14_25)]',
              line.level === 'warn' && 'text-[oklch(0.85_0.13_85)]',
            )}
          >
            {line.message}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Each step with its state and duration. */
export function StepList({ steps }: { steps: TStepRow[] }) {
  return (
    <ol className="grid gap-0.5" aria-label="Deployment steps">
      {steps.map((step) => (
        <li
          key={step.name}
          className={cn(
            'flex items-start gap-2.5 rounded-md px-2 py-1.5 text-sm',
            step.status === 'running' && 'bg-accent-subtle/60',
            step.status === 'failed' && 'bg-danger-subtle',
          )}
          aria-current={step.status === 'running' ? 'step' : undefined}
          data-testid="deploy-step"
          data-state={step.status}
        >
          <span className="mt-0.5">
            <StepIcon state={step.status} />
          </span>
          <span className="min-w-0 flex-1">
            <span
              className={cn(
                'block',
                step.status === 'pending' || step.status === 'skipped'
                  ? 'text-muted-foreground'
                  : 'font-medium',
              )}
            >
              {step.label}
            </span>
            {step.error ? (
              <span className="block text-[13px] text-danger-subtle-foreground">{step.error}</span>
            ) : null}
          </span>
          <span className="shrink-0 text-right text-xs text-muted-foreground tabular-nums">
            <span className="sr-only">{STEP_STATE_LABEL[step.status]}, </span>
            {step.status === 'succeeded' || step.status === 'failed'
              ? formatDuration(step.durationMs)
              : step.status === 'skipped'
                ? 'Skipped'
                : step.status === 'running'
                  ? 'Running'
                  : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

export type TLoggedDeployment = { id: string; appName: string; createdAt: Date; live: boolean };

/** A finished (or running) deployment's steps and logs, from `deploy.status`. */
export function DeploymentLogsDialog({
  orgId,
  deployment,
  onOpenChange,
  returnFocusTo,
}: {
  orgId: string;
  deployment: TLoggedDeployment | null;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes back on close (the Logs button that opened it). */
  returnFocusTo?: () => HTMLElement | null;
}) {
  const trpc = useTRPC();
  const [polling, setPolling] = useState(false);
  const status = useQuery({
    ...trpc.deploy.status.queryOptions({ orgId, deploymentId: deployment?.id ?? '' }),
    enabled: Boolean(deployment),
    refetchInterval: polling ? 1500 : false,
  });
  const current = status.data?.status;
  // Follow a deployment that is still running.
  useEffect(() => setPolling(current === 'running' || current === 'queued'), [current]);
  return (
    <Dialog open={Boolean(deployment)} onOpenChange={onOpenChange}>
      <DialogContent
        className="max-h-[calc(100dvh-2rem)] max-w-3xl overflow-y-auto"
        onCloseAutoFocus={(event) => {
          const target = returnFocusTo?.();
          if (target?.isConnected) {
            event.preventDefault();
            target.focus();
          }
        }}
      >
        <DialogHeader>
          <DialogTitle>Deployment of {deployment?.appName}</DialogTitle>
          <DialogDescription>
            {deployment ? (
              <>
                Started {fullDateTime(deployment.createdAt)} ·{' '}
                <span className="font-mono">{deployment.id}</span>
              </>
            ) : null}
          </DialogDescription>
        </DialogHeader>
        {status.isPending ? (
          <div className="grid gap-2">
            <Skeleton className="h-6 w-40" />
            <Skeleton className="h-40 w-full" />
          </div>
        ) : status.isError ? (
          <Alert variant="danger">{errorMessage(status.error)}</Alert>
        ) : (
          <div className="grid gap-4">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <DeploymentStatusBadge
                status={status.data.status}
                live={deployment?.live && status.data.status === 'succeeded'}
              />
              {status.data.url ? (
                <a
                  href={status.data.url}
                  target="_blank"
                  rel="noreferrer"
                  className="font-mono text-[13px] text-accent hover:underline"
                >
                  {status.data.url}
                </a>
              ) : null}
            </div>
            {status.data.error ? (
              <Alert
                variant="danger"
                title={`Failed at ${status.data.steps.find((s) => s.name === status.data.errorStep)?.label ?? 'a step'}`}
              >
                {status.data.error}
              </Alert>
            ) : null}
            <div className="grid gap-4 md:grid-cols-[15rem_1fr]">
              <StepList steps={status.data.steps} />
              <LogLines
                logs={status.data.logs}
                steps={status.data.steps}
                follow={false}
                className="max-h-96"
              />
            </div>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
