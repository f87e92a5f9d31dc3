import { utf8ByteLength, validateFileContent } from '../files/content';
import { formatBytes, resolveProjectLimits, type TProjectLimits } from '../files/limits';
import { validateProjectPath } from '../files/paths';
import { ProtocolError } from './errors';
import { applySearchReplace, type TMatchStrategy } from './search-replace';
import type { TOperation } from './types';

export interface TApplyOptions {
  limits?: Partial<TProjectLimits>;
  /**
   * The platform's runtime packages a project may add. Adding anything else throws
   * DEPENDENCY_NOT_ALLOWED. Default: none.
   */
  allowedDependencies?: Iterable<string>;
}

export type TFileChange =
  | { type: 'created'; path: string; bytes: number }
  | { type: 'modified'; path: string; bytes: number }
  | { type: 'deleted'; path: string }
  /** `modified` is true when the content also changed. */
  | { type: 'renamed'; from: string; path: string; bytes: number; modified: boolean };

export interface TDependencyChange {
  name: string;
  action: 'add' | 'remove';
}

export interface TEditMatch {
  path: string;
  operationIndex: number;
  blockIndex: number;
  strategy: TMatchStrategy;
  /** 1-based line where the block matched. */
  line: number;
}

export interface TApplyWarning {
  code: 'DELETE_MISSING_FILE';
  message: string;
  path: string;
  operationIndex: number;
}

export interface TApplyResult {
  /** The new file tree (a new map; the input is never modified). */
  files: Map<string, string>;
  /** Net changes against the input, sorted by path. Unchanged files are not listed. */
  changes: TFileChange[];
  /** Net dependency changes, in the order first named. */
  dependencies: TDependencyChange[];
  /** How each SEARCH block matched; a non-exact strategy is worth logging. */
  editMatches: TEditMatch[];
  warnings: TApplyWarning[];
}

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

function assertDependencyName(name: string, operationIndex: number): void {
  if (name.length > 214 || !NPM_NAME.test(name)) {
    throw new ProtocolError(
      'DEPENDENCY_INVALID_NAME',
      `"${name}" is not a valid npm package name. Use the package's exact lower-case name, like "recharts" or "@tanstack/react-query".`,
      { operationIndex },
    );
  }
}

/**
 * Applies the model's operations to a file tree, all or nothing: it works on a copy and throws
 * a ProtocolError at the first operation that cannot apply, so the caller's tree is untouched.
 * Paths are validated and normalized; every written file and the project as a whole are
 * checked against the limits.
 */
export function applyOperations(
  files: ReadonlyMap<string, string>,
  operations: readonly TOperation[],
  options: TApplyOptions = {},
): TApplyResult {
  const limits = resolveProjectLimits(options.limits);
  const allowed = new Set(options.allowedDependencies ?? []);
  const working = new Map(files);
  const lowerCase = new Map<string, string>();
  for (const path of working.keys()) lowerCase.set(path.toLowerCase(), path);
  // For each current path, the input path whose content it descends from (null: new file).
  const origin = new Map<string, string | null>();
  for (const path of working.keys()) origin.set(path, path);

  const dependencies = new Map<string, TDependencyChange['action']>();
  const editMatches: TEditMatch[] = [];
  const warnings: TApplyWarning[] = [];

  const pathOf = (raw: string, operationIndex: number): string => {
    try {
      return validateProjectPath(raw, limits);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new ProtocolError(error.code, error.message, { ...error.details, operationIndex }, { cause: error });
      }
      throw error;
    }
  };

  const checkContent = (path: string, content: string, operationIndex: number): void => {
    try {
      validateFileContent(path, content, limits);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new ProtocolError(error.code, error.message, { ...error.details, operationIndex }, { cause: error });
      }
      throw error;
    }
  };

  const assertCanCreate = (path: string, operationIndex: number): void => {
    const clash = lowerCase.get(path.toLowerCase());
    if (clash !== undefined && clash !== path) {
      throw new ProtocolError(
        'PATH_CONFLICT',
        `"${path}" differs from the existing "${clash}" only in letter case, which breaks on case-insensitive file systems. Edit "${clash}" instead, or rename it first.`,
        { path, operationIndex },
      );
    }
    let slash = path.indexOf('/');
    while (slash !== -1) {
      const folder = path.slice(0, slash);
      if (working.has(folder)) {
        throw new ProtocolError(
          'PATH_CONFLICT',
          `"${folder}" is a file, so "${path}" cannot be created inside it. Choose another path or delete "${folder}" first.`,
          { path, operationIndex },
        );
      }
      slash = path.indexOf('/', slash + 1);
    }
    const prefix = `${path}/`;
    for (const existing of working.keys()) {
      if (existing.startsWith(prefix)) {
        throw new ProtocolError(
          'PATH_CONFLICT',
          `"${path}" is a folder (it holds "${existing}"), so it cannot also be a file. Choose another path.`,
          { path, operationIndex },
        );
      }
    }
  };

  const setFile = (path: string, content: string): void => {
    working.set(path, content);
    lowerCase.set(path.toLowerCase(), path);
  };
  const removeFile = (path: string): void => {
    working.delete(path);
    lowerCase.delete(path.toLowerCase());
    origin.delete(path);
  };

  operations.forEach((op, operationIndex) => {
    switch (op.type) {
      case 'write': {
        const path = pathOf(op.path, operationIndex);
        checkContent(path, op.content, operationIndex);
        if (!working.has(path)) {
          assertCanCreate(path, operationIndex);
          origin.set(path, files.has(path) ? path : null);
        }
        setFile(path, op.content);
        return;
      }
      case 'edit': {
        const path = pathOf(op.path, operationIndex);
        const before = working.get(path);
        if (before === undefined) {
          throw new ProtocolError(
            'EDIT_FILE_NOT_FOUND',
            `The edit targets "${path}", which does not exist. Create it with <shipyard-write path="${path}"> and its whole content instead.`,
            { path, operationIndex },
          );
        }
        let content = before;
        op.blocks.forEach((block, blockIndex) => {
          const result = applySearchReplace(content, block);
          const edit = { path, blockIndex, operationIndex, search: block.search, fileContent: before };
          switch (result.kind) {
            case 'applied':
              content = result.content;
              editMatches.push({ path, operationIndex, blockIndex, strategy: result.strategy, line: result.line });
              return;
            case 'no-match':
              throw new ProtocolError(
                'EDIT_NO_MATCH',
                `SEARCH block ${blockIndex + 1} of the edit to "${path}" matches nothing in the current file, even ignoring whitespace and indentation. Copy the SEARCH lines exactly from the current "${path}", or rewrite the whole file with <shipyard-write path="${path}">.`,
                { path, operationIndex, edit },
              );
            case 'ambiguous':
              throw new ProtocolError(
                'EDIT_AMBIGUOUS',
                `SEARCH block ${blockIndex + 1} of the edit to "${path}" matches ${result.lines.length > 20 ? 'more than 20' : result.lines.length} places (lines ${result.lines.join(', ')}). Add surrounding lines to the SEARCH so it matches exactly one place, or rewrite the whole file with <shipyard-write path="${path}">.`,
                { path, operationIndex, edit: { ...edit, matchLines: result.lines } },
              );
            case 'empty-search':
              throw new ProtocolError(
                'EDIT_EMPTY_SEARCH',
                `SEARCH block ${blockIndex + 1} of the edit to "${path}" is empty, but the file is not. Put the exact lines to replace in the SEARCH part, or rewrite the whole file with <shipyard-write path="${path}">.`,
                { path, operationIndex, edit },
              );
          }
        });
        checkContent(path, content, operationIndex);
        setFile(path, content);
        return;
      }
      case 'delete': {
        const path = pathOf(op.path, operationIndex);
        if (!working.has(path)) {
          warnings.push({
            code: 'DELETE_MISSING_FILE',
            message: `"${path}" was to be deleted but does not exist; nothing to do.`,
            path,
            operationIndex,
          });
          return;
        }
        removeFile(path);
        return;
      }
      case 'rename': {
        const from = pathOf(op.from, operationIndex);
        const to = pathOf(op.to, operationIndex);
        const content = working.get(from);
        if (content === undefined) {
          throw new ProtocolError(
            'RENAME_SOURCE_NOT_FOUND',
            `"${from}" cannot be renamed to "${to}" because it does not exist. Check the path, or create "${to}" with <shipyard-write>.`,
            { path: from, operationIndex },
          );
        }
        if (from === to) return;
        const caseOnly = from.toLowerCase() === to.toLowerCase();
        if (working.has(to) && !caseOnly) {
          throw new ProtocolError(
            'RENAME_TARGET_EXISTS',
            `"${from}" cannot be renamed to "${to}" because "${to}" already exists. Delete "${to}" first, or choose another name.`,
            { path: to, operationIndex },
          );
        }
        const fromOrigin = origin.get(from) ?? null;
        removeFile(from);
        assertCanCreate(to, operationIndex);
        setFile(to, content);
        origin.set(to, fromOrigin);
        return;
      }
      case 'dependency': {
        assertDependencyName(op.name, operationIndex);
        if (op.action === 'add' && !allowed.has(op.name)) {
          const list = [...allowed].sort();
          throw new ProtocolError(
            'DEPENDENCY_NOT_ALLOWED',
            list.length === 0
              ? `"${op.name}" cannot be added: this project cannot add packages. Write the code without it.`
              : `"${op.name}" is not one of the platform's runtime packages, so it cannot be added. Use one of: ${list.join(', ')}; or write the code without it.`,
            { operationIndex, allowed: list },
          );
        }
        dependencies.set(op.name, op.action);
        return;
      }
    }
  });

  if (working.size > limits.maxFiles) {
    throw new ProtocolError(
      'TOO_MANY_FILES',
      `The change would leave ${working.size} files, over the limit of ${limits.maxFiles}. Delete unused files or combine small ones.`,
      { limit: limits.maxFiles, actual: working.size },
    );
  }
  // UTF-8 needs at most 3 bytes per UTF-16 unit: count exactly only when near the limit.
  let units = 0;
  for (const content of working.values()) units += content.length;
  let total = units;
  if (units * 3 > limits.maxProjectBytes) {
    total = 0;
    for (const content of working.values()) total += utf8ByteLength(content);
  }
  if (total > limits.maxProjectBytes) {
    throw new ProtocolError(
      'PROJECT_TOO_LARGE',
      `The change would make the project ${formatBytes(total)}, over the ${formatBytes(limits.maxProjectBytes)} limit. Remove large or unused files, or make smaller changes.`,
      { limit: limits.maxProjectBytes, actual: total },
    );
  }

  return {
    files: working,
    changes: netChanges(files, working, origin),
    dependencies: [...dependencies].map(([name, action]) => ({ name, action })),
    editMatches,
    warnings,
  };
}

function netChanges(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  origin: ReadonlyMap<string, string | null>,
): TFileChange[] {
  const changes: TFileChange[] = [];
  const renamedFrom = new Set<string>();
  for (const [path, content] of after) {
    const source = origin.get(path) ?? null;
    if (source !== null && source !== path && !after.has(source)) {
      renamedFrom.add(source);
      changes.push({ type: 'renamed', from: source, path, bytes: utf8ByteLength(content), modified: before.get(source) !== content });
    } else if (!before.has(path)) {
      changes.push({ type: 'created', path, bytes: utf8ByteLength(content) });
    } else if (before.get(path) !== content) {
      changes.push({ type: 'modified', path, bytes: utf8ByteLength(content) });
    }
  }
  for (const path of before.keys()) {
    if (!after.has(path) && !renamedFrom.has(path)) changes.push({ type: 'deleted', path });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
