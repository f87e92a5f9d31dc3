'use client';

import {
  Badge,
  Button,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { ArrowRightIcon, BookOpenIcon, RocketIcon, SatelliteDishIcon } from 'lucide-react';
import Link from 'next/link';
import { fullDateTime, relativeTime } from './format';
import { PLATFORM_LABELS, type TPlatformStatus, type TProjectRow } from './project-model';
import { ProjectThumbnail } from './project-thumbnail';

const STATE_TEXT: Record<TPlatformStatus['state'], string> = {
  live: 'Live',
  deploying: 'Deploying',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'not-live': 'Not live',
};

/** "Web · Live": one badge per platform the project was deployed to; "Draft" when none. */
export function PlatformBadges({ row }: { row: TProjectRow }) {
  if (!row.platforms.length) return <Badge variant="neutral">Draft</Badge>;
  return (
    <>
      {row.platforms.map((p) => {
        const variant =
          p.state === 'live'
            ? 'success'
            : p.state === 'failed'
              ? 'danger'
              : p.state === 'deploying'
                ? 'accent'
                : 'neutral';
        return (
          <Badge key={p.platform} variant={variant} data-testid="platform-badge">
            {p.state === 'deploying' ? <Spinner size="sm" label={null} /> : null}
            {PLATFORM_LABELS[p.platform]} · {STATE_TEXT[p.state]}
            {p.state === 'failed' && p.live ? ' (previous live)' : ''}
          </Badge>
        );
      })}
    </>
  );
}

export type TProjectActions = {
  canDeploy: boolean;
  onDeploy: (projectId: string) => void;
};

function ProjectActions({
  row,
  canDeploy,
  onDeploy,
  compact,
}: TProjectActions & { row: TProjectRow; compact?: boolean }) {
  const deployLabel = row.web ? (canDeploy ? 'Deploy' : 'Deployment') : 'Deploy';
  return (
    <div className={cn('flex flex-wrap items-center gap-1.5', compact && 'justify-end')}>
      <Button size="sm" asChild>
        <Link
          href={`/projects/${encodeURIComponent(row.id)}`}
          aria-label={`${canDeploy ? 'Continue' : 'Open'} ${row.name} in the builder`}
        >
          {canDeploy ? 'Continue' : 'Open'}
          <ArrowRightIcon />
        </Link>
      </Button>
      {canDeploy || row.web ? (
        <Button
          size="sm"
          variant="secondary"
          onClick={() => onDeploy(row.id)}
          aria-label={`${deployLabel} ${row.name}`}
        >
          {canDeploy ? <RocketIcon /> : <SatelliteDishIcon />}
          {deployLabel}
        </Button>
      ) : null}
      <Button size="sm" variant="ghost" asChild>
        <Link
          href={`/projects/${encodeURIComponent(row.id)}/docs`}
          aria-label={`Docs of ${row.name}`}
        >
          <BookOpenIcon />
          Docs
        </Link>
      </Button>
    </div>
  );
}

function LiveLink({ row }: { row: TProjectRow }) {
  const url = row.web?.liveUrl;
  if (!url) return <span className="text-[13px] text-muted-foreground">Not on the web yet</span>;
  return (
    <a
      href={url}
      target="_blank"
      rel="noreferrer"
      className="block truncate font-mono text-[12.5px] text-accent hover:underline"
      data-testid="project-live-url"
    >
      {url.replace(/^https?:\/\//, '')}
    </a>
  );
}

export function ProjectCard({ row, ...actions }: TProjectActions & { row: TProjectRow }) {
  return (
    <li
      className="flex min-w-0 flex-col gap-3 rounded-lg border border-border bg-surface p-3 shadow-sm transition-shadow hover:shadow-md"
      data-testid="project-card"
      data-project-id={row.id}
    >
      <ProjectThumbnail
        name={row.name}
        liveUrl={row.web?.live ? (row.web.liveUrl ?? null) : null}
      />
      <div className="grid min-w-0 gap-1 px-0.5">
        <div className="flex min-w-0 items-start justify-between gap-2">
          <h3 className="truncate text-[15px] font-semibold" title={row.name}>
            {row.name}
          </h3>
        </div>
        <div className="flex flex-wrap gap-1">
          <PlatformBadges row={row} />
        </div>
        <LiveLink row={row} />
        <p className="text-xs text-muted-foreground">
          Updated{' '}
          <time dateTime={row.updatedAt.toISOString()} title={fullDateTime(row.updatedAt)}>
            {relativeTime(row.updatedAt)}
          </time>
          {row.hasVersion ? '' : ' · no version yet'}
        </p>
      </div>
      <div className="mt-auto px-0.5">
        <ProjectActions row={row} {...actions} />
      </div>
    </li>
  );
}

export function ProjectTable({ rows, ...actions }: TProjectActions & { rows: TProjectRow[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Project</TableHead>
          <TableHead className="hidden md:table-cell">Status</TableHead>
          <TableHead className="hidden lg:table-cell">Updated</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id} data-testid="project-card" data-project-id={row.id}>
            <TableCell className="max-w-[16rem]">
              <div className="truncate font-medium" title={row.name}>
                {row.name}
              </div>
              <LiveLink row={row} />
              <div className="mt-1 flex flex-wrap gap-1 md:hidden">
                <PlatformBadges row={row} />
              </div>
            </TableCell>
            <TableCell className="hidden md:table-cell">
              <div className="flex flex-wrap gap-1">
                <PlatformBadges row={row} />
              </div>
            </TableCell>
            <TableCell className="hidden text-[13px] whitespace-nowrap text-muted-foreground lg:table-cell">
              <time dateTime={row.updatedAt.toISOString()} title={fullDateTime(row.updatedAt)}>
                {relativeTime(row.updatedAt)}
              </time>
            </TableCell>
            <TableCell>
              <ProjectActions row={row} {...actions} compact />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
