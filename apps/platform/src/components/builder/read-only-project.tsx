'use client';

import {
  CodeEditor,
  builderErrorMessage,
  type TBuilderApi,
  type TBuilderProject,
  type TBuilderVersion,
} from '@shipyard/ai-editor/react';
import { createPreview, type TPreview } from '@shipyard/preview';
import { Alert, Badge, Button, EmptyState, Spinner, Tabs, TabsContent, TabsList, TabsTrigger, useToast } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { DownloadIcon, EyeIcon, FileIcon, FilesIcon, HistoryIcon, LockIcon } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { PREVIEW_ASSETS_URL } from './preview-assets';

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

type TLoaded = {
  project: TBuilderProject;
  versions: readonly TBuilderVersion[];
  /** The version on screen (the latest unless one was picked in the history). */
  versionId: string | null;
  files: Record<string, string>;
};

function downloadBase64(fileName: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The live preview of a set of files, in a container this component owns. */
function ReadOnlyPreview({ files, versionId, title }: { files: Record<string, string>; versionId: string | null; title: string }) {
  const container = useRef<HTMLDivElement>(null);
  const preview = useRef<TPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const instance = createPreview({ container: container.current, assetsBaseUrl: PREVIEW_ASSETS_URL, title });
    preview.current = instance;
    const off = instance.onEvent((event) => {
      if (event.type === 'error') setProblem(`${event.message}${event.file ? ` (${event.file}${event.line ? `:${event.line}` : ''})` : ''}`);
      if (event.type === 'status' && event.status !== 'error') setProblem(null);
    });
    instance.ready.catch((error: unknown) => setProblem(builderErrorMessage(error, 'The preview could not start.')));
    return () => {
      off();
      instance.destroy();
      preview.current = null;
    };
  }, [title]);

  useEffect(() => {
    if (!preview.current || !versionId) return;
    preview.current.update(files).catch((error: unknown) => setProblem(builderErrorMessage(error, 'The preview could not be updated.')));
    // The files change together with the version id.
  }, [versionId]);

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={container} className={cn('absolute inset-0', !versionId && 'invisible')} data-testid="preview-container" />
      {!versionId ? (
        <div className="absolute inset-0 flex items-center justify-center p-6">
          <EmptyState icon={<EyeIcon />} title="Nothing to preview yet" description="This project has no version yet." className="max-w-sm border-none" />
        </div>
      ) : null}
      {problem ? (
        <div className="absolute inset-x-3 bottom-3">
          <Alert variant="danger" title="The app reports a problem" data-testid="preview-problem">
            {problem}
          </Alert>
        </div>
      ) : null}
    </div>
  );
}

function FileList({ paths, open, onOpen }: { paths: string[]; open: string | null; onOpen(path: string): void }) {
  return (
    <ul className="grid content-start gap-px overflow-y-auto p-2" aria-label="Files">
      {paths.map((path) => {
        const slash = path.lastIndexOf('/');
        return (
          <li key={path}>
            <button
              type="button"
              onClick={() => onOpen(path)}
              aria-current={path === open ? 'true' : undefined}
              data-file-path={path}
              className={cn(
                'flex w-full items-center gap-2 truncate rounded-md px-2 py-1 text-left text-[13px] outline-none focus-visible:ring-[3px] focus-visible:ring-ring',
                path === open ? 'bg-accent-subtle text-accent-subtle-foreground' : 'hover:bg-muted',
              )}
            >
              <FileIcon aria-hidden className="size-3.5 shrink-0 opacity-60" />
              <span className="min-w-0 truncate">
                {slash > 0 ? <span className="text-muted-foreground">{path.slice(0, slash + 1)}</span> : null}
                {path.slice(slash + 1)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export type TReadOnlyProjectProps = {
  api: TBuilderApi;
  previewTitle: string;
  authorName(authorId: string): string | null;
  headerStart?: ReactNode;
};

/**
 * What a viewer sees of a project: the live preview, the code and the history, any version of
 * them — and nothing that changes the project (no chat, no saving, no restore, no deploy).
 */
export function ReadOnlyProject({ api, previewTitle, authorName, headerStart }: TReadOnlyProjectProps) {
  const { toast } = useToast();
  const [loaded, setLoaded] = useState<TLoaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openPath, setOpenPath] = useState<string | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.getProject(), api.listVersions(), api.readAll()]).then(
      ([project, versions, head]) => {
        if (!cancelled) setLoaded({ project, versions: versions.items, versionId: head.versionId, files: head.files });
      },
      (failure: unknown) => !cancelled && setError(builderErrorMessage(failure)),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  const paths = useMemo(() => Object.keys(loaded?.files ?? {}).sort(), [loaded?.files]);
  useEffect(() => {
    if (openPath && paths.includes(openPath)) return;
    setOpenPath(['src/App.tsx', 'src/main.tsx', 'index.html'].find((p) => paths.includes(p)) ?? paths[0] ?? null);
  }, [paths, openPath]);

  const showVersion = useCallback(
    async (versionId: string) => {
      setSwitching(versionId);
      try {
        const { files } = await api.readAll(versionId);
        setLoaded((current) => (current ? { ...current, versionId, files } : current));
      } catch (failure) {
        toast({ variant: 'error', title: 'This version could not be opened', description: builderErrorMessage(failure) });
      } finally {
        setSwitching(null);
      }
    },
    [api, toast],
  );

  const downloadZip = useCallback(async () => {
    if (!loaded?.versionId) return;
    setExporting(true);
    try {
      const { fileName, base64 } = await api.exportZip(loaded.versionId);
      downloadBase64(fileName, base64);
    } catch (failure) {
      toast({ variant: 'error', title: 'The ZIP could not be created', description: builderErrorMessage(failure) });
    } finally {
      setExporting(false);
    }
  }, [api, loaded?.versionId, toast]);

  if (!loaded) {
    return (
      <div className="flex h-full items-center justify-center p-6">
        {error ? (
          <Alert variant="danger" title="The project could not be loaded" className="max-w-md">
            {error} Reload the page to try again.
          </Alert>
        ) : (
          <div className="flex items-center gap-2 text-sm text-muted-foreground">
            <Spinner label={null} /> Loading the project…
          </div>
        )}
      </div>
    );
  }

  const { project, versions, versionId, files } = loaded;
  const shown = versions.find((v) => v.id === versionId) ?? null;
  const isLatest = versionId === project.currentVersionId;
  return (
    <div className="flex h-full min-h-0 flex-col bg-background text-foreground">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border bg-surface px-3">
        {headerStart}
        <h1 className="min-w-0 truncate text-[14px] font-semibold" title={project.name}>
          {project.name}
        </h1>
        {shown ? (
          <Badge variant={isLatest ? 'neutral' : 'warning'} data-testid="head-version">
            Version {shown.number}
            {isLatest ? '' : ' (older)'}
          </Badge>
        ) : null}
        <Badge variant="neutral" className="gap-1">
          <LockIcon aria-hidden className="size-3" /> View only
        </Badge>
        <div className="ml-auto flex items-center gap-1">
          {!isLatest && project.currentVersionId ? (
            <Button variant="ghost" size="sm" onClick={() => void showVersion(project.currentVersionId!)} loading={switching !== null}>
              Back to latest
            </Button>
          ) : null}
          <Button variant="ghost" size="sm" onClick={() => void downloadZip()} loading={exporting} disabled={!versionId} aria-label="Download ZIP">
            {exporting ? null : <DownloadIcon />}
            <span className="hidden md:inline">ZIP</span>
          </Button>
        </div>
      </header>
      <p className="shrink-0 border-b border-border bg-muted/60 px-3 py-1.5 text-[12.5px] text-muted-foreground" data-testid="read-only-note">
        You have view access in this team: you can look at the app, its code and its history. Ask an admin for the Member role to change it.
      </p>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <Tabs defaultValue="files" className="flex min-h-[45%] min-w-0 flex-1 flex-col border-border bg-surface lg:min-h-0 lg:max-w-[55%] lg:border-r">
          <TabsList className="h-11 shrink-0 gap-2 px-3" aria-label="Files or history">
            <TabsTrigger value="files" className="h-11">
              <FilesIcon className="size-4" aria-hidden />
              Files
            </TabsTrigger>
            <TabsTrigger value="history" className="h-11">
              <HistoryIcon className="size-4" aria-hidden />
              History
              <Badge variant="neutral" className="px-1.5 py-0 text-[10.5px]">
                {versions.length}
              </Badge>
            </TabsTrigger>
          </TabsList>
          <TabsContent value="files" className="flex min-h-0 flex-1 pt-0">
            {paths.length ? (
              <>
                <div className="flex w-44 shrink-0 flex-col border-r border-border sm:w-56">
                  <FileList paths={paths} open={openPath} onOpen={setOpenPath} />
                </div>
                <div className="flex min-w-0 flex-1 flex-col">
                  {openPath ? (
                    <>
                      <div className="flex h-9 shrink-0 items-center border-b border-border px-3 font-mono text-[12.5px]" data-testid="open-path">
                        {openPath}
                      </div>
                      <div className="min-h-0 flex-1">
                        <CodeEditor path={openPath} value={files[openPath] ?? ''} onChange={() => undefined} onSave={() => undefined} readOnly label={`${openPath} (read-only)`} />
                      </div>
                    </>
                  ) : null}
                </div>
              </>
            ) : (
              <EmptyState icon={<FilesIcon />} title="No files yet" description="This project has not been generated yet." className="m-6 flex-1 border-none" />
            )}
          </TabsContent>
          <TabsContent value="history" className="min-h-0 flex-1 overflow-y-auto pt-0">
            <ol className="grid gap-1 p-3" aria-label="Versions, newest first">
              {versions.map((version) => {
                const author = authorName(version.authorId);
                const current = version.id === versionId;
                return (
                  <li key={version.id} data-version-number={version.number}>
                    <button
                      type="button"
                      onClick={() => void showVersion(version.id)}
                      aria-current={current ? 'true' : undefined}
                      className={cn(
                        'grid w-full gap-0.5 rounded-lg border px-3 py-2 text-left outline-none focus-visible:ring-[3px] focus-visible:ring-ring',
                        current ? 'border-accent/40 bg-accent-subtle/60' : 'border-transparent hover:bg-muted',
                      )}
                    >
                      <span className="flex items-center gap-2 text-[13px] font-medium">
                        Version {version.number}
                        {version.id === project.currentVersionId ? <Badge variant="accent">Latest</Badge> : null}
                        {switching === version.id ? <Spinner size="sm" label="Opening" /> : null}
                      </span>
                      <span className="truncate text-[13px]">{version.message || '—'}</span>
                      <span className="text-xs text-muted-foreground">
                        {author ? `${author} · ` : ''}
                        {timeFormat.format(asDate(version.createdAt))} · +{version.linesAdded} −{version.linesRemoved}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
          </TabsContent>
        </Tabs>
        <section aria-label="Preview" className="flex min-h-[55%] min-w-0 flex-1 flex-col bg-muted/40 lg:min-h-0">
          <div className="flex h-11 shrink-0 items-center gap-2 border-b border-border bg-surface px-3">
            <h2 className="text-[13px] font-semibold">Preview</h2>
            {shown ? <Badge variant="neutral">v{shown.number}</Badge> : null}
          </div>
          <ReadOnlyPreview files={files} versionId={versionId} title={previewTitle} />
        </section>
      </div>
    </div>
  );
}
