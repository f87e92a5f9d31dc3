import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** One frame of a V8 stack trace (Chromium's format): `    at fn (url:line:column)` or `    at url:line:column`. */
export interface TStackFrame {
  fn: string;
  url: string;
  line: number;
  column: number;
}

export interface TMappedFrame {
  fn: string;
  /** A project path when the frame is in app code, else a short name for the module (`react-dom`). */
  file: string;
  line: number;
  column: number;
  inApp: boolean;
}

const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?\s*$/;

export function parseStack(stack: string): TStackFrame[] {
  const frames: TStackFrame[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (!m) continue;
    frames.push({ fn: m[1] ?? '', url: m[2] ?? '', line: Number(m[3]), column: Number(m[4]) });
  }
  return frames;
}

/** A loaded module's source map, parsed on first use (most loads never throw). */
export class ModuleMap {
  private trace: TraceMap | null = null;
  constructor(private readonly json: string) {}

  /** 1-based line and column in the bundle → project file, 1-based line and column. */
  original(line: number, column: number): { file: string; line: number; column: number } | null {
    if (!this.json) return null;
    this.trace ??= new TraceMap(this.json);
    const position = originalPositionFor(this.trace, { line, column: Math.max(0, column - 1) });
    if (position.source === null || position.line === null) return null;
    return { file: position.source, line: position.line, column: (position.column ?? 0) + 1 };
  }
}

function shortName(url: string): string {
  const file = url.slice(url.lastIndexOf('/') + 1).replace(/-[A-Za-z0-9]{8,}\.js$/, '').replace(/\.js$/, '');
  return file || url;
}

/** Maps stack frames through the source maps of the modules the frame loaded; other frames keep a short module name. */
export function mapFrames(frames: TStackFrame[], maps: ReadonlyMap<string, ModuleMap>): TMappedFrame[] {
  return frames.map((frame) => {
    const map = maps.get(frame.url);
    const original = map?.original(frame.line, frame.column);
    if (original) return { fn: frame.fn, file: original.file, line: original.line, column: original.column, inApp: true };
    return { fn: frame.fn, file: shortName(frame.url), line: frame.line, column: frame.column, inApp: false };
  });
}

/** App frames in full; runs of runtime-package frames folded into one line each (they are noise for the model). */
export function formatFrames(frames: TMappedFrame[]): string {
  const lines: string[] = [];
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.inApp) {
      lines.push(`    at ${f.fn ? `${f.fn} (${f.file}:${f.line}:${f.column})` : `${f.file}:${f.line}:${f.column}`}`);
      continue;
    }
    let j = i;
    const modules = new Set<string>();
    while (j < frames.length && !frames[j]!.inApp) modules.add(frames[j++]!.file);
    lines.push(`    … ${j - i} frame${j - i === 1 ? '' : 's'} in ${[...modules].join(', ')}`);
    i = j - 1;
  }
  return lines.join('\n');
}
