import { ProtocolError } from '../protocol/errors';
import { formatBytes, resolveProjectLimits, type TProjectLimits } from './limits';
import { validateProjectPath } from './paths';

const NON_ASCII = /[^\u0000-\u007f]/;

/** UTF-8 length of a string, without allocating an encoded copy. Lone surrogates count as U+FFFD (3 bytes). */
export function utf8ByteLength(text: string): number {
  // Source code is mostly ASCII: let the regex engine find the first other character.
  const first = text.search(NON_ASCII);
  if (first === -1) return text.length;
  let bytes = first;
  for (let i = first; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks one file's text: no NUL (binary data), encodable as UTF-8, within `maxFileBytes`.
 * Returns the size in bytes.
 */
export function validateFileContent(path: string, content: string, limits?: Partial<TProjectLimits>): number {
  const resolved = resolveProjectLimits(limits);
  if (typeof content !== 'string') {
    throw new ProtocolError('CONTENT_BINARY', `"${path}" has no text content. Provide the file as UTF-8 text.`, { path });
  }
  const nul = content.indexOf('\u0000');
  if (nul !== -1) {
    throw new ProtocolError(
      'CONTENT_BINARY',
      `"${path}" contains a NUL byte (at character ${nul}), so it is binary, not text. Only text files can be stored in a project; remove the binary data or reference the asset by URL.`,
      { path },
    );
  }
  if (LONE_SURROGATE.test(content)) {
    throw new ProtocolError(
      'CONTENT_INVALID_UTF8',
      `"${path}" is not valid UTF-8 text (it holds a broken character sequence). Save the file as UTF-8 and try again.`,
      { path },
    );
  }
  const bytes = utf8ByteLength(content);
  if (bytes > resolved.maxFileBytes) {
    throw new ProtocolError(
      'FILE_TOO_LARGE',
      `"${path}" is ${formatBytes(bytes)}, over the ${formatBytes(resolved.maxFileBytes)} limit per file. Split it into smaller modules.`,
      { path, limit: resolved.maxFileBytes, actual: bytes },
    );
  }
  return bytes;
}

/**
 * Decodes bytes (an uploaded or unzipped file) as strict UTF-8, dropping a leading BOM.
 * Invalid sequences throw `CONTENT_INVALID_UTF8`; NUL bytes throw `CONTENT_BINARY`.
 */
export function decodeUtf8Strict(bytes: Uint8Array, path = 'file'): string {
  if (bytes.includes(0)) {
    throw new ProtocolError(
      'CONTENT_BINARY',
      `"${path}" contains NUL bytes, so it is binary, not text. Only text files can be stored in a project.`,
      { path },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new ProtocolError(
      'CONTENT_INVALID_UTF8',
      `"${path}" is not valid UTF-8 text. Re-save it with UTF-8 encoding and try again.`,
      { path },
      { cause },
    );
  }
}

/** Total UTF-8 size of a set of files. */
export function projectByteSize(files: ReadonlyMap<string, string>): number {
  let total = 0;
  for (const content of files.values()) total += utf8ByteLength(content);
  return total;
}

/**
 * Validates a whole file tree (a ZIP import, a restored version) against the limits: every
 * path and file, the file count and the total size. Returns a new map keyed by normalized
 * paths. Two entries that normalize to the same path (or differ only in letter case) throw
 * `PATH_CONFLICT`.
 */
export function validateProjectFiles(
  files: ReadonlyMap<string, string> | Iterable<readonly [string, string]>,
  limits?: Partial<TProjectLimits>,
): Map<string, string> {
  const resolved = resolveProjectLimits(limits);
  const result = new Map<string, string>();
  const byLowerCase = new Map<string, string>();
  let total = 0;
  for (const [rawPath, content] of files) {
    const path = validateProjectPath(rawPath, resolved);
    const clash = byLowerCase.get(path.toLowerCase());
    if (clash !== undefined) {
      throw new ProtocolError(
        'PATH_CONFLICT',
        clash === path
          ? `"${rawPath}" appears twice in the project. Keep one copy.`
          : `"${path}" and "${clash}" differ only in letter case, which breaks on case-insensitive file systems. Rename one of them.`,
        { path },
      );
    }
    byLowerCase.set(path.toLowerCase(), path);
    total += validateFileContent(path, content, resolved);
    result.set(path, content);
    if (result.size > resolved.maxFiles) {
      throw new ProtocolError(
        'TOO_MANY_FILES',
        `The project has more than ${resolved.maxFiles} files. Remove unused files or combine small ones.`,
        { limit: resolved.maxFiles, actual: result.size },
      );
    }
  }
  if (total > resolved.maxProjectBytes) {
    throw new ProtocolError(
      'PROJECT_TOO_LARGE',
      `The project is ${formatBytes(total)}, over the ${formatBytes(resolved.maxProjectBytes)} limit. Remove large or unused files.`,
      { limit: resolved.maxProjectBytes, actual: total },
    );
  }
  validateFolderConflicts(result.keys());
  return result;
}

/** Throws PATH_CONFLICT when one path is used both as a file and as a folder (`a.ts` and `a.ts/b.ts`). */
export function validateFolderConflicts(paths: Iterable<string>): void {
  const files = new Set(paths);
  for (const path of files) {
    let slash = path.indexOf('/');
    while (slash !== -1) {
      const folder = path.slice(0, slash);
      if (files.has(folder)) {
        throw new ProtocolError(
          'PATH_CONFLICT',
          `"${folder}" is a file, so "${path}" cannot be created inside it. Rename one of them.`,
          { path },
        );
      }
      slash = path.indexOf('/', slash + 1);
    }
  }
}
