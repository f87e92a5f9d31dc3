import { AppError, type Logger } from '@shipyard/core';
import type { EditorDb } from '../../db';
import {
  AiProviderError,
  buildContinuationMessages,
  buildSystemPrompt,
  estimateCostUsd,
  formatProjectFiles,
  type AiProviderRegistry,
  type TChatMessage,
  type TRuntimePackage,
} from '../ai';
import type { TProjectLimits } from '../files';
import {
  applyOperations,
  createOutputParser,
  formatEditRetryRequest,
  isEditMatchError,
  isProtocolError,
  type TApplyResult,
  type TOperation,
  type TParserEvent,
} from '../protocol';
import { commitVersion, loadVersionFiles, newId } from '../projects/versions';
import { createProjectLock } from './generation-service';
import { recentTurns, selectContextFiles } from './context';

/** What a generation streams to the builder (cumulative, so a late subscriber sees everything). */
export interface TGenerationProgress {
  phase: 'thinking' | 'writing' | 'applying' | 'done';
  reply: string;
  files: { path: string; state: 'writing' | 'done'; bytes: number }[];
  operations: number;
  usage: { inputTokens: number; outputTokens: number };
  continuations: number;
}

export interface TGenerationRunnerDeps {
  db: EditorDb;
  ai: AiProviderRegistry;
  logger: Logger;
  runtimePackages: readonly TRuntimePackage[];
  limits?: Partial<TProjectLimits>;
  /** Token budget for file context sent to the model. */
  contextBudgetTokens?: number;
  maxOutputTokens?: number;
  /** How many times a cut-off answer is continued before the generation fails. */
  maxContinuations?: number;
  lockMs?: number;
  now?: () => Date;
  progressIntervalMs?: number;
}

class GenerationFailure extends Error {
  override readonly name = 'GenerationFailure';
}

/**
 * The `editor.generate` processor: streams the model's answer through the output parser,
 * continues a cut-off answer, applies every operation at once and commits one version — or
 * leaves the project unchanged with a clear error. Safe to run again after a crash.
 */
export function createGenerationRunner(deps: TGenerationRunnerDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const lock = createProjectLock(db, { lockMs: deps.lockMs ?? 60_000, now });
  const maxContinuations = deps.maxContinuations ?? 3;
  const allowedDependencies = deps.runtimePackages.map((p) => (typeof p === 'string' ? p : p.name));

  async function run(
    generationId: string,
    opts: {
      signal?: AbortSignal;
      progress?: (p: TGenerationProgress) => Promise<void> | void;
    } = {},
  ): Promise<{ status: string; versionId: string | null }> {
    const signal = opts.signal ?? new AbortController().signal;
    const gen = await db.generation.findUnique({ where: { id: generationId } });
    if (!gen) throw new AppError('NOT_FOUND', `Generation ${generationId} does not exist.`);
    if (['succeeded', 'failed', 'cancelled'].includes(gen.status))
      return { status: gen.status, versionId: gen.resultVersionId };

    // A crash after the commit but before the record was closed: finish the record, don't redo.
    const committed = await db.projectVersion.findFirst({ where: { generationId } });
    if (committed) {
      await db.generation.update({
        where: { id: generationId },
        data: { status: 'succeeded', resultVersionId: committed.id, finishedAt: now() },
      });
      await lock.release(gen.projectId, generationId);
      return { status: 'succeeded', versionId: committed.id };
    }
    // The provider is resolved before the project is locked: a host that no longer configures
    // it must not leave the project locked by a generation that can never run.
    const provider = deps.ai.has(gen.provider) ? deps.ai.get(gen.provider) : null;
    if (!provider) {
      await db.generation.updateMany({
        where: { id: generationId, status: { in: ['queued', 'running'] } },
        data: {
          status: 'failed',
          error: `The AI provider "${gen.provider}" is no longer configured. The project is unchanged; choose another model and try again.`,
          finishedAt: now(),
        },
      });
      await lock.release(gen.projectId, generationId);
      return { status: 'failed', versionId: null };
    }
    if (!(await lock.acquire(gen.projectId, generationId))) {
      throw new AppError('BUSY', 'Another generation holds this project.');
    }
    // Only a queued (or interrupted) generation starts: one cancelled while queued, or closed by
    // crash recovery, stays as it is.
    const claimed = await db.generation.updateMany({
      where: { id: generationId, status: { in: ['queued', 'running'] } },
      data: { status: 'running', startedAt: now(), error: null },
    });
    if (claimed.count !== 1) {
      await lock.release(gen.projectId, generationId);
      const current = await db.generation.findUniqueOrThrow({ where: { id: generationId } });
      return { status: current.status, versionId: current.resultVersionId };
    }
    const renew = setInterval(
      () => void lock.renew(gen.projectId, generationId).catch(() => undefined),
      Math.max(1000, (deps.lockMs ?? 60_000) / 3),
    );
    renew.unref?.();
    const started = Date.now();

    const state: TGenerationProgress = {
      phase: 'thinking',
      reply: '',
      files: [],
      operations: 0,
      usage: { inputTokens: 0, outputTokens: 0 },
      continuations: 0,
    };
    let lastSent = 0;
    const emit = async (force = false) => {
      if (!opts.progress) return;
      const t = Date.now();
      if (!force && t - lastSent < (deps.progressIntervalMs ?? 100)) return;
      lastSent = t;
      try {
        await opts.progress({ ...state, files: state.files.map((f) => ({ ...f })) });
      } catch (error) {
        // Progress is for the live view; losing an update must not fail the generation.
        deps.logger.warn({ err: error, generationId }, 'could not publish generation progress');
      }
    };

    try {
      const base = await loadVersionFiles(db, gen.baseVersionId);
      const project = await db.project.findUniqueOrThrow({ where: { id: gen.projectId } });
      const history = await db.chatMessage.findMany({
        where: { projectId: gen.projectId, generationId: { not: generationId } },
        orderBy: { createdAt: 'desc' },
        take: 12,
      });
      const recentPaths = (
        await db.chatMessage.findMany({
          where: { projectId: gen.projectId, role: 'assistant' },
          orderBy: { createdAt: 'desc' },
          take: 5,
        })
      ).flatMap((m) => (JSON.parse(m.changes) as { path: string }[]).map((c) => c.path));
      const context = selectContextFiles(base, gen.prompt, {
        budgetTokens: deps.contextBudgetTokens ?? 24_000,
        recentPaths,
      });
      const mode = base.size ? 'edit' : 'create';
      const messages: TChatMessage[] = [
        {
          role: 'system',
          content: buildSystemPrompt({
            runtimePackages: deps.runtimePackages,
            projectSummary: project.summary,
            mode,
          }),
        },
        ...recentTurns(
          history
            .reverse()
            .map(
              (m) =>
                ({
                  role: m.role === 'assistant' ? 'assistant' : 'user',
                  content: m.content,
                }) as TChatMessage,
            ),
          4_000,
        ),
        // The files and the request are two turns, so the request is exactly the user's words
        // (the scaffold provider reads the last user turn as the request; Anthropic merges the two).
        ...(base.size
          ? [
              {
                role: 'user' as const,
                content: formatProjectFiles(context.included, context.omitted),
              },
            ]
          : []),
        { role: 'user', content: gen.prompt },
      ];

      let applied: TApplyResult | null = null;
      let summary: string | undefined;
      let reply = '';
      for (let round = 0; round < 3 && !applied; round++) {
        const answer = await streamAnswer(messages, base, state, emit, signal, provider, gen.model);
        reply = answer.reply;
        summary = answer.summary ?? summary;
        state.phase = 'applying';
        await emit(true);
        try {
          applied = applyOperations(base, answer.operations, {
            allowedDependencies,
            limits: deps.limits,
          });
        } catch (error) {
          if (!isProtocolError(error)) throw error;
          if (!isEditMatchError(error) || round === 2) {
            throw new GenerationFailure(
              `The model's changes could not be applied: ${error.message} The project is unchanged; try rephrasing the request.`,
            );
          }
          // Sent back once with the file's current content; the second time a whole-file rewrite is asked for.
          messages.push({ role: 'assistant', content: answer.raw });
          messages.push({
            role: 'user',
            content:
              round === 0
                ? formatEditRetryRequest(error)
                : `${formatEditRetryRequest(error)}\n\nThis time, rewrite ${error.details.edit.path} completely with <shipyard-write> instead of editing it.`,
          });
          state.files = [];
          state.operations = 0;
        }
      }
      if (!applied)
        throw new GenerationFailure(
          'The model could not produce changes that apply. The project is unchanged.',
        );
      if (signal.aborted) throw new GenerationFailure('cancelled');
      if (!applied.changes.length) {
        // Nothing to change (a question, or the scaffold provider declining): answer in chat only.
        await finish(generationId, gen.projectId, {
          reply,
          versionId: null,
          changes: [],
          summary,
          state,
          started,
        });
        return { status: 'succeeded', versionId: null };
      }
      const { version, diff } = await commitVersion(db, {
        projectId: gen.projectId,
        parentVersionId: gen.baseVersionId,
        files: applied.files,
        message: (summary ?? gen.prompt).replace(/\s+/g, ' ').slice(0, 200),
        authorId: gen.createdById,
        kind: 'generation',
        generationId,
      }).catch((error: unknown) => {
        if (AppError.is(error) && error.code === 'CONFLICT') {
          throw new GenerationFailure(
            'The project was changed while this generation ran (an edit was saved), so its changes were not applied and the other change was kept. Send your request again to apply it to the latest version.',
          );
        }
        throw error;
      });
      const changes = diff.files.map((f) => ({
        path: f.path,
        kind: f.status,
        linesAdded: f.added,
        linesRemoved: f.removed,
        previousPath: f.previousPath,
      }));
      await finish(generationId, gen.projectId, {
        reply,
        versionId: version.id,
        changes,
        summary,
        state,
        started,
      });
      state.phase = 'done';
      await emit(true);
      return { status: 'succeeded', versionId: version.id };
    } catch (error) {
      const cancelled = signal.aborted;
      const message = cancelled ? 'Cancelled. The project is unchanged.' : failureMessage(error);
      if (
        !cancelled &&
        !(error instanceof GenerationFailure) &&
        !AppError.is(error) &&
        !(error instanceof AiProviderError)
      ) {
        deps.logger.error({ err: error, generationId }, 'generation failed');
      }
      await db.generation.update({
        where: { id: generationId },
        data: {
          status: cancelled ? 'cancelled' : 'failed',
          error: message,
          finishedAt: now(),
          durationMs: Date.now() - started,
          inputTokens: state.usage.inputTokens,
          outputTokens: state.usage.outputTokens,
          costUsd: estimateCostUsd(provider, gen.model, state.usage),
          continuations: state.continuations,
          reply: state.reply,
        },
      });
      await db.chatMessage.create({
        data: {
          id: newId('msg'),
          projectId: gen.projectId,
          role: 'assistant',
          content: state.reply ? `${state.reply}\n\n${message}` : message,
          generationId,
        },
      });
      return { status: cancelled ? 'cancelled' : 'failed', versionId: null };
    } finally {
      clearInterval(renew);
      await lock.release(gen.projectId, generationId);
    }
  }

  async function streamAnswer(
    messages: TChatMessage[],
    base: ReadonlyMap<string, string>,
    state: TGenerationProgress,
    emit: (force?: boolean) => Promise<void>,
    signal: AbortSignal,
    provider: ReturnType<AiProviderRegistry['get']>,
    model: string,
  ) {
    const parser = createOutputParser();
    const operations: TOperation[] = [];
    let raw = '';
    let reply = '';
    let summary: string | undefined;
    const roundMessages = [...messages];
    const onEvents = (events: TParserEvent[]) => {
      for (const e of events) {
        if (e.type === 'text') reply += e.text;
        else if (e.type === 'file-start') {
          state.phase = 'writing';
          const existing = state.files.find((f) => f.path === e.path);
          if (existing) Object.assign(existing, { state: 'writing', bytes: 0 });
          else state.files.push({ path: e.path, state: 'writing', bytes: 0 });
        } else if (e.type === 'file-delta') {
          const f = state.files.find((x) => x.path === e.path);
          if (f) f.bytes += e.text.length;
        } else if (e.type === 'operation') {
          operations.push(e.op);
          state.operations = operations.length;
          const path = 'path' in e.op ? e.op.path : e.op.type === 'rename' ? e.op.to : null;
          const f = path ? state.files.find((x) => x.path === path) : undefined;
          if (f) f.state = 'done';
          else if (path) state.files.push({ path, state: 'done', bytes: 0 });
        } else if (e.type === 'summary') summary = e.text;
      }
      state.reply = tidyReply(reply);
    };

    // On finish 'length' the parser is NOT ended: the continuation is pushed into the same open
    // parser (continueWith), so a cut anywhere — in prose, between two operations, inside a tag
    // or a file — resumes exactly there. end() is only called once the model stopped by itself.
    let continuing = false;
    for (let attempt = 0; ; attempt++) {
      let finish: 'stop' | 'length' = 'stop';
      let first = true;
      const streamOptions = {
        model,
        signal,
        maxOutputTokens: deps.maxOutputTokens ?? 16_000,
        files: Object.fromEntries(base),
      };
      for await (const delta of provider.stream(roundMessages, streamOptions)) {
        if (delta.type === 'text') {
          if (!delta.text) continue;
          raw += delta.text;
          onEvents(continuing && first ? parser.continueWith(delta.text) : parser.push(delta.text));
          first = false;
          await emit();
        } else if (delta.type === 'usage') {
          state.usage.inputTokens += delta.inputTokens;
          state.usage.outputTokens += delta.outputTokens;
        } else if (delta.type === 'finish') finish = delta.reason;
      }
      if (signal.aborted) throw new GenerationFailure('cancelled');
      if (finish === 'length') {
        if (attempt >= maxContinuations) {
          const open = state.files.find((f) => f.state === 'writing');
          throw new GenerationFailure(
            `The answer was cut off ${maxContinuations + 1} times by the output limit (it stopped ${open ? `in ${open.path}` : 'mid-answer'}). The project is unchanged; ask for a smaller change.`,
          );
        }
        state.continuations += 1;
        continuing = true;
        roundMessages.splice(
          messages.length,
          roundMessages.length,
          ...buildContinuationMessages(raw),
        );
        await emit(true);
        continue;
      }
      const endEvents = parser.end();
      onEvents(endEvents);
      const incomplete = endEvents.find((e) => e.type === 'incomplete');
      if (incomplete?.type === 'incomplete') {
        const where =
          incomplete.at === 'mid-tag'
            ? 'in the middle of a tag'
            : incomplete.at === 'mid-summary'
              ? 'in the middle of its summary'
              : `in the middle of a file${incomplete.path ? ` (${incomplete.path})` : ''}`;
        throw new GenerationFailure(
          `The model's answer ended ${where}. The project is unchanged; try again.`,
        );
      }
      break;
    }
    return { operations, raw, reply: tidyReply(reply), summary };
  }

  async function finish(
    generationId: string,
    projectId: string,
    result: {
      reply: string;
      versionId: string | null;
      changes: unknown[];
      summary: string | undefined;
      state: TGenerationProgress;
      started: number;
    },
  ) {
    const gen = await db.generation.findUniqueOrThrow({ where: { id: generationId } });
    const provider = deps.ai.get(gen.provider);
    const content =
      [result.reply.trim(), result.summary?.trim()].filter(Boolean).join('\n\n') ||
      (result.versionId ? 'Done.' : 'No changes were needed.');
    await db.$transaction([
      db.generation.update({
        where: { id: generationId },
        data: {
          status: 'succeeded',
          resultVersionId: result.versionId,
          finishedAt: now(),
          durationMs: Date.now() - result.started,
          inputTokens: result.state.usage.inputTokens,
          outputTokens: result.state.usage.outputTokens,
          costUsd: estimateCostUsd(provider, gen.model, result.state.usage),
          continuations: result.state.continuations,
          reply: result.reply,
        },
      }),
      db.chatMessage.create({
        data: {
          id: newId('msg'),
          projectId,
          role: 'assistant',
          content,
          generationId,
          versionId: result.versionId,
          changes: JSON.stringify(result.changes),
        },
      }),
      ...(result.summary
        ? [
            db.project.update({
              where: { id: projectId },
              data: { summary: result.summary.slice(0, 4000) },
            }),
          ]
        : []),
    ]);
  }

  return { run };
}

export type GenerationRunner = ReturnType<typeof createGenerationRunner>;

/** The prose between operations, without the blank lines the removed blocks leave behind. */
function tidyReply(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function failureMessage(error: unknown): string {
  if (error instanceof GenerationFailure) return error.message;
  if (error instanceof AiProviderError) return `${error.message} The project is unchanged.`;
  if (AppError.is(error)) return error.message;
  return 'The generation failed because of an internal error. The project is unchanged; try again.';
}
