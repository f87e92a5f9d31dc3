'use client';

import { Skeleton } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import {
  FolderKanbanIcon,
  GlobeIcon,
  RadioTowerIcon,
  RocketIcon,
  SparklesIcon,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { formatCompact, formatInteger, formatUsd } from './format';
import type { TDashboardStats } from './project-model';

function Stat({
  icon,
  label,
  value,
  detail,
  testId,
  className,
}: {
  icon: ReactNode;
  label: string;
  value: ReactNode;
  detail: ReactNode;
  testId: string;
  className?: string;
}) {
  return (
    <div
      className={cn(
        'flex min-w-0 flex-col gap-1 rounded-lg border border-border bg-surface p-4 shadow-sm',
        className,
      )}
      data-testid={testId}
    >
      <div className="flex items-center gap-2 text-[13px] text-muted-foreground">
        <span aria-hidden className="[&_svg]:size-4">
          {icon}
        </span>
        <span className="truncate">{label}</span>
      </div>
      <div className="text-2xl font-semibold tracking-tight tabular-nums">{value}</div>
      <div className="truncate text-xs text-muted-foreground">{detail}</div>
    </div>
  );
}

const monthName = new Intl.DateTimeFormat('en', { month: 'long' });

/** Projects, deployed apps, deployments this month, domains, usage this period. */
export function StatsCards({ stats, now }: { stats: TDashboardStats | null; now: Date }) {
  if (!stats) {
    return (
      <div
        className="grid grid-cols-2 gap-3 lg:grid-cols-5"
        aria-busy="true"
        aria-label="Loading figures"
      >
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="rounded-lg border border-border bg-surface p-4 shadow-sm">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="mt-2 h-7 w-12" />
            <Skeleton className="mt-2 h-3 w-20" />
          </div>
        ))}
      </div>
    );
  }
  const month = monthName.format(now);
  return (
    <section aria-label="Figures" className="grid grid-cols-2 gap-3 lg:grid-cols-5">
      <Stat
        testId="stat-projects"
        icon={<FolderKanbanIcon />}
        label="Projects"
        value={formatInteger(stats.projects)}
        detail="in this team"
      />
      <Stat
        testId="stat-deployed"
        icon={<RadioTowerIcon />}
        label="Deployed apps"
        value={formatInteger(stats.deployedApps)}
        detail="live on the web"
      />
      <Stat
        testId="stat-deployments"
        icon={<RocketIcon />}
        label="Deployments"
        value={`${formatInteger(stats.deploymentsThisMonth)}${stats.deploymentsTruncated ? '+' : ''}`}
        detail={`in ${month}`}
      />
      <Stat
        testId="stat-domains"
        icon={<GlobeIcon />}
        label="Active domains"
        value={formatInteger(stats.verifiedDomains + stats.liveSubdomains)}
        detail={`${stats.verifiedDomains} custom · ${stats.liveSubdomains} free${stats.pendingDomains ? ` · ${stats.pendingDomains} pending` : ''}`}
      />
      <Stat
        testId="stat-usage"
        className="col-span-2 lg:col-span-1"
        icon={<SparklesIcon />}
        label={`Usage in ${month}`}
        value={
          <>
            {formatInteger(stats.generationsThisMonth)}
            {stats.generationsTruncated ? '+' : ''}
            <span className="ml-1 text-sm font-normal text-muted-foreground">generations</span>
          </>
        }
        detail={`${formatCompact(stats.tokensThisMonth)} tokens · ${formatUsd(stats.costThisMonthUsd)}${stats.generationsTruncated ? ' (latest 100)' : ''}`}
      />
    </section>
  );
}
