/**
 * Lexing of `<shipyard-…>` tags, tolerant of the ways models garble them: spaces after `<` or
 * around `=`, single or typographic quotes, unquoted values, upper case.
 */

const PREFIX = 'shipyard-';

export interface TTag {
  closing: boolean;
  selfClosing: boolean;
  /** Lower-case name after `shipyard-`. */
  name: string;
  attributes: Record<string, string>;
  /** Index just past the `>`. */
  end: number;
}

export type TTagScan = { kind: 'tag'; tag: TTag } | { kind: 'maybe' } | { kind: 'no' };

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/**
 * Looks at the `<` at `start` in `text`. `maybe` means the text ends before it can be told
 * apart (hold it back); `no` means it is ordinary text. A tag must end with `>` within
 * `maxLength` characters of its `<`, so the answer never depends on how input was chunked.
 */
export function scanTag(text: string, start: number, maxLength: number, final = false): TTagScan {
  const maybe: TTagScan = final ? { kind: 'no' } : { kind: 'maybe' };
  let i = start + 1;
  while (i < text.length && isSpace(text[i]) && i - start <= 3) i++;
  if (i >= text.length) return maybe;
  let closing = false;
  if (text[i] === '/') {
    closing = true;
    i++;
    while (i < text.length && isSpace(text[i]) && i - start <= 6) i++;
    if (i >= text.length) return maybe;
  }
  for (let p = 0; p < PREFIX.length; p++, i++) {
    if (i >= text.length) return maybe;
    if (text[i]!.toLowerCase() !== PREFIX[p]) return { kind: 'no' };
  }
  const nameStart = i;
  while (i < text.length && /[A-Za-z]/.test(text[i]!)) i++;
  if (i >= text.length) return i - start > maxLength ? { kind: 'no' } : maybe;
  if (i === nameStart) return { kind: 'no' };
  const name = text.slice(nameStart, i).toLowerCase();
  const limit = Math.min(text.length, start + maxLength);
  const gt = text.indexOf('>', i);
  if (gt === -1 || gt >= limit) {
    if (gt === -1 && text.length < start + maxLength) return maybe;
    return { kind: 'no' };
  }
  // A tag name must end at a space, '/', or '>' (so `<shipyard-writer` is not `write`).
  const after = text[i];
  if (after !== '>' && after !== '/' && !/\s/.test(after!)) return { kind: 'no' };
  let inner = text.slice(i, gt);
  let selfClosing = false;
  if (/\/\s*$/.test(inner)) {
    selfClosing = true;
    inner = inner.replace(/\/\s*$/, '');
  }
  return { kind: 'tag', tag: { closing, selfClosing, name, attributes: parseAttributes(inner), end: gt + 1 } };
}

const ATTRIBUTE =
  /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|\u201C([^\u201D]*)\u201D|\u2018([^\u2019]*)\u2019|`([^`]*)`|([^\s"'`>]+))/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&quot;': '"',
  '&apos;': "'",
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
};

export function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    const raw = match[2] ?? match[3] ?? match[4] ?? match[5] ?? match[6] ?? match[7] ?? '';
    const value = raw.replace(/&(?:quot|apos|#39|lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? entity).trim();
    if (!(name in attributes)) attributes[name] = value;
  }
  return attributes;
}

/** First present attribute among `names`. */
export function attribute(tag: TTag, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = tag.attributes[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Block-closing tag at the start of a line (after optional indentation): `</shipyard-write>`, `</ shipyard-edit >`. */
const LINE_START_CLOSE = /^[ \t]*<[ \t]*\/[ \t]*shipyard-(write|edit)[ \t]*>/i;
/** The same tag ending a line that has content before it. */
const LINE_END_CLOSE = /<[ \t]*\/[ \t]*shipyard-(write|edit)[ \t]*>[ \t]*$/i;

/** Length of a block-closing tag at the start of `line` (including indentation), or -1. */
export function matchLineStartClose(line: string): number {
  const match = LINE_START_CLOSE.exec(line);
  return match ? match[0].length : -1;
}

/** Index where a block-closing tag that ends `line` begins, or -1. */
export function matchLineEndClose(line: string): number {
  const tailStart = Math.max(0, line.length - 64);
  const match = LINE_END_CLOSE.exec(line.slice(tailStart));
  return match ? tailStart + match.index : -1;
}

const OPENING_TAG_LINE = /^\s*<[ \t]{0,3}shipyard-/i;
const OPENING_TAG_NAMES = new Set(['write', 'edit', 'delete', 'rename', 'dependency', 'summary']);

/**
 * When a whole line is one opening protocol tag (a block the model forgot to close is followed
 * by the next one), returns the tag and the offset where it starts.
 */
export function matchOpeningTagLine(line: string, maxLength: number): { tag: TTag; start: number } | undefined {
  if (line.length > maxLength + 8 || !OPENING_TAG_LINE.test(line)) return undefined;
  const start = line.indexOf('<');
  const scan = scanTag(line, start, maxLength, true);
  if (scan.kind !== 'tag' || scan.tag.closing || !OPENING_TAG_NAMES.has(scan.tag.name)) return undefined;
  if (line.slice(scan.tag.end).trim() !== '') return undefined;
  return { tag: scan.tag, start };
}
