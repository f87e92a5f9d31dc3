import type { TEditBlock } from './types';

/** How a SEARCH block was located: verbatim, ignoring trailing whitespace/CRLF, or with an indentation shift. */
export type TMatchStrategy = 'exact' | 'whitespace' | 'indentation';

export type TSearchReplaceResult =
  | { kind: 'applied'; content: string; strategy: TMatchStrategy; line: number }
  | { kind: 'no-match' }
  | { kind: 'ambiguous'; lines: number[] }
  | { kind: 'empty-search' };

interface TLine {
  text: string;
  eol: string;
  /** Offset of the line's first character in the content. */
  start: number;
}

function toLines(content: string): TLine[] {
  const lines: TLine[] = [];
  let start = 0;
  while (start < content.length) {
    const newline = content.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ text: content.slice(start), eol: '', start });
      break;
    }
    const crlf = newline > start && content.charCodeAt(newline - 1) === 13;
    lines.push({ text: content.slice(start, crlf ? newline - 1 : newline), eol: crlf ? '\r\n' : '\n', start });
    start = newline + 1;
  }
  return lines;
}

/** Block text → lines without terminators (a final '\n' does not start an empty line). */
function blockLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function leadingWhitespace(text: string): string {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(0, i);
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

function lineNumberAt(content: string, index: number): number {
  let line = 1;
  let i = content.indexOf('\n');
  while (i !== -1 && i < index) {
    line++;
    i = content.indexOf('\n', i + 1);
  }
  return line;
}

const MAX_REPORTED_MATCHES = 20;

function exactMatch(
  content: string,
  search: string,
): { kind: 'found'; index: number } | { kind: 'ambiguous'; lines: number[] } | undefined {
  const positions: number[] = [];
  let index = content.indexOf(search);
  while (index !== -1 && positions.length <= MAX_REPORTED_MATCHES) {
    positions.push(index);
    index = content.indexOf(search, index + 1);
  }
  if (positions.length === 0) return undefined;
  if (positions.length === 1) return { kind: 'found', index: positions[0]! };
  // Prefer the single occurrence that starts a line (`foo()` also occurs inside `barfoo()`).
  const aligned = positions.filter((p) => p === 0 || content[p - 1] === '\n');
  if (aligned.length === 1) return { kind: 'found', index: aligned[0]! };
  const reported = aligned.length > 1 ? aligned : positions;
  return { kind: 'ambiguous', lines: reported.slice(0, MAX_REPORTED_MATCHES).map((p) => lineNumberAt(content, p)) };
}

interface TShift {
  add: boolean;
  prefix: string;
}

/** Indentation shift that maps every non-blank SEARCH line onto the file line, or undefined. */
function indentShift(fileLines: TLine[], at: number, search: string[]): TShift | undefined {
  let shift: TShift | undefined;
  for (let k = 0; k < search.length; k++) {
    const want = search[k]!;
    const have = fileLines[at + k]!.text;
    if (isBlank(want)) {
      if (!isBlank(have)) return undefined;
      continue;
    }
    const haveIndent = leadingWhitespace(have);
    const wantIndent = leadingWhitespace(want);
    if (have.slice(haveIndent.length).trimEnd() !== want.slice(wantIndent.length).trimEnd()) return undefined;
    let lineShift: TShift;
    if (haveIndent.length >= wantIndent.length) {
      if (!haveIndent.endsWith(wantIndent)) return undefined;
      lineShift = { add: true, prefix: haveIndent.slice(0, haveIndent.length - wantIndent.length) };
    } else {
      if (!wantIndent.endsWith(haveIndent)) return undefined;
      lineShift = { add: false, prefix: wantIndent.slice(0, wantIndent.length - haveIndent.length) };
    }
    if (!shift) shift = lineShift;
    else if (shift.prefix !== lineShift.prefix || (shift.add !== lineShift.add && shift.prefix !== '')) return undefined;
  }
  return shift ?? { add: true, prefix: '' };
}

function reindent(lines: string[], shift: TShift): string[] {
  if (shift.prefix === '') return lines;
  return lines.map((line) => {
    if (isBlank(line)) return line;
    if (shift.add) return shift.prefix + line;
    if (line.startsWith(shift.prefix)) return line.slice(shift.prefix.length);
    const indent = leadingWhitespace(line);
    return line.slice(Math.min(indent.length, shift.prefix.length));
  });
}

function findLineMatches(
  fileLines: TLine[],
  search: string[],
  matches: (at: number) => boolean,
): number[] {
  const found: number[] = [];
  for (let at = 0; at + search.length <= fileLines.length; at++) {
    if (matches(at)) {
      found.push(at);
      if (found.length > MAX_REPORTED_MATCHES) break;
    }
  }
  return found;
}

/**
 * Applies one SEARCH/REPLACE block: an exact match first, then line by line ignoring trailing
 * whitespace and line endings, then allowing a consistent indentation shift (the replacement
 * is re-indented by the same shift). Blank lines at the edges of SEARCH are not required to
 * match. A SEARCH that matches several places is `ambiguous`, never applied to the first one.
 */
export function applySearchReplace(content: string, block: TEditBlock): TSearchReplaceResult {
  const { search, replace } = block;
  if (search.trim() === '') {
    if (content.trim() === '') return { kind: 'applied', content: replace, strategy: 'exact', line: 1 };
    return { kind: 'empty-search' };
  }

  const exact = exactMatch(content, search);
  if (exact?.kind === 'ambiguous') return exact;
  if (exact?.kind === 'found') {
    const at = exact.index;
    return {
      kind: 'applied',
      content: content.slice(0, at) + replace + content.slice(at + search.length),
      strategy: 'exact',
      line: lineNumberAt(content, at),
    };
  }

  const fileLines = toLines(content);
  let searchLines = blockLines(search);
  let replaceLines = blockLines(replace);
  // Blank lines at the edges of SEARCH need not match; drop as many from REPLACE's edges.
  let lead = 0;
  while (lead < searchLines.length && isBlank(searchLines[lead]!)) lead++;
  let trail = 0;
  while (trail < searchLines.length - lead && isBlank(searchLines[searchLines.length - 1 - trail]!)) trail++;
  searchLines = searchLines.slice(lead, searchLines.length - trail);
  let dropLead = 0;
  while (dropLead < lead && dropLead < replaceLines.length && isBlank(replaceLines[dropLead]!)) dropLead++;
  let dropTrail = 0;
  while (
    dropTrail < trail &&
    dropTrail < replaceLines.length - dropLead &&
    isBlank(replaceLines[replaceLines.length - 1 - dropTrail]!)
  )
    dropTrail++;
  replaceLines = replaceLines.slice(dropLead, replaceLines.length - dropTrail);

  const first = searchLines[0]!.trimEnd();
  const firstTrimmed = first.trim();

  const whitespace = findLineMatches(fileLines, searchLines, (at) => {
    if (fileLines[at]!.text.trimEnd() !== first) return false;
    for (let k = 1; k < searchLines.length; k++) {
      if (fileLines[at + k]!.text.trimEnd() !== searchLines[k]!.trimEnd()) return false;
    }
    return true;
  });
  let at: number | undefined;
  let strategy: TMatchStrategy = 'whitespace';
  let newLines = replaceLines;
  if (whitespace.length > 1) return { kind: 'ambiguous', lines: whitespace.slice(0, MAX_REPORTED_MATCHES).map((i) => i + 1) };
  if (whitespace.length === 1) at = whitespace[0];
  else {
    const shifts = new Map<number, TShift>();
    const indented = findLineMatches(fileLines, searchLines, (i) => {
      if (fileLines[i]!.text.trim() !== firstTrimmed) return false;
      const shift = indentShift(fileLines, i, searchLines);
      if (!shift) return false;
      shifts.set(i, shift);
      return true;
    });
    if (indented.length > 1) return { kind: 'ambiguous', lines: indented.slice(0, MAX_REPORTED_MATCHES).map((i) => i + 1) };
    if (indented.length === 0) return { kind: 'no-match' };
    at = indented[0]!;
    strategy = 'indentation';
    newLines = reindent(replaceLines, shifts.get(at)!);
  }

  const start = at!;
  const end = start + searchLines.length;
  const eol = content.includes('\r\n') ? '\r\n' : '\n';
  const last = fileLines[end - 1]!;
  const replacement = newLines.map((line, i) => line + (i === newLines.length - 1 && last.eol === '' ? '' : eol)).join('');
  const from = fileLines[start]!.start;
  const to = last.start + last.text.length + last.eol.length;
  return { kind: 'applied', content: content.slice(0, from) + replacement + content.slice(to), strategy, line: start + 1 };
}
