import { describe, expect, it } from 'vitest';
import { applyOperations } from './apply';
import { ProtocolError, isEditMatchError, isProtocolError } from './errors';
import { formatEditRetryRequest } from './feedback';
import { parseOutput } from './parser';
import { fixture } from './test-helpers';
import type { TOperation } from './types';

const BASE = new Map([
  ['index.html', '<div id="root"></div>\n'],
  ['src/App.tsx', 'export default function App() {\n  return <h1>Hi</h1>;\n}\n'],
  ['src/index.css', 'body {\n  margin: 0;\n}\n\n.app {\n  padding: 8px;\n}\n'],
  ['src/util.ts', 'export const id = (x: string) => x;\n'],
  ['src/old/Legacy.tsx', 'export {};\n'],
]);

function snapshot(map: ReadonlyMap<string, string>): [string, string][] {
  return [...map.entries()];
}

function thrown(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (error) {
    if (isProtocolError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProtocolError');
}

describe('applyOperations', () => {
  it('applies the complete fixture end to end and reports net changes', () => {
    const { operations } = parseOutput(fixture('complete.txt'));
    const before = snapshot(BASE);
    const result = applyOperations(BASE, operations, { allowedDependencies: ['recharts', 'zustand'] });
    expect(snapshot(BASE)).toEqual(before);
    expect(result.files.get('src/index.css')).toBe(
      'body {\n  margin: 0;\n  font-family: system-ui, sans-serif;\n}\n\n.app {\n  padding: 16px;\n}\n',
    );
    expect(result.files.has('src/old/Legacy.tsx')).toBe(false);
    expect(result.files.get('src/lib/util.ts')).toBe(BASE.get('src/util.ts'));
    expect(result.changes.map((c) => [c.type, c.path])).toEqual([
      ['modified', 'src/App.tsx'],
      ['created', 'src/components/Header.tsx'],
      ['modified', 'src/index.css'],
      ['renamed', 'src/lib/util.ts'],
      ['deleted', 'src/old/Legacy.tsx'],
    ]);
    expect(result.changes.find((c) => c.type === 'renamed')).toMatchObject({ from: 'src/util.ts', modified: false });
    expect(result.dependencies).toEqual([{ name: 'recharts', action: 'add' }]);
    expect(result.editMatches.map((m) => m.strategy)).toEqual(['exact', 'exact']);
  });

  it('is all or nothing: a failing last operation leaves the input untouched and returns nothing', () => {
    const before = snapshot(BASE);
    const ops: TOperation[] = [
      { type: 'write', path: 'src/App.tsx', content: 'changed\n' },
      { type: 'delete', path: 'src/util.ts' },
      { type: 'edit', path: 'src/index.css', blocks: [{ search: 'nope\n', replace: 'x\n' }] },
    ];
    const error = thrown(() => applyOperations(BASE, ops));
    expect(error.code).toBe('EDIT_NO_MATCH');
    expect(snapshot(BASE)).toEqual(before);
  });

  it('describes a SEARCH with no match so it can be sent back to the model with the current file', () => {
    const ops: TOperation[] = [
      {
        type: 'edit',
        path: 'src/index.css',
        blocks: [
          { search: 'body {\n  margin: 0;\n}\n', replace: 'body {\n  margin: 4px;\n}\n' },
          { search: '.missing {}\n', replace: '' },
        ],
      },
    ];
    const error = thrown(() => applyOperations(BASE, ops));
    expect(isEditMatchError(error)).toBe(true);
    expect(error.details.edit).toEqual({
      path: 'src/index.css',
      blockIndex: 1,
      operationIndex: 0,
      search: '.missing {}\n',
      fileContent: BASE.get('src/index.css'),
    });
    expect(error.message).toMatch(/SEARCH block 2 of the edit to "src\/index.css" matches nothing/);
    const retry = formatEditRetryRequest(error);
    expect(retry).toContain('Current content of src/index.css:');
    expect(retry).toContain(BASE.get('src/index.css')!.trimEnd());
    expect(retry).toContain('<shipyard-write>');
  });

  it('reports an ambiguous SEARCH with the matching lines', () => {
    const files = new Map([['a.ts', 'f();\ng();\nf();\n']]);
    const error = thrown(() => applyOperations(files, [{ type: 'edit', path: 'a.ts', blocks: [{ search: 'f();\n', replace: 'h();\n' }] }]));
    expect(error.code).toBe('EDIT_AMBIGUOUS');
    expect(error.details.edit?.matchLines).toEqual([1, 3]);
    expect(error.message).toContain('lines 1, 3');
  });

  it('applies an edit to a file written earlier in the same output', () => {
    const result = applyOperations(new Map(), [
      { type: 'write', path: 'a.ts', content: 'let x = 1;\n' },
      { type: 'edit', path: 'a.ts', blocks: [{ search: 'let x = 1;\n', replace: 'let x = 2;\n' }] },
    ]);
    expect(result.files.get('a.ts')).toBe('let x = 2;\n');
    expect(result.changes).toEqual([{ type: 'created', path: 'a.ts', bytes: 11 }]);
  });

  it('refuses to edit a missing file and tells the model to write it whole', () => {
    const error = thrown(() => applyOperations(BASE, [{ type: 'edit', path: 'src/nope.ts', blocks: [{ search: 'a\n', replace: 'b\n' }] }]));
    expect(error.code).toBe('EDIT_FILE_NOT_FOUND');
    expect(error.message).toContain('<shipyard-write path="src/nope.ts">');
  });

  it('normalizes paths and rejects unsafe ones with the operation index', () => {
    const result = applyOperations(BASE, [{ type: 'write', path: './src//new.ts', content: 'x\n' }]);
    expect(result.files.get('src/new.ts')).toBe('x\n');
    for (const path of ['../escape.ts', '/etc/passwd', 'C:\\x.ts', 'a/../../b.ts', '.git/config', 'node_modules/x/index.js']) {
      const error = thrown(() => applyOperations(BASE, [{ type: 'delete', path: 'src/util.ts' }, { type: 'write', path, content: 'x' }]));
      expect(error.code).toBe('PATH_INVALID');
      expect(error.details.operationIndex).toBe(1);
    }
    expect(thrown(() => applyOperations(BASE, [{ type: 'rename', from: 'src/util.ts', to: '../util.ts' }])).code).toBe('PATH_INVALID');
  });

  it('enforces file size, project size and file count limits', () => {
    const big = 'x'.repeat(600 * 1024);
    expect(thrown(() => applyOperations(BASE, [{ type: 'write', path: 'big.txt', content: big }])).code).toBe('FILE_TOO_LARGE');
    const growing = thrown(() =>
      applyOperations(BASE, [{ type: 'edit', path: 'src/util.ts', blocks: [{ search: 'export', replace: 'y'.repeat(513 * 1024) }] }]),
    );
    expect(growing.code).toBe('FILE_TOO_LARGE');
    const project = thrown(() =>
      applyOperations(
        BASE,
        Array.from({ length: 3 }, (_, i) => ({ type: 'write' as const, path: `data${i}.txt`, content: 'z'.repeat(400 * 1024) })),
        { limits: { maxProjectBytes: 1024 * 1024 } },
      ),
    );
    expect(project.code).toBe('PROJECT_TOO_LARGE');
    expect(project.message).toContain('1 MiB');
    const many = thrown(() =>
      applyOperations(BASE, Array.from({ length: 6 }, (_, i) => ({ type: 'write' as const, path: `f${i}.ts`, content: '' })), {
        limits: { maxFiles: 10 },
      }),
    );
    expect(many.code).toBe('TOO_MANY_FILES');
  });

  it('rejects binary and invalid UTF-8 content', () => {
    expect(thrown(() => applyOperations(BASE, [{ type: 'write', path: 'a.txt', content: 'a\u0000b' }])).code).toBe('CONTENT_BINARY');
    expect(thrown(() => applyOperations(BASE, [{ type: 'write', path: 'a.txt', content: 'a\uD800b' }])).code).toBe(
      'CONTENT_INVALID_UTF8',
    );
  });

  it('rejects paths that collide by letter case or with folders', () => {
    expect(thrown(() => applyOperations(BASE, [{ type: 'write', path: 'src/app.tsx', content: '' }])).code).toBe('PATH_CONFLICT');
    expect(thrown(() => applyOperations(BASE, [{ type: 'write', path: 'src/util.ts/x.ts', content: '' }])).code).toBe('PATH_CONFLICT');
    expect(thrown(() => applyOperations(BASE, [{ type: 'write', path: 'src/old', content: '' }])).code).toBe('PATH_EXTENSION_NOT_ALLOWED');
    const renamed = applyOperations(BASE, [{ type: 'rename', from: 'src/App.tsx', to: 'src/app.tsx' }]);
    expect(renamed.changes).toEqual([expect.objectContaining({ type: 'renamed', from: 'src/App.tsx', path: 'src/app.tsx' })]);
  });

  it('handles renames and deletes strictly where it matters and leniently where it does not', () => {
    expect(thrown(() => applyOperations(BASE, [{ type: 'rename', from: 'src/none.ts', to: 'src/b.ts' }])).code).toBe(
      'RENAME_SOURCE_NOT_FOUND',
    );
    expect(thrown(() => applyOperations(BASE, [{ type: 'rename', from: 'src/util.ts', to: 'index.html' }])).code).toBe(
      'RENAME_TARGET_EXISTS',
    );
    const result = applyOperations(BASE, [{ type: 'delete', path: 'src/ghost.ts' }]);
    expect(result.changes).toEqual([]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'DELETE_MISSING_FILE', path: 'src/ghost.ts' })]);
  });

  it('reports a rename followed by an edit as one renamed-and-modified change', () => {
    const result = applyOperations(BASE, [
      { type: 'rename', from: 'src/util.ts', to: 'src/lib/id.ts' },
      { type: 'edit', path: 'src/lib/id.ts', blocks: [{ search: 'x;', replace: 'x.trim();' }] },
    ]);
    expect(result.changes).toEqual([{ type: 'renamed', from: 'src/util.ts', path: 'src/lib/id.ts', bytes: 43, modified: true }]);
  });

  it('only adds dependencies from the allowed set, and names that set in the error', () => {
    const error = thrown(() =>
      applyOperations(BASE, [{ type: 'dependency', name: 'left-pad', action: 'add' }], { allowedDependencies: new Set(['zustand', 'recharts']) }),
    );
    expect(error.code).toBe('DEPENDENCY_NOT_ALLOWED');
    expect(error.details.allowed).toEqual(['recharts', 'zustand']);
    expect(error.message).toContain('recharts, zustand');
    expect(thrown(() => applyOperations(BASE, [{ type: 'dependency', name: '../evil', action: 'add' }])).code).toBe(
      'DEPENDENCY_INVALID_NAME',
    );
    const result = applyOperations(
      BASE,
      [
        { type: 'dependency', name: 'zustand', action: 'add' },
        { type: 'dependency', name: 'lodash', action: 'remove' },
        { type: 'dependency', name: 'zustand', action: 'remove' },
      ],
      { allowedDependencies: ['zustand'] },
    );
    expect(result.dependencies).toEqual([
      { name: 'zustand', action: 'remove' },
      { name: 'lodash', action: 'remove' },
    ]);
  });

  it('throws errors that identify themselves across package copies', () => {
    const error = thrown(() => applyOperations(BASE, [{ type: 'write', path: '/abs.ts', content: '' }]));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.name).toBe('ProtocolError');
    expect(isProtocolError({ ...error, [Symbol.for('shipyard.ai-editor.ProtocolError')]: true })).toBe(true);
    expect(isProtocolError(new Error('x'))).toBe(false);
  });
});
