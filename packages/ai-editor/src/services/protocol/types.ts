import { z } from 'zod';

/** One SEARCH/REPLACE block. Both sides are whole lines, each ending in '\n'. */
export const ZEditBlockSchema = z.object({
  search: z.string(),
  replace: z.string(),
});
export type TEditBlock = z.infer<typeof ZEditBlockSchema>;

export const ZWriteOperationSchema = z.object({
  type: z.literal('write'),
  path: z.string(),
  content: z.string(),
});
export const ZEditOperationSchema = z.object({
  type: z.literal('edit'),
  path: z.string(),
  blocks: z.array(ZEditBlockSchema).min(1),
});
export const ZDeleteOperationSchema = z.object({
  type: z.literal('delete'),
  path: z.string(),
});
export const ZRenameOperationSchema = z.object({
  type: z.literal('rename'),
  from: z.string(),
  to: z.string(),
});
export const ZDependencyOperationSchema = z.object({
  type: z.literal('dependency'),
  name: z.string(),
  action: z.enum(['add', 'remove']),
  /** As written by the model; informational, the platform pins runtime package versions. */
  version: z.string().optional(),
});

/** A complete file operation parsed from model output (JSON-serializable, e.g. for a job payload). */
export const ZOperationSchema = z.discriminatedUnion('type', [
  ZWriteOperationSchema,
  ZEditOperationSchema,
  ZDeleteOperationSchema,
  ZRenameOperationSchema,
  ZDependencyOperationSchema,
]);

export type TWriteOperation = z.infer<typeof ZWriteOperationSchema>;
export type TEditOperation = z.infer<typeof ZEditOperationSchema>;
export type TDeleteOperation = z.infer<typeof ZDeleteOperationSchema>;
export type TRenameOperation = z.infer<typeof ZRenameOperationSchema>;
export type TDependencyOperation = z.infer<typeof ZDependencyOperationSchema>;
export type TOperation = z.infer<typeof ZOperationSchema>;

/** Non-fatal problems the parser met: the block concerned produced no operation (or a repaired one). */
export type TParseErrorCode =
  /** `<shipyard-foo>` with a name outside the protocol; the tag was dropped. */
  | 'UNKNOWN_TAG'
  /** A tag lacks a required attribute (path, from/to, name); the block was dropped. */
  | 'TAG_MISSING_ATTRIBUTE'
  /** An attribute value is unusable (e.g. a dependency action other than add/remove). */
  | 'TAG_INVALID_ATTRIBUTE'
  /** A block was not closed before the next block opened; it was closed there. */
  | 'MISSING_CLOSE_TAG'
  /** A SEARCH/REPLACE block lacks its ======= divider or its markers are out of order. */
  | 'EDIT_MALFORMED_BLOCK'
  /** A `<shipyard-edit>` held no SEARCH/REPLACE block; no operation was produced. */
  | 'EDIT_EMPTY';

/** Where a cut-off output stopped. */
export type TIncompleteAt = 'mid-tag' | 'mid-file' | 'mid-edit' | 'mid-summary';

export type TParserEvent =
  /** Chat prose for the user, streamed as it arrives. */
  | { type: 'text'; text: string }
  /**
   * A write or edit block opened. A second `file-start` for a path already started means the
   * model began that file again (e.g. after a continuation): discard what was shown for it.
   */
  | { type: 'file-start'; path: string; kind: 'write' | 'edit' }
  /** More content of a file being written (whole lines), for the live view. Writes only. */
  | { type: 'file-delta'; path: string; text: string }
  /** A complete operation. */
  | { type: 'operation'; op: TOperation }
  | { type: 'summary'; text: string }
  | { type: 'error'; code: TParseErrorCode; message: string; path?: string }
  /** Emitted by end(): the output was cut; continue the generation and keep pushing. */
  | { type: 'incomplete'; at: TIncompleteAt; path?: string }
  /** Emitted by end(): every block was closed. */
  | { type: 'complete' };
