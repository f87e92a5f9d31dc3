import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from './memory-fs.js';

type TCall = (...args: unknown[]) => void;

function call<T>(fs: Record<string, unknown>, name: string, ...args: unknown[]): { error: { code: string } | null; value: T } {
  let out: { error: { code: string } | null; value: T } | null = null;
  (fs[name] as TCall)(...args, (error: { code: string } | null, value: T) => {
    out = { error, value };
  });
  if (!out) throw new Error(`${name} did not call back synchronously`);
  return out;
}

describe('MemoryFileSystem (Go syscall/js fs for esbuild-wasm)', () => {
  const memory = new MemoryFileSystem();
  memory.setFiles(new Map([['src/App.tsx', 'export const a = "é";'], ['index.html', '<html>']]));
  const fs = memory.nodeFs();

  it('lists directories, stats files and directories, and reports ENOENT', () => {
    expect(call<string[]>(fs, 'readdir', '/').value).toEqual(['index.html', 'src']);
    expect(call<string[]>(fs, 'readdir', '/src').value).toEqual(['App.tsx']);
    const file = call<{ size: number; isDirectory(): boolean; mode: number }>(fs, 'stat', '/src/App.tsx').value;
    expect(file.size).toBe(new TextEncoder().encode('export const a = "é";').length);
    expect(file.isDirectory()).toBe(false);
    expect(call<{ isDirectory(): boolean }>(fs, 'lstat', '/src').value.isDirectory()).toBe(true);
    expect(call(fs, 'stat', '/nope.ts').error?.code).toBe('ENOENT');
    expect(call(fs, 'open', '/node_modules/react/package.json', 0, 0).error?.code).toBe('ENOENT');
  });

  it('reads a file through open/fstat/read/close, with and without positions', () => {
    const fd = call<number>(fs, 'open', '/index.html', 0, 0).value;
    expect(call<{ size: number }>(fs, 'fstat', fd).value.size).toBe(6);
    const buffer = new Uint8Array(4);
    expect(call<number>(fs, 'read', fd, buffer, 0, 4, null).value).toBe(4);
    expect(new TextDecoder().decode(buffer)).toBe('<htm');
    expect(call<number>(fs, 'read', fd, buffer, 0, 4, null).value).toBe(2);
    expect(call<number>(fs, 'read', fd, buffer, 0, 4, 1).value).toBe(4);
    expect(new TextDecoder().decode(buffer)).toBe('html');
    call(fs, 'close', fd);
    expect(call(fs, 'fstat', fd).error?.code).toBe('EBADF');
  });

  it('keeps esbuild-wasm\'s stdin/stdout pipe working beside the files', () => {
    const reads: unknown[] = [];
    const writes: number[] = [];
    fs.read = (...args: unknown[]) => reads.push(args[0]);
    fs.writeSync = (fd: number) => {
      writes.push(fd);
      return 0;
    };
    (fs.read as TCall)(0, new Uint8Array(1), 0, 1, null, () => undefined);
    (fs.writeSync as (fd: number, b: Uint8Array) => number)(1, new Uint8Array(1));
    expect(reads).toEqual([0]);
    expect(writes).toEqual([1]);
  });

  it('keeps inode and mtime for unchanged files, so esbuild can reuse what it parsed', () => {
    const before = call<{ ino: number }>(fs, 'stat', '/src/App.tsx').value.ino;
    memory.setFiles(new Map([['src/App.tsx', 'export const a = "é";'], ['index.html', '<html lang="en">']]));
    expect(call<{ ino: number }>(fs, 'stat', '/src/App.tsx').value.ino).toBe(before);
    expect(call(fs, 'mkdir', '/x', 0o755).error?.code).toBe('EROFS');
  });
});
