import {
  Alert,
  Badge,
  Button,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  EmptyState,
  Skeleton,
} from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { FileDiffIcon, HistoryIcon, ImportIcon, PencilIcon, RotateCcwIcon, SparklesIcon, type LucideIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { TBuilderVersion } from './api';
import { DiffStat, FileDiffView } from './diff-view';
import { relativeTime, toDate } from './format';
import type { TBuilderState } from './use-builder';

const KINDS: Record<string, { label: string; icon: LucideIcon }> = {
  generation: { label: 'AI', icon: SparklesIcon },
  manual: { label: 'Manual edit', icon: PencilIcon },
  restore: { label: 'Restore', icon: RotateCcwIcon },
  import: { label: 'ZIP import', icon: ImportIcon },
  create: { label: 'Created', icon: SparklesIcon },
};

function kindOf(version: TBuilderVersion) {
  return KINDS[version.kind] ?? { label: version.kind, icon: HistoryIcon };
}

export function HistoryPanel({
  state,
  authorName,
}: {
  state: TBuilderState;
  authorName?: (authorId: string) => string | null;
}) {
  const [confirm, setConfirm] = useState<TBuilderVersion | null>(null);
  const headId = state.head.versionId;

  if (state.loadState.status === 'loading') {
    return (
      <div className="grid gap-3 p-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-14" />
        ))}
      </div>
    );
  }
  if (!state.versions.length) {
    return (
      <div className="flex h-full items-center justify-center p-6">
        <EmptyState
          icon={<HistoryIcon />}
          title="No versions yet"
          description="Every generation, manual save, restore and import becomes a version you can go back to."
          className="max-w-sm border-none"
        />
      </div>
    );
  }

  return (
    <div className="h-full overflow-y-auto">
      <ol className="relative grid p-3" aria-label="Versions, newest first">
        {state.versions.map((version, index) => {
          const kind = kindOf(version);
          const Icon = kind.icon;
          const current = version.id === headId;
          const author = authorName?.(version.authorId) ?? null;
          const files = version.filesAdded + version.filesChanged + version.filesDeleted;
          const time = toDate(version.createdAt);
          return (
            <li key={version.id} className="relative flex gap-3 pb-1" data-version-number={version.number}>
              {index < state.versions.length - 1 ? (
                <span aria-hidden className="absolute top-9 bottom-0 left-[15px] w-px bg-border" />
              ) : null}
              <div
                aria-hidden
                className={cn(
                  'relative z-[1] mt-1.5 flex size-[31px] shrink-0 items-center justify-center rounded-full border text-[11px] font-semibold tabular-nums',
                  current ? 'border-accent bg-accent text-accent-foreground' : 'border-border-strong bg-surface text-muted-foreground',
                )}
              >
                {version.number}
              </div>
              <div
                className={cn(
                  'group min-w-0 flex-1 rounded-lg border px-3 py-2.5 transition-colors',
                  current ? 'border-accent/30 bg-accent-subtle/40' : 'border-transparent hover:border-border hover:bg-muted/40',
                )}
              >
                <div className="flex items-start gap-2">
                  <p className="line-clamp-2 min-w-0 flex-1 text-[13px] font-medium text-foreground">
                    <span className="sr-only">Version {version.number}: </span>
                    {version.message}
                  </p>
                  {current ? (
                    <Badge variant="accent" className="shrink-0">
                      Current
                    </Badge>
                  ) : null}
                </div>
                <div className="mt-1 flex flex-wrap items-center gap-x-2.5 gap-y-1 text-[12px] text-muted-foreground">
                  <span className="inline-flex items-center gap-1">
                    <Icon className="size-3.5" aria-hidden />
                    {kind.label}
                    {author ? ` · ${author}` : ''}
                  </span>
                  <DiffStat added={version.linesAdded} removed={version.linesRemoved} />
                  <span>
                    {files} file{files === 1 ? '' : 's'}
                  </span>
                  <time dateTime={time.toISOString()} title={time.toLocaleString()}>
                    {relativeTime(time)}
                  </time>
                </div>
                <div className="mt-2 flex gap-1.5">
                  <Button size="sm" variant="secondary" className="h-7 px-2.5 text-xs" onClick={() => void state.openDiff(version)}>
                    <FileDiffIcon />
                    Changes
                    <span className="sr-only"> in version {version.number}</span>
                  </Button>
                  {current ? null : (
                    <Button size="sm" variant="ghost" className="h-7 px-2.5 text-xs" onClick={() => setConfirm(version)}>
                      <RotateCcwIcon />
                      Restore
                      <span className="sr-only"> version {version.number}</span>
                    </Button>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ol>

      <Dialog open={!!confirm} onOpenChange={(open) => (open ? undefined : setConfirm(null))}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Restore version {confirm?.number}?</DialogTitle>
            <DialogDescription>
              The files of version {confirm?.number} become a new version
              {state.headVersion ? ` (${state.headVersion.number + 1})` : ''}. Nothing is lost: every later version stays in the history.
            </DialogDescription>
          </DialogHeader>
          {Object.keys(state.drafts).length ? (
            <Alert variant="warning">You have unsaved edits. They stay open, but you will need to reload before saving them.</Alert>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button
              loading={state.busyAction === 'restore'}
              onClick={async () => {
                if (confirm && (await state.restore(confirm))) setConfirm(null);
              }}
            >
              Restore version {confirm?.number}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

export function DiffDialog({ state, onOpenFile }: { state: TBuilderState; onOpenFile(path: string): void }) {
  const diff = state.diff;
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!diff?.diff || !diff.focusPath) return;
    const target = body.current?.querySelector(`[data-diff-file="${CSS.escape(diff.focusPath)}"]`);
    target?.scrollIntoView({ block: 'start' });
  }, [diff?.diff, diff?.focusPath]);

  const version = diff?.version;
  const parent = version ? state.versions.find((v) => v.id === version.parentId) : undefined;
  return (
    <Dialog open={!!diff} onOpenChange={(open) => (open ? undefined : state.closeDiff())}>
      <DialogContent className="flex h-[min(86vh,900px)] max-w-5xl flex-col gap-3 p-0 sm:max-w-5xl">
        <DialogHeader className="border-b border-border px-5 pt-5 pb-4">
          <DialogTitle>
            Version {version?.number}
            <span className="font-normal text-muted-foreground"> — {version?.message}</span>
          </DialogTitle>
          <DialogDescription className="flex flex-wrap items-center gap-2">
            <span>
              {version?.parentId ? `Changes since version ${parent?.number ?? 'before it'}` : 'The first version: every file is new'}
            </span>
            {diff?.diff ? (
              <>
                <span aria-hidden>·</span>
                <span>
                  {diff.diff.files.length} file{diff.diff.files.length === 1 ? '' : 's'}
                </span>
                <DiffStat added={diff.diff.added} removed={diff.diff.removed} />
              </>
            ) : null}
          </DialogDescription>
        </DialogHeader>
        <div ref={body} className="min-h-0 flex-1 overflow-y-auto px-5 pb-5" data-testid="diff-view">
          {diff?.error ? (
            <Alert variant="danger" title="The diff could not be loaded">
              {diff.error}
            </Alert>
          ) : !diff?.diff ? (
            <div className="grid gap-3">
              <Skeleton className="h-10" />
              <Skeleton className="h-40" />
            </div>
          ) : diff.diff.files.length ? (
            <div className="grid gap-3">
              {diff.diff.files.map((file) => (
                <FileDiffView
                  key={file.path}
                  file={file}
                  defaultOpen={!diff.focusPath || diff.focusPath === file.path || diff.diff!.files.length <= 6}
                  onOpenFile={
                    state.head.files[file.path] !== undefined
                      ? (path) => {
                          state.closeDiff();
                          onOpenFile(path);
                        }
                      : undefined
                  }
                />
              ))}
            </div>
          ) : (
            <p className="py-8 text-center text-sm text-muted-foreground">This version has the same files as the one before it.</p>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
