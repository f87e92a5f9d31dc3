import type { TProjectDiff } from '../services/files/diff';
import type { TGenerationProgress } from '../services/generation/runner';

export type { TProjectDiff, TFileDiff, TFileDiffStatus } from '../services/files/diff';
export type { TGenerationProgress } from '../services/generation/runner';

/** One event of the `generationProgress` subscription (what the router yields; the last one is `status`). */
export type TGenerationEvent =
  | { type: 'progress'; progress: TGenerationProgress }
  | {
      type: 'status';
      status: string;
      error: string | null;
      resultVersionId: string | null;
      reply: string;
      usage?: { inputTokens: number; outputTokens: number };
      costUsd?: number;
    };

/** A timestamp as the host's transport delivers it (superjson gives a Date, plain JSON a string). */
export type TTimestamp = Date | string;

export interface TBuilderProject {
  id: string;
  name: string;
  currentVersionId: string | null;
}

export interface TBuilderFileEntry {
  path: string;
  size: number;
}

export interface TBuilderVersion {
  id: string;
  number: number;
  parentId: string | null;
  message: string;
  authorId: string;
  /** create | generation | manual | restore | import */
  kind: string;
  filesAdded: number;
  filesChanged: number;
  filesDeleted: number;
  linesAdded: number;
  linesRemoved: number;
  createdAt: TTimestamp;
}

/** A file a chat turn changed; `changes` in a message is a list of these. */
export interface TBuilderFileChange {
  path: string;
  kind: 'added' | 'deleted' | 'modified' | 'renamed';
  linesAdded: number;
  linesRemoved: number;
  previousPath?: string;
}

export interface TBuilderMessage {
  id: string;
  /** user | assistant | system */
  role: string;
  content: string;
  generationId: string | null;
  versionId: string | null;
  /** The turn's file changes ({@link TBuilderFileChange}); validated by the builder. */
  changes: readonly unknown[];
  createdAt: TTimestamp;
}

export interface TBuilderGeneration {
  id: string;
  /** queued | running | succeeded | failed | cancelled */
  status: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number | null;
  error: string | null;
}

export interface TBuilderProvider {
  id: string;
  label: string;
  /** false for the offline scaffold provider, which builds from templates. */
  isLanguageModel: boolean;
  defaultModel: string;
  models: { id: string; label: string }[];
  isDefault: boolean;
}

export type TGenerationKind = 'create' | 'edit' | 'fix';

/**
 * Everything the builder reads and changes, for one project. Each method mirrors one procedure
 * of the `editor` router; the host implements it with its tRPC client, binding the org and
 * project ids. Errors are thrown as they come (a `TRPCClientError` is fine): the builder reads
 * the Shipyard error code from `error.data.appCode` (or `error.code`) to recognise `CONFLICT`
 * and `BUSY`, and shows `error.message` to the user.
 *
 * ```ts
 * const api: TBuilderApi = {
 *   getProject: () => trpc.editor.projects.get.query({ orgId, projectId }),
 *   readAll: (versionId) => trpc.editor.files.readAll.query({ orgId, projectId, versionId }),
 *   subscribeGeneration: (generationId, onEvent) => {
 *     const sub = trpc.editor.generationProgress.subscribe({ orgId, generationId }, { onData: onEvent, onError: … });
 *     return () => sub.unsubscribe();
 *   },
 *   // …
 * };
 * ```
 */
export interface TBuilderApi {
  /** `projects.get` */
  getProject(): Promise<TBuilderProject>;
  /** `files.list` */
  listFiles(versionId?: string): Promise<{ versionId: string | null; files: TBuilderFileEntry[] }>;
  /** `files.readAll` — the head version when `versionId` is omitted. */
  readAll(versionId?: string): Promise<{ versionId: string | null; files: Record<string, string> }>;
  /** `files.write` — a manual edit; rejected with `CONFLICT` when `parentVersionId` is no longer the head. */
  writeFiles(input: {
    parentVersionId: string | null;
    writes?: Record<string, string>;
    deletes?: string[];
    message?: string;
  }): Promise<{ id: string; number: number }>;
  /** `generate` — rejected with `BUSY` while another generation holds the project. */
  generate(input: {
    prompt: string;
    kind: TGenerationKind;
    providerId?: string;
    model?: string;
  }): Promise<{ generationId: string; isLanguageModel: boolean }>;
  /** `cancelGeneration` */
  cancelGeneration(generationId: string): Promise<unknown>;
  /** `generation` — usage, cost and duration once it has finished. */
  getGeneration(generationId: string): Promise<TBuilderGeneration>;
  /**
   * `generationProgress` — calls `onEvent` for each event until the final `status` event;
   * `onError` when the stream itself fails. Returns the unsubscribe function.
   */
  subscribeGeneration(
    generationId: string,
    onEvent: (event: TGenerationEvent) => void,
    onError?: (error: unknown) => void,
  ): () => void;
  /** `messages` */
  listMessages(): Promise<readonly TBuilderMessage[]>;
  /** `versions.list` (newest first) */
  listVersions(): Promise<{ items: readonly TBuilderVersion[]; nextCursor: string | null }>;
  /** `versions.diff` — `from: null` diffs against the empty project. */
  diffVersions(fromVersionId: string | null, toVersionId: string): Promise<TProjectDiff>;
  /** `versions.restore` — a new version with the old files, on top of `parentVersionId`. */
  restoreVersion(versionId: string, parentVersionId: string | null): Promise<{ id: string; number: number }>;
  /** `exportZip` */
  exportZip(versionId?: string): Promise<{ fileName: string; base64: string }>;
  /** `importZip` — a new version replacing `parentVersionId`'s files. */
  importZip(base64: string, parentVersionId: string | null): Promise<{ versionId: string; files: number }>;
  /** `providers` */
  providers(): Promise<readonly TBuilderProvider[]>;
}

/** The Shipyard error code of a failed call (`CONFLICT`, `BUSY`, `VALIDATION`, …), or null. */
export function builderErrorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const data = (error as { data?: unknown }).data;
  if (typeof data === 'object' && data !== null) {
    const appCode = (data as { appCode?: unknown }).appCode;
    if (typeof appCode === 'string') return appCode;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** A message to show for a failed call. */
export function builderErrorMessage(error: unknown, fallback = 'Something went wrong. Try again.'): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return fallback;
}
