import { describe, expect, it } from 'vitest';
import { decodeUtf8Strict, projectByteSize, utf8ByteLength, validateFileContent, validateProjectFiles } from './content';

describe('content checks', () => {
  it('measures UTF-8 size without encoding', () => {
    for (const text of ['', 'abc', 'caf\u00E9', '\u20AC100', '\uD83D\uDE80 rocket', 'x'.repeat(1000)]) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
    expect(projectByteSize(new Map([['a', 'ab'], ['b', '\u00E9']]))).toBe(4);
  });

  it('rejects NUL bytes, lone surrogates and oversized files', () => {
    expect(() => validateFileContent('a.ts', 'x\u0000y')).toThrow(expect.objectContaining({ code: 'CONTENT_BINARY' }));
    expect(() => validateFileContent('a.ts', 'x\uDC00y')).toThrow(expect.objectContaining({ code: 'CONTENT_INVALID_UTF8' }));
    expect(() => validateFileContent('a.ts', 'x'.repeat(512 * 1024 + 1))).toThrow(
      expect.objectContaining({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('over the 512 KiB limit per file') }),
    );
    expect(validateFileContent('a.ts', 'x'.repeat(512 * 1024))).toBe(512 * 1024);
    expect(validateFileContent('a.ts', '\uD83D\uDE80')).toBe(4);
  });

  it('decodes strict UTF-8 and rejects invalid bytes and binary data', () => {
    expect(decodeUtf8Strict(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]))).toBe('hi');
    expect(() => decodeUtf8Strict(new Uint8Array([0x68, 0xc3, 0x28]), 'src/a.ts')).toThrow(
      expect.objectContaining({ code: 'CONTENT_INVALID_UTF8', message: expect.stringContaining('"src/a.ts" is not valid UTF-8') }),
    );
    expect(() => decodeUtf8Strict(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]), 'logo.png')).toThrow(
      expect.objectContaining({ code: 'CONTENT_BINARY' }),
    );
  });

  it('validates a whole imported tree', () => {
    const files = validateProjectFiles([
      ['./index.html', '<div></div>'],
      ['src//App.tsx', 'x'],
    ]);
    expect([...files.keys()]).toEqual(['index.html', 'src/App.tsx']);
    expect(() => validateProjectFiles([['a.ts', ''], ['./a.ts', '']])).toThrow(expect.objectContaining({ code: 'PATH_CONFLICT' }));
    expect(() => validateProjectFiles([['App.tsx', ''], ['app.tsx', '']])).toThrow(/differ only in letter case/);
    expect(() => validateProjectFiles([['a.ts', ''], ['a.ts/b.ts', '']])).toThrow(/is a file/);
    expect(() => validateProjectFiles([['../zip-slip.ts', '']])).toThrow(expect.objectContaining({ code: 'PATH_INVALID' }));
    expect(() => validateProjectFiles([['a.ts', ''], ['b.ts', '']], { maxFiles: 1 })).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_FILES' }),
    );
    expect(() => validateProjectFiles([['a.txt', 'x'.repeat(300)], ['b.txt', 'x'.repeat(300)]], { maxProjectBytes: 500 })).toThrow(
      expect.objectContaining({ code: 'PROJECT_TOO_LARGE' }),
    );
  });
});
