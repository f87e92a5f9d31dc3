import { DEFAULT_ALLOWED_EXTENSIONS, DEFAULT_ALLOWED_FILE_NAMES } from '../files/limits';

/** A Markdown code fence line: ```` ```tsx ```` or `~~~`. */
export interface TFence {
  char: '`' | '~';
  length: number;
  info: string;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\n]*?)[ \t]*$/;

/** Parses an opening fence line (any info string), or returns undefined. */
export function parseFenceOpener(line: string): TFence | undefined {
  const match = FENCE_LINE.exec(line);
  if (!match) return undefined;
  const marker = match[1]!;
  const info = match[2] ?? '';
  const char = marker[0] as '`' | '~';
  if (char === '`' && info.includes('`')) return undefined;
  return { char, length: marker.length, info };
}

/** True when `line` closes `fence`: the same character, at least as long, nothing after it. */
export function isClosingFence(line: string, fence: Pick<TFence, 'char' | 'length'>): boolean {
  const match = FENCE_LINE.exec(line);
  if (!match || match[2] !== '') return false;
  const marker = match[1]!;
  return marker[0] === fence.char && marker.length >= fence.length;
}

const PATH_TOKEN = /^(?:\.\/)?[A-Za-z0-9_@$()[\]{}+=,.-]+(?:\/[A-Za-z0-9_@$()[\]{}+=,.-]+)*$/;

/** True when `token` looks like a project file path (`src/App.tsx`, `index.html`, `.gitignore`). */
export function looksLikeFilePath(token: string): boolean {
  if (token.length === 0 || token.length > 240 || !PATH_TOKEN.test(token)) return false;
  const name = token.slice(token.lastIndexOf('/') + 1);
  if (DEFAULT_ALLOWED_FILE_NAMES.includes(name)) return true;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  return DEFAULT_ALLOWED_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

function stripDecoration(text: string): string {
  let t = text.trim();
  for (let round = 0; round < 4; round++) {
    const before = t;
    t = t.replace(/:$/, '').trim();
    for (const mark of ['**', '__', '`', '*', '_', '"', "'"]) {
      if (t.length > 2 * mark.length && t.startsWith(mark) && t.endsWith(mark)) {
        t = t.slice(mark.length, -mark.length).trim();
      }
    }
    if (t === before) break;
  }
  return t;
}

/**
 * The file path named by a prose line that introduces a bare code block:
 * `src/App.tsx:`, `**src/App.tsx**`, `` `src/App.tsx` ``, `### src/App.tsx`, `File: src/App.tsx`.
 * A sentence (`Update src/App.tsx:`) is not a path line.
 */
export function pathFromProseLine(line: string): string | undefined {
  let t = line.trim();
  if (t.length === 0 || t.length > 300) return undefined;
  t = t.replace(/^#{1,6}[ \t]+/, '').replace(/^(?:[-*+]|\d{1,3}[.)])[ \t]+/, '');
  t = stripDecoration(t);
  t = t.replace(/^(?:file(?:name)?|path)[ \t]*:[ \t]*/i, '');
  t = stripDecoration(t);
  return looksLikeFilePath(t) ? t : undefined;
}

/** A path carried by a fence's info string: ```` ```tsx src/App.tsx ````, ```` ```tsx:src/App.tsx ````, `title="src/App.tsx"`. */
export function pathFromFenceInfo(info: string): string | undefined {
  for (const rawToken of info.split(/\s+/)) {
    const parts = rawToken.split(':');
    const candidates = parts.length === 2 ? [rawToken, parts[1]!] : [rawToken];
    for (const candidate of candidates) {
      const token = candidate
        .replace(/^(?:title|file|filename|path)=/i, '')
        .replace(/^["']|["']$/g, '');
      if (looksLikeFilePath(token)) return token;
    }
  }
  return undefined;
}

const PROSE_EXTENSIONS = new Set(['md', 'mdx', 'txt']);
const PROSE_LANGUAGES = new Set(['md', 'markdown', 'mdx', 'text', 'txt', 'plaintext']);

/**
 * Whether an opening fence on the first content line of a written file is a wrapper the model
 * put around the whole file (strip it) rather than the file's own content. For Markdown and
 * text files a fence is only a wrapper when it declares a Markdown/text language.
 */
export function isWrapperFence(path: string | null, fence: TFence): boolean {
  const dot = path ? path.lastIndexOf('.') : -1;
  const extension = dot === -1 || !path ? '' : path.slice(dot + 1).toLowerCase();
  if (!PROSE_EXTENSIONS.has(extension)) return true;
  const language = fence.info.split(/\s+/)[0]?.toLowerCase() ?? '';
  return PROSE_LANGUAGES.has(language);
}
