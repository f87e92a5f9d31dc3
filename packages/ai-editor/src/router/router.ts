import {
  AppError,
  defineRouterFactory,
  getAppErrorCode,
  orgProcedure,
  router,
  ZOrgScopedInputSchema,
} from '@shipyard/core';
import type { JobQueue } from '@shipyard/core/jobs';
import { z } from 'zod';
import type { EditorDb } from '../db';
import { GENERATE_JOB } from '../jobs';
import type { AiProviderRegistry } from '../services/ai';
import type { TProjectLimits } from '../services/files';
import {
  GENERATION_TERMINAL,
  MAX_PROMPT_CHARS,
  type GenerationService,
} from '../services/generation/generation-service';
import type { TGenerationProgress } from '../services/generation/runner';
import type { ProjectService } from '../services/projects/project-service';
import { commitVersion, loadVersionFiles } from '../services/projects/versions';
import { exportZip, importZip } from '../services/projects/zip';

export interface TEditorRouterDeps {
  db: EditorDb;
  projects: ProjectService;
  generations: GenerationService;
  ai: AiProviderRegistry;
  queue: JobQueue;
  limits?: Partial<TProjectLimits>;
}

const ZProjectInput = ZOrgScopedInputSchema.extend({ projectId: z.string().min(1) });
const ZGenerationInput = ZOrgScopedInputSchema.extend({ generationId: z.string().min(1) });
// Bounded at the edge; the service checks the exact limit with a message that names it.
const ZPrompt = z
  .string()
  .min(1, 'Describe what to build or change.')
  .max(MAX_PROMPT_CHARS * 2);

export type TGenerationEvent =
  | { type: 'progress'; progress: TGenerationProgress }
  | {
      type: 'status';
      status: string;
      error: string | null;
      resultVersionId: string | null;
      reply: string;
      usage: { inputTokens: number; outputTokens: number };
      costUsd: number;
    };

/**
 * `createAiEditorRouter(deps)` — mount it as `editor` in the host's app router. Viewers read;
 * members create, edit and generate; admins delete projects.
 */
export const createAiEditorRouter = defineRouterFactory((deps: TEditorRouterDeps) =>
  router({
    providers: orgProcedure('viewer')
      .input(ZOrgScopedInputSchema)
      .query(() =>
        deps.ai.list().map((p) => ({
          id: p.id,
          label: p.label,
          isLanguageModel: p.isLanguageModel,
          defaultModel: p.defaultModel,
          models: p.models.map((m) => ({ id: m.id, label: m.label })),
          isDefault: deps.ai.default().id === p.id,
        })),
      ),

    projects: router({
      list: orgProcedure('viewer')
        .input(
          ZOrgScopedInputSchema.extend({
            search: z.string().max(100).optional(),
            limit: z.number().int().min(1).max(200).default(50),
            cursor: z.string().optional(),
          }),
        )
        .query(({ input }) => deps.projects.list(input)),
      get: orgProcedure('viewer')
        .input(ZProjectInput)
        .query(({ input }) => deps.projects.getProject(input.orgId, input.projectId)),
      create: orgProcedure('member')
        .input(
          ZOrgScopedInputSchema.extend({
            name: z.string().min(1).max(80),
            description: z.string().max(2000).optional(),
          }),
        )
        .mutation(({ ctx, input }) =>
          deps.projects.create({ ...input, userId: ctx.session.userId }),
        ),
      rename: orgProcedure('member')
        .input(ZProjectInput.extend({ name: z.string().min(1).max(80) }))
        .mutation(({ input }) => deps.projects.rename(input)),
      delete: orgProcedure('admin')
        .input(ZProjectInput)
        .mutation(({ input }) => deps.projects.remove(input)),
    }),

    files: router({
      list: orgProcedure('viewer')
        .input(ZProjectInput.extend({ versionId: z.string().optional() }))
        .query(({ input }) => deps.projects.listFiles(input)),
      read: orgProcedure('viewer')
        .input(
          ZProjectInput.extend({
            path: z.string().min(1).max(512),
            versionId: z.string().optional(),
          }),
        )
        .query(({ input }) => deps.projects.readFile(input)),
      readAll: orgProcedure('viewer')
        .input(ZProjectInput.extend({ versionId: z.string().optional() }))
        .query(({ input }) => deps.projects.readFiles(input)),
      /** A manual edit: names its parent version, so a stale editor cannot overwrite newer work. */
      write: orgProcedure('member')
        .input(
          ZProjectInput.extend({
            parentVersionId: z.string().nullable(),
            writes: z.record(z.string(), z.string()).optional(),
            deletes: z.array(z.string()).max(500).optional(),
            message: z.string().max(500).optional(),
          }),
        )
        .mutation(({ ctx, input }) =>
          deps.projects.writeFiles({ ...input, userId: ctx.session.userId }),
        ),
    }),

    generate: orgProcedure('member')
      .input(
        ZProjectInput.extend({
          prompt: ZPrompt,
          kind: z.enum(['create', 'edit', 'fix']).default('edit'),
          providerId: z.string().optional(),
          model: z.string().max(200).optional(),
          waitMs: z.number().int().min(0).max(120_000).optional(),
        }),
      )
      .mutation(({ ctx, input }) =>
        deps.generations.start({ ...input, userId: ctx.session.userId }),
      ),

    cancelGeneration: orgProcedure('member')
      .input(ZGenerationInput)
      .mutation(({ input }) => deps.generations.cancel(input)),

    generation: orgProcedure('viewer')
      .input(ZGenerationInput)
      .query(({ input }) => deps.generations.get(input)),

    generations: orgProcedure('viewer')
      .input(
        ZOrgScopedInputSchema.extend({
          projectId: z.string().optional(),
          limit: z.number().int().min(1).max(100).default(20),
        }),
      )
      .query(({ input }) => deps.generations.list(input)),

    /** Text deltas, files as they parse, usage, then the final status. */
    generationProgress: orgProcedure('viewer')
      .input(ZGenerationInput)
      .subscription(async function* ({ input, signal }): AsyncGenerator<TGenerationEvent> {
        const gen = await deps.generations.get(input);
        if (!(GENERATION_TERMINAL as readonly string[]).includes(gen.status)) {
          try {
            for await (const event of deps.queue.watch(GENERATE_JOB, gen.id, signal)) {
              const data = event.status.progress?.data as TGenerationProgress | undefined;
              if (data) yield { type: 'progress', progress: data };
            }
          } catch (error) {
            // The queue no longer knows the job (finished long ago, or an inline queue that was
            // restarted): the generation's record still has the outcome.
            if (getAppErrorCode(error) !== 'NOT_FOUND') throw error;
          }
        }
        // A cancelled job ends before its runner has written the record: wait for the outcome.
        const final = await deps.generations.waitForEnd(input, signal ? { signal } : {});
        if (!final) return;
        yield {
          type: 'status',
          status: final.status,
          error: final.error,
          resultVersionId: final.resultVersionId,
          reply: final.reply,
          usage: { inputTokens: final.inputTokens, outputTokens: final.outputTokens },
          costUsd: final.costUsd,
        };
      }),

    messages: orgProcedure('viewer')
      .input(ZProjectInput.extend({ limit: z.number().int().min(1).max(200).default(100) }))
      .query(({ input }) => deps.projects.listMessages(input)),

    versions: router({
      list: orgProcedure('viewer')
        .input(
          ZProjectInput.extend({
            limit: z.number().int().min(1).max(200).default(50),
            cursor: z.string().optional(),
          }),
        )
        .query(({ input }) => deps.projects.listVersions(input)),
      diff: orgProcedure('viewer')
        .input(
          ZProjectInput.extend({
            fromVersionId: z.string().nullable(),
            toVersionId: z.string().min(1),
          }),
        )
        .query(({ input }) => deps.projects.diffVersions(input)),
      restore: orgProcedure('member')
        .input(
          ZProjectInput.extend({
            versionId: z.string().min(1),
            parentVersionId: z.string().nullable(),
          }),
        )
        .mutation(({ ctx, input }) =>
          deps.projects.restoreVersion({ ...input, userId: ctx.session.userId }),
        ),
    }),

    exportZip: orgProcedure('viewer')
      .input(ZProjectInput.extend({ versionId: z.string().optional() }))
      .query(async ({ input }) => {
        const project = await deps.projects.getProject(input.orgId, input.projectId);
        const { files, versionId } = await deps.projects.readFiles(input);
        const folder =
          project.name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '') || 'project';
        const zip = exportZip(new Map(Object.entries(files)), folder);
        return {
          fileName: `${folder}.zip`,
          versionId,
          base64: Buffer.from(zip).toString('base64'),
        };
      }),

    /** Imports a ZIP as a new version of a project (or a new project when no projectId). */
    importZip: orgProcedure('member')
      .input(
        ZOrgScopedInputSchema.extend({
          projectId: z.string().optional(),
          parentVersionId: z.string().nullable().optional(),
          name: z.string().min(1).max(80).optional(),
          base64: z.string().max(28_000_000),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const bytes = Buffer.from(input.base64, 'base64');
        const files = importZip(
          new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          deps.limits,
        );
        if (!input.projectId) {
          const project = await deps.projects.create({
            orgId: input.orgId,
            userId: ctx.session.userId,
            name: input.name ?? 'Imported project',
          });
          const { version } = await commitVersion(deps.db, {
            projectId: project.id,
            parentVersionId: null,
            files,
            message: 'Imported from ZIP',
            authorId: ctx.session.userId,
            kind: 'import',
          });
          return { projectId: project.id, versionId: version.id, files: files.size };
        }
        await deps.projects.getProject(input.orgId, input.projectId);
        if (input.parentVersionId === undefined)
          throw new AppError(
            'VALIDATION',
            'Name the version this import replaces (parentVersionId).',
          );
        const before = await loadVersionFiles(deps.db, input.parentVersionId);
        const { version } = await commitVersion(deps.db, {
          projectId: input.projectId,
          parentVersionId: input.parentVersionId,
          files,
          message: `Imported from ZIP (${files.size} files, was ${before.size})`,
          authorId: ctx.session.userId,
          kind: 'import',
        });
        return { projectId: input.projectId, versionId: version.id, files: files.size };
      }),
  }),
);

export type AiEditorRouter = ReturnType<typeof createAiEditorRouter>;
