/**
 * The preview slot. The builder owns a container element and hands it to a factory once; the
 * factory returns the running preview (for example `@shipyard/preview`'s
 * `createPreview({ container, assetsBaseUrl })`). The builder calls `update(files)` for every new
 * version and listens to `onEvent` for build and runtime problems.
 */
export interface TBuilderPreview {
  update(files: Record<string, string>): unknown;
  reload?(): unknown;
  /** Events the preview emits; the builder recognises problems (see {@link previewProblemsOf}). */
  onEvent?(listener: (event: unknown) => void): (() => void) | void;
  destroy?(): void;
}

export type TBuilderPreviewFactory = (container: HTMLElement) => TBuilderPreview;

/** A build or runtime problem shown over the preview. Lines are 1-based. */
export interface TPreviewProblemView {
  kind: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

/** What an event means for the problem bar: add problems, replace them all, clear, a fix request, or nothing. */
export type TPreviewSignal =
  | { type: 'add'; problems: TPreviewProblemView[] }
  | { type: 'replace'; problems: TPreviewProblemView[] }
  | { type: 'clear' }
  | { type: 'fix'; problem: TPreviewProblemView }
  | { type: 'none' };

function toProblem(value: unknown, fallbackKind: string): TPreviewProblemView | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const message = typeof v.message === 'string' ? v.message : typeof v.text === 'string' ? v.text : null;
  if (!message) return null;
  const location = typeof v.location === 'object' && v.location !== null ? (v.location as Record<string, unknown>) : v;
  const file = typeof location.file === 'string' && location.file ? location.file : null;
  const line = typeof location.line === 'number' && location.line > 0 ? location.line : null;
  const column = typeof location.column === 'number' && location.column > 0 ? location.column : null;
  const kind = typeof v.kind === 'string' ? v.kind : fallbackKind;
  return { kind, message, file, line, column };
}

/**
 * Reads a preview event. Written against `@shipyard/preview`'s events — `{ type: 'error', kind,
 * message, file, line, column }` (one per problem), `{ type: 'status', status: 'building' | 'ready'
 * | 'error' }` (a build starts / ended clean), `{ type: 'fix-request', problem }` (the frame's own
 * Fix button) — and tolerant of close variants: `{ type: 'problem', problem }`,
 * `{ type: 'problems', problems }`, `{ type: 'build-error', message, … }`, `{ type: 'x-error', error }`.
 */
export function previewProblemsOf(event: unknown): TPreviewSignal {
  if (typeof event !== 'object' || event === null) return { type: 'none' };
  const e = event as Record<string, unknown>;
  const type = typeof e.type === 'string' ? e.type : '';
  const kindFromType = type.replace(/-?(error|problem)$/, '') || 'runtime';
  if (type === 'fix-request') {
    const problem = toProblem(e.problem, 'runtime');
    return problem ? { type: 'fix', problem } : { type: 'none' };
  }
  if (Array.isArray(e.problems)) {
    const problems = e.problems.map((p) => toProblem(p, kindFromType)).filter((p): p is TPreviewProblemView => p !== null);
    return problems.length ? { type: 'replace', problems } : { type: 'clear' };
  }
  if (e.problem !== undefined) {
    const problem = toProblem(e.problem, kindFromType);
    return problem ? { type: 'add', problems: [problem] } : { type: 'none' };
  }
  if (type === 'status') return e.status === 'building' || e.status === 'ready' ? { type: 'clear' } : { type: 'none' };
  if (type === 'clear-problems') return { type: 'clear' };
  if (/error|problem/.test(type)) {
    const problem = toProblem(typeof e.error === 'object' && e.error !== null ? e.error : e, kindFromType);
    return problem ? { type: 'add', problems: [problem] } : { type: 'none' };
  }
  return { type: 'none' };
}

/** The prompt "Fix with AI" sends. */
export function fixPromptFor(problem: TPreviewProblemView): string {
  const where = problem.file ? ` at ${problem.file}${problem.line ? `:${problem.line}` : ''}` : '';
  return `Fix this error: ${problem.message}${where}`;
}
