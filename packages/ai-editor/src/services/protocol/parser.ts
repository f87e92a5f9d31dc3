import { z } from 'zod';
import { normalizeProjectPath } from '../files/paths';
import { ProtocolError } from './errors';
import {
  isClosingFence,
  isWrapperFence,
  parseFenceOpener,
  pathFromFenceInfo,
  pathFromProseLine,
  type TFence,
} from './fences';
import {
  attribute,
  matchLineEndClose,
  matchLineStartClose,
  matchOpeningTagLine,
  scanTag,
  type TTag,
} from './tags';
import type { TEditBlock, TIncompleteAt, TOperation, TParseErrorCode, TParserEvent } from './types';

/**
 * Streaming parser for the model's tagged output.
 *
 * Push text as it arrives; each call returns the events that became certain. Prose is streamed
 * at once except a suffix that may start a tag (`<ship`) or a line that may open a code fence.
 * Block content is handled line by line and the closing tag only counts at the start of a line
 * (or ending a line), so `</shipyard-write>` inside a string in code is content. Work per push
 * is proportional to the pushed text, never to the whole output.
 *
 * When end() reports `incomplete`, the parser stays open: start the continued generation with
 * continueWith() (or save snapshot() and create a parser with `resumeFrom`), and it appends to
 * the open file, dropping text the model repeated or restarting the file if the model began it
 * again.
 */
export interface TOutputParser {
  push(chunk: string): TParserEvent[];
  /** Ends the current generation: flushes held text and reports `complete` or `incomplete`. */
  end(): TParserEvent[];
  /** Marks the start of a continued generation after an incomplete end(), and pushes its first chunk. */
  continueWith(chunk: string): TParserEvent[];
  /** Serializable state, to resume in another process with `createOutputParser({ resumeFrom })`. */
  snapshot(): TParserSnapshot;
  /** True once end() reported `complete`. */
  readonly finished: boolean;
}

export interface TOutputParserOptions {
  /** Resume a cut-off generation; the next pushed text is treated as its continuation. */
  resumeFrom?: TParserSnapshot;
  /** Longest tag, `<` to `>`, before it is treated as text. Default 1024. */
  maxTagLength?: number;
}

const MAX_HELD_LINE = 1024;
const PROSE_LINE_CAP = 512;
const RECENT_LINES = 64;
const OVERLAP_WINDOW = 4096;
const MIN_OVERLAP = 24;

const ZBlockStateSchema = z.object({
  kind: z.enum(['write', 'edit', 'fence']),
  path: z.string().nullable(),
  firstLine: z.boolean(),
  content: z.array(z.string()),
  delta: z.string(),
  wrap: z.enum(['undecided', 'wrapped', 'plain']),
  leadingBlank: z.array(z.string()),
  heldFence: z.array(z.string()),
  fenceChar: z.enum(['`', '~']),
  fenceLength: z.number().int(),
  editState: z.enum(['outside', 'search', 'replace']),
  search: z.array(z.string()),
  replace: z.array(z.string()),
  blocks: z.array(z.object({ search: z.string(), replace: z.string() })),
  malformed: z.number().int(),
  recent: z.array(z.string()),
});

export const ZParserSnapshotSchema = z.object({
  version: z.literal(1),
  mode: z.enum(['prose', 'write', 'edit', 'fence', 'summary', 'done']),
  pendingCR: z.boolean(),
  carry: z.string(),
  atLineStart: z.boolean(),
  proseLine: z.string(),
  lastProseLine: z.string(),
  /** Last prose character, so a tag in inline code (`` `<shipyard-edit>` ``) is read as text. */
  lastChar: z.string(),
  block: ZBlockStateSchema.nullable(),
  line: z.array(z.string()),
  lineHead: z.string(),
  lineLength: z.number().int(),
  summary: z.array(z.string()),
  continuation: z.string().nullable(),
});

export type TParserSnapshot = z.infer<typeof ZParserSnapshotSchema>;
type TBlockState = z.infer<typeof ZBlockStateSchema>;
type TState = TParserSnapshot;

function initialState(): TState {
  return {
    version: 1,
    mode: 'prose',
    pendingCR: false,
    carry: '',
    atLineStart: true,
    proseLine: '',
    lastProseLine: '',
    lastChar: '',
    block: null,
    line: [],
    lineHead: '',
    lineLength: 0,
    summary: [],
    continuation: null,
  };
}

function newBlock(kind: TBlockState['kind'], path: string | null): TBlockState {
  return {
    kind,
    path,
    firstLine: kind !== 'fence',
    content: [],
    delta: '',
    wrap: kind === 'write' ? 'undecided' : 'plain',
    leadingBlank: [],
    heldFence: [],
    fenceChar: '`',
    fenceLength: 3,
    editState: 'outside',
    search: [],
    replace: [],
    blocks: [],
    malformed: 0,
    recent: [],
  };
}

const BLOCK_TAG_NAMES = new Set(['write', 'edit', 'delete', 'rename', 'move', 'dependency']);

const SEARCH_MARKER = /^[ \t]*<{5,9}[ \t]*SEARCH[ \t]*:?[ \t]*$/i;
const DIVIDER_MARKER = /^[ \t]*={5,9}[ \t]*$/;
const REPLACE_MARKER = /^[ \t]*>{5,9}[ \t]*REPLACE[ \t]*:?[ \t]*$/i;

class OutputParser implements TOutputParser {
  private state: TState;
  private events: TParserEvent[] = [];
  private readonly maxTag: number;

  constructor(options: TOutputParserOptions) {
    this.maxTag = options.maxTagLength ?? 1024;
    if (options.resumeFrom) {
      const parsed = ZParserSnapshotSchema.safeParse(options.resumeFrom);
      if (!parsed.success) {
        throw new ProtocolError(
          'PARSER_STATE_INVALID',
          'The saved parser state cannot be read (it is from another version or was altered). Restart the generation from the beginning.',
        );
      }
      this.state = structuredClone(parsed.data);
      if (this.state.mode !== 'done' && this.state.continuation === null) this.state.continuation = '';
    } else {
      this.state = initialState();
    }
  }

  get finished(): boolean {
    return this.state.mode === 'done';
  }

  snapshot(): TParserSnapshot {
    const copy = structuredClone(this.state);
    // Collapse part arrays so a snapshot stays compact.
    copy.line = copy.line.length > 1 ? [copy.line.join('')] : copy.line;
    if (copy.block) copy.block.content = copy.block.content.length > 1 ? [copy.block.content.join('')] : copy.block.content;
    return copy;
  }

  push(chunk: string): TParserEvent[] {
    this.assertOpen();
    const text = this.normalizeNewlines(chunk);
    if (this.state.continuation !== null) {
      this.state.continuation += text;
      if (this.continuationDecidable()) this.resolveContinuation();
    } else {
      this.feed(text);
    }
    this.flushDelta();
    return this.takeEvents();
  }

  continueWith(chunk: string): TParserEvent[] {
    this.assertOpen();
    if (this.state.continuation === null) this.state.continuation = '';
    return this.push(chunk);
  }

  end(): TParserEvent[] {
    this.assertOpen();
    const s = this.state;
    if (s.pendingCR) {
      s.pendingCR = false;
      if (s.continuation !== null) s.continuation += '\r';
      else this.feed('\r');
    }
    if (s.continuation !== null) this.resolveContinuation();

    let incomplete: { at: TIncompleteAt; path?: string } | undefined;
    if (s.mode === 'prose' && s.carry) {
      const carry = s.carry;
      s.carry = '';
      incomplete = this.finishProse(carry);
    }
    if (s.mode === 'write' || s.mode === 'edit' || s.mode === 'fence') {
      incomplete = this.finishBlockAtEnd();
    } else if (s.mode === 'summary') {
      if (s.carry) {
        const carry = s.carry;
        s.carry = '';
        this.feedFinal(carry);
      }
      if (s.mode === 'summary') incomplete = { at: 'mid-summary' };
    }
    this.flushDelta();
    if (incomplete) {
      this.emit({ type: 'incomplete', ...incomplete });
    } else {
      s.mode = 'done';
      this.emit({ type: 'complete' });
    }
    return this.takeEvents();
  }

  // ---------------------------------------------------------------------------------------
  // Input plumbing

  private assertOpen(): void {
    if (this.state.mode === 'done') {
      throw new ProtocolError(
        'PARSER_STATE_INVALID',
        'This output parser already finished (end() reported the output complete). Create a new parser for a new generation.',
      );
    }
  }

  private normalizeNewlines(chunk: string): string {
    let text = chunk;
    if (this.state.pendingCR) {
      text = `\r${text}`;
      this.state.pendingCR = false;
    }
    if (text.endsWith('\r')) {
      this.state.pendingCR = true;
      text = text.slice(0, -1);
    }
    return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
  }

  private takeEvents(): TParserEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private emit(event: TParserEvent): void {
    const last = this.events[this.events.length - 1];
    if (event.type === 'text' && last?.type === 'text') {
      last.text += event.text;
      return;
    }
    this.events.push(event);
  }

  private emitText(text: string): void {
    if (text.length > 0) this.emit({ type: 'text', text });
  }

  private emitError(code: TParseErrorCode, message: string, path?: string | null): void {
    this.emit(path ? { type: 'error', code, message, path } : { type: 'error', code, message });
  }

  private flushDelta(): void {
    const block = this.state.block;
    if (block && block.delta && block.path !== null) {
      this.emit({ type: 'file-delta', path: block.path, text: block.delta });
    }
    if (block) block.delta = '';
  }

  /** Runs text through whichever mode the parser is in, switching modes as tags open and close. */
  private feed(input: string, final = false): void {
    let text = input;
    if (this.state.carry) {
      text = this.state.carry + text;
      this.state.carry = '';
    }
    let pos = 0;
    while (pos < text.length) {
      switch (this.state.mode) {
        case 'prose':
          pos = this.feedProse(text, pos, final);
          break;
        case 'summary':
          pos = this.feedSummary(text, pos, final);
          break;
        case 'write':
        case 'edit':
        case 'fence':
          pos = this.feedBlock(text, pos);
          break;
        case 'done':
          return;
      }
    }
  }

  private feedFinal(text: string): void {
    this.feed(text, true);
  }

  // ---------------------------------------------------------------------------------------
  // Prose

  private trackProse(segment: string): void {
    if (segment.length === 0) return;
    const s = this.state;
    s.lastChar = segment[segment.length - 1]!;
    let start = 0;
    for (;;) {
      const newline = segment.indexOf('\n', start);
      const piece = segment.slice(start, newline === -1 ? segment.length : newline);
      if (s.proseLine.length < PROSE_LINE_CAP) s.proseLine += piece.slice(0, PROSE_LINE_CAP);
      if (newline === -1) {
        if (piece.length > 0) s.atLineStart = false;
        return;
      }
      if (s.proseLine.trim() !== '') s.lastProseLine = s.proseLine.trim();
      s.proseLine = '';
      s.atLineStart = true;
      start = newline + 1;
    }
  }

  /** Classifies a prose line start: a fence line (held whole), maybe (need more input) or not. */
  private scanFenceLine(text: string, i: number, final: boolean): { kind: 'no' | 'maybe' } | { kind: 'fence'; end: number } {
    let j = i;
    while (j < text.length && text[j] === ' ' && j - i < 3) j++;
    if (j >= text.length) return final ? { kind: 'no' } : { kind: 'maybe' };
    const char = text[j];
    if (char !== '`' && char !== '~') return { kind: 'no' };
    let run = 0;
    while (j + run < text.length && text[j + run] === char) run++;
    if (j + run >= text.length && run < 3) return final ? { kind: 'no' } : { kind: 'maybe' };
    if (run < 3) return { kind: 'no' };
    const newline = text.indexOf('\n', j);
    const limit = i + MAX_HELD_LINE;
    if (newline === -1) {
      if (text.length >= limit) return { kind: 'no' };
      return final ? { kind: 'fence', end: text.length } : { kind: 'maybe' };
    }
    return newline >= limit ? { kind: 'no' } : { kind: 'fence', end: newline };
  }

  private feedProse(text: string, start: number, final: boolean): number {
    const s = this.state;
    let flushed = start;
    let i = start;
    const special = /[<\n]/g;
    while (i < text.length) {
      if (s.atLineStart) {
        const fence = this.scanFenceLine(text, i, final);
        if (fence.kind === 'maybe') {
          this.emitText(text.slice(flushed, i));
          s.carry = text.slice(i);
          return text.length;
        }
        if (fence.kind === 'fence') {
          const line = text.slice(i, fence.end);
          const opener = parseFenceOpener(line);
          const path = opener ? (pathFromFenceInfo(opener.info) ?? pathFromProseLine(s.lastProseLine)) : undefined;
          if (opener && path) {
            this.emitText(text.slice(flushed, i));
            this.openFenceBlock(path, opener);
            return Math.min(text.length, fence.end + 1);
          }
        }
        s.atLineStart = false;
      }
      special.lastIndex = i;
      const match = special.exec(text);
      if (!match) {
        this.trackProse(text.slice(i));
        i = text.length;
        break;
      }
      const j = match.index;
      if (text[j] === '\n') {
        this.trackProse(text.slice(i, j + 1));
        i = j + 1;
        continue;
      }
      const scan = scanTag(text, j, this.maxTag, final);
      if (scan.kind === 'maybe') {
        this.trackProse(text.slice(i, j));
        this.emitText(text.slice(flushed, j));
        s.carry = text.slice(j);
        return text.length;
      }
      if (scan.kind === 'no' || (j > i ? text[j - 1] : s.lastChar) === '`') {
        this.trackProse(text.slice(i, j + 1));
        i = j + 1;
        continue;
      }
      this.trackProse(text.slice(i, j));
      this.emitText(text.slice(flushed, j));
      s.proseLine = s.proseLine.length < PROSE_LINE_CAP ? `${s.proseLine}<tag>` : s.proseLine;
      s.atLineStart = false;
      i = scan.tag.end;
      flushed = i;
      this.handleTag(scan.tag);
      if (s.mode !== 'prose') return i;
    }
    this.emitText(text.slice(flushed, i));
    return i;
  }

  /** end() with held prose: a cut tag is `mid-tag`, a cut fence opener after a path line is `mid-file`. */
  private finishProse(carry: string): { at: TIncompleteAt; path?: string } | undefined {
    const s = this.state;
    const tagStart = /^<[ \t]*\/?[ \t]*s/i.test(carry);
    if (tagStart && scanTag(carry, 0, this.maxTag, false).kind === 'maybe') {
      s.carry = carry;
      return { at: 'mid-tag' };
    }
    if (s.atLineStart) {
      const opener = parseFenceOpener(carry);
      const path = opener ? (pathFromFenceInfo(opener.info) ?? pathFromProseLine(s.lastProseLine)) : undefined;
      if (opener && path) {
        this.openFenceBlock(path, opener);
        return { at: 'mid-file', path: this.state.block?.path ?? path };
      }
    }
    this.feedFinal(carry);
    return undefined;
  }

  // ---------------------------------------------------------------------------------------
  // Tags

  private handleTag(tag: TTag): void {
    if (tag.closing) return; // A stray closing tag in prose (e.g. after a self-closing op) is harmless.
    const name = tag.name;
    switch (name) {
      case 'write':
      case 'edit': {
        const raw = attribute(tag, 'path', 'file', 'filename');
        const path = raw === undefined ? '' : normalizeProjectPath(raw);
        if (!path) {
          this.emitError(
            'TAG_MISSING_ATTRIBUTE',
            `A <shipyard-${name}> tag has no path attribute, so its content was ignored. Write it as <shipyard-${name} path="src/App.tsx">.`,
          );
        }
        if (tag.selfClosing) {
          if (!path) return;
          if (name === 'write') this.emitOperation({ type: 'write', path, content: '' });
          else this.emitError('EDIT_EMPTY', `<shipyard-edit path="${path}" /> holds no SEARCH/REPLACE block; nothing was changed.`, path);
          return;
        }
        this.state.mode = name;
        this.state.block = newBlock(name, path || null);
        if (path) this.emit({ type: 'file-start', path, kind: name });
        return;
      }
      case 'delete': {
        const raw = attribute(tag, 'path', 'file', 'filename');
        const path = raw === undefined ? '' : normalizeProjectPath(raw);
        if (!path) {
          this.emitError('TAG_MISSING_ATTRIBUTE', 'A <shipyard-delete> tag has no path attribute and was ignored. Write <shipyard-delete path="src/old.tsx" />.');
          return;
        }
        this.emitOperation({ type: 'delete', path });
        return;
      }
      case 'rename':
      case 'move': {
        const from = normalizeProjectPath(attribute(tag, 'from', 'path', 'old', 'source') ?? '');
        const to = normalizeProjectPath(attribute(tag, 'to', 'new', 'target', 'destination') ?? '');
        if (!from || !to) {
          this.emitError(
            'TAG_MISSING_ATTRIBUTE',
            'A <shipyard-rename> tag needs both "from" and "to" and was ignored. Write <shipyard-rename from="src/a.tsx" to="src/b.tsx" />.',
          );
          return;
        }
        this.emitOperation({ type: 'rename', from, to });
        return;
      }
      case 'dependency': {
        const packageName = attribute(tag, 'name', 'package');
        const rawAction = (attribute(tag, 'action', 'type') ?? 'add').toLowerCase();
        const action = rawAction === 'add' || rawAction === 'install' ? 'add' : rawAction === 'remove' || rawAction === 'uninstall' ? 'remove' : undefined;
        if (!packageName) {
          this.emitError('TAG_MISSING_ATTRIBUTE', 'A <shipyard-dependency> tag has no name and was ignored. Write <shipyard-dependency name="recharts" action="add" />.');
          return;
        }
        if (!action) {
          this.emitError(
            'TAG_INVALID_ATTRIBUTE',
            `<shipyard-dependency name="${packageName}"> has action "${rawAction}"; use action="add" or action="remove". The tag was ignored.`,
          );
          return;
        }
        const version = attribute(tag, 'version');
        this.emitOperation(version ? { type: 'dependency', name: packageName, action, version } : { type: 'dependency', name: packageName, action });
        return;
      }
      case 'summary':
        if (!tag.selfClosing) this.state.mode = 'summary';
        return;
      default:
        this.emitError(
          'UNKNOWN_TAG',
          `<shipyard-${name}> is not part of the output format and was ignored. Use shipyard-write, shipyard-edit, shipyard-delete, shipyard-rename, shipyard-dependency or shipyard-summary.`,
        );
    }
  }

  private emitOperation(op: TOperation): void {
    this.emit({ type: 'operation', op });
  }

  // ---------------------------------------------------------------------------------------
  // Summary

  private feedSummary(text: string, start: number, final: boolean): number {
    const s = this.state;
    let i = start;
    for (;;) {
      const j = text.indexOf('<', i);
      if (j === -1) {
        s.summary.push(text.slice(start));
        return text.length;
      }
      const scan = scanTag(text, j, this.maxTag, final);
      if (scan.kind === 'maybe') {
        s.summary.push(text.slice(start, j));
        s.carry = text.slice(j);
        return text.length;
      }
      if (scan.kind === 'no') {
        i = j + 1;
        continue;
      }
      const { tag } = scan;
      if (tag.closing && tag.name === 'summary') {
        s.summary.push(text.slice(start, j));
        this.closeSummary();
        return tag.end;
      }
      if (!tag.closing && BLOCK_TAG_NAMES.has(tag.name)) {
        s.summary.push(text.slice(start, j));
        this.closeSummary();
        this.emitError('MISSING_CLOSE_TAG', 'The summary was not closed with </shipyard-summary> before the next block; it was closed there.');
        this.handleTag(tag);
        return tag.end;
      }
      i = j + 1;
    }
  }

  private closeSummary(): void {
    const s = this.state;
    const text = s.summary.join('').trim();
    s.summary = [];
    s.mode = 'prose';
    s.atLineStart = false;
    s.lastProseLine = '';
    if (text) this.emit({ type: 'summary', text });
  }

  // ---------------------------------------------------------------------------------------
  // Blocks (write, edit, fenced file): line by line

  private openFenceBlock(path: string, fence: TFence): void {
    const normalized = normalizeProjectPath(path);
    const block = newBlock('fence', normalized);
    block.fenceChar = fence.char;
    block.fenceLength = fence.length;
    this.state.mode = 'fence';
    this.state.block = block;
    this.state.atLineStart = true;
    this.state.proseLine = '';
    this.state.lastProseLine = '';
    this.emit({ type: 'file-start', path: normalized, kind: 'write' });
  }

  private appendPartial(piece: string): void {
    const s = this.state;
    if (piece.length === 0) return;
    s.line.push(piece);
    s.lineLength += piece.length;
    if (s.lineHead.length < 160) s.lineHead += piece.slice(0, 160 - s.lineHead.length);
  }

  private takePartial(rest: string): string {
    const s = this.state;
    const line = s.line.length === 0 ? rest : s.line.join('') + rest;
    s.line = [];
    s.lineHead = '';
    s.lineLength = 0;
    return line;
  }

  private feedBlock(text: string, start: number): number {
    const s = this.state;
    let pos = start;
    while (pos < text.length && (s.mode === 'write' || s.mode === 'edit' || s.mode === 'fence')) {
      const newline = text.indexOf('\n', pos);
      if (newline === -1) {
        this.appendPartial(text.slice(pos));
        if (s.mode !== 'fence') {
          const closeLength = matchLineStartClose(s.lineHead);
          if (closeLength !== -1) {
            // Closed mid-line: the rest of this line is prose again.
            const consumedBefore = s.lineLength - (text.length - pos);
            this.takePartial('');
            this.closeBlock();
            return pos + Math.max(0, closeLength - consumedBefore);
          }
        }
        return text.length;
      }
      const partialLength = s.lineLength;
      const line = this.takePartial(text.slice(pos, newline));
      const result = this.handleBlockLine(line, true);
      if (result.kind === 'continue') {
        pos = newline + 1;
      } else if (result.kind === 'closed-at') {
        // Prose resumes right after the closing tag (same line), or at the newline.
        const offset = result.offset - partialLength;
        if (offset >= 0) return pos + offset;
        this.emitText(line.slice(result.offset));
        return newline;
      } else {
        return newline;
      }
    }
    return pos;
  }

  /**
   * One complete line of block content. Returns `closed-at` (offset in the line where prose
   * resumes), `closed-eol` (prose resumes at the newline) or `continue`.
   */
  private handleBlockLine(
    line: string,
    hasNewline: boolean,
  ): { kind: 'continue' } | { kind: 'closed-at'; offset: number } | { kind: 'closed-eol' } {
    const s = this.state;
    const block = s.block!;
    const mode = s.mode;
    if (block.firstLine) {
      block.firstLine = false;
      if (line.trim() === '') return { kind: 'continue' };
    }
    if (mode === 'fence') {
      if (isClosingFence(line, { char: block.fenceChar, length: block.fenceLength })) {
        this.closeBlock();
        return { kind: 'closed-eol' };
      }
    } else {
      const closeLength = matchLineStartClose(line);
      if (closeLength !== -1) {
        this.closeBlock();
        return { kind: 'closed-at', offset: closeLength };
      }
      const endClose = matchLineEndClose(line);
      if (endClose !== -1) {
        this.blockLine(line.slice(0, endClose), false);
        this.closeBlock();
        return { kind: 'closed-eol' };
      }
    }
    const opening = line.includes('<') ? matchOpeningTagLine(line, this.maxTag) : undefined;
    if (opening) {
      const path = block.path ?? '(no path)';
      this.emitError(
        'MISSING_CLOSE_TAG',
        mode === 'fence'
          ? `The code block for ${path} was not closed with a fence before the next tag; it was closed there.`
          : `<shipyard-${mode} path="${path}"> was not closed with </shipyard-${mode}> before the next tag; it was closed there.`,
        block.path,
      );
      this.closeBlock();
      s.atLineStart = false;
      this.handleTag(opening.tag);
      return { kind: 'closed-eol' };
    }
    this.blockLine(line, hasNewline);
    return { kind: 'continue' };
  }

  private rememberLine(block: TBlockState, line: string): void {
    if (line.length > OVERLAP_WINDOW) {
      // Any repeat that includes this line would be longer than the window: nothing to keep.
      block.recent = [];
      return;
    }
    block.recent.push(line);
    if (block.recent.length > RECENT_LINES) block.recent.splice(0, block.recent.length - RECENT_LINES);
  }

  private blockLine(line: string, hasNewline: boolean): void {
    const block = this.state.block!;
    const text = hasNewline ? `${line}\n` : line;
    this.rememberLine(block, text);
    if (block.kind === 'edit') {
      this.editLine(block, line, text);
      return;
    }
    if (block.kind === 'fence') {
      this.writeContent(block, text);
      return;
    }
    // write: detect a code fence the model wrapped around the whole file.
    if (block.wrap === 'undecided') {
      if (line.trim() === '') {
        block.leadingBlank.push(text);
        return;
      }
      const opener = parseFenceOpener(line);
      if (opener && isWrapperFence(block.path, opener)) {
        block.wrap = 'wrapped';
        block.fenceChar = opener.char;
        block.fenceLength = opener.length;
        block.leadingBlank = [];
        return;
      }
      block.wrap = 'plain';
      for (const blank of block.leadingBlank) this.writeContent(block, blank);
      block.leadingBlank = [];
      this.writeContent(block, text);
      return;
    }
    if (block.wrap === 'wrapped') {
      if (block.heldFence.length > 0) {
        if (line.trim() === '') {
          block.heldFence.push(text);
          return;
        }
        for (const held of block.heldFence) this.writeContent(block, held);
        block.heldFence = [];
      }
      if (isClosingFence(line, { char: block.fenceChar, length: block.fenceLength })) {
        block.heldFence.push(text);
        return;
      }
    }
    this.writeContent(block, text);
  }

  private writeContent(block: TBlockState, text: string): void {
    block.content.push(text);
    block.delta += text;
  }

  private editLine(block: TBlockState, line: string, text: string): void {
    switch (block.editState) {
      case 'outside':
        if (SEARCH_MARKER.test(line)) block.editState = 'search';
        return; // fences, blank lines and commentary between blocks are ignored
      case 'search':
        if (DIVIDER_MARKER.test(line)) block.editState = 'replace';
        else if (SEARCH_MARKER.test(line)) block.search = [];
        else if (REPLACE_MARKER.test(line)) {
          block.malformed++;
          block.search = [];
          block.editState = 'outside';
        } else block.search.push(text);
        return;
      case 'replace':
        if (REPLACE_MARKER.test(line)) {
          this.finishEditBlock(block);
          block.editState = 'outside';
        } else if (SEARCH_MARKER.test(line)) {
          // The model forgot >>>>>>> REPLACE before starting the next block.
          this.finishEditBlock(block);
          block.editState = 'search';
        } else block.replace.push(text);
        return;
    }
  }

  private finishEditBlock(block: TBlockState): void {
    const edit: TEditBlock = { search: block.search.join(''), replace: block.replace.join('') };
    block.blocks.push(edit);
    block.search = [];
    block.replace = [];
  }

  private closeBlock(): void {
    const s = this.state;
    const block = s.block!;
    s.mode = 'prose';
    s.atLineStart = false;
    s.proseLine = '';
    s.lastProseLine = '';
    if (block.kind === 'edit') {
      if (block.editState === 'replace') this.finishEditBlock(block);
      else if (block.editState === 'search') block.malformed++;
    } else if (block.wrap === 'undecided') {
      for (const blank of block.leadingBlank) this.writeContent(block, blank);
    }
    this.flushDelta();
    s.block = null;
    const path = block.path;
    if (path === null) return;
    if (block.kind === 'edit') {
      if (block.malformed > 0) {
        this.emitError(
          'EDIT_MALFORMED_BLOCK',
          `The edit to ${path} was dropped: ${block.malformed} SEARCH/REPLACE block(s) lack the "=======" divider or the ">>>>>>> REPLACE" marker. Each block is "<<<<<<< SEARCH", the exact old lines, "=======", the new lines, ">>>>>>> REPLACE".`,
          path,
        );
      } else if (block.blocks.length === 0) {
        this.emitError(
          'EDIT_EMPTY',
          `<shipyard-edit path="${path}"> holds no SEARCH/REPLACE block; nothing was changed. Use "<<<<<<< SEARCH", the exact old lines, "=======", the new lines, ">>>>>>> REPLACE".`,
          path,
        );
      } else {
        this.emitOperation({ type: 'edit', path, blocks: block.blocks });
      }
      return;
    }
    this.emitOperation({ type: 'write', path, content: block.content.join('') });
  }

  /** end() inside a block: a final line ending in the closing tag completes it; otherwise it was cut. */
  private finishBlockAtEnd(): { at: TIncompleteAt; path?: string } | undefined {
    const s = this.state;
    const block = s.block!;
    if (s.lineLength > 0) {
      const line = s.line.join('');
      const closes =
        s.mode === 'fence'
          ? isClosingFence(line, { char: block.fenceChar, length: block.fenceLength })
          : matchLineStartClose(line) !== -1 || matchLineEndClose(line) !== -1;
      if (closes) {
        this.takePartial('');
        const result = this.handleBlockLine(line, false);
        if (result.kind === 'closed-at' && result.offset < line.length) this.feedFinal(line.slice(result.offset));
        return undefined;
      }
    }
    const at: TIncompleteAt = s.mode === 'edit' ? 'mid-edit' : 'mid-file';
    return block.path ? { at, path: block.path } : { at };
  }

  // ---------------------------------------------------------------------------------------
  // Continuation

  /**
   * Places in the open block's tail where a repeat could start: each line start in the last
   * lines plus the cut partial line. Empty when the partial line is too long to be repeated.
   */
  private overlapCandidates(): string[] {
    const s = this.state;
    const block = s.block!;
    if (s.lineLength > OVERLAP_WINDOW) return [];
    const partial = s.line.join('');
    const candidates: string[] = [];
    let suffix = partial;
    if (partial.trim().length >= 3) candidates.push(partial);
    for (let i = block.recent.length - 1; i >= 0; i--) {
      suffix = block.recent[i]! + suffix;
      if (suffix.length > OVERLAP_WINDOW) break;
      if (suffix.length >= MIN_OVERLAP) candidates.push(suffix);
    }
    return candidates.reverse(); // longest first
  }

  private continuationDecidable(): boolean {
    const s = this.state;
    const buffer = s.continuation ?? '';
    const trimmed = buffer.trimStart();
    if (trimmed.length === 0) return buffer.length > 256;
    if (trimmed.startsWith('<')) {
      const scan = scanTag(trimmed, 0, this.maxTag);
      if (scan.kind === 'maybe') return false;
      if (scan.kind === 'tag') return true;
    }
    if (s.mode === 'write' || s.mode === 'edit' || s.mode === 'fence') {
      // Wait while the continuation may still turn out to repeat text from before the cut.
      return !this.overlapCandidates().some((c) => c.length > buffer.length && c.startsWith(buffer));
    }
    return true;
  }

  private resolveContinuation(): void {
    const s = this.state;
    const buffer = s.continuation ?? '';
    s.continuation = null;
    if (s.mode === 'write' || s.mode === 'edit' || s.mode === 'fence') {
      this.feed(this.continueBlock(buffer));
      return;
    }
    if (s.mode === 'prose' && s.carry) {
      const trimmed = buffer.trimStart();
      if (trimmed.startsWith('<')) {
        // The model restarted the tag it was cut in.
        s.carry = '';
        this.feed(trimmed);
        return;
      }
    }
    this.feed(buffer);
  }

  /** Adjusts the start of a continuation for an open block; returns the text to feed. */
  private continueBlock(buffer: string): string {
    const s = this.state;
    const block = s.block!;
    const trimmed = buffer.trimStart();
    if (trimmed.startsWith('<')) {
      const scan = scanTag(trimmed, 0, this.maxTag, true);
      if (scan.kind === 'tag' && !scan.tag.closing && BLOCK_TAG_NAMES.has(scan.tag.name)) {
        const tag = scan.tag;
        const samePath =
          (tag.name === 'write' || tag.name === 'edit') &&
          normalizeProjectPath(attribute(tag, 'path', 'file', 'filename') ?? '') === block.path;
        if (!samePath) {
          this.emitError(
            'MISSING_CLOSE_TAG',
            `The output was cut inside ${block.path ?? 'a block'} and the continuation started another block, so the unfinished ${
              block.kind === 'edit' ? 'edit' : 'file'
            } was dropped. Ask for ${block.path ?? 'it'} again.`,
            block.path,
          );
        }
        // Either the model began the same file again (its new copy replaces the cut one) or it
        // moved on: the cut block produces no operation.
        this.takePartial('');
        s.mode = 'prose';
        s.block = null;
        s.atLineStart = true;
        return trimmed;
      }
    }
    // Drop text the model repeated from before the cut (it restarted the line or a few lines).
    for (const candidate of this.overlapCandidates()) {
      if (buffer.startsWith(candidate)) return buffer.slice(candidate.length);
    }
    return buffer;
  }
}

export function createOutputParser(options: TOutputParserOptions = {}): TOutputParser {
  return new OutputParser(options);
}

export interface TParsedOutput {
  events: TParserEvent[];
  operations: TOperation[];
  /** Chat prose outside the tags. */
  text: string;
  summary: string | undefined;
  errors: Extract<TParserEvent, { type: 'error' }>[];
  incomplete: Extract<TParserEvent, { type: 'incomplete' }> | undefined;
}

/** Parses a whole output at once (the same parser, one push). */
export function parseOutput(output: string, options: TOutputParserOptions = {}): TParsedOutput {
  const parser = createOutputParser(options);
  const events = [...parser.push(output), ...parser.end()];
  return summarizeEvents(events);
}

/** Collects operations, prose, summary, errors and completeness from a list of events. */
export function summarizeEvents(events: readonly TParserEvent[]): TParsedOutput {
  const operations: TOperation[] = [];
  const errors: Extract<TParserEvent, { type: 'error' }>[] = [];
  let text = '';
  let summary: string | undefined;
  let incomplete: Extract<TParserEvent, { type: 'incomplete' }> | undefined;
  for (const event of events) {
    if (event.type === 'operation') operations.push(event.op);
    else if (event.type === 'text') text += event.text;
    else if (event.type === 'summary') summary = summary ? `${summary}\n\n${event.text}` : event.text;
    else if (event.type === 'error') errors.push(event);
    else if (event.type === 'incomplete') incomplete = event;
    else if (event.type === 'complete') incomplete = undefined;
  }
  return { events: [...events], operations, text, summary, errors, incomplete };
}
