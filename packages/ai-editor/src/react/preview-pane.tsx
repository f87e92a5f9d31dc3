import { Badge, Button, EmptyState, WithTooltip } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { EyeIcon, RefreshCwIcon, TriangleAlertIcon, WandSparklesIcon, XIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { builderErrorMessage } from './api';
import { previewProblemsOf, type TBuilderPreview, type TBuilderPreviewFactory, type TPreviewProblemView } from './preview';

const KIND_LABEL: Record<string, string> = {
  build: 'Build error',
  runtime: 'Runtime error',
  'unhandled-rejection': 'Unhandled promise rejection',
  render: 'Render error',
  api: 'API error',
  database: 'Database error',
  timeout: 'The app stopped responding',
};

export interface TPreviewPaneProps {
  factory: TBuilderPreviewFactory | undefined;
  /** The files to show; the pane calls `update` whenever `versionId` changes. */
  files: Record<string, string>;
  versionId: string | null;
  versionNumber: number | null;
  /** Whether a generation is running (Fix with AI waits for it). */
  busy: boolean;
  onFix(problem: TPreviewProblemView): void;
  onOpenLocation(file: string, line: number | null, column: number | null): void;
}

/** Hosts the preview in a container it owns, feeds it every new version and shows its problems. */
export function PreviewPane({ factory, files, versionId, versionNumber, busy, onFix, onOpenLocation }: TPreviewPaneProps) {
  const container = useRef<HTMLDivElement>(null);
  const instance = useRef<TBuilderPreview | null>(null);
  const [problems, setProblems] = useState<TPreviewProblemView[]>([]);
  const [dismissed, setDismissed] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [canReload, setCanReload] = useState(false);
  const handlers = useRef({ onFix });
  handlers.current = { onFix };
  const factoryRef = useRef(factory);
  const hasFiles = Object.keys(files).length > 0;

  // Created once: a host that passes a new arrow function on each render must not restart the preview.
  useEffect(() => {
    const create = factoryRef.current;
    if (!create || !container.current) return;
    let preview: TBuilderPreview;
    try {
      preview = create(container.current);
    } catch (error) {
      setFailed(builderErrorMessage(error, 'The preview could not start.'));
      return;
    }
    instance.current = preview;
    setCanReload(typeof preview.reload === 'function');
    const off = preview.onEvent?.((event) => {
      const signal = previewProblemsOf(event);
      if (signal.type === 'add' || signal.type === 'replace') {
        const same = (a: TPreviewProblemView, b: TPreviewProblemView) => a.message === b.message && a.file === b.file && a.line === b.line;
        setProblems((current) =>
          signal.type === 'replace' ? signal.problems : [...current, ...signal.problems.filter((p) => !current.some((c) => same(c, p)))],
        );
        setDismissed(false);
      } else if (signal.type === 'clear') setProblems([]);
      else if (signal.type === 'fix') handlers.current.onFix(signal.problem);
    });
    return () => {
      if (typeof off === 'function') off();
      preview.destroy?.();
      instance.current = null;
    };
  }, []);

  useEffect(() => {
    const preview = instance.current;
    if (!preview || versionId === null) return;
    setProblems([]);
    try {
      const result = preview.update(files);
      if (result instanceof Promise) {
        result.catch((error: unknown) =>
          setProblems([{ kind: 'build', message: builderErrorMessage(error, 'The preview could not be updated.'), file: null, line: null, column: null }]),
        );
      }
    } catch (error) {
      setProblems([{ kind: 'build', message: builderErrorMessage(error, 'The preview could not be updated.'), file: null, line: null, column: null }]);
    }
    // Files change together with the version id.
  }, [versionId]);

  const problem = problems[0];
  return (
    <div className="flex h-full min-h-0 flex-col bg-muted/40">
      <div className="flex h-11 shrink-0 items-center gap-2 border-b border-border bg-surface px-3">
        <h2 className="text-[13px] font-semibold">Preview</h2>
        {versionNumber !== null ? <Badge variant="neutral">v{versionNumber}</Badge> : null}
        <div className="ml-auto flex items-center gap-1">
          {canReload ? (
            <WithTooltip content="Reload the preview">
              <Button variant="ghost" size="icon-sm" aria-label="Reload preview" onClick={() => instance.current?.reload?.()}>
                <RefreshCwIcon />
              </Button>
            </WithTooltip>
          ) : null}
        </div>
      </div>
      <div className="relative min-h-0 flex-1">
        <div ref={container} className={cn('absolute inset-0', !hasFiles && 'invisible')} data-testid="preview-container" />
        {!factory || failed || !hasFiles ? (
          <div className="absolute inset-0 flex items-center justify-center p-6">
            <EmptyState
              icon={<EyeIcon />}
              title={failed ? 'The preview could not start' : !factory ? 'No preview connected' : 'Nothing to preview yet'}
              description={
                failed ?? (!factory ? 'The host did not provide a preview engine.' : 'Your app appears here as soon as the first version is generated.')
              }
              className="max-w-sm border-none"
            />
          </div>
        ) : null}
        {problem && !dismissed ? (
          <div
            role="alert"
            data-testid="preview-problem"
            className="absolute inset-x-3 bottom-3 z-10 flex animate-slide-in flex-col gap-2 rounded-xl border border-danger/25 bg-surface-raised p-3 shadow-lg"
          >
            <div className="flex items-start gap-2.5">
              <div className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-md bg-danger-subtle text-danger">
                <TriangleAlertIcon className="size-3.5" aria-hidden />
              </div>
              <div className="min-w-0 flex-1">
                <p className="text-[13px] font-semibold text-danger-subtle-foreground">
                  {KIND_LABEL[problem.kind] ?? 'Error'}
                  {problems.length > 1 ? <span className="font-normal text-muted-foreground"> · and {problems.length - 1} more</span> : null}
                </p>
                <p className="mt-0.5 line-clamp-3 font-mono text-[12px] break-words text-foreground">{problem.message}</p>
              </div>
              <button
                type="button"
                onClick={() => setDismissed(true)}
                aria-label="Dismiss the error"
                className="rounded p-1 text-muted-foreground outline-none hover:bg-muted focus-visible:ring-[3px] focus-visible:ring-ring"
              >
                <XIcon className="size-3.5" aria-hidden />
              </button>
            </div>
            <div className="flex items-center gap-2 pl-8.5">
              {problem.file ? (
                <button
                  type="button"
                  onClick={() => onOpenLocation(problem.file!, problem.line, problem.column)}
                  className="min-w-0 truncate rounded font-mono text-[12px] text-accent outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring"
                  title="Open in the editor"
                >
                  {problem.file}
                  {problem.line ? `:${problem.line}` : ''}
                  {problem.line && problem.column ? `:${problem.column}` : ''}
                </button>
              ) : null}
              <Button size="sm" className="ml-auto" onClick={() => onFix(problem)} disabled={busy}>
                <WandSparklesIcon />
                Fix with AI
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
