/** One problem found while building a generated app, positioned for the editor. */
export interface TBuildDiagnostic {
  /** Project path, e.g. `src/App.tsx`; null when the problem is not tied to a file. */
  file: string | null;
  /** 1-based line, or null. */
  line: number | null;
  /** 1-based column, or null. */
  column: number | null;
  /** What is wrong, in words a user can act on. */
  text: string;
  /** The source line the problem is on, when known. */
  lineText?: string;
}

const BUILD_ERROR_BRAND = Symbol.for('@shipyard/deploy-core.BuildError');

/**
 * The app's sources do not build. `errors` lists every problem with its file, line and column so
 * the editor can show them; the message summarises the first ones. Retrying cannot help: the
 * sources must change.
 */
export class BuildError extends Error {
  override readonly name = 'BuildError';
  readonly code = 'BUILD_FAILED' as const;
  readonly errors: TBuildDiagnostic[];
  readonly warnings: TBuildDiagnostic[];

  constructor(errors: TBuildDiagnostic[], warnings: TBuildDiagnostic[] = []) {
    super(summarize(errors));
    this.errors = errors;
    this.warnings = warnings;
    Object.defineProperty(this, BUILD_ERROR_BRAND, { value: true, enumerable: false });
  }

  /** True for any BuildError, including one created by another copy of this package. */
  static is(e: unknown): e is BuildError {
    return typeof e === 'object' && e !== null && (e as { [BUILD_ERROR_BRAND]?: unknown })[BUILD_ERROR_BRAND] === true;
  }
}

export function formatDiagnostic(d: TBuildDiagnostic): string {
  if (d.file === null) return d.text;
  const position = d.line === null ? d.file : `${d.file}:${d.line}${d.column === null ? '' : `:${d.column}`}`;
  return `${position}: ${d.text}`;
}

function summarize(errors: TBuildDiagnostic[]): string {
  const shown = errors.slice(0, 3).map(formatDiagnostic).join('\n');
  const more = errors.length > 3 ? `\n…and ${errors.length - 3} more.` : '';
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
  return `The app failed to build (${count}). Fix the code and deploy again.\n${shown}${more}`;
}
