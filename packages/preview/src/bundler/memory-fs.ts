/**
 * An in-memory, read-only file system in the shape of Node's callback `fs`, for esbuild-wasm.
 *
 * esbuild's Go code reads files through `globalThis.fs` (Go's `syscall/js` file system). In the
 * browser that object is a stub, so bundling normally needs plugin callbacks — and in
 * esbuild-wasm every plugin callback is a round trip through its message protocol and Go's
 * scheduler (several milliseconds each, ~120 of them for a 15-file app). Serving the project
 * from this file system instead lets esbuild resolve and read files itself, synchronously.
 *
 * esbuild-wasm replaces `fs.read` and `fs.writeSync` with its own stdin/stdout pipe; those two
 * are accessors here so both uses work: file descriptors 0-2 go to esbuild's pipe, others to files.
 */

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const FIRST_FD = 100;

interface TNodeError extends Error {
  code: string;
}

type TCallback<T> = (error: TNodeError | null, value?: T) => void;

function error(code: 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EBADF' | 'EROFS', path: string): TNodeError {
  return Object.assign(new Error(`${code}: ${path}`), { code });
}

class Stats {
  dev = 1;
  nlink = 1;
  uid = 0;
  gid = 0;
  rdev = 0;
  blksize = 4096;
  constructor(
    readonly ino: number,
    readonly mode: number,
    readonly size: number,
    readonly mtimeMs: number,
  ) {}
  get blocks() {
    return Math.ceil(this.size / 512);
  }
  get atimeMs() {
    return this.mtimeMs;
  }
  get ctimeMs() {
    return this.mtimeMs;
  }
  isDirectory() {
    return (this.mode & S_IFDIR) === S_IFDIR;
  }
  isFile() {
    return (this.mode & S_IFREG) === S_IFREG;
  }
  isSymbolicLink() {
    return false;
  }
}

interface TFileEntry {
  bytes: Uint8Array;
  ino: number;
  mtimeMs: number;
}

export class MemoryFileSystem {
  private readonly files = new Map<string, TFileEntry>();
  private dirs = new Map<string, Set<string>>([['/', new Set()]]);
  private readonly open = new Map<number, { path: string; position: number }>();
  private nextFd = FIRST_FD;
  private nextIno = 1;
  private readonly encoder = new TextEncoder();
  private pipeRead: ((...args: unknown[]) => void) | null = null;
  private pipeWriteSync: ((fd: number, buffer: Uint8Array) => number) | null = null;

  /** Replaces the whole tree. Files whose content is unchanged keep their inode and mtime (esbuild's cache keys). */
  setFiles(files: ReadonlyMap<string, string>): void {
    const next = new Map<string, TFileEntry>();
    const now = Date.now();
    for (const [path, content] of files) {
      const absolute = `/${path}`;
      const bytes = this.encoder.encode(content);
      const previous = this.files.get(absolute);
      const same = previous !== undefined && previous.bytes.length === bytes.length && previous.bytes.every((b, i) => b === bytes[i]);
      next.set(absolute, same ? previous : { bytes, ino: this.nextIno++, mtimeMs: now });
    }
    this.files.clear();
    for (const [path, entry] of next) this.files.set(path, entry);
    const dirs = new Map<string, Set<string>>([['/', new Set()]]);
    for (const path of this.files.keys()) {
      const parts = path.split('/').slice(1);
      let dir = '/';
      for (let i = 0; i < parts.length; i++) {
        const name = parts[i]!;
        dirs.get(dir)!.add(name);
        if (i === parts.length - 1) break;
        const child = dir === '/' ? `/${name}` : `${dir}/${name}`;
        if (!dirs.has(child)) dirs.set(child, new Set());
        dir = child;
      }
    }
    this.dirs = dirs;
  }

  private stat(path: string): Stats | null {
    const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const file = this.files.get(normalized);
    if (file) return new Stats(file.ino, S_IFREG | 0o644, file.bytes.length, file.mtimeMs);
    if (this.dirs.has(normalized)) return new Stats(0, S_IFDIR | 0o755, 0, 0);
    return null;
  }

  /** The object esbuild-wasm's Go runtime uses as `globalThis.fs`. */
  nodeFs(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const fs: Record<string, unknown> = {
      constants: { O_WRONLY: -1, O_RDWR: -1, O_CREAT: -1, O_TRUNC: -1, O_APPEND: -1, O_EXCL: -1 },
      open(path: string, _flags: number, _mode: number, callback: TCallback<number>) {
        const stat = self.stat(path);
        if (!stat) return callback(error('ENOENT', path));
        const fd = self.nextFd++;
        self.open.set(fd, { path: path.length > 1 ? path.replace(/\/+$/, '') : path, position: 0 });
        callback(null, fd);
      },
      close(fd: number, callback: TCallback<void>) {
        self.open.delete(fd);
        callback(null);
      },
      fstat(fd: number, callback: TCallback<Stats>) {
        const file = self.open.get(fd);
        const stat = file && self.stat(file.path);
        if (!stat) return callback(error('EBADF', String(fd)));
        callback(null, stat);
      },
      stat(path: string, callback: TCallback<Stats>) {
        const stat = self.stat(path);
        if (!stat) return callback(error('ENOENT', path));
        callback(null, stat);
      },
      lstat(path: string, callback: TCallback<Stats>) {
        const stat = self.stat(path);
        if (!stat) return callback(error('ENOENT', path));
        callback(null, stat);
      },
      readdir(path: string, callback: TCallback<string[]>) {
        const dir = self.dirs.get(path.length > 1 ? path.replace(/\/+$/, '') : path);
        if (!dir) return callback(error(self.files.has(path) ? 'ENOTDIR' : 'ENOENT', path));
        callback(null, [...dir].sort());
      },
      readlink(path: string, callback: TCallback<string>) {
        callback(error(self.stat(path) ? 'EBADF' : 'ENOENT', path));
      },
      fsync(_fd: number, callback: TCallback<void>) {
        callback(null);
      },
    };
    const readFile = (fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null, callback: TCallback<number>) => {
      const file = self.open.get(fd);
      const entry = file && self.files.get(file.path);
      if (!file) return callback(error('EBADF', String(fd)));
      if (!entry) return callback(error('EISDIR', file.path));
      const start = position ?? file.position;
      const chunk = entry.bytes.subarray(start, start + length);
      buffer.set(chunk, offset);
      if (position === null || position === undefined) file.position += chunk.length;
      callback(null, chunk.length);
    };
    Object.defineProperty(fs, 'read', {
      enumerable: true,
      get: () => (fd: number, ...rest: unknown[]) =>
        fd >= FIRST_FD ? readFile(fd, ...(rest as [Uint8Array, number, number, number | null, TCallback<number>])) : self.pipeRead?.(fd, ...rest),
      set: (pipe: (...args: unknown[]) => void) => {
        self.pipeRead = pipe;
      },
    });
    Object.defineProperty(fs, 'writeSync', {
      enumerable: true,
      get: () => (fd: number, buffer: Uint8Array) => {
        if (self.pipeWriteSync) return self.pipeWriteSync(fd, buffer);
        throw error('EROFS', String(fd));
      },
      set: (pipe: (fd: number, buffer: Uint8Array) => number) => {
        self.pipeWriteSync = pipe;
      },
    });
    fs.write = (fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null, callback: TCallback<number>) => {
      if (offset !== 0 || length !== buffer.length || position !== null || !self.pipeWriteSync) return callback(error('EROFS', String(fd)));
      callback(null, self.pipeWriteSync(fd, buffer));
    };
    for (const name of ['chmod', 'chown', 'fchmod', 'fchown', 'ftruncate', 'lchown', 'link', 'mkdir', 'rename', 'rmdir', 'symlink', 'truncate', 'unlink', 'utimes']) {
      fs[name] = (...args: unknown[]) => (args[args.length - 1] as TCallback<void>)(error('EROFS', String(args[0])));
    }
    return fs;
  }
}
