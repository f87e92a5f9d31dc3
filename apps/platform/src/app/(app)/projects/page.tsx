import { Badge, EmptyState } from '@shipyard/ui';
import { FolderKanbanIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { editorCaller } from '@/components/builder/editor-caller';
import { PageHeader } from '@/components/page-header';
import { firstParam } from '@/lib/safe-next';
import { requireTeam } from '@/server/viewer';
import { NewProjectButton } from './new-project-dialog';

export const metadata: Metadata = { title: 'Projects' };

const LIST_LIMIT = 200;
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

function updatedAgo(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return 'just now';
}

/** A stable hue per project, so cards are easy to tell apart at a glance. */
function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { activeOrg } = await requireTeam('/projects');
  const params = await searchParams;
  const canCreate = activeOrg.role !== 'viewer';
  const editor = await editorCaller();
  const { items, nextCursor } = await editor.projects.list({ orgId: activeOrg.id, limit: LIST_LIMIT });
  const now = Date.now();
  const newButton = canCreate ? <NewProjectButton orgId={activeOrg.id} defaultOpen={firstParam(params.new) === '1'} /> : null;

  return (
    <>
      <PageHeader
        title="Projects"
        description={canCreate ? `Apps built in ${activeOrg.name}. Describe a new one to start.` : `Apps built in ${activeOrg.name}. You have view access.`}
        actions={items.length ? newButton : undefined}
      />
      {items.length === 0 ? (
        <EmptyState
          icon={<FolderKanbanIcon />}
          title="No projects yet"
          description={
            canCreate
              ? 'Describe an app in a sentence — a task tracker, a blog, a small shop — and watch it run in the preview.'
              : 'When your teammates create projects, you can open them here.'
          }
          action={newButton}
          className="py-20"
        />
      ) : (
        <>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
            {items.map((project) => {
              const generating = Boolean(project.lockedBy && project.lockedUntil && project.lockedUntil.getTime() > now);
              const hue = hueOf(project.id);
              return (
                <li key={project.id} data-testid="project-card">
                  <Link
                    href={`/projects/${project.id}`}
                    className="group flex h-full flex-col rounded-xl border border-border bg-surface p-4 shadow-xs transition-[border-color,box-shadow] outline-none hover:border-border-strong hover:shadow-sm focus-visible:ring-[3px] focus-visible:ring-ring"
                  >
                    <div className="flex items-start gap-3">
                      <span
                        aria-hidden
                        className="flex size-9 shrink-0 items-center justify-center rounded-lg text-sm font-semibold text-white"
                        style={{ background: `linear-gradient(135deg, oklch(0.62 0.16 ${hue}), oklch(0.52 0.18 ${(hue + 40) % 360}))` }}
                      >
                        {project.name.trim().charAt(0).toUpperCase() || '?'}
                      </span>
                      <div className="min-w-0 flex-1">
                        <h2 className="truncate text-[15px] font-semibold group-hover:underline group-hover:underline-offset-2">{project.name}</h2>
                        <p className="mt-0.5 line-clamp-2 text-sm text-muted-foreground first-letter:uppercase">
                          {project.description || 'No description.'}
                        </p>
                      </div>
                    </div>
                    <div className="mt-auto flex items-center gap-2 pt-4 text-xs text-muted-foreground">
                      {generating ? (
                        <Badge variant="accent">Generating</Badge>
                      ) : project.currentVersionId ? null : (
                        <Badge variant="neutral">Not generated yet</Badge>
                      )}
                      <span className="ml-auto">Updated {updatedAgo(project.updatedAt, now)}</span>
                    </div>
                  </Link>
                </li>
              );
            })}
          </ul>
          {nextCursor ? (
            <p className="mt-6 text-center text-sm text-muted-foreground">
              Showing the {LIST_LIMIT} most recently updated projects. <Link href="/dashboard" className="underline underline-offset-2">Search all of them on the dashboard</Link>.
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
