/**
 * Line diffs between file trees: added/removed counts for version stats and unified diffs for
 * the diff view. Myers' O(ND) algorithm in linear space (middle-snake bisection), with common
 * prefix/suffix trimming and a work budget: past the budget a region is reported as replaced
 * wholesale, which is still a correct diff, just not a minimal one.
 */

export type TFileDiffStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface TFileDiff {
  path: string;
  /** Set when status is 'renamed'. */
  previousPath?: string;
  status: TFileDiffStatus;
  added: number;
  removed: number;
  /** Unified diff text (empty when `patch: false` was asked for, or for a pure rename). */
  patch: string;
}

export interface TProjectDiff {
  files: TFileDiff[];
  added: number;
  removed: number;
}

export interface TDiffOptions {
  /** Lines of context around each change in the unified diff. Default 3. */
  context?: number;
  /** Build the unified diff text. Default true; false gives counts only (cheaper). */
  patch?: boolean;
  /** Upper bound on the diff's work per file before it gives up on minimality. Default 5e6. */
  budget?: number;
}

export interface TTextDiff {
  added: number;
  removed: number;
  patch: string;
}

const Op = { Equal: 0, Delete: 1, Insert: 2 } as const;
type Op = (typeof Op)[keyof typeof Op];

/** Splits text into lines, each keeping its '\n' (the last one may lack it). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      lines.push(text.slice(start));
      break;
    }
    lines.push(text.slice(start, newline + 1));
    start = newline + 1;
  }
  return lines;
}

interface TScript {
  ops: number[];
  counts: number[];
}

function pushOp(script: TScript, op: Op, count: number): void {
  if (count <= 0) return;
  const last = script.ops.length - 1;
  if (last >= 0 && script.ops[last] === op) script.counts[last]! += count;
  else {
    script.ops.push(op);
    script.counts.push(count);
  }
}

class MyersDiff {
  private remaining: number;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    budget: number,
    private readonly script: TScript,
  ) {
    this.remaining = budget;
  }

  diff(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b, script } = this;
    let prefix = 0;
    while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix]) prefix++;
    pushOp(script, Op.Equal, prefix);
    aLo += prefix;
    bLo += prefix;
    let suffix = 0;
    while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - 1 - suffix] === b[bHi - 1 - suffix]) suffix++;
    aHi -= suffix;
    bHi -= suffix;
    if (aLo === aHi) pushOp(script, Op.Insert, bHi - bLo);
    else if (bLo === bHi) pushOp(script, Op.Delete, aHi - aLo);
    else this.bisect(aLo, aHi, bLo, bHi);
    pushOp(script, Op.Equal, suffix);
  }

  private bisect(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const maxD = Math.ceil((n + m) / 2);
    const offset = maxD;
    const length = 2 * maxD + 2;
    const v1 = new Int32Array(length).fill(-1);
    const v2 = new Int32Array(length).fill(-1);
    v1[offset + 1] = 0;
    v2[offset + 1] = 0;
    const delta = n - m;
    const front = delta % 2 !== 0;
    let k1start = 0;
    let k1end = 0;
    let k2start = 0;
    let k2end = 0;
    for (let d = 0; d < maxD; d++) {
      if (this.remaining <= 0) break;
      this.remaining -= 2 * d + 1;
      for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
        const k1o = offset + k1;
        let x1 = k1 === -d || (k1 !== d && v1[k1o - 1]! < v1[k1o + 1]!) ? v1[k1o + 1]! : v1[k1o - 1]! + 1;
        let y1 = x1 - k1;
        while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
          x1++;
          y1++;
        }
        v1[k1o] = x1;
        if (x1 > n) k1end += 2;
        else if (y1 > m) k1start += 2;
        else if (front) {
          const k2o = offset + delta - k1;
          if (k2o >= 0 && k2o < length && v2[k2o] !== -1 && x1 >= n - v2[k2o]!) {
            this.split(aLo, aHi, bLo, bHi, x1, y1);
            return;
          }
        }
      }
      for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
        const k2o = offset + k2;
        let x2 = k2 === -d || (k2 !== d && v2[k2o - 1]! < v2[k2o + 1]!) ? v2[k2o + 1]! : v2[k2o - 1]! + 1;
        let y2 = x2 - k2;
        while (x2 < n && y2 < m && a[aHi - 1 - x2] === b[bHi - 1 - y2]) {
          x2++;
          y2++;
        }
        v2[k2o] = x2;
        if (x2 > n) k2end += 2;
        else if (y2 > m) k2start += 2;
        else if (!front) {
          const k1o = offset + delta - k2;
          if (k1o >= 0 && k1o < length && v1[k1o] !== -1) {
            const x1 = v1[k1o]!;
            const y1 = offset + x1 - k1o;
            if (x1 >= n - x2) {
              this.split(aLo, aHi, bLo, bHi, x1, y1);
              return;
            }
          }
        }
      }
    }
    // Over budget (or no overlap found): report the region as replaced.
    pushOp(this.script, Op.Delete, n);
    pushOp(this.script, Op.Insert, m);
  }

  private split(aLo: number, aHi: number, bLo: number, bHi: number, x: number, y: number): void {
    this.diff(aLo, aLo + x, bLo, bLo + y);
    this.diff(aLo + x, aHi, bLo + y, bHi);
  }
}

function lineScript(oldLines: readonly string[], newLines: readonly string[], budget: number): TScript {
  const ids = new Map<string, number>();
  const encode = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length);
    lines.forEach((line, i) => {
      let id = ids.get(line);
      if (id === undefined) {
        id = ids.size;
        ids.set(line, id);
      }
      out[i] = id;
    });
    return out;
  };
  const a = encode(oldLines);
  const b = encode(newLines);
  const script: TScript = { ops: [], counts: [] };
  new MyersDiff(a, b, budget, script).diff(0, a.length, 0, b.length);
  return script;
}

function formatRange(start: number, length: number): string {
  const first = length === 0 ? start : start + 1;
  return length === 1 ? `${first}` : `${first},${length}`;
}

function formatLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`;
}

function buildHunks(oldLines: readonly string[], newLines: readonly string[], script: TScript, context: number): string {
  // Flatten into (op, oldIndex, newIndex) rows, then group changes closer than 2*context.
  const rowOps: number[] = [];
  const rowOld: number[] = [];
  const rowNew: number[] = [];
  let ai = 0;
  let bi = 0;
  script.ops.forEach((op, index) => {
    const count = script.counts[index]!;
    for (let i = 0; i < count; i++) {
      rowOps.push(op);
      rowOld.push(ai);
      rowNew.push(bi);
      if (op !== Op.Insert) ai++;
      if (op !== Op.Delete) bi++;
    }
  });
  const changed: number[] = [];
  rowOps.forEach((op, i) => {
    if (op !== Op.Equal) changed.push(i);
  });
  let out = '';
  let c = 0;
  while (c < changed.length) {
    const start = Math.max(0, changed[c]! - context);
    let last = changed[c]!;
    c++;
    while (c < changed.length && changed[c]! - last <= 2 * context + 1) {
      last = changed[c]!;
      c++;
    }
    const end = Math.min(rowOps.length, last + context + 1);
    let oldCount = 0;
    let newCount = 0;
    let body = '';
    for (let r = start; r < end; r++) {
      const op = rowOps[r];
      if (op === Op.Equal) {
        body += formatLine(' ', oldLines[rowOld[r]!]!);
        oldCount++;
        newCount++;
      } else if (op === Op.Delete) {
        body += formatLine('-', oldLines[rowOld[r]!]!);
        oldCount++;
      } else {
        body += formatLine('+', newLines[rowNew[r]!]!);
        newCount++;
      }
    }
    out += `@@ -${formatRange(rowOld[start]!, oldCount)} +${formatRange(rowNew[start]!, newCount)} @@\n${body}`;
  }
  return out;
}

/**
 * Diffs two versions of one file by lines. `oldPath`/`newPath` label the unified diff's
 * header; pass null for a side that does not exist (shown as /dev/null).
 */
export function diffText(
  oldText: string,
  newText: string,
  options: TDiffOptions & { oldPath?: string | null; newPath?: string | null } = {},
): TTextDiff {
  const context = options.context ?? 3;
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const script = lineScript(oldLines, newLines, options.budget ?? 5_000_000);
  let added = 0;
  let removed = 0;
  script.ops.forEach((op, i) => {
    if (op === Op.Insert) added += script.counts[i]!;
    else if (op === Op.Delete) removed += script.counts[i]!;
  });
  if (options.patch === false || (added === 0 && removed === 0)) return { added, removed, patch: '' };
  const oldLabel = options.oldPath === null ? '/dev/null' : `a/${options.oldPath ?? options.newPath ?? 'file'}`;
  const newLabel = options.newPath === null ? '/dev/null' : `b/${options.newPath ?? options.oldPath ?? 'file'}`;
  const patch = `--- ${oldLabel}\n+++ ${newLabel}\n${buildHunks(oldLines, newLines, script, context)}`;
  return { added, removed, patch };
}

/**
 * Diffs two file trees (path → content). A file deleted under one path and added with the
 * same content under another is reported as a rename. Files come back sorted by path.
 */
export function diffFiles(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  options: TDiffOptions = {},
): TProjectDiff {
  const files: TFileDiff[] = [];
  const deleted = new Map<string, string>();
  const addedPaths: string[] = [];
  for (const [path, content] of before) {
    if (!after.has(path)) deleted.set(path, content);
  }
  for (const path of after.keys()) {
    if (!before.has(path)) addedPaths.push(path);
  }
  // Exact-content renames.
  const deletedByContent = new Map<string, string[]>();
  for (const [path, content] of deleted) {
    if (content.length === 0) continue;
    const list = deletedByContent.get(content) ?? [];
    list.push(path);
    deletedByContent.set(content, list);
  }
  for (const path of addedPaths) {
    const content = after.get(path)!;
    const candidates = deletedByContent.get(content);
    const previousPath = candidates?.shift();
    if (previousPath !== undefined) {
      deleted.delete(previousPath);
      files.push({ path, previousPath, status: 'renamed', added: 0, removed: 0, patch: '' });
    } else {
      const diff = diffText('', content, { ...options, oldPath: null, newPath: path });
      files.push({ path, status: 'added', ...diff });
    }
  }
  for (const [path, content] of deleted) {
    const diff = diffText(content, '', { ...options, oldPath: path, newPath: null });
    files.push({ path, status: 'deleted', ...diff });
  }
  for (const [path, oldContent] of before) {
    const newContent = after.get(path);
    if (newContent === undefined || newContent === oldContent) continue;
    const diff = diffText(oldContent, newContent, { ...options, oldPath: path, newPath: path });
    files.push({ path, status: 'modified', ...diff });
  }
  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  let added = 0;
  let removed = 0;
  for (const file of files) {
    added += file.added;
    removed += file.removed;
  }
  return { files, added, removed };
}
