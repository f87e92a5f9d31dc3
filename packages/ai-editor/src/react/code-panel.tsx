import { Alert, Badge, Button, EmptyState, Spinner, WithTooltip } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { FilesIcon, PanelLeftCloseIcon, PanelLeftOpenIcon, RefreshCwIcon, SaveIcon, Undo2Icon } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { CodeEditor } from './code-editor';
import { fileTypeOf } from './file-icon';
import { FileTree } from './file-tree';
import { isLive, type TBuilderState } from './use-builder';

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function CodePanel({
  state,
  openPath,
  onOpen,
  jumpTo,
}: {
  state: TBuilderState;
  openPath: string | null;
  onOpen(path: string): void;
  jumpTo: { line: number; column?: number; nonce: number } | null;
}) {
  const paths = useMemo(() => {
    const all = new Set([...Object.keys(state.head.files), ...Object.keys(state.drafts)]);
    return [...all].sort();
  }, [state.head.files, state.drafts]);
  const modified = useMemo(() => new Set(Object.keys(state.drafts)), [state.drafts]);
  const [treeOpen, setTreeOpen] = useState(false);
  const draftCount = modified.size;
  const shortcut = isMac() ? '⌘S' : 'Ctrl+S';
  const exists = openPath !== null && paths.includes(openPath);

  // Narrow layouts show the tree as a sheet: close it once a file is chosen.
  useEffect(() => setTreeOpen(false), [openPath]);

  if (!paths.length) {
    return (
      <div className="flex h-full items-center justify-center p-6">
        {isLive(state.live) ? (
          <EmptyState
            icon={<Spinner label={null} />}
            title="Writing your app…"
            description="The files appear here as soon as the generation is saved as the first version."
            className="max-w-sm border-none"
          />
        ) : (
          <EmptyState
            icon={<FilesIcon />}
            title="No files yet"
            description="Describe your app in the chat and the generated files appear here. You can also upload a ZIP of an existing project."
            className="max-w-sm border-none"
          />
        )}
      </div>
    );
  }

  return (
    <div className="@container relative flex h-full min-h-0">
      <div
        className={cn(
          'min-h-0 w-48 shrink-0 overflow-y-auto border-r border-border bg-surface px-1.5',
          '@max-[460px]:absolute @max-[460px]:inset-y-0 @max-[460px]:left-0 @max-[460px]:z-20 @max-[460px]:w-64 @max-[460px]:shadow-lg',
          !treeOpen && '@max-[460px]:hidden',
        )}
      >
        <div className="flex h-8 items-center justify-between px-2 pt-1 text-[11px] font-semibold tracking-wide text-subtle-foreground uppercase">
          <span>Files</span>
          <span className="font-normal normal-case tabular-nums">{paths.length}</span>
        </div>
        <FileTree paths={paths} openPath={openPath} modified={modified} onOpen={onOpen} />
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex h-10 shrink-0 items-center gap-2 border-b border-border px-2">
          <Button
            variant="ghost"
            size="icon-sm"
            className="@min-[460px]:hidden"
            onClick={() => setTreeOpen((o) => !o)}
            aria-expanded={treeOpen}
            aria-label={treeOpen ? 'Hide files' : 'Show files'}
          >
            {treeOpen ? <PanelLeftCloseIcon /> : <PanelLeftOpenIcon />}
          </Button>
          {exists ? (
            <>
              <span className="min-w-0 truncate font-mono text-[12.5px] text-muted-foreground" data-testid="open-path">
                {openPath.split('/').map((part, i, all) => (
                  <span key={i} className={i === all.length - 1 ? 'font-medium text-foreground' : undefined}>
                    {part}
                    {i < all.length - 1 ? <span className="px-0.5 text-subtle-foreground">/</span> : null}
                  </span>
                ))}
              </span>
              <span className="hidden text-[11px] text-subtle-foreground @md:inline">{fileTypeOf(openPath).label}</span>
              {modified.has(openPath) ? (
                <Badge variant="warning" className="shrink-0">
                  Unsaved
                </Badge>
              ) : null}
            </>
          ) : (
            <span className="text-[13px] text-muted-foreground">Choose a file</span>
          )}
          <div className="ml-auto flex shrink-0 items-center gap-1.5">
            {exists && modified.has(openPath) ? (
              <WithTooltip content="Discard the unsaved changes to this file">
                <Button variant="ghost" size="icon-sm" onClick={() => state.discardDraft(openPath)} aria-label={`Discard changes to ${openPath}`}>
                  <Undo2Icon />
                </Button>
              </WithTooltip>
            ) : null}
            <WithTooltip content={`Save as a new version (${shortcut})`}>
              <Button
                size="sm"
                variant={draftCount ? 'primary' : 'secondary'}
                onClick={() => void state.save()}
                disabled={!draftCount}
                loading={state.saving}
                aria-keyshortcuts="Control+S Meta+S"
              >
                {state.saving ? null : <SaveIcon />}
                {draftCount > 1 ? `Save ${draftCount} files` : 'Save'}
              </Button>
            </WithTooltip>
          </div>
        </div>
        {state.conflict || state.stale ? (
          <div className="shrink-0 border-b border-border p-2">
            <Alert variant="danger" title="The project changed — reload" data-testid="conflict-banner">
              <p>
                {state.conflict ??
                  'A newer version was saved while you were editing. Reload to get the latest version, then save again.'}{' '}
                Your unsaved changes are kept.
              </p>
              <Button
                size="sm"
                variant="secondary"
                className="mt-2"
                onClick={() => void state.reloadLatest()}
                loading={state.busyAction === 'reload'}
              >
                {state.busyAction === 'reload' ? null : <RefreshCwIcon />}
                Reload latest version
              </Button>
            </Alert>
          </div>
        ) : state.changedUnderneath.length ? (
          <div className="shrink-0 border-b border-border p-2">
            <Alert variant="warning" title="Check before saving" data-testid="changed-underneath">
              {state.changedUnderneath.join(', ')} also changed in the latest version. Your text is unchanged; make sure it still fits, then save.
            </Alert>
          </div>
        ) : null}
        {state.saveError ? (
          <div className="shrink-0 border-b border-border p-2">
            <Alert variant="danger" title="Not saved">
              {state.saveError}
            </Alert>
          </div>
        ) : null}
        <div className="min-h-0 flex-1">
          {exists ? (
            <CodeEditor
              path={openPath}
              value={state.contentOf(openPath)}
              onChange={state.editFile}
              onSave={() => void state.save()}
              jumpTo={jumpTo}
            />
          ) : (
            <div className="flex h-full items-center justify-center p-6 text-[13px] text-muted-foreground">
              Choose a file on the left to view and edit it.
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
