'use client';

import {
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Select,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import {
  ActivityIcon,
  HistoryIcon,
  RocketIcon,
  ScrollTextIcon,
  SparklesIcon,
  Undo2Icon,
  XCircleIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { DeploymentStatusBadge } from '@/components/deploy/deploy-status';
import type { TLoggedDeployment } from '@/components/deploy/deployment-logs';
import { useTRPC } from '@/lib/trpc';
import { formatCompact, formatDuration, fullDateTime, relativeTime } from './format';
import type { TDeployedApp, TDeploymentSummary, TGeneration } from './types';

type TEvent = {
  key: string;
  at: Date;
  icon: ReactNode;
  tone: 'accent' | 'success' | 'danger' | 'neutral';
  text: ReactNode;
  detail?: ReactNode;
  action?: ReactNode;
};

const ROLLBACK_LINE = /^Made live again \(rollback\) at (\S+)\.$/;

/**
 * Rollbacks are not deployments: deploy-core records them as a log line on the deployment made
 * live again. Read those lines for the apps whose live deployment is not their newest one.
 */
function useRollbacks(orgId: string, apps: TDeployedApp[], deployments: TDeploymentSummary[]) {
  const trpc = useTRPC();
  const candidates = useMemo(() => {
    const out: { appName: string; deploymentId: string }[] = [];
    for (const app of apps) {
      if (!app.liveDeploymentId) continue;
      const newestSucceeded = deployments.find(
        (d) => d.appId === app.id && d.status === 'succeeded',
      );
      if (newestSucceeded && newestSucceeded.id !== app.liveDeploymentId)
        out.push({ appName: app.name, deploymentId: app.liveDeploymentId });
    }
    return out.slice(0, 8);
  }, [apps, deployments]);
  const results = useQueries({
    queries: candidates.map((c) =>
      trpc.deploy.status.queryOptions(
        { orgId, deploymentId: c.deploymentId },
        { staleTime: 60_000 },
      ),
    ),
  });
  return candidates.flatMap((c, i) => {
    const logs: { message: string }[] = results[i]?.data?.logs ?? [];
    return logs.flatMap((l) => {
      const m = ROLLBACK_LINE.exec(l.message);
      return m ? [{ appName: c.appName, deploymentId: c.deploymentId, at: new Date(m[1]!) }] : [];
    });
  });
}

export type TActivityProps = {
  orgId: string;
  loading: boolean;
  apps: TDeployedApp[];
  deployments: TDeploymentSummary[];
  generations: TGeneration[];
  projectNames: Map<string, string>;
  nameOf: (userId: string | null | undefined) => string;
  onShowLogs: (deployment: TLoggedDeployment) => void;
  className?: string;
};

/** Generations, deployments and rollbacks, newest first. */
export function ActivityTimeline({
  orgId,
  loading,
  apps,
  deployments,
  generations,
  projectNames,
  nameOf,
  onShowLogs,
  className,
}: TActivityProps) {
  const rollbacks = useRollbacks(orgId, apps, deployments);
  const events = useMemo(() => {
    const list: TEvent[] = [];
    for (const g of generations) {
      const project = projectNames.get(g.projectId) ?? 'a deleted project';
      const verb =
        g.kind === 'create' ? 'generated' : g.kind === 'fix' ? 'asked for a fix to' : 'changed';
      list.push({
        key: `gen-${g.id}`,
        at: g.createdAt,
        icon: g.status === 'failed' ? <XCircleIcon /> : <SparklesIcon />,
        tone: g.status === 'failed' ? 'danger' : 'accent',
        text: (
          <>
            <span className="font-medium">{nameOf(g.createdById)}</span> {verb}{' '}
            <Link
              href={`/projects/${encodeURIComponent(g.projectId)}`}
              className="font-medium hover:underline"
            >
              {project}
            </Link>
            {g.status === 'failed'
              ? ' (failed)'
              : g.status === 'running' || g.status === 'queued'
                ? ' (running)'
                : g.status === 'cancelled'
                  ? ' (cancelled)'
                  : ''}
          </>
        ),
        detail: (
          <>
            “{g.prompt.length > 90 ? `${g.prompt.slice(0, 90)}…` : g.prompt}”
            {g.inputTokens + g.outputTokens
              ? ` · ${formatCompact(g.inputTokens + g.outputTokens)} tokens`
              : ''}
          </>
        ),
      });
    }
    for (const d of deployments.slice(0, 50)) {
      const who = <span className="font-medium">{nameOf(d.createdById)}</span>;
      const app = <span className="font-medium">{d.appName}</span>;
      const text =
        d.status === 'succeeded' ? (
          <>
            {who} deployed {app}
          </>
        ) : d.status === 'failed' ? (
          <>
            A deploy of {app} by {who} failed
          </>
        ) : d.status === 'cancelled' ? (
          <>
            A deploy of {app} by {who} was cancelled
          </>
        ) : (
          <>
            {who} is deploying {app}
          </>
        );
      list.push({
        key: `dep-${d.id}`,
        at: d.createdAt,
        icon: d.status === 'failed' ? <XCircleIcon /> : <RocketIcon />,
        tone: d.status === 'failed' ? 'danger' : d.status === 'succeeded' ? 'success' : 'neutral',
        text,
        detail: d.durationMs ? `in ${formatDuration(d.durationMs)}` : undefined,
        action: (
          <Button
            size="sm"
            variant="link"
            className="text-xs"
            onClick={() =>
              onShowLogs({ id: d.id, appName: d.appName, createdAt: d.createdAt, live: d.live })
            }
          >
            Logs
            <span className="sr-only">
              {' '}
              of the deployment of {d.appName}, {relativeTime(d.createdAt)}
            </span>
          </Button>
        ),
      });
    }
    for (const r of rollbacks) {
      list.push({
        key: `rb-${r.deploymentId}-${r.at.getTime()}`,
        at: r.at,
        icon: <Undo2Icon />,
        tone: 'neutral',
        text: (
          <>
            <span className="font-medium">{r.appName}</span> was rolled back to an earlier
            deployment
          </>
        ),
      });
    }
    return list.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 12);
  }, [generations, deployments, rollbacks, projectNames, nameOf, onShowLogs]);

  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ActivityIcon aria-hidden className="size-4 text-muted-foreground" />
          Recent activity
        </CardTitle>
        <CardDescription>Generations, deployments and rollbacks across the team.</CardDescription>
      </CardHeader>
      <CardContent>
        {loading ? (
          <div className="grid gap-3">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : events.length === 0 ? (
          <p className="py-6 text-center text-sm text-muted-foreground">
            Nothing yet. Generations and deployments show up here.
          </p>
        ) : (
          <ol
            className="relative grid gap-4 before:absolute before:top-2 before:bottom-2 before:left-[13px] before:w-px before:bg-border"
            data-testid="activity"
          >
            {events.map((e) => (
              <li
                key={e.key}
                className="relative grid grid-cols-[28px_1fr] gap-3"
                data-testid="activity-item"
              >
                <span
                  aria-hidden
                  className={cn(
                    'relative z-10 flex size-7 items-center justify-center rounded-full border bg-surface [&_svg]:size-3.5',
                    e.tone === 'accent' && 'border-accent/30 text-accent',
                    e.tone === 'success' && 'border-success/40 text-success',
                    e.tone === 'danger' && 'border-danger/30 text-danger',
                    e.tone === 'neutral' && 'border-border-strong text-muted-foreground',
                  )}
                >
                  {e.icon}
                </span>
                <div className="min-w-0 text-sm">
                  <p className="break-words">{e.text}</p>
                  {e.detail ? (
                    <p className="truncate text-[13px] text-muted-foreground">{e.detail}</p>
                  ) : null}
                  <p className="flex items-center gap-2 text-xs text-muted-foreground">
                    <time dateTime={e.at.toISOString()} title={fullDateTime(e.at)}>
                      {relativeTime(e.at)}
                    </time>
                    {e.action}
                  </p>
                </div>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

/** Every deployment of the org (or of one app), with status, duration, who, and its logs. */
export function DeploymentHistory({
  orgId,
  apps,
  nameOf,
  onShowLogs,
  className,
}: {
  orgId: string;
  apps: TDeployedApp[];
  nameOf: (userId: string | null | undefined) => string;
  onShowLogs: (d: TLoggedDeployment) => void;
  className?: string;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [appId, setAppId] = useState('');
  const history = useInfiniteQuery(
    trpc.deploy.history.infiniteQueryOptions(
      { orgId, limit: 10, ...(appId ? { appId } : {}) },
      {
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        refetchInterval: (query) =>
          query.state.data?.pages.some((p) =>
            p.items.some((d) => d.status === 'queued' || d.status === 'running'),
          )
            ? 2000
            : false,
      },
    ),
  );
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card className={className}>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle className="flex items-center gap-2">
            <HistoryIcon aria-hidden className="size-4 text-muted-foreground" />
            Deployment history
          </CardTitle>
          <CardDescription>Status, duration, who, and the log of each deployment.</CardDescription>
        </div>
        {apps.length > 1 ? (
          <div className="w-full sm:w-48">
            <label htmlFor={`${id}-app`} className="sr-only">
              App
            </label>
            <Select id={`${id}-app`} value={appId} onChange={(e) => setAppId(e.target.value)}>
              <option value="">All apps</option>
              {apps.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
      </CardHeader>
      <CardContent className="px-0 pb-2">
        {history.isPending ? (
          <div className="grid gap-2 px-5 pb-3">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : items.length === 0 ? (
          <div className="px-5 pb-3">
            <EmptyState
              icon={<RocketIcon />}
              title="No deployments yet"
              description="Deploy a project and its history shows up here."
              className="py-8"
            />
          </div>
        ) : (
          <Table data-testid="deployment-history">
            <TableHeader>
              <TableRow>
                <TableHead className="pl-5">App</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="hidden sm:table-cell">Duration</TableHead>
                <TableHead className="hidden md:table-cell">By</TableHead>
                <TableHead className="hidden sm:table-cell">When</TableHead>
                <TableHead className="pr-5 text-right">
                  <span className="sr-only">Logs</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((d) => (
                <TableRow key={d.id} data-testid="deployment-row" data-status={d.status}>
                  <TableCell className="max-w-[10rem] pl-5">
                    <span className="block truncate font-medium">{d.appName}</span>
                    <span className="block text-xs text-muted-foreground sm:hidden">
                      {relativeTime(d.createdAt)}
                    </span>
                  </TableCell>
                  <TableCell>
                    <DeploymentStatusBadge status={d.status} live={d.live} />
                  </TableCell>
                  <TableCell className="hidden text-[13px] tabular-nums sm:table-cell">
                    {formatDuration(d.durationMs)}
                  </TableCell>
                  <TableCell className="hidden max-w-[8rem] truncate text-[13px] md:table-cell">
                    {nameOf(d.createdById)}
                  </TableCell>
                  <TableCell className="hidden text-[13px] whitespace-nowrap text-muted-foreground sm:table-cell">
                    <time dateTime={d.createdAt.toISOString()} title={fullDateTime(d.createdAt)}>
                      {relativeTime(d.createdAt)}
                    </time>
                  </TableCell>
                  <TableCell className="pr-5 text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() =>
                        onShowLogs({
                          id: d.id,
                          appName: d.appName,
                          createdAt: d.createdAt,
                          live: d.live,
                        })
                      }
                    >
                      <ScrollTextIcon />
                      Logs
                      <span className="sr-only">
                        {' '}
                        of {d.appName}, {relativeTime(d.createdAt)}
                      </span>
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {history.hasNextPage ? (
          <div className="flex justify-center px-5 pt-2 pb-1">
            <Button
              size="sm"
              variant="ghost"
              onClick={() => void history.fetchNextPage()}
              loading={history.isFetchingNextPage}
            >
              Show older deployments
            </Button>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
