/**
 * Types shared by the host (the builder page), the preview frame and the two workers. Everything
 * that crosses a postMessage boundary is described here; the receiving side validates it with the
 * guards in this file before acting on it.
 */

/** A problem the builder can show and send to the model: where, and what. Lines and columns are 1-based. */
export interface TPreviewProblem {
  kind: TPreviewProblemKind;
  message: string;
  /** Project path (`src/App.tsx`), or null when the position is unknown. */
  file: string | null;
  line: number | null;
  column: number | null;
  /** The source line, when known (build errors). */
  lineText?: string;
  /** The stack mapped back to project files, one frame a line (runtime errors). */
  stack?: string;
  /** React's component stack, mapped (render errors). */
  componentStack?: string;
}

export type TPreviewProblemKind =
  | 'build'
  | 'runtime'
  | 'unhandled-rejection'
  | 'render'
  | 'api'
  | 'database'
  | 'timeout';

/** A build error as esbuild reports it, mapped to project paths. */
export type TPreviewBuildError = TPreviewProblem & { kind: 'build' | 'database' };

/** Milliseconds spent in each stage of one `update()`. */
export interface TPreviewTimings {
  /** Bundling in the worker (esbuild-wasm), including the message round trip. */
  buildMs: number;
  /** Schema check (and, when it changed, re-creation) of the preview database. */
  databaseMs: number;
  /** From sending the bundle to the frame until it reports the updated frame painted. */
  frameMs: number;
  totalMs: number;
}

// ---------------------------------------------------------------------------------------------
// Bundler worker

export interface TBundleOutput {
  app: { js: string; map: string; css: string };
  api: { js: string; map: string } | null;
  document: TAppDocument;
  database: { schema: string; seed: string; schemaPath: string; seedPath: string | null } | null;
  envNames: string[];
  warnings: TPreviewProblem[];
  /** Project paths of text files under `public/`, served to `fetch('/x')` in the frame. */
  publicFiles: Record<string, string>;
}

/** What the frame needs from index.html. */
export interface TAppDocument {
  title: string;
  lang: string;
  /** Markup for <head> besides the bundled scripts and stylesheets (meta, external links, inline style). */
  head: string;
  /** The body's markup without scripts (usually `<div id="root"></div>`). */
  body: string;
  bodyAttributes: Record<string, string>;
  htmlAttributes: Record<string, string>;
}

export type TBundleResult =
  | { ok: true; output: TBundleOutput; durationMs: number }
  | { ok: false; errors: TPreviewBuildError[]; warnings: TPreviewProblem[]; durationMs: number };

export type TBundlerRequest =
  | { op: 'init'; esbuildWasmUrl: string; runtimeSpecifiers: string[] }
  | { op: 'build'; files: Record<string, string> };

// ---------------------------------------------------------------------------------------------
// Database worker

/** A value SQLite can store, as it crosses postMessage. */
export type TSqlValue = null | number | string | Uint8Array | ArrayBuffer | boolean | bigint;

export interface TSqlStatement {
  sql: string;
  params: TSqlValue[];
}

export type TStatementMode = 'all' | 'first' | 'run' | 'raw';

export type TDatabaseRequest =
  | { op: 'init'; sqliteWasmUrl: string }
  | { op: 'ensure'; schema: string; seed: string; schemaPath: string; seedPath: string | null }
  | { op: 'drop' }
  | { op: 'reset' }
  | { op: 'export' }
  | { op: 'connect' };

/** Operations the frame's `env.DB` may send over its port. */
export type TD1Request =
  | { op: 'statement'; statement: TSqlStatement; mode: TStatementMode; column?: string; columnNames?: boolean }
  | { op: 'batch'; statements: TSqlStatement[] }
  | { op: 'exec'; sql: string };

export type TEnsureResult = {
  action: 'kept' | 'created' | 'recreated';
  errors: TPreviewBuildError[];
  durationMs: number;
};

// ---------------------------------------------------------------------------------------------
// Host ↔ frame

export const HELLO = 'shipyard-preview:hello';
export const CONNECT = 'shipyard-preview:connect';

export interface TFrameConfig {
  nonce: string;
  hostOrigin: string;
  /** Client route to show first (`/tasks`). */
  path: string;
  /** Import-map specifiers to load while the first bundle is built (evaluated once, shared by every version). */
  preload: string[];
}

export interface TFrameLoad {
  appJs: string;
  appMap: string;
  css: string;
  apiJs: string | null;
  apiMap: string | null;
  document: TAppDocument;
  env: Record<string, string>;
  hasDatabase: boolean;
  publicFiles: Record<string, string>;
}

export type THostToFrame =
  | { type: 'load'; id: number; load: TFrameLoad }
  | { type: 'problems'; problems: TPreviewProblem[] }
  | { type: 'clear-problems' }
  | { type: 'navigate'; path: string };

export type TFrameToHost =
  | { type: 'loaded'; id: number; ok: boolean; evaluateMs: number; renderMs: number }
  | { type: 'problem'; problem: TPreviewProblem }
  | { type: 'location'; path: string }
  | { type: 'console'; level: TConsoleLevel; message: string }
  | { type: 'fix-request'; problem: TPreviewProblem };

export type TConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

// ---------------------------------------------------------------------------------------------
// Guards: the host trusts nothing the frame sends.

const PROBLEM_KINDS = new Set<string>(['build', 'runtime', 'unhandled-rejection', 'render', 'api', 'database', 'timeout']);
const CONSOLE_LEVELS = new Set<string>(['log', 'info', 'warn', 'error', 'debug']);
const MAX_TEXT = 20_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max = MAX_TEXT): string | null {
  return typeof value === 'string' ? value.slice(0, max) : null;
}

function position(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 10_000_000 ? value : null;
}

/** Validates and copies a problem from the frame, keeping only known fields of the right types. */
export function readProblem(value: unknown): TPreviewProblem | null {
  if (!isRecord(value) || typeof value.kind !== 'string' || !PROBLEM_KINDS.has(value.kind)) return null;
  const message = text(value.message);
  if (message === null) return null;
  const problem: TPreviewProblem = {
    kind: value.kind as TPreviewProblemKind,
    message,
    file: text(value.file, 500),
    line: position(value.line),
    column: position(value.column),
  };
  const stack = text(value.stack);
  if (stack !== null) problem.stack = stack;
  const componentStack = text(value.componentStack);
  if (componentStack !== null) problem.componentStack = componentStack;
  const lineText = text(value.lineText, 1000);
  if (lineText !== null) problem.lineText = lineText;
  return problem;
}

/** Validates a message from the frame. Returns null for anything that is not part of the protocol. */
export function readFrameMessage(value: unknown): TFrameToHost | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'loaded': {
      if (typeof value.id !== 'number' || typeof value.ok !== 'boolean') return null;
      const ms = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
      return { type: 'loaded', id: value.id, ok: value.ok, evaluateMs: ms(value.evaluateMs), renderMs: ms(value.renderMs) };
    }
    case 'problem':
    case 'fix-request': {
      const problem = readProblem(value.problem);
      return problem ? { type: value.type, problem } : null;
    }
    case 'location': {
      const path = text(value.path, 2000);
      return path !== null && path.startsWith('/') ? { type: 'location', path } : null;
    }
    case 'console': {
      const message = text(value.message);
      if (typeof value.level !== 'string' || !CONSOLE_LEVELS.has(value.level) || message === null) return null;
      return { type: 'console', level: value.level as TConsoleLevel, message };
    }
    default:
      return null;
  }
}

/** Validates a request the frame sends to the database worker over its port. */
export function readD1Request(value: unknown): TD1Request | null {
  if (!isRecord(value)) return null;
  const statement = (v: unknown): TSqlStatement | null =>
    isRecord(v) && typeof v.sql === 'string' && Array.isArray(v.params) ? { sql: v.sql, params: v.params as TSqlValue[] } : null;
  switch (value.op) {
    case 'statement': {
      const s = statement(value.statement);
      if (!s || typeof value.mode !== 'string' || !['all', 'first', 'run', 'raw'].includes(value.mode)) return null;
      return {
        op: 'statement',
        statement: s,
        mode: value.mode as TStatementMode,
        ...(typeof value.column === 'string' ? { column: value.column } : {}),
        ...(value.columnNames === true ? { columnNames: true } : {}),
      };
    }
    case 'batch': {
      if (!Array.isArray(value.statements)) return null;
      const statements = value.statements.map(statement);
      return statements.every((s) => s !== null) ? { op: 'batch', statements: statements as TSqlStatement[] } : null;
    }
    case 'exec':
      return typeof value.sql === 'string' ? { op: 'exec', sql: value.sql } : null;
    default:
      return null;
  }
}
