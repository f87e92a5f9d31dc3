import { AppError, type Logger } from '@shipyard/core';
import type { JobQueue } from '@shipyard/core/jobs';
import type { EditorDb } from '../../db';
import type { GenerateJob } from '../../jobs';
import type { AiProviderRegistry } from '../ai';
import { newId } from '../projects/versions';

export const MAX_PROMPT_CHARS = 20_000;
export const GENERATION_TERMINAL = ['succeeded', 'failed', 'cancelled'] as const;

export interface TGenerationServiceDeps {
  db: EditorDb;
  queue: JobQueue;
  /** `createGenerateJob(runner)`: the definition the generation is enqueued with. */
  generateJob: GenerateJob;
  ai: AiProviderRegistry;
  logger: Logger;
  /** How long a generation holds its project before a crashed worker's lock expires. */
  lockMs?: number;
  now?: () => Date;
}

/** The project lock: one generation at a time, recoverable when its holder dies. */
export function createProjectLock(db: EditorDb, opts: { lockMs: number; now: () => Date }) {
  return {
    async acquire(projectId: string, holder: string): Promise<boolean> {
      const t = opts.now();
      const { count } = await db.project.updateMany({
        where: {
          id: projectId,
          OR: [{ lockedBy: null }, { lockedUntil: { lt: t } }, { lockedBy: holder }],
        },
        data: { lockedBy: holder, lockedUntil: new Date(t.getTime() + opts.lockMs) },
      });
      return count === 1;
    },
    async renew(projectId: string, holder: string): Promise<boolean> {
      const { count } = await db.project.updateMany({
        where: { id: projectId, lockedBy: holder },
        data: { lockedUntil: new Date(opts.now().getTime() + opts.lockMs) },
      });
      return count === 1;
    },
    async release(projectId: string, holder: string): Promise<void> {
      await db.project.updateMany({
        where: { id: projectId, lockedBy: holder },
        data: { lockedBy: null, lockedUntil: null },
      });
    },
  };
}

export function createGenerationService(deps: TGenerationServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const lock = createProjectLock(db, { lockMs: deps.lockMs ?? 60_000, now });

  async function getProject(orgId: string, projectId: string) {
    const project = await db.project.findFirst({ where: { id: projectId, orgId } });
    if (!project) throw new AppError('NOT_FOUND', 'This project does not exist or was deleted.');
    return project;
  }

  async function getGeneration(input: { orgId: string; generationId: string }) {
    const gen = await db.generation.findFirst({
      where: { id: input.generationId, orgId: input.orgId },
    });
    if (!gen) throw new AppError('NOT_FOUND', 'This generation does not exist.');
    return gen;
  }

  /** A lock whose generation is no longer running (crashed worker) is released and its record closed. */
  async function recoverStaleLock(projectId: string) {
    const project = await db.project.findUnique({ where: { id: projectId } });
    if (!project?.lockedBy || !project.lockedUntil || project.lockedUntil >= now()) return;
    await db.generation.updateMany({
      where: { id: project.lockedBy, status: { in: ['queued', 'running'] } },
      data: {
        status: 'failed',
        error: 'The worker running this generation stopped. The project is unchanged; try again.',
        finishedAt: now(),
      },
    });
  }

  return {
    lock,

    async start(input: {
      orgId: string;
      userId: string;
      projectId: string;
      prompt: string;
      kind: 'create' | 'edit' | 'fix';
      providerId?: string;
      model?: string;
      /** Wait for a running generation to finish instead of answering "busy". */
      waitMs?: number;
    }) {
      const prompt = input.prompt.trim();
      if (!prompt) throw new AppError('VALIDATION', 'Describe what to build or change.');
      if (prompt.length > MAX_PROMPT_CHARS) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `The request is ${prompt.length.toLocaleString('en')} characters; keep it under ${MAX_PROMPT_CHARS.toLocaleString('en')}. Split a long request into steps.`,
        );
      }
      if (prompt.includes('\0'))
        throw new AppError('VALIDATION', 'The request contains a NUL character; remove it.');
      const provider = input.providerId ? deps.ai.get(input.providerId) : deps.ai.default();
      const model = input.model ?? provider.defaultModel;
      await getProject(input.orgId, input.projectId);
      const generationId = newId('gen');
      const deadline = Date.now() + (input.waitMs ?? 0);
      // Polls the lock (another process may hold it); short waits so the next request starts soon after.
      for (let wait = 50; ; wait = Math.min(wait * 2, 250)) {
        await recoverStaleLock(input.projectId);
        if (await lock.acquire(input.projectId, generationId)) break;
        if (Date.now() >= deadline) {
          throw new AppError(
            'BUSY',
            'A generation is already running for this project. Wait for it to finish, or cancel it, then send your request again.',
          );
        }
        await new Promise((r) => setTimeout(r, wait));
      }
      try {
        const project = await db.project.findUniqueOrThrow({ where: { id: input.projectId } });
        await db.$transaction([
          db.generation.create({
            data: {
              id: generationId,
              projectId: input.projectId,
              orgId: input.orgId,
              kind: input.kind,
              prompt,
              provider: provider.id,
              model,
              baseVersionId: project.currentVersionId,
              createdById: input.userId,
            },
          }),
          db.chatMessage.create({
            data: {
              id: newId('msg'),
              projectId: input.projectId,
              role: 'user',
              content: prompt,
              authorId: input.userId,
              generationId,
            },
          }),
          db.promptHistory.create({
            data: {
              id: newId('ph'),
              orgId: input.orgId,
              userId: input.userId,
              projectId: input.projectId,
              prompt: prompt.slice(0, 2000),
            },
          }),
          db.project.update({ where: { id: input.projectId }, data: { updatedAt: now() } }),
        ]);
        await deps.queue.enqueue(deps.generateJob, { generationId }, { jobId: generationId });
      } catch (error) {
        await lock.release(input.projectId, generationId);
        throw error;
      }
      return {
        generationId,
        provider: provider.id,
        model,
        isLanguageModel: provider.isLanguageModel,
      };
    },

    async cancel(input: { orgId: string; generationId: string }) {
      const gen = await db.generation.findFirst({
        where: { id: input.generationId, orgId: input.orgId },
      });
      if (!gen) throw new AppError('NOT_FOUND', 'This generation does not exist.');
      if ((GENERATION_TERMINAL as readonly string[]).includes(gen.status))
        return { cancelled: false, status: gen.status };
      const cancelled = await deps.queue.cancel(deps.generateJob.name, gen.id);
      if (gen.status === 'queued') {
        // Only if it is still queued: a generation that started meanwhile is stopped by the queue's
        // cancel and closes its own record. The runner refuses to start a cancelled generation.
        const { count } = await db.generation.updateMany({
          where: { id: gen.id, status: 'queued' },
          data: {
            status: 'cancelled',
            error: 'Cancelled before it started. The project is unchanged.',
            finishedAt: now(),
          },
        });
        if (count === 1) await lock.release(gen.projectId, gen.id);
      }
      return { cancelled, status: 'cancelled' };
    },

    get: getGeneration,

    /**
     * The generation once its record is final. The job can end (a cancel) a moment before the
     * runner has written the outcome, so this polls briefly. Null when `signal` aborts; the
     * record as it stands after `timeoutMs`.
     */
    async waitForEnd(
      input: { orgId: string; generationId: string },
      opts: { signal?: AbortSignal; timeoutMs?: number } = {},
    ) {
      const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
      for (let wait = 25; ; wait = Math.min(wait * 2, 500)) {
        const gen = await getGeneration(input);
        if (
          (GENERATION_TERMINAL as readonly string[]).includes(gen.status) ||
          Date.now() >= deadline
        )
          return gen;
        if (opts.signal?.aborted) return null;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },

    async list(input: { orgId: string; projectId?: string; limit: number }) {
      return db.generation.findMany({
        where: { orgId: input.orgId, ...(input.projectId ? { projectId: input.projectId } : {}) },
        orderBy: { createdAt: 'desc' },
        take: input.limit,
      });
    },
  };
}

export type GenerationService = ReturnType<typeof createGenerationService>;
