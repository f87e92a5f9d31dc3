'use client';

import { Button, EmptyState, Input, Select, Skeleton } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import {
  ChevronLeftIcon,
  ChevronRightIcon,
  FolderPlusIcon,
  LayoutGridIcon,
  ListIcon,
  SearchIcon,
  SearchXIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useId } from 'react';
import { ProjectCard, ProjectTable, type TProjectActions } from './project-card';
import {
  pageWindow,
  paginate,
  type TPlatformFilter,
  type TProjectQuery,
  type TProjectRow,
  type TSortKey,
  type TStatusFilter,
} from './project-model';

export type TView = 'grid' | 'list';
export const PAGE_SIZE: Record<TView, number> = { grid: 12, list: 25 };

export type TProjectListProps = TProjectActions & {
  /** All projects (null while loading). */
  rows: TProjectRow[] | null;
  results: TProjectRow[];
  query: TProjectQuery;
  onQueryChange: (query: TProjectQuery) => void;
  view: TView;
  onViewChange: (view: TView) => void;
  page: number;
  onPageChange: (page: number) => void;
};

function Pagination({
  page,
  pageCount,
  onPageChange,
}: {
  page: number;
  pageCount: number;
  onPageChange: (page: number) => void;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Project pages" className="flex items-center justify-center gap-1">
      <Button
        size="sm"
        variant="ghost"
        onClick={() => onPageChange(page - 1)}
        disabled={page <= 1}
        aria-label="Previous page"
      >
        <ChevronLeftIcon />
        <span className="hidden sm:inline">Previous</span>
      </Button>
      <ul className="flex items-center gap-1">
        {pageWindow(page, pageCount).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden className="px-1 text-muted-foreground">
              …
            </li>
          ) : (
            <li key={p}>
              <Button
                size="sm"
                variant={p === page ? 'secondary' : 'ghost'}
                onClick={() => onPageChange(p)}
                aria-label={`Page ${p}`}
                aria-current={p === page ? 'page' : undefined}
                className={cn('min-w-8 px-2 tabular-nums', p === page && 'font-semibold')}
              >
                {p}
              </Button>
            </li>
          ),
        )}
      </ul>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => onPageChange(page + 1)}
        disabled={page >= pageCount}
        aria-label="Next page"
      >
        <span className="hidden sm:inline">Next</span>
        <ChevronRightIcon />
      </Button>
    </nav>
  );
}

/** Search, filters, sort, grid/list, pages: everything runs on the loaded list, so it answers at once. */
export function ProjectList({
  rows,
  results,
  query,
  onQueryChange,
  view,
  onViewChange,
  page,
  onPageChange,
  canDeploy,
  onDeploy,
}: TProjectListProps) {
  const id = useId();
  const paged = paginate(results, page, PAGE_SIZE[view]);
  const filtered = query.search.trim() !== '' || query.status !== 'all' || query.platform !== 'all';
  const set = (patch: Partial<TProjectQuery>) => onQueryChange({ ...query, ...patch });

  return (
    <section aria-labelledby={`${id}-title`} className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
            Projects
          </h2>
          <p
            className="text-sm text-muted-foreground"
            aria-live="polite"
            data-testid="project-count"
          >
            {rows === null
              ? 'Loading projects…'
              : filtered
                ? `${results.length} of ${rows.length} project${rows.length === 1 ? '' : 's'} match`
                : `${rows.length} project${rows.length === 1 ? '' : 's'}`}
          </p>
        </div>
        <div
          className="flex items-center gap-1 rounded-md border border-border bg-surface p-0.5"
          role="group"
          aria-label="Layout"
        >
          <Button
            size="icon-sm"
            variant={view === 'grid' ? 'secondary' : 'ghost'}
            aria-pressed={view === 'grid'}
            aria-label="Grid view"
            onClick={() => onViewChange('grid')}
            className={cn(view === 'grid' && 'shadow-none')}
          >
            <LayoutGridIcon />
          </Button>
          <Button
            size="icon-sm"
            variant={view === 'list' ? 'secondary' : 'ghost'}
            aria-pressed={view === 'list'}
            aria-label="List view"
            onClick={() => onViewChange('list')}
            className={cn(view === 'list' && 'shadow-none')}
          >
            <ListIcon />
          </Button>
        </div>
      </div>

      <div
        className="grid gap-2 sm:grid-cols-2 lg:grid-cols-[minmax(0,1fr)_10rem_10rem_11rem]"
        role="search"
      >
        <div className="relative sm:col-span-2 lg:col-span-1">
          <label htmlFor={`${id}-search`} className="sr-only">
            Search projects
          </label>
          <SearchIcon
            aria-hidden
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
          />
          <Input
            id={`${id}-search`}
            type="search"
            value={query.search}
            onChange={(e) => set({ search: e.target.value })}
            placeholder="Search by name, address or domain"
            className="pl-9"
            autoComplete="off"
          />
        </div>
        <div>
          <label htmlFor={`${id}-status`} className="sr-only">
            Status
          </label>
          <Select
            id={`${id}-status`}
            value={query.status}
            onChange={(e) => set({ status: e.target.value as TStatusFilter })}
          >
            <option value="all">Any status</option>
            <option value="draft">Draft</option>
            <option value="deployed">Deployed</option>
            <option value="failed">Failed</option>
          </Select>
        </div>
        <div>
          <label htmlFor={`${id}-platform`} className="sr-only">
            Platform
          </label>
          <Select
            id={`${id}-platform`}
            value={query.platform}
            onChange={(e) => set({ platform: e.target.value as TPlatformFilter })}
          >
            <option value="all">Any platform</option>
            <option value="web">Web</option>
            <option value="ios">iOS</option>
            <option value="android">Android</option>
            <option value="desktop">Desktop</option>
          </Select>
        </div>
        <div className="sm:col-span-2 lg:col-span-1">
          <label htmlFor={`${id}-sort`} className="sr-only">
            Sort by
          </label>
          <Select
            id={`${id}-sort`}
            value={query.sort}
            onChange={(e) => set({ sort: e.target.value as TSortKey })}
          >
            <option value="updated">Recently updated</option>
            <option value="created">Recently created</option>
            <option value="name">Name (A–Z)</option>
          </Select>
        </div>
      </div>

      {rows === null ? (
        <ul
          className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
          aria-busy="true"
          aria-label="Loading projects"
        >
          {Array.from({ length: 6 }, (_, i) => (
            <li key={i} className="rounded-lg border border-border bg-surface p-3 shadow-sm">
              <Skeleton className="aspect-[16/9] w-full" />
              <Skeleton className="mt-3 h-4 w-1/2" />
              <Skeleton className="mt-2 h-3 w-1/3" />
            </li>
          ))}
        </ul>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<FolderPlusIcon />}
          title="No projects yet"
          description={
            canDeploy
              ? 'Describe an app in a sentence; Shipyard builds it, shows it running, and puts it online with one click.'
              : 'When your team creates projects, they appear here.'
          }
          action={
            canDeploy ? (
              <Button asChild>
                <Link href="/projects?new=1">
                  <FolderPlusIcon />
                  Start a new project
                </Link>
              </Button>
            ) : undefined
          }
          className="py-16"
        />
      ) : results.length === 0 ? (
        <EmptyState
          icon={<SearchXIcon />}
          title="No projects match"
          description="Try other words, or clear the filters."
          action={
            <Button
              variant="secondary"
              onClick={() =>
                onQueryChange({ ...query, search: '', status: 'all', platform: 'all' })
              }
            >
              Clear search and filters
            </Button>
          }
        />
      ) : view === 'grid' ? (
        <ul
          className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
          aria-label={`Projects ${paged.from}–${paged.to} of ${paged.total}`}
        >
          {paged.items.map((row) => (
            <ProjectCard key={row.id} row={row} canDeploy={canDeploy} onDeploy={onDeploy} />
          ))}
        </ul>
      ) : (
        <div className="rounded-lg border border-border bg-surface shadow-sm">
          <ProjectTable rows={paged.items} canDeploy={canDeploy} onDeploy={onDeploy} />
        </div>
      )}

      {rows && results.length > 0 ? (
        <div className="flex flex-col items-center gap-2 sm:flex-row sm:justify-between">
          <p className="text-[13px] text-muted-foreground tabular-nums">
            Showing {paged.from}–{paged.to} of {paged.total}
          </p>
          <Pagination page={paged.page} pageCount={paged.pageCount} onPageChange={onPageChange} />
        </div>
      ) : null}
    </section>
  );
}
