import { describe, expect, it } from 'vitest';
import { diffFiles, diffText, splitLines } from './diff';

/** Applies a unified diff produced by diffText to `old` (test oracle). */
function applyPatch(old: string, patch: string): string {
  const oldLines = splitLines(old);
  const out: string[] = [];
  const lines = patch.split('\n');
  let cursor = 0;
  let i = 2; // skip --- and +++
  while (i < lines.length && lines[i] !== '') {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i]!);
    if (!header) throw new Error(`bad hunk header: ${lines[i]}`);
    const start = Number(header[1]);
    const length = header[2] === undefined ? 1 : Number(header[2]);
    const from = length === 0 ? start : start - 1;
    while (cursor < from) out.push(oldLines[cursor++]!);
    i++;
    while (i < lines.length && lines[i] !== '' && !lines[i]!.startsWith('@@')) {
      const line = lines[i]!;
      const noNewline = lines[i + 1] === '\\ No newline at end of file';
      const text = line.slice(1) + (noNewline ? '' : '\n');
      if (line[0] === ' ') {
        expect(oldLines[cursor]).toBe(text);
        out.push(text);
        cursor++;
      } else if (line[0] === '-') {
        expect(oldLines[cursor]).toBe(text);
        cursor++;
      } else if (line[0] === '+') {
        out.push(text);
      } else throw new Error(`bad line: ${line}`);
      i += noNewline ? 2 : 1;
    }
  }
  while (cursor < oldLines.length) out.push(oldLines[cursor++]!);
  return out.join('');
}

describe('diffText', () => {
  it('produces the same unified diff as GNU diff -u', () => {
    const oldText = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n';
    const newText = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn';
    const diff = diffText(oldText, newText, { oldPath: 'x.txt', newPath: 'x.txt' });
    expect(diff.patch).toBe(
      [
        '--- a/x.txt',
        '+++ b/x.txt',
        '@@ -1,5 +1,5 @@',
        ' a',
        '-b',
        '+B',
        ' c',
        ' d',
        ' e',
        '@@ -11,3 +11,4 @@',
        ' k',
        ' l',
        ' m',
        '+n',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
  });

  it('reports nothing for identical text and whole-file hunks for added and deleted files', () => {
    expect(diffText('same\n', 'same\n')).toEqual({ added: 0, removed: 0, patch: '' });
    expect(diffText('', 'a\nb\n', { oldPath: null, newPath: 'n.ts' }).patch).toBe('--- /dev/null\n+++ b/n.ts\n@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(diffText('a\n', '', { oldPath: 'o.ts', newPath: null }).patch).toBe('--- a/o.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n');
  });

  it('finds a minimal diff: a moved block costs its lines, not the whole file', () => {
    const base = Array.from({ length: 200 }, (_, i) => `line ${i}\n`);
    const changed = [...base];
    changed.splice(50, 3);
    changed.splice(120, 0, 'new a\n', 'new b\n');
    const diff = diffText(base.join(''), changed.join(''), { patch: false });
    expect(diff).toEqual({ added: 2, removed: 3, patch: '' });
  });

  it('round-trips: applying the patch to the old text gives the new text (random edits)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['a\n', 'b\n', 'c\n', '}\n', '\n', 'return x;\n'];
    for (let round = 0; round < 300; round++) {
      const old = Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]!);
      const next = [...old];
      for (let edits = random(6); edits > 0; edits--) {
        const at = random(next.length + 1);
        if (random(2) === 0) next.splice(at, 1 + random(3));
        else next.splice(at, 0, alphabet[random(alphabet.length)]!);
      }
      let oldText = old.join('');
      let newText = next.join('');
      if (random(4) === 0) oldText = oldText.replace(/\n$/, '');
      if (random(4) === 0) newText = newText.replace(/\n$/, '');
      const diff = diffText(oldText, newText, { oldPath: 'f', newPath: 'f', context: random(4) });
      if (oldText === newText) {
        expect(diff.patch).toBe('');
        continue;
      }
      expect(applyPatch(oldText, diff.patch)).toBe(newText);
      const body = diff.patch.split('\n').slice(2);
      expect(body.filter((l) => l.startsWith('+')).length).toBe(diff.added);
      expect(body.filter((l) => l.startsWith('-')).length).toBe(diff.removed);
    }
  });

  it('stays fast on a large file with few changes and on a complete rewrite', () => {
    const big = Array.from({ length: 20000 }, (_, i) => `const v${i} = ${i};\n`);
    const edited = [...big];
    edited[100] = 'changed\n';
    edited[15000] = 'changed too\n';
    let started = performance.now();
    expect(diffText(big.join(''), edited.join(''), { patch: false })).toMatchObject({ added: 2, removed: 2 });
    expect(performance.now() - started).toBeLessThan(1000);
    const rewrite = Array.from({ length: 20000 }, (_, i) => `let w${i} = ${i};\n`);
    started = performance.now();
    const diff = diffText(big.join(''), rewrite.join(''));
    expect(diff).toMatchObject({ added: 20000, removed: 20000 });
    expect(applyPatch(big.join(''), diff.patch)).toBe(rewrite.join(''));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('diffFiles', () => {
  it('lists added, deleted, modified and renamed files with line counts, sorted by path', () => {
    const before = new Map([
      ['src/App.tsx', 'a\nb\n'],
      ['src/old.ts', 'gone\n'],
      ['src/util.ts', 'export const x = 1;\n'],
      ['same.ts', 'same\n'],
    ]);
    const after = new Map([
      ['src/App.tsx', 'a\nB\nc\n'],
      ['src/lib/util.ts', 'export const x = 1;\n'],
      ['src/new.ts', 'n1\nn2\n'],
      ['same.ts', 'same\n'],
    ]);
    const diff = diffFiles(before, after);
    expect(diff.files.map(({ patch: _patch, ...rest }) => rest)).toEqual([
      { path: 'src/App.tsx', status: 'modified', added: 2, removed: 1 },
      { path: 'src/lib/util.ts', previousPath: 'src/util.ts', status: 'renamed', added: 0, removed: 0 },
      { path: 'src/new.ts', status: 'added', added: 2, removed: 0 },
      { path: 'src/old.ts', status: 'deleted', added: 0, removed: 1 },
    ]);
    expect(diff.added).toBe(4);
    expect(diff.removed).toBe(2);
    expect(diff.files[0]!.patch).toBe('--- a/src/App.tsx\n+++ b/src/App.tsx\n@@ -1,2 +1,3 @@\n a\n-b\n+B\n+c\n');
    expect(diffFiles(before, after, { patch: false }).files.every((f) => f.patch === '')).toBe(true);
  });
});
