export {
  ProtocolError,
  isEditMatchError,
  isProtocolError,
  type TEditMatchDetails,
  type TProtocolErrorCode,
  type TProtocolErrorDetails,
} from './errors';
export {
  ZDeleteOperationSchema,
  ZDependencyOperationSchema,
  ZEditBlockSchema,
  ZEditOperationSchema,
  ZOperationSchema,
  ZRenameOperationSchema,
  ZWriteOperationSchema,
  type TDeleteOperation,
  type TDependencyOperation,
  type TEditBlock,
  type TEditOperation,
  type TIncompleteAt,
  type TOperation,
  type TParseErrorCode,
  type TParserEvent,
  type TRenameOperation,
  type TWriteOperation,
} from './types';
export {
  ZParserSnapshotSchema,
  createOutputParser,
  parseOutput,
  summarizeEvents,
  type TOutputParser,
  type TOutputParserOptions,
  type TParsedOutput,
  type TParserSnapshot,
} from './parser';
export { applySearchReplace, type TMatchStrategy, type TSearchReplaceResult } from './search-replace';
export {
  applyOperations,
  type TApplyOptions,
  type TApplyResult,
  type TApplyWarning,
  type TDependencyChange,
  type TEditMatch,
  type TFileChange,
} from './apply';
export { formatEditRetryRequest } from './feedback';
