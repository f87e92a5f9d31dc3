import {
  Alert,
  Badge,
  Button,
  Spinner,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  TooltipProvider,
  WithTooltip,
} from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { CodeXmlIcon, DownloadIcon, FilesIcon, EyeIcon, HistoryIcon, MessageSquareIcon, RocketIcon, UploadIcon, XIcon } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { TBuilderApi } from './api';
import { ChatPanel } from './chat-panel';
import { CodePanel } from './code-panel';
import { DiffDialog, HistoryPanel } from './history-panel';
import { fixPromptFor, type TBuilderPreviewFactory, type TPreviewProblemView } from './preview';
import { PreviewPane } from './preview-pane';
import { ResizeHandle } from './resize-handle';
import { isLive, useBuilder } from './use-builder';

export interface TBuilderProps {
  /** The data adapter for one project (see {@link TBuilderApi}). Read once on mount: to switch projects, render the builder with a new `key`. */
  api: TBuilderApi;
  /** Creates the live preview inside the container the builder gives it. */
  preview?: TBuilderPreviewFactory;
  /** The Deploy button; the platform routes to `/dashboard?deploy=<projectId>`. Hidden when absent. */
  onDeploy?: () => void;
  /** A display name for a version's author id (the history shows the kind alone without it). */
  authorName?: (authorId: string) => string | null;
  /** Rendered at the start of the header, e.g. a link back to the dashboard. */
  headerStart?: ReactNode;
  className?: string;
}

type TPane = 'chat' | 'code' | 'preview';
const PANES: { id: TPane; label: string; icon: typeof MessageSquareIcon }[] = [
  { id: 'chat', label: 'Chat', icon: MessageSquareIcon },
  { id: 'code', label: 'Code', icon: CodeXmlIcon },
  { id: 'preview', label: 'Preview', icon: EyeIcon },
];
const MIN_PANE = 18;
const LAYOUT_KEY = 'shipyard.builder.layout';

function loadSizes(): [number, number, number] {
  try {
    const raw = globalThis.localStorage?.getItem(LAYOUT_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((n) => typeof n === 'number' && n >= MIN_PANE)) {
      const [a, b, c] = parsed as number[];
      if (Math.abs(a! + b! + c! - 100) < 0.5) return [a!, b!, c!];
    }
  } catch {
    // A corrupt or blocked localStorage just means the default layout.
  }
  return [26, 44, 30];
}

/**
 * The builder: chat, files and code, version history and the live preview of one project, in a
 * three-pane resizable layout (tabs on narrow screens). All data goes through `api`.
 */
export function Builder({ api, preview, onDeploy, authorName, headerStart, className }: TBuilderProps) {
  const state = useBuilder(api);
  const [pane, setPane] = useState<TPane>('chat');
  const [middleTab, setMiddleTab] = useState<'code' | 'history'>('code');
  const [openPath, setOpenPath] = useState<string | null>(null);
  const [jumpTo, setJumpTo] = useState<{ line: number; column?: number; nonce: number } | null>(null);
  const [sizes, setSizes] = useState<[number, number, number]>(loadSizes);
  const row = useRef<HTMLDivElement>(null);
  const upload = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  // Open the app's main file once files arrive.
  useEffect(() => {
    const paths = Object.keys(state.head.files);
    if (openPath && (paths.includes(openPath) || openPath in state.drafts)) return;
    const preferred = ['src/App.tsx', 'src/main.tsx', 'index.html'].find((p) => paths.includes(p)) ?? paths.sort()[0] ?? null;
    setOpenPath(preferred);
  }, [state.head.files, state.drafts, openPath]);

  useEffect(() => {
    try {
      globalThis.localStorage?.setItem(LAYOUT_KEY, JSON.stringify(sizes));
    } catch {
      // Not persisting the layout is harmless.
    }
  }, [sizes]);

  const openFile = useCallback((path: string, line?: number | null, column?: number | null) => {
    setOpenPath(path);
    setMiddleTab('code');
    setPane('code');
    if (line) setJumpTo({ line, ...(column ? { column } : {}), nonce: Date.now() });
  }, []);

  const openDiff = useCallback((versionId: string, path: string | null) => state.openDiffById(versionId, path), [state]);

  const fix = useCallback(
    (problem: TPreviewProblemView) => {
      setPane('chat');
      void state.send(fixPromptFor(problem), 'fix');
    },
    [state],
  );

  // Ctrl/Cmd+S anywhere in the builder (or with nothing focused) saves. CodeMirror handles its
  // own and marks the event handled, so it is not saved twice.
  const saveRef = useRef(state.save);
  saveRef.current = state.save;
  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (!(e.metaKey || e.ctrlKey) || e.altKey || e.key.toLowerCase() !== 's' || e.defaultPrevented) return;
      const target = e.target as Node | null;
      if (target !== document.body && !(target && rootRef.current?.contains(target))) return;
      e.preventDefault();
      void saveRef.current();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const draftCount = Object.keys(state.drafts).length;
  const paneStyle = useMemo(() => sizes.map((s) => ({ '--pane-w': `${s}%` }) as CSSProperties), [sizes]);

  if (state.loadState.status !== 'ready') {
    return (
      <div className={cn('flex h-full min-h-[320px] items-center justify-center bg-background p-6', className)}>
        {state.loadState.status === 'error' ? (
          <Alert variant="danger" title="The project could not be loaded" className="max-w-md">
            {state.loadState.error} Reload the page to try again.
          </Alert>
        ) : (
          <div className="flex items-center gap-2 text-sm text-muted-foreground">
            <Spinner label={null} /> Loading the project…
          </div>
        )}
      </div>
    );
  }

  const paneClass =
    'min-h-0 min-w-0 flex-1 flex-col overflow-hidden pt-0 data-[state=active]:flex data-[state=inactive]:hidden lg:flex-none lg:w-[var(--pane-w)] lg:data-[state=inactive]:flex';

  return (
    <TooltipProvider delayDuration={300}>
      <div className={cn('flex h-full min-h-0 flex-col bg-background text-foreground', className)} ref={rootRef} data-shipyard-builder="">
        <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border bg-surface px-3">
          {headerStart}
          <h1 className="min-w-0 truncate text-[14px] font-semibold" title={state.project?.name}>
            {state.project?.name}
          </h1>
          {state.headVersion ? (
            <Badge variant="neutral" className="hidden sm:inline-flex" data-testid="head-version">
              Version {state.headVersion.number}
            </Badge>
          ) : null}
          {draftCount ? (
            <Badge variant="warning" className="hidden sm:inline-flex">
              {draftCount} unsaved
            </Badge>
          ) : null}
          {isLive(state.live) ? (
            <Badge variant="accent" className="hidden md:inline-flex">
              <Spinner size="sm" label={null} /> Generating
            </Badge>
          ) : null}
          <div className="ml-auto flex items-center gap-1">
            <WithTooltip content="Download the project as a ZIP">
              <Button
                variant="ghost"
                size="sm"
                onClick={() => void state.downloadZip()}
                loading={state.busyAction === 'export'}
                disabled={!state.head.versionId}
                aria-label="Download ZIP"
              >
                {state.busyAction === 'export' ? null : <DownloadIcon />}
                <span className="hidden md:inline">ZIP</span>
              </Button>
            </WithTooltip>
            <WithTooltip content="Upload a ZIP as a new version">
              <Button
                variant="ghost"
                size="sm"
                onClick={() => upload.current?.click()}
                loading={state.busyAction === 'import'}
                disabled={isLive(state.live)}
                aria-label="Upload ZIP"
              >
                {state.busyAction === 'import' ? null : <UploadIcon />}
                <span className="hidden md:inline">Upload</span>
              </Button>
            </WithTooltip>
            <input
              ref={upload}
              type="file"
              accept=".zip,application/zip"
              className="hidden"
              aria-hidden
              tabIndex={-1}
              data-testid="zip-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void state.uploadZip(file);
              }}
            />
            {onDeploy ? (
              <Button size="sm" className="ml-1" onClick={onDeploy} disabled={!state.head.versionId}>
                <RocketIcon />
                Deploy
              </Button>
            ) : null}
          </div>
        </header>

        {state.notices.length ? (
          <div className="grid shrink-0 gap-2 border-b border-border bg-surface px-3 py-2" data-testid="notices">
            {state.notices.map((n) => (
              <div key={n.id} className="relative">
                <Alert variant={n.variant} title={n.title} className="pr-10">
                  {n.message}
                </Alert>
                <button
                  type="button"
                  onClick={() => state.dismissNotice(n.id)}
                  aria-label="Dismiss"
                  className="absolute top-2 right-2 rounded p-1 text-current opacity-70 outline-none hover:opacity-100 focus-visible:ring-[3px] focus-visible:ring-ring"
                >
                  <XIcon className="size-3.5" aria-hidden />
                </button>
              </div>
            ))}
          </div>
        ) : null}

        <Tabs value={pane} onValueChange={(v) => setPane(v as TPane)} className="flex min-h-0 flex-1 flex-col">
          <TabsList className="shrink-0 justify-around bg-surface px-2 lg:hidden" aria-label="Builder panes">
            {PANES.map(({ id, label, icon: Icon }) => (
              <TabsTrigger key={id} value={id} className="flex-1 justify-center">
                <Icon className="size-4" aria-hidden />
                {label}
                {id === 'code' && draftCount ? <span className="size-1.5 rounded-full bg-warning" aria-label="unsaved changes" role="img" /> : null}
                {id === 'chat' && isLive(state.live) ? <Spinner size="sm" label="generating" /> : null}
              </TabsTrigger>
            ))}
          </TabsList>
          <div ref={row} className="flex min-h-0 flex-1">
            <TabsContent value="chat" forceMount style={paneStyle[0]} className={cn(paneClass, 'lg:border-r-0')}>
              <ChatPanel state={state} onOpenFile={openFile} onOpenDiff={openDiff} />
            </TabsContent>
            <div className="hidden lg:flex">
              <ResizeHandle
                label="Resize the chat and code panes"
                value={sizes[0]}
                min={MIN_PANE}
                max={sizes[0] + sizes[1] - MIN_PANE}
                offset={0}
                container={() => row.current}
                onResize={(v) => setSizes(([a, b, c]) => [v, b + a - v, c])}
              />
            </div>
            <TabsContent value="code" forceMount style={paneStyle[1]} className={cn(paneClass, 'bg-surface')}>
              <Tabs value={middleTab} onValueChange={(v) => setMiddleTab(v as 'code' | 'history')} className="flex min-h-0 flex-1 flex-col">
                <TabsList className="h-11 shrink-0 gap-2 px-3" aria-label="Files or history">
                  <TabsTrigger value="code" className="h-11">
                    <FilesIcon className="size-4" aria-hidden />
                    Files
                  </TabsTrigger>
                  <TabsTrigger value="history" className="h-11">
                    <HistoryIcon className="size-4" aria-hidden />
                    History
                    <Badge variant="neutral" className="px-1.5 py-0 text-[10.5px]">
                      {state.versions.length}
                    </Badge>
                  </TabsTrigger>
                </TabsList>
                <TabsContent value="code" forceMount className="min-h-0 flex-1 pt-0 data-[state=inactive]:hidden">
                  <CodePanel state={state} openPath={openPath} onOpen={(p) => openFile(p)} jumpTo={jumpTo} />
                </TabsContent>
                <TabsContent value="history" className="min-h-0 flex-1 pt-0">
                  <HistoryPanel state={state} authorName={authorName} />
                </TabsContent>
              </Tabs>
            </TabsContent>
            <div className="hidden lg:flex">
              <ResizeHandle
                label="Resize the code and preview panes"
                value={sizes[1]}
                min={MIN_PANE}
                max={100 - sizes[0] - MIN_PANE}
                offset={sizes[0]}
                container={() => row.current}
                onResize={(v) => setSizes(([a, b, c]) => [a, v, c + b - v])}
              />
            </div>
            <TabsContent value="preview" forceMount style={paneStyle[2]} className={paneClass}>
              <PreviewPane
                factory={preview}
                files={state.head.files}
                versionId={state.head.versionId}
                versionNumber={state.headVersion?.number ?? null}
                busy={isLive(state.live)}
                onFix={fix}
                onOpenLocation={(file, line, column) => openFile(file, line, column)}
              />
            </TabsContent>
          </div>
        </Tabs>
        <DiffDialog state={state} onOpenFile={(p) => openFile(p)} />
      </div>
    </TooltipProvider>
  );
}
