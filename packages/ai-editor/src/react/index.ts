// @shipyard/ai-editor/react — the builder UI. Client components only; data through one adapter.
export { Builder, type TBuilderProps } from './builder';
export {
  builderErrorCode,
  builderErrorMessage,
  type TBuilderApi,
  type TBuilderFileChange,
  type TBuilderFileEntry,
  type TBuilderGeneration,
  type TBuilderMessage,
  type TBuilderProject,
  type TBuilderProvider,
  type TBuilderVersion,
  type TFileDiff,
  type TFileDiffStatus,
  type TGenerationEvent,
  type TGenerationKind,
  type TGenerationProgress,
  type TProjectDiff,
  type TTimestamp,
} from './api';
export {
  fixPromptFor,
  previewProblemsOf,
  type TBuilderPreview,
  type TBuilderPreviewFactory,
  type TPreviewProblemView,
  type TPreviewSignal,
} from './preview';
export { SCAFFOLD_NOTE } from './chat-panel';
export { CodeEditor, languageFor, type TCodeEditorProps } from './code-editor';
export { FileDiffView, parseUnifiedDiff, type TDiffRow } from './diff-view';
