export {
  DEFAULT_ALLOWED_EXTENSIONS,
  DEFAULT_ALLOWED_FILE_NAMES,
  DEFAULT_PROJECT_LIMITS,
  ZProjectLimitsSchema,
  formatBytes,
  resolveProjectLimits,
  type TProjectLimits,
} from './limits';
export { checkProjectPath, normalizeProjectPath, validateProjectPath, type TPathCheck } from './paths';
export {
  decodeUtf8Strict,
  projectByteSize,
  utf8ByteLength,
  validateFileContent,
  validateFolderConflicts,
  validateProjectFiles,
} from './content';
export {
  diffFiles,
  diffText,
  splitLines,
  type TDiffOptions,
  type TFileDiff,
  type TFileDiffStatus,
  type TProjectDiff,
  type TTextDiff,
} from './diff';
