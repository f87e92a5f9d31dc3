// @shipyard/ai-editor — projects, files, versions, chat and AI generation.
export * from './services/protocol/index';
export * from './services/files/index';
export * from './services/ai/index';
export { createEditorDb, EDITOR_MIGRATIONS_DIR, type EditorDb, type TEditorDbOptions } from './db';
export { createProjectService, type ProjectService, type TProjectServiceDeps } from './services/projects/project-service';
export { commitVersion, loadVersionFiles, type TVersionKind } from './services/projects/versions';
export { exportZip, importZip } from './services/projects/zip';
export { selectContextFiles, recentTurns, estimateTokens, type TContextSelection } from './services/generation/context';
export {
  createGenerationService,
  createProjectLock,
  MAX_PROMPT_CHARS,
  type GenerationService,
  type TGenerationServiceDeps,
} from './services/generation/generation-service';
export {
  createGenerationRunner,
  type GenerationRunner,
  type TGenerationProgress,
  type TGenerationRunnerDeps,
} from './services/generation/runner';
export { createGenerateJob, GENERATE_JOB, type GenerateJob } from './jobs/index';
export { createAiEditorRouter, type AiEditorRouter, type TEditorRouterDeps, type TGenerationEvent } from './router/router';
