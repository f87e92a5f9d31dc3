import { describe, expect, it } from 'vitest';
import { applySearchReplace } from './search-replace';

const FILE = `import { a } from './a';

export function one() {
  if (ready) {
    return a(1);
  }
  return 0;
}

export function two() {
  return a(2);
}
`;

describe('applySearchReplace', () => {
  it('applies an exact match', () => {
    const result = applySearchReplace(FILE, { search: '  return a(2);\n', replace: '  return a(3);\n' });
    expect(result).toEqual({ kind: 'applied', strategy: 'exact', line: 11, content: FILE.replace('a(2)', 'a(3)') });
  });

  it('prefers the one occurrence that starts a line over occurrences inside other lines', () => {
    const file = 'const x = foo();\nfoo();\n';
    expect(applySearchReplace(file, { search: 'foo();\n', replace: 'bar();\n' })).toMatchObject({
      kind: 'applied',
      content: 'const x = foo();\nbar();\n',
    });
  });

  it('ignores trailing whitespace differences', () => {
    const search = 'export function two() {   \n  return a(2);\t\n}\n';
    const result = applySearchReplace(FILE, { search, replace: 'export function two() {\n  return a(22);\n}\n' });
    expect(result).toMatchObject({ kind: 'applied', strategy: 'whitespace', line: 10 });
    expect(result.kind === 'applied' && result.content).toBe(FILE.replace('a(2)', 'a(22)'));
  });

  it('matches LF SEARCH text in a CRLF file and keeps the file CRLF', () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const result = applySearchReplace(crlf, { search: '  return a(2);\n', replace: '  return a(2) + 1;\n  // done\n' });
    expect(result).toMatchObject({ kind: 'applied', strategy: 'whitespace' });
    expect(result.kind === 'applied' && result.content).toBe(
      FILE.replace('  return a(2);\n', '  return a(2) + 1;\n  // done\n').replace(/\n/g, '\r\n'),
    );
  });

  it('matches with a consistent indentation shift and re-indents the replacement by it', () => {
    // The model dropped the function's indentation (2 spaces) from its SEARCH and REPLACE.
    const search = 'if (ready) {\n  return a(1);\n}\n';
    const replace = 'if (ready && !done) {\n  log();\n  return a(1);\n}\n';
    const result = applySearchReplace(FILE, { search, replace });
    expect(result).toMatchObject({ kind: 'applied', strategy: 'indentation', line: 4 });
    expect(result.kind === 'applied' && result.content).toBe(
      FILE.replace('  if (ready) {\n    return a(1);\n  }\n', '  if (ready && !done) {\n    log();\n    return a(1);\n  }\n'),
    );
  });

  it('removes indentation when the SEARCH was indented deeper than the file', () => {
    const file = 'a();\nb();\n';
    const result = applySearchReplace(file, { search: '    a();\n    b();\n', replace: '    a();\n      c();\n    b();\n' });
    expect(result).toEqual({ kind: 'applied', strategy: 'indentation', line: 1, content: 'a();\n  c();\nb();\n' });
  });

  it('rejects an inconsistent indentation shift instead of guessing', () => {
    const result = applySearchReplace(FILE, { search: 'if (ready) {\n    return a(1);\n}\n', replace: 'x\n' });
    expect(result).toEqual({ kind: 'no-match' });
  });

  it('reports no match', () => {
    expect(applySearchReplace(FILE, { search: 'export function three() {\n', replace: '' })).toEqual({ kind: 'no-match' });
  });

  it('reports an ambiguous match with the lines it matched, exact or tolerant', () => {
    const file = 'x();\ny();\nx();\n';
    expect(applySearchReplace(file, { search: 'x();\n', replace: 'z();\n' })).toEqual({ kind: 'ambiguous', lines: [1, 3] });
    expect(applySearchReplace('  x();\ny\n  x();\n', { search: 'x();  \n', replace: 'z();\n' })).toEqual({
      kind: 'ambiguous',
      lines: [1, 3],
    });
  });

  it('does not require blank lines at the edges of SEARCH to match', () => {
    const result = applySearchReplace(FILE, { search: '\n  return 0;\n}\n\n\n', replace: '\n  return -1;\n}\n\n\n' });
    expect(result).toMatchObject({ kind: 'applied' });
    expect(result.kind === 'applied' && result.content).toBe(FILE.replace('return 0;', 'return -1;'));
  });

  it('edits the last line of a file that has no final newline', () => {
    const result = applySearchReplace('a\nlast', { search: 'last\n', replace: 'final\n' });
    expect(result).toEqual({ kind: 'applied', strategy: 'whitespace', line: 2, content: 'a\nfinal' });
  });

  it('deletes lines with an empty REPLACE', () => {
    expect(applySearchReplace('a\nb\nc\n', { search: 'b\n', replace: '' })).toMatchObject({ content: 'a\nc\n' });
  });

  it('fills an empty file from an empty SEARCH, and refuses an empty SEARCH otherwise', () => {
    expect(applySearchReplace('', { search: '', replace: 'new\n' })).toMatchObject({ kind: 'applied', content: 'new\n' });
    expect(applySearchReplace('x\n', { search: '\n', replace: 'y\n' })).toEqual({ kind: 'empty-search' });
  });
});
