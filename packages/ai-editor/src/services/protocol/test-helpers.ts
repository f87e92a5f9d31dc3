import { readFileSync } from 'node:fs';
import { createOutputParser, type TOutputParser } from './parser';
import type { TParserEvent } from './types';

export function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** Pushes the chunks, then end(). */
export function run(chunks: readonly string[], parser: TOutputParser = createOutputParser()): TParserEvent[] {
  const events: TParserEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

/** Merges adjacent text events and adjacent deltas of the same file, so differently chunked runs compare equal. */
export function coalesce(events: readonly TParserEvent[]): TParserEvent[] {
  const out: TParserEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (event.type === 'text' && last?.type === 'text') {
      out[out.length - 1] = { type: 'text', text: last.text + event.text };
    } else if (event.type === 'file-delta' && last?.type === 'file-delta' && last.path === event.path) {
      out[out.length - 1] = { ...last, text: last.text + event.text };
    } else {
      out.push({ ...event });
    }
  }
  return out;
}

export function ops(events: readonly TParserEvent[]) {
  return events.flatMap((e) => (e.type === 'operation' ? [e.op] : []));
}

export function prose(events: readonly TParserEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

export function deltas(events: readonly TParserEvent[], path: string): string {
  return events.map((e) => (e.type === 'file-delta' && e.path === path ? e.text : '')).join('');
}

export function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
