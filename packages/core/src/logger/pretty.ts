import type { DestinationStream } from 'pino';

const LEVELS: Record<number, { label: string; color: string }> = {
  10: { label: 'TRACE', color: '\x1b[90m' },
  20: { label: 'DEBUG', color: '\x1b[36m' },
  30: { label: 'INFO ', color: '\x1b[32m' },
  40: { label: 'WARN ', color: '\x1b[33m' },
  50: { label: 'ERROR', color: '\x1b[31m' },
  60: { label: 'FATAL', color: '\x1b[35m' },
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'requestId', 'err']);

type TLogLine = Record<string, unknown> & { level?: number; time?: string | number; msg?: string };

function formatLine(raw: string, color: boolean): string {
  let line: TLogLine;
  try {
    line = JSON.parse(raw) as TLogLine;
  } catch {
    return raw.endsWith('\n') ? raw : `${raw}\n`;
  }
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const level = LEVELS[line.level ?? 30] ?? { label: String(line.level), color: '' };
  const time =
    typeof line.time === 'string'
      ? line.time.slice(11, 23)
      : new Date(line.time ?? Date.now()).toISOString().slice(11, 23);
  const parts = [paint(DIM, time), paint(level.color, level.label)];
  if (typeof line.name === 'string') parts.push(paint(DIM, `(${line.name})`));
  if (typeof line.requestId === 'string') parts.push(paint(DIM, `[${line.requestId}]`));
  parts.push(line.msg ?? '');
  const extra = Object.fromEntries(Object.entries(line).filter(([key]) => !OMIT.has(key)));
  if (Object.keys(extra).length > 0) parts.push(paint(DIM, JSON.stringify(extra)));
  let out = parts.join(' ');
  const err = line.err as { stack?: unknown; message?: unknown } | undefined;
  if (err && typeof err === 'object') {
    const detail = typeof err.stack === 'string' ? err.stack : String(err.message);
    out += `\n${paint(level.color, detail.replace(/^/gm, '    '))}`;
  }
  return `${out}\n`;
}

/** A pino destination that turns JSON lines into short, readable lines for local development. */
export function createPrettyDestination(
  target: DestinationStream & { isTTY?: boolean },
): DestinationStream {
  const color = target.isTTY === true;
  return {
    write(chunk: string) {
      for (const raw of chunk.split('\n')) {
        if (raw.trim() !== '') target.write(formatLine(raw, color));
      }
    },
  };
}
