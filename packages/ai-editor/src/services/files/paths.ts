import { ProtocolError } from '../protocol/errors';
import { resolveProjectLimits, type TProjectLimits } from './limits';

/**
 * Characters allowed in a path segment. Plain ASCII only: every other character either means
 * something to some file system or shell, or can impersonate a slash or a dot (U+2215, U+FF0E…).
 */
const SEGMENT_CHAR = /^[A-Za-z0-9._\-@+$()[\]{},= ]$/;

const LOOKALIKES: Readonly<Record<string, string>> = {
  '\u2215': 'a slash',
  '\u2044': 'a slash',
  '\uFF0F': 'a slash',
  '\u29F8': 'a slash',
  '\u2571': 'a slash',
  '\uFF3C': 'a backslash',
  '\u2216': 'a backslash',
  '\u29F5': 'a backslash',
  '\uFF0E': 'a dot',
  '\u2024': 'a dot',
  '\u2025': 'two dots',
  '\u3002': 'a dot',
  '\uFE52': 'a dot',
};

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

const FORBIDDEN_SEGMENTS: Readonly<Record<string, string>> = {
  '.git': 'Git metadata is managed by Shipyard, not by project files',
  node_modules: 'installed packages are provided by the platform, not stored in the project',
};

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return `a control character (${hex})`;
  const lookalike = LOOKALIKES[char];
  if (lookalike) return `"${char}" (${hex}), which looks like ${lookalike}`;
  if (/\s/u.test(char)) return `a non-standard space (${hex})`;
  if (/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/.test(char)) return `an invisible formatting character (${hex})`;
  return `"${char}" (${hex})`;
}

function invalid(path: string, reason: string, fix: string): ProtocolError {
  return new ProtocolError('PATH_INVALID', `Invalid file path "${printable(path)}": ${reason}. ${fix}`, { path });
}

/** A path made safe to quote in a message (control characters escaped, length capped). */
function printable(path: string): string {
  const escaped = path.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 120 ? `${escaped.slice(0, 117)}...` : escaped;
}

const RELATIVE_FIX = 'Use a relative path inside the project, like "src/App.tsx".';

/**
 * Checks that `path` names a text file inside the project and returns its normalized form
 * (`./src//a.ts` → `src/a.ts`). Throws a ProtocolError (`PATH_INVALID` or
 * `PATH_EXTENSION_NOT_ALLOWED`) that says what is wrong and how to name the file instead.
 */
export function validateProjectPath(path: string, limits?: Partial<TProjectLimits>): string {
  const resolved = resolveProjectLimits(limits);
  if (typeof path !== 'string' || path.length === 0) {
    throw invalid(String(path), 'the path is empty', RELATIVE_FIX);
  }
  if (path.length > resolved.maxPathLength * 4) {
    throw invalid(path, `the path is longer than ${resolved.maxPathLength} characters`, 'Use a shorter path.');
  }
  if (path.includes('\\')) {
    throw invalid(path, 'it contains a backslash', 'Separate folders with forward slashes ("/"), like "src/components/Button.tsx".');
  }
  if (/^[A-Za-z]:/.test(path)) {
    throw invalid(path, 'it is an absolute Windows path (drive letter)', RELATIVE_FIX);
  }
  if (path.startsWith('/')) {
    throw invalid(path, 'it is an absolute path', RELATIVE_FIX);
  }
  if (path.startsWith('~')) {
    throw invalid(path, 'it points into a home directory', RELATIVE_FIX);
  }
  for (const char of path) {
    if (char === '/' || SEGMENT_CHAR.test(char)) continue;
    throw invalid(
      path,
      `it contains ${describeChar(char)}`,
      'Use only ASCII letters, digits, spaces and . _ - @ + $ ( ) [ ] { } , = in file names, and "/" between folders.',
    );
  }

  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      throw invalid(path, 'it contains a ".." segment', `${RELATIVE_FIX} Paths cannot leave the project folder.`);
    }
    segments.push(segment);
  }
  if (segments.length === 0 || path.endsWith('/')) {
    throw invalid(path, 'it names a folder, not a file', 'Give the full file path, like "src/App.tsx".');
  }

  for (const segment of segments) {
    const forbidden = FORBIDDEN_SEGMENTS[segment.toLowerCase()];
    if (forbidden) {
      throw invalid(path, `"${segment}" folders cannot be written (${forbidden})`, 'Write project source files only.');
    }
    if (/^\.env(\..*)?$/i.test(segment) && segment.toLowerCase() !== '.env.example') {
      throw invalid(
        path,
        'environment files are not stored in the project',
        "Set variables in the project's environment settings and list their names in shipyard.json.",
      );
    }
    if (segment !== segment.trim() || segment.endsWith('.')) {
      throw invalid(path, `the name "${segment}" starts or ends with a space or ends with a dot`, 'Remove the leading/trailing space or dot.');
    }
    const stem = segment.split('.')[0] ?? '';
    if (WINDOWS_RESERVED.test(stem)) {
      throw invalid(path, `"${segment}" is a reserved device name on Windows`, 'Choose another file or folder name.');
    }
    if (segment.length > 128) {
      throw invalid(path, `the name "${segment.slice(0, 20)}…" is longer than 128 characters`, 'Use a shorter name.');
    }
  }
  if (segments.length > resolved.maxPathDepth) {
    throw invalid(path, `it is nested ${segments.length} levels deep (limit ${resolved.maxPathDepth})`, 'Use a flatter folder structure.');
  }

  const normalized = segments.join('/');
  if (normalized.length > resolved.maxPathLength) {
    throw invalid(path, `the path is longer than ${resolved.maxPathLength} characters`, 'Use a shorter path.');
  }

  const fileName = segments[segments.length - 1] ?? '';
  if (!resolved.allowedFileNames.includes(fileName)) {
    const dot = fileName.lastIndexOf('.');
    const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
    if (!extension || !resolved.allowedExtensions.includes(extension)) {
      throw new ProtocolError(
        'PATH_EXTENSION_NOT_ALLOWED',
        `Invalid file path "${printable(normalized)}": ${
          extension ? `".${extension}" files are` : 'files without an extension are'
        } not allowed in a project. Use a text file with one of these extensions: ${resolved.allowedExtensions
          .map((e) => `.${e}`)
          .join(', ')}.`,
        { path: normalized, allowed: resolved.allowedExtensions },
      );
    }
  }
  return normalized;
}

export type TPathCheck = { ok: true; path: string } | { ok: false; error: ProtocolError };

/** Like validateProjectPath, but returns the error instead of throwing it. */
export function checkProjectPath(path: string, limits?: Partial<TProjectLimits>): TPathCheck {
  try {
    return { ok: true, path: validateProjectPath(path, limits) };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error };
    throw error;
  }
}

/**
 * Cheap, non-throwing normalization for display (live file lists while a model streams):
 * `./src//a.ts` → `src/a.ts`. It does not make a path safe; validateProjectPath does.
 */
export function normalizeProjectPath(path: string): string {
  return path
    .trim()
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}
