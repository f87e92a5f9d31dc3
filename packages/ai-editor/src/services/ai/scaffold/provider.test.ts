import { describe, expect, it } from 'vitest';
import { createOutputParser, summarizeEvents, type TParserEvent } from '../../protocol';
import { AiProviderError } from '../errors';
import { estimateCostUsd } from '../pricing';
import { buildContinuationMessages, buildSystemPrompt, formatProjectFiles } from '../system-prompt';
import { type TAiDelta, type TChatMessage } from '../types';
import { extractIntent } from './intent';
import { buildScaffoldReply, createScaffoldProvider, type TScaffoldStreamOptions } from './provider';
import { renderScaffoldApp } from './templates';

async function collect(iterable: AsyncIterable<TAiDelta>): Promise<TAiDelta[]> {
  const deltas: TAiDelta[] = [];
  for await (const delta of iterable) deltas.push(delta);
  return deltas;
}

function textOf(deltas: readonly TAiDelta[]): string {
  return deltas.map((delta) => (delta.type === 'text' ? delta.text : '')).join('');
}

const system: TChatMessage = {
  role: 'system',
  content: buildSystemPrompt({ runtimePackages: ['react', 'react-dom', 'react-router', 'lucide-react', 'recharts', 'clsx'], mode: 'create' }),
};

describe('createScaffoldProvider', () => {
  const provider = createScaffoldProvider({ chunkSize: 64 });

  it('says it is not a language model and costs nothing', () => {
    expect(provider).toMatchObject({ id: 'scaffold', isLanguageModel: false, defaultModel: 'templates' });
    expect(provider.label).toBe('Scaffold (offline templates — not an AI model)');
    expect(estimateCostUsd(provider, 'templates', { inputTokens: 120_000, outputTokens: 80_000 })).toBe(0);
  });

  it('streams the app in small text deltas, then usage, then finish', async () => {
    const messages: TChatMessage[] = [system, { role: 'user', content: 'a blog called Night Notes' }];
    const deltas = await collect(provider.stream(messages, {}));
    const texts = deltas.filter((delta) => delta.type === 'text');
    expect(texts.length).toBeGreaterThan(100);
    for (const delta of texts) expect(delta.type === 'text' && delta.text.length).toBeLessThanOrEqual(64);
    expect(deltas.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    const usage = deltas.at(-2);
    const output = textOf(deltas);
    expect(output).toBe(buildScaffoldReply('a blog called Night Notes').output);
    expect(usage).toEqual({
      type: 'usage',
      inputTokens: Math.ceil((system.content.length + 'a blog called Night Notes'.length) / 4),
      outputTokens: Math.ceil(output.length / 4),
    });
  });

  it('feeds the streaming parser chunk by chunk into the same operations', async () => {
    const parser = createOutputParser();
    const events: TParserEvent[] = [];
    for await (const delta of provider.stream([{ role: 'user', content: 'a small shop called Fern & Co' }], {})) {
      if (delta.type === 'text') events.push(...parser.push(delta.text));
    }
    events.push(...parser.end());
    const parsed = summarizeEvents(events);
    const app = renderScaffoldApp(extractIntent('a small shop called Fern & Co'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.operations).toHaveLength(Object.keys(app.files).length);
    expect(events.some((event) => event.type === 'file-delta')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'complete' });
  });

  it('stops at maxOutputTokens with finish "length" and continues exactly where it stopped', async () => {
    const request: TChatMessage[] = [system, { role: 'user', content: 'a dashboard to track sales' }];
    const full = buildScaffoldReply('a dashboard to track sales').output;
    let output = '';
    let rounds = 0;
    for (;;) {
      rounds += 1;
      const messages = output ? [...request, ...buildContinuationMessages(output)] : request;
      const deltas = await collect(provider.stream(messages, { maxOutputTokens: 4000 }));
      const text = textOf(deltas);
      expect(text.length).toBeLessThanOrEqual(16_000);
      output += text;
      const finish = deltas.at(-1);
      if (finish?.type === 'finish' && finish.reason === 'stop') break;
      expect(finish).toEqual({ type: 'finish', reason: 'length' });
      expect(rounds).toBeLessThan(20);
    }
    expect(rounds).toBeGreaterThan(1);
    expect(output).toBe(full);
  });

  it('refuses to continue output it did not write', async () => {
    const messages = [{ role: 'user' as const, content: 'a todo app' }, ...buildContinuationMessages('Sure! Here is your app')];
    await expect(collect(provider.stream(messages, {}))).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('throws CANCELLED when the signal aborts, before or during the stream', async () => {
    const before = new AbortController();
    before.abort();
    await expect(collect(provider.stream([{ role: 'user', content: 'a blog' }], { signal: before.signal }))).rejects.toSatisfy(
      (error: unknown) => AiProviderError.is(error) && error.code === 'CANCELLED',
    );

    const during = new AbortController();
    let received = 0;
    const run = async () => {
      for await (const delta of provider.stream([{ role: 'user', content: 'a blog' }], { signal: during.signal })) {
        if (delta.type === 'text' && ++received === 5) during.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AiProviderError', code: 'CANCELLED' });
    expect(received).toBe(5);
  });

  it('needs a user message', async () => {
    await expect(collect(provider.stream([system], {}))).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  describe('with an existing project', () => {
    const files = renderScaffoldApp(extractIntent('a CRM to track contacts')).files;

    it('edits the files given in options.files', async () => {
      const options: TScaffoldStreamOptions = { files };
      const output = textOf(await collect(provider.stream([{ role: 'user', content: 'make it green' }], options)));
      expect(output).toContain('<shipyard-edit path="src/styles.css">');
      expect(output).not.toContain('<shipyard-write');
    });

    it('reads the files from <current-file> blocks in the prompt when options.files is absent', async () => {
      const context = formatProjectFiles(
        ['src/config.ts', 'index.html', 'shipyard.json'].map((path) => ({ path, content: files[path] ?? '' })),
        ['src/App.tsx'],
      );
      const messages: TChatMessage[] = [
        { role: 'system', content: `Project files:\n${context}` },
        { role: 'user', content: 'rename the app to Harbor' },
      ];
      const output = textOf(await collect(provider.stream(messages, {})));
      expect(output).toContain('export const APP_NAME = "Harbor";');
    });

    it('does not start a new app when the prompt says files exist but none are shown', async () => {
      const messages: TChatMessage[] = [
        { role: 'system', content: formatProjectFiles([], ['src/App.tsx', 'src/config.ts']) },
        { role: 'user', content: 'a blog called Night Notes' },
      ];
      const output = textOf(await collect(provider.stream(messages, {})));
      expect(output).not.toContain('<shipyard-write');
      expect(output).toContain('I made no changes');
    });
  });
});
