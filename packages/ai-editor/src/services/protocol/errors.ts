/**
 * Errors raised while validating paths and content or applying the model's operations.
 * Every message says what happened and what to do next; `details` carries the structured
 * data a caller needs to send a precise correction back to the model.
 */
export type TProtocolErrorCode =
  /** The path is empty, absolute, escapes the project, uses a forbidden segment or character. */
  | 'PATH_INVALID'
  /** The path's extension is not one of the text file types a project may hold. */
  | 'PATH_EXTENSION_NOT_ALLOWED'
  /** The path collides with an existing file or folder (or differs from one only in letter case). */
  | 'PATH_CONFLICT'
  /** The content holds NUL bytes: it is binary, not text. */
  | 'CONTENT_BINARY'
  /** The content is not valid UTF-8 (or holds lone UTF-16 surrogates that cannot be encoded). */
  | 'CONTENT_INVALID_UTF8'
  /** One file is larger than `maxFileBytes`. */
  | 'FILE_TOO_LARGE'
  /** All files together are larger than `maxProjectBytes`. */
  | 'PROJECT_TOO_LARGE'
  /** The project would hold more than `maxFiles` files. */
  | 'TOO_MANY_FILES'
  /** A search/replace edit names a file that does not exist. */
  | 'EDIT_FILE_NOT_FOUND'
  /** A SEARCH block matches nothing in the current file, even ignoring whitespace and indentation. */
  | 'EDIT_NO_MATCH'
  /** A SEARCH block matches more than one place in the current file. */
  | 'EDIT_AMBIGUOUS'
  /** A SEARCH block is empty but the file is not. */
  | 'EDIT_EMPTY_SEARCH'
  /** A rename's source file does not exist. */
  | 'RENAME_SOURCE_NOT_FOUND'
  /** A rename's target already exists. */
  | 'RENAME_TARGET_EXISTS'
  /** A dependency is not one of the platform's runtime packages. */
  | 'DEPENDENCY_NOT_ALLOWED'
  /** A dependency name is not a valid npm package name. */
  | 'DEPENDENCY_INVALID_NAME'
  /** The parser was used after it finished, or resumed from a snapshot it cannot read. */
  | 'PARSER_STATE_INVALID';

export interface TEditMatchDetails {
  path: string;
  /** 0-based index of the failing SEARCH/REPLACE block within its edit operation. */
  blockIndex: number;
  /** 0-based index of the operation within the list passed to applyOperations. */
  operationIndex: number;
  search: string;
  /** The file as it was before this edit operation: what the model must base a retry on. */
  fileContent: string;
  /** 1-based line numbers where an ambiguous SEARCH matched. */
  matchLines?: number[];
}

export interface TProtocolErrorDetails {
  path?: string;
  operationIndex?: number;
  edit?: TEditMatchDetails;
  allowed?: readonly string[];
  limit?: number;
  actual?: number;
}

const PROTOCOL_ERROR_FLAG = Symbol.for('shipyard.ai-editor.ProtocolError');

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: TProtocolErrorCode;
  readonly details: TProtocolErrorDetails;
  readonly [PROTOCOL_ERROR_FLAG] = true;

  constructor(code: TProtocolErrorCode, message: string, details: TProtocolErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** True for a ProtocolError, even one created by another copy of this package. */
export function isProtocolError(error: unknown): error is ProtocolError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[PROTOCOL_ERROR_FLAG] === true
  );
}

/** True when the error is a SEARCH that matched nothing or several places: send it back to the model. */
export function isEditMatchError(
  error: unknown,
): error is ProtocolError & { code: 'EDIT_NO_MATCH' | 'EDIT_AMBIGUOUS'; details: { edit: TEditMatchDetails } } {
  return isProtocolError(error) && (error.code === 'EDIT_NO_MATCH' || error.code === 'EDIT_AMBIGUOUS');
}
