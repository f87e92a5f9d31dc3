import { Alert, Button, Select, Spinner, Textarea, WithTooltip } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { ArrowUpIcon, CheckIcon, FileDiffIcon, SparklesIcon, SquareIcon, XIcon } from 'lucide-react';
import { Fragment, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { TBuilderFileChange, TBuilderGeneration, TBuilderMessage } from './api';
import { DiffStat } from './diff-view';
import { FileTypeIcon } from './file-icon';
import { formatBytes, formatCost, formatDuration, formatTokens, relativeTime, toDate } from './format';
import { changesOf, isLive, type TBuilderState, type TLiveTurn } from './use-builder';

export const SCAFFOLD_NOTE =
  'Scaffold builds from templates — it is not an AI model. Set OPENAI_API_KEY or ANTHROPIC_API_KEY for a real model.';

const CREATE_SUGGESTIONS = [
  'A task tracker with projects, due dates and a database',
  'A landing page for a neighbourhood coffee roaster',
  'A blog with posts, tags and an about page',
  'A sales dashboard with charts for revenue and orders',
];
const EDIT_SUGGESTIONS = [
  'Add a dark mode toggle to the header',
  'Add a page with a contact form that saves to the database',
  'Make the layout work well on phones',
];

/** Paragraphs, bullet lists, **bold** and `inline code`; nothing is parsed as HTML. */
function RichText({ text }: { text: string }) {
  const blocks = text.trim().split(/\n{2,}/);
  const inline = (line: string, key: number): ReactNode => (
    <Fragment key={key}>
      {line.split(/(`[^`\n]+`|\*\*[^*\n]+\*\*)/).map((part, i) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 2 ? (
          <code key={i} className="rounded bg-muted px-1 py-px font-mono text-[0.85em]">
            {part.slice(1, -1)}
          </code>
        ) : part.startsWith('**') && part.endsWith('**') && part.length > 4 ? (
          <strong key={i} className="font-semibold">
            {part.slice(2, -2)}
          </strong>
        ) : (
          part
        ),
      )}
    </Fragment>
  );
  return (
    <div className="grid gap-2 break-words">
      {blocks.map((block, b) => {
        const lines = block.split('\n');
        if (lines.every((l) => /^\s*[-*•]\s+/.test(l))) {
          return (
            <ul key={b} className="grid list-disc gap-0.5 pl-5">
              {lines.map((l, i) => (
                <li key={i}>{inline(l.replace(/^\s*[-*•]\s+/, ''), i)}</li>
              ))}
            </ul>
          );
        }
        return (
          <p key={b} className="whitespace-pre-wrap">
            {lines.map((l, i) => (
              <Fragment key={i}>
                {i > 0 ? '\n' : null}
                {inline(l, i)}
              </Fragment>
            ))}
          </p>
        );
      })}
    </div>
  );
}

const KIND_MARK = {
  added: { letter: 'A', className: 'bg-success-subtle text-success-subtle-foreground', label: 'added' },
  modified: { letter: 'M', className: 'bg-accent-subtle text-accent-subtle-foreground', label: 'modified' },
  deleted: { letter: 'D', className: 'bg-danger-subtle text-danger-subtle-foreground', label: 'deleted' },
  renamed: { letter: 'R', className: 'bg-warning-subtle text-warning-subtle-foreground', label: 'renamed' },
} as const;

export function ChangeList({
  changes,
  versionId,
  onOpenFile,
  onOpenDiff,
}: {
  changes: TBuilderFileChange[];
  versionId: string | null;
  onOpenFile(path: string): void;
  onOpenDiff(versionId: string, path: string | null): void;
}) {
  if (!changes.length) return null;
  const added = changes.reduce((n, c) => n + c.linesAdded, 0);
  const removed = changes.reduce((n, c) => n + c.linesRemoved, 0);
  return (
    <div className="mt-3 overflow-hidden rounded-lg border border-border bg-surface" data-testid="turn-changes">
      <div className="flex items-center gap-2 border-b border-border bg-muted/50 px-2.5 py-1.5 text-xs text-muted-foreground">
        <span className="font-medium text-foreground">
          {changes.length} file{changes.length === 1 ? '' : 's'} changed
        </span>
        <DiffStat added={added} removed={removed} />
        {versionId ? (
          <button
            type="button"
            onClick={() => onOpenDiff(versionId, null)}
            className="ml-auto inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-medium text-accent outline-none hover:bg-accent-subtle focus-visible:ring-[3px] focus-visible:ring-ring"
          >
            <FileDiffIcon className="size-3.5" aria-hidden />
            View diff
          </button>
        ) : null}
      </div>
      <ul className="divide-y divide-border">
        {changes.map((change) => {
          const mark = KIND_MARK[change.kind];
          return (
            <li key={change.path} className="group flex items-center gap-2 px-2.5 py-1.5 text-[13px]">
              <span
                className={cn('inline-flex size-4 shrink-0 items-center justify-center rounded text-[10px] font-semibold', mark.className)}
                title={mark.label}
              >
                <span aria-hidden>{mark.letter}</span>
                <span className="sr-only">{mark.label}</span>
              </span>
              <FileTypeIcon path={change.path} className="size-3.5" />
              {change.kind === 'deleted' ? (
                <span className="min-w-0 truncate font-mono text-[12px] text-muted-foreground line-through">{change.path}</span>
              ) : (
                <button
                  type="button"
                  onClick={() => onOpenFile(change.path)}
                  className="min-w-0 truncate rounded font-mono text-[12px] text-foreground outline-none hover:text-accent hover:underline focus-visible:ring-[3px] focus-visible:ring-ring"
                  title={`Open ${change.path}`}
                >
                  {change.path}
                </button>
              )}
              <DiffStat added={change.linesAdded} removed={change.linesRemoved} className="ml-auto" />
              {versionId ? (
                <WithTooltip content="Show this file's diff">
                  <button
                    type="button"
                    onClick={() => onOpenDiff(versionId, change.path)}
                    aria-label={`Diff of ${change.path}`}
                    className="rounded p-0.5 text-muted-foreground outline-none hover:bg-muted hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring"
                  >
                    <FileDiffIcon className="size-3.5" aria-hidden />
                  </button>
                </WithTooltip>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function UsageLine({ generation }: { generation: TBuilderGeneration }) {
  const parts = [
    `${generation.provider} · ${generation.model}`,
    `${formatTokens(generation.inputTokens)} in`,
    `${formatTokens(generation.outputTokens)} out`,
    formatCost(generation.costUsd),
    generation.durationMs !== null ? formatDuration(generation.durationMs) : null,
  ].filter(Boolean);
  return (
    <p className="mt-2 text-[11.5px] text-muted-foreground" data-testid="turn-usage">
      {parts.join(' · ')}
    </p>
  );
}

function UserBubble({ text, time }: { text: string; time?: Date }) {
  return (
    <div className="flex justify-end">
      <div
        className="max-w-[88%] rounded-2xl rounded-br-md bg-accent px-3.5 py-2 text-[13.5px] leading-relaxed text-accent-foreground shadow-sm"
        title={time ? time.toLocaleString() : undefined}
      >
        <p className="whitespace-pre-wrap break-words">{text}</p>
      </div>
    </div>
  );
}

function AssistantFrame({ children, tone = 'default', label }: { children: ReactNode; tone?: 'default' | 'danger' | 'muted'; label: string }) {
  return (
    <div className="flex gap-2.5" role="group" aria-label={label}>
      <div
        aria-hidden
        className={cn(
          'mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full',
          tone === 'danger' ? 'bg-danger-subtle text-danger-subtle-foreground' : 'bg-accent-subtle text-accent-subtle-foreground',
        )}
      >
        <SparklesIcon className="size-3.5" />
      </div>
      <div
        className={cn(
          'min-w-0 flex-1 text-[13.5px] leading-relaxed',
          tone === 'danger' && 'rounded-lg border border-danger/20 bg-danger-subtle/60 px-3 py-2 text-danger-subtle-foreground',
          tone === 'muted' && 'text-muted-foreground',
        )}
      >
        {children}
      </div>
    </div>
  );
}

function PersistedTurn({
  message,
  generation,
  onOpenFile,
  onOpenDiff,
}: {
  message: TBuilderMessage;
  generation: TBuilderGeneration | undefined;
  onOpenFile(path: string): void;
  onOpenDiff(versionId: string, path: string | null): void;
}) {
  const time = toDate(message.createdAt);
  if (message.role === 'user') return <UserBubble text={message.content} time={time} />;
  const failed = generation?.status === 'failed';
  const cancelled = generation?.status === 'cancelled';
  return (
    <AssistantFrame tone={failed ? 'danger' : cancelled ? 'muted' : 'default'} label={failed ? 'Failed generation' : 'Assistant reply'}>
      {failed ? <p className="mb-1 text-xs font-semibold tracking-wide uppercase">Generation failed</p> : null}
      <RichText text={message.content} />
      <ChangeList changes={changesOf(message)} versionId={message.versionId} onOpenFile={onOpenFile} onOpenDiff={onOpenDiff} />
      {generation && (generation.inputTokens || generation.outputTokens) ? <UsageLine generation={generation} /> : null}
      <p className="sr-only">{relativeTime(time)}</p>
    </AssistantFrame>
  );
}

const PHASE_LABEL = { thinking: 'Thinking', writing: 'Writing files', applying: 'Applying changes', done: 'Finishing' } as const;

function LiveTurnView({ turn, onDismiss }: { turn: TLiveTurn; onDismiss(): void }) {
  const progress = turn.progress;
  const running = isLive(turn);
  const phase = turn.status === 'starting' ? 'Sending' : turn.status === 'queued' ? 'Queued' : progress ? PHASE_LABEL[progress.phase] : 'Working';
  const files = progress?.files ?? [];
  return (
    <div className="grid gap-4" data-testid="live-turn" data-status={turn.status}>
      <UserBubble text={turn.prompt} />
      <AssistantFrame tone={turn.status === 'failed' ? 'danger' : 'default'} label="Assistant reply in progress">
        {running ? (
          <div className="mb-1.5 flex items-center gap-2 text-xs font-medium text-accent-subtle-foreground" aria-live="polite">
            <Spinner size="sm" label={null} />
            <span>
              {turn.cancelling ? 'Cancelling…' : `${phase}…`}
              {progress?.continuations ? ` (continued ${progress.continuations}×)` : ''}
            </span>
          </div>
        ) : null}
        {turn.reply ? (
          <div data-testid="live-reply">
            <RichText text={turn.reply} />
          </div>
        ) : running ? (
          <div className="flex gap-1 py-1.5" aria-hidden>
            {[0, 1, 2].map((i) => (
              <span key={i} className="size-1.5 animate-pulse rounded-full bg-subtle-foreground" style={{ animationDelay: `${i * 150}ms` }} />
            ))}
          </div>
        ) : null}
        {files.length ? (
          <ul className="mt-3 grid gap-1 rounded-lg border border-border bg-surface p-2" aria-label="Files being written" data-testid="live-files">
            {files.map((f) => (
              <li key={f.path} className="flex items-center gap-2 font-mono text-[12px]">
                {f.state === 'done' ? (
                  <CheckIcon className="size-3.5 text-success" aria-label="written" />
                ) : (
                  <Spinner size="sm" label="writing" className="text-accent" />
                )}
                <FileTypeIcon path={f.path} className="size-3.5" />
                <span className="min-w-0 truncate">{f.path}</span>
                {f.bytes ? <span className="ml-auto text-[11px] text-subtle-foreground">{formatBytes(f.bytes)}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {progress && (progress.usage.inputTokens || progress.usage.outputTokens) ? (
          <p className="mt-2 text-[11.5px] text-subtle-foreground">
            {formatTokens(progress.usage.inputTokens)} in · {formatTokens(progress.usage.outputTokens)} out
          </p>
        ) : null}
        {turn.status === 'cancelled' ? <p className="mt-1 text-muted-foreground">Cancelled. The project is unchanged.</p> : null}
        {turn.error ? (
          <div className="mt-2 flex items-start gap-2" role="alert">
            <p className="flex-1">{turn.error}</p>
            <button type="button" onClick={onDismiss} aria-label="Dismiss" className="rounded p-0.5 hover:bg-danger/10">
              <XIcon className="size-3.5" aria-hidden />
            </button>
          </div>
        ) : null}
      </AssistantFrame>
    </div>
  );
}

export function ProviderPicker({ state, compact = false }: { state: TBuilderState; compact?: boolean }) {
  const providerSelect = useId();
  const modelSelect = useId();
  const { providers, provider, model } = state;
  if (!providers.length) return null;
  return (
    <div className={cn('flex min-w-0 items-center gap-1.5', compact && 'w-full')}>
      <label htmlFor={providerSelect} className="sr-only">
        AI provider
      </label>
      <Select
        id={providerSelect}
        value={provider?.id ?? ''}
        onChange={(e) => state.selectProvider(e.target.value)}
        className="w-auto min-w-0 [&_select]:h-7 [&_select]:py-0 [&_select]:pl-2 [&_select]:text-xs"
        disabled={isLive(state.live)}
      >
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </Select>
      {provider && provider.models.length > 0 ? (
        <>
          <label htmlFor={modelSelect} className="sr-only">
            Model
          </label>
          <Select
            id={modelSelect}
            value={model ?? ''}
            onChange={(e) => state.setModel(e.target.value)}
            className="w-auto min-w-0 [&_select]:h-7 [&_select]:py-0 [&_select]:pl-2 [&_select]:text-xs"
            disabled={isLive(state.live) || provider.models.length < 2}
          >
            {provider.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </Select>
        </>
      ) : null}
    </div>
  );
}

export function ChatPanel({
  state,
  onOpenFile,
  onOpenDiff,
}: {
  state: TBuilderState;
  onOpenFile(path: string): void;
  onOpenDiff(versionId: string, path: string | null): void;
}) {
  const [text, setText] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const input = useRef<HTMLTextAreaElement>(null);
  const composerHint = useId();
  const running = isLive(state.live);
  const empty = !state.messages.length && !state.live;
  const hasFiles = state.head.versionId !== null;

  const submit = async () => {
    if (!text.trim() || running) return;
    if (await state.send(text)) setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  // Keep the newest text in view while streaming, unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  return (
    <div className="flex h-full min-h-0 flex-col bg-surface">
      <div className="flex h-11 shrink-0 items-center gap-2 border-b border-border px-3">
        <h2 className="text-[13px] font-semibold">Chat</h2>
        <div className="ml-auto min-w-0">
          <ProviderPicker state={state} />
        </div>
      </div>
      {state.provider && !state.provider.isLanguageModel ? (
        <div className="shrink-0 border-b border-border px-3 py-2">
          <Alert variant="warning" className="py-2 text-[12.5px]" data-testid="scaffold-note">
            {SCAFFOLD_NOTE}
          </Alert>
        </div>
      ) : null}
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
        className="min-h-0 flex-1 overflow-y-auto px-3 py-4"
        role="log"
        aria-label="Conversation"
        aria-live="polite"
        aria-relevant="additions"
      >
        {empty ? (
          <div className="flex h-full flex-col items-center justify-center gap-4 px-2 text-center">
            <div className="flex size-10 items-center justify-center rounded-xl bg-accent-subtle text-accent-subtle-foreground">
              <SparklesIcon className="size-5" aria-hidden />
            </div>
            <div>
              <h3 className="text-[15px] font-semibold">{hasFiles ? 'Change it by chatting' : 'What should we build?'}</h3>
              <p className="mt-1 text-[13px] text-muted-foreground">
                {hasFiles
                  ? 'Ask for a change in plain words. Every change is saved as a version you can go back to.'
                  : 'Describe your app. Then change it by chatting, and every step is saved as a version.'}
              </p>
            </div>
            <div className="grid w-full max-w-sm gap-1.5">
              {(hasFiles ? EDIT_SUGGESTIONS : CREATE_SUGGESTIONS).map((s) => (
                <button
                  key={s}
                  type="button"
                  onClick={() => {
                    setText(s);
                    input.current?.focus();
                  }}
                  className="rounded-lg border border-border bg-surface px-3 py-2 text-left text-[13px] text-foreground shadow-sm transition-colors outline-none hover:border-accent/40 hover:bg-accent-subtle/40 focus-visible:ring-[3px] focus-visible:ring-ring"
                >
                  {s}
                </button>
              ))}
            </div>
          </div>
        ) : (
          <div className="grid gap-5">
            {state.messages.map((m) => (
              <PersistedTurn
                key={m.id}
                message={m}
                generation={m.generationId ? state.stats[m.generationId] : undefined}
                onOpenFile={onOpenFile}
                onOpenDiff={onOpenDiff}
              />
            ))}
            {state.live ? <LiveTurnView turn={state.live} onDismiss={state.dismissLive} /> : null}
          </div>
        )}
      </div>
      <div className="shrink-0 border-t border-border bg-surface p-3">
        {state.chatProblem ? (
          <Alert
            variant={state.chatProblem.code === 'BUSY' ? 'warning' : 'danger'}
            title={state.chatProblem.title}
            className="mb-2"
            data-testid="chat-problem"
          >
            {state.chatProblem.message}
          </Alert>
        ) : null}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          className="relative rounded-xl border border-input bg-surface shadow-sm transition-[border-color,box-shadow] focus-within:border-accent focus-within:ring-[3px] focus-within:ring-ring"
        >
          <label htmlFor={`${composerHint}-input`} className="sr-only">
            Message
          </label>
          <Textarea
            id={`${composerHint}-input`}
            ref={input}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (state.chatProblem) state.dismissChatProblem();
            }}
            onKeyDown={onKeyDown}
            rows={2}
            placeholder={hasFiles ? 'Ask for a change…' : 'Describe the app you want…'}
            aria-describedby={composerHint}
            className="max-h-[200px] min-h-[64px] resize-none border-0 bg-transparent pr-12 shadow-none focus-visible:ring-0"
          />
          <div className="absolute right-2 bottom-2">
            {running ? (
              <WithTooltip content="Stop generating">
                <Button
                  type="button"
                  variant="secondary"
                  size="icon-sm"
                  onClick={() => void state.cancel()}
                  disabled={!state.live?.generationId || state.live.cancelling}
                  aria-label="Cancel generation"
                >
                  <SquareIcon className="fill-current" />
                </Button>
              </WithTooltip>
            ) : (
              <Button type="submit" size="icon-sm" disabled={!text.trim()} aria-label="Send">
                <ArrowUpIcon />
              </Button>
            )}
          </div>
        </form>
        <p id={composerHint} className="mt-1.5 flex items-center gap-1.5 px-1 text-[11.5px] text-muted-foreground">
          <kbd className="rounded border border-border bg-muted px-1 font-sans text-[10.5px] text-foreground">Enter</kbd> to send ·
          <kbd className="rounded border border-border bg-muted px-1 font-sans text-[10.5px] text-foreground">Shift</kbd>+
          <kbd className="rounded border border-border bg-muted px-1 font-sans text-[10.5px] text-foreground">Enter</kbd> for a new line
        </p>
      </div>
    </div>
  );
}
