import { crc32 } from 'node:zlib';
import { AppError } from '@shipyard/core';
import { strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import {
  decodeUtf8Strict,
  resolveProjectLimits,
  validateProjectFiles,
  type TProjectLimits,
} from '../files';
import { isProtocolError } from '../protocol';

const MAX_ZIP_BYTES = 20 * 1024 * 1024;
const MAX_ENTRIES = 2000;

/** A ZIP of the project's files, deterministic (fixed timestamps, sorted paths). */
export function exportZip(files: ReadonlyMap<string, string>, rootFolder: string): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date('2020-01-01T00:00:00Z');
  for (const path of [...files.keys()].sort())
    entries[`${rootFolder}/${path}`] = [strToU8(files.get(path)!), { mtime }];
  return zipSync(entries, { level: 6 });
}

/**
 * Reads an uploaded ZIP as hostile input: size and entry limits before inflating, no absolute
 * or `..` paths (zip-slip), no symlinks, text files only (valid UTF-8, no NUL bytes), and the
 * project's path and size rules. A single top-level folder is stripped.
 */
export function importZip(
  bytes: Uint8Array,
  limits?: Partial<TProjectLimits>,
): Map<string, string> {
  const resolved = resolveProjectLimits(limits);
  if (bytes.byteLength > MAX_ZIP_BYTES)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      'The ZIP is over 20 MB. Remove build output and node_modules, then try again.',
    );
  if (bytes.byteLength < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new AppError('VALIDATION', 'This file is not a ZIP archive.');
  const symlinks: string[] = [];
  let declared = 0;
  let entries = 0;
  let unzipped: Unzipped;
  try {
    unzipped = unzipSync(bytes, {
      filter(file) {
        entries += 1;
        if (entries > MAX_ENTRIES)
          throw new AppError('VALIDATION', `The ZIP has more than ${MAX_ENTRIES} entries.`);
        declared += file.originalSize;
        if (declared > resolved.maxProjectBytes * 2) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            'The ZIP expands to more than the project size limit. Remove large files and try again.',
          );
        }
        return !file.name.endsWith('/');
      },
    });
  } catch (error) {
    if (AppError.is(error)) throw error;
    throw new AppError(
      'VALIDATION',
      `The ZIP could not be read (${(error as Error).message}). Export it again and retry.`,
    );
  }
  const directory = readCentralDirectory(bytes);
  // Symlinks are stored with Unix mode 0o120000 in the central directory's external attributes.
  for (const entry of directory.values()) if (entry.symlink) symlinks.push(entry.name);
  if (symlinks.length)
    throw new AppError(
      'VALIDATION',
      `The ZIP contains symbolic links (${symlinks.slice(0, 3).join(', ')}). Replace them with real files.`,
    );
  // fflate inflates into a buffer of the declared size and does not check CRCs: an entry that
  // lies about its size (or is damaged) would be silently truncated. (0xffffffff: size in a Zip64 extra field.)
  for (const [name, data] of Object.entries(unzipped)) {
    const entry = directory.get(name);
    if (
      !entry ||
      (entry.size !== 0xffff_ffff && data.byteLength !== entry.size) ||
      crc32(data) !== entry.crc
    ) {
      throw new AppError(
        'VALIDATION',
        `The ZIP entry "${name}" is damaged (its size or checksum does not match). Create the ZIP again and retry.`,
      );
    }
  }

  const names = Object.keys(unzipped).filter((n) => !/(^|\/)(__MACOSX|\.DS_Store)(\/|$)/.test(n));
  for (const name of names) {
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..')) {
      throw new AppError(
        'VALIDATION',
        `The ZIP contains an unsafe path "${name}". Paths must stay inside the project.`,
      );
    }
  }
  const top = new Set(names.map((n) => n.split('/')[0]));
  const strip = top.size === 1 && names.every((n) => n.includes('/')) ? `${[...top][0]}/` : '';
  const files: [string, string][] = [];
  for (const name of names) {
    const path = name.slice(strip.length);
    if (
      !path ||
      path.startsWith('node_modules/') ||
      path.startsWith('.git/') ||
      path.startsWith('dist/')
    )
      continue;
    try {
      files.push([path, decodeUtf8Strict(unzipped[name]!, path)]);
    } catch (error) {
      if (isProtocolError(error)) throw new AppError('VALIDATION', `${error.message} (in the ZIP)`);
      throw error;
    }
  }
  if (!files.length) throw new AppError('VALIDATION', 'The ZIP has no project files.');
  try {
    return validateProjectFiles(files, resolved);
  } catch (error) {
    if (isProtocolError(error)) throw new AppError('VALIDATION', error.message);
    throw error;
  }
}

interface TCentralEntry {
  name: string;
  crc: number;
  size: number;
  symlink: boolean;
}

function readCentralDirectory(bytes: Uint8Array): Map<string, TCentralEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, TCentralEntry>();
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let i = 0; i < count && p + 46 <= bytes.byteLength; i++) {
    if (view.getUint32(p, true) !== 0x02014b50) break;
    const madeBy = view.getUint16(p + 4, true) >> 8;
    const crc = view.getUint32(p + 16, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const external = view.getUint32(p + 38, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    out.set(name, {
      name,
      crc,
      size,
      symlink: madeBy === 3 && ((external >>> 16) & 0o170000) === 0o120000,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
