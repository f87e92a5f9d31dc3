import { inspect } from 'node:util';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { createAnthropicProvider, type TAnthropicProviderOptions } from '../src/services/ai/anthropic';
import { AiProviderError } from '../src/services/ai/errors';
import { buildContinuationMessages } from '../src/services/ai/system-prompt';
import type { TAiDelta, TChatMessage } from '../src/services/ai/types';
import {
  collect,
  collectUntilError,
  expectEqual,
  fixture,
  JSON_HEADERS,
  startReplayServer,
  type TRecordedRequest,
  type TReplayHandler,
  type TReplayServer,
} from './fixtures/ai/replay-server';

// The real `@anthropic-ai/sdk` against a local server replaying recorded Messages API streams.

const KEY = 'sk-ant-api03-test-9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a';
const SYSTEM = 'You are Shipyard’s app builder.';
const MESSAGES: TChatMessage[] = [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: 'Build a click counter.' },
];
const EXPECTED_TEXT = fixture('expected-app-output.txt');

let server: TReplayServer | undefined;

afterEach(async () => {
  const failures = server?.failures ?? [];
  await server?.close();
  server = undefined;
  expect(failures, 'the fake server rejected a request').toEqual([]);
});

function expectMessagesRequest(
  req: TRecordedRequest,
  expected: { system?: string; messages: unknown; model?: string; maxTokens?: number } = {
    system: SYSTEM,
    messages: [{ role: 'user', content: 'Build a click counter.' }],
  },
): void {
  expectEqual('method', req.method, 'POST');
  expectEqual('path', req.path, '/v1/messages');
  // @anthropic-ai/sdk 0.x sent `x-api-key`; 1.x sends the key as `Authorization: Bearer`.
  const sentKey = req.headers['x-api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
  expectEqual('API key header (x-api-key or Authorization: Bearer)', sentKey, KEY);
  if (typeof req.headers['anthropic-version'] !== 'string') throw new Error('anthropic-version header missing');
  expectEqual('model', req.body.model, expected.model ?? 'claude-sonnet-4-5');
  expectEqual('stream', req.body.stream, true);
  expectEqual('max_tokens', req.body.max_tokens, expected.maxTokens ?? 16_384);
  expectEqual('system', req.body.system, expected.system);
  expectEqual('messages', req.body.messages, expected.messages);
}

async function start(handler: TReplayHandler, options: Partial<TAnthropicProviderOptions> = {}) {
  server = await startReplayServer(handler);
  const provider = createAnthropicProvider({ apiKey: KEY, baseURL: server.url, ...options });
  return { server, provider };
}

const textOf = (deltas: TAiDelta[]) => deltas.map((d) => (d.type === 'text' ? d.text : '')).join('');

async function expectProviderError(promise: Promise<unknown>): Promise<AiProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(AiProviderError.is(error), `expected an AiProviderError, got ${String(error)}`).toBe(true);
  return error as AiProviderError;
}

describe('Anthropic provider through @anthropic-ai/sdk', () => {
  it('streams text, then usage from message_start and message_delta, then finish stop', async () => {
    const { provider, server } = await start((req) => {
      expectMessagesRequest(req);
      return { body: fixture('anthropic/success.sse') };
    });

    const deltas = await collect(provider.stream(MESSAGES, {}));

    expect(textOf(deltas)).toBe(EXPECTED_TEXT);
    expect(deltas.slice(-2)).toEqual([
      { type: 'usage', inputTokens: 2051, outputTokens: 236 },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(server.requests).toHaveLength(1);
    expect(provider.id).toBe('anthropic');
    expect(provider.isLanguageModel).toBe(true);
  });

  it('moves system messages to `system`, merges same-role turns, and passes model, limit and temperature', async () => {
    const { provider } = await start((req) => {
      expectMessagesRequest(req, {
        system: `${SYSTEM}\n\nProject summary: a counter.`,
        model: 'claude-haiku-4-5',
        maxTokens: 2000,
        messages: [
          { role: 'user', content: 'Build a click counter.\n\nMake it blue.' },
          { role: 'assistant', content: 'Done.' },
          { role: 'user', content: 'Thanks, now add a reset.' },
        ],
      });
      expectEqual('temperature', req.body.temperature, 0.3);
      return { body: fixture('anthropic/success.sse') };
    });

    const deltas = await collect(
      provider.stream(
        [
          ...MESSAGES,
          { role: 'system', content: 'Project summary: a counter.' },
          { role: 'user', content: 'Make it blue.' },
          { role: 'assistant', content: 'Done.' },
          { role: 'user', content: 'Thanks, now add a reset.' },
        ],
        { model: 'claude-haiku-4-5', maxOutputTokens: 2000, temperature: 0.3 },
      ),
    );
    expect(textOf(deltas)).toBe(EXPECTED_TEXT);
  });

  it('reports stop_reason max_tokens as finish length, and a continuation request completes it', async () => {
    const { provider, server } = await start((req, index) => {
      if (index === 0) {
        expectMessagesRequest(req);
        return { body: fixture('anthropic/cut-off.sse') };
      }
      const messages = req.body.messages as { role: string; content: string }[];
      expectEqual('turn roles', messages.map((m) => m.role), ['user', 'assistant', 'user']);
      expectEqual('system', req.body.system, SYSTEM);
      return { body: fixture('anthropic/continuation.sse') };
    });

    const first = await collect(provider.stream(MESSAGES, {}));
    const partial = textOf(first);
    expect(first.at(-1)).toEqual({ type: 'finish', reason: 'length' });
    expect(first.at(-2)).toEqual({ type: 'usage', inputTokens: 2051, outputTokens: 64 });
    expect(EXPECTED_TEXT.startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(EXPECTED_TEXT.length);

    const second = await collect(provider.stream([...MESSAGES, ...buildContinuationMessages(partial)], {}));

    expect(second.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(partial + textOf(second)).toBe(EXPECTED_TEXT);
    const sent = server.requests[1]!.body.messages as { role: string; content: string }[];
    expect(sent[1]!.content).toBe(partial);
  });

  it('waits out a 429 with retry-after, retries, and returns the answer', async () => {
    const { provider, server } = await start((req, index) => {
      expectMessagesRequest(req);
      if (index === 0) {
        return { status: 429, headers: { ...JSON_HEADERS, 'retry-after': '1' }, body: fixture('anthropic/error-429.json') };
      }
      return { body: fixture('anthropic/success.sse') };
    });

    const deltas = await collect(provider.stream(MESSAGES, {}));

    expect(textOf(deltas)).toBe(EXPECTED_TEXT);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it('gives up on a persistent 429 with RATE_LIMITED and retryAfterMs', async () => {
    const { provider } = await start(
      () => ({ status: 429, headers: { ...JSON_HEADERS, 'retry-after': '42' }, body: fixture('anthropic/error-429.json') }),
      { maxRetries: 0 },
    );
    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(42_000);
    expect(error.message).toContain('exceed the rate limit');
  });

  it('maps a 500 to UNAVAILABLE after the bounded retries, with the server’s message', async () => {
    const { provider, server } = await start((req) => {
      expectMessagesRequest(req);
      return { status: 500, headers: { ...JSON_HEADERS, 'request-id': 'req_500' }, body: fixture('anthropic/error-500.json') };
    });

    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));

    expect(server.requests).toHaveLength(3);
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(
      'The Anthropic API failed with HTTP 500 after 3 attempts: Internal server error. Try again in a few minutes.',
    );
    expect(error.requestId).toBe('req_500');
  });

  it('maps an overloaded_error event mid-stream to UNAVAILABLE', async () => {
    const { provider } = await start(() => ({ body: fixture('anthropic/overloaded-mid-stream.sse') }));
    const { items, error } = await collectUntilError(provider.stream(MESSAGES, {}));
    expect(textOf(items).length).toBeGreaterThan(0);
    expect((error as AiProviderError).code).toBe('UNAVAILABLE');
    expect((error as AiProviderError).message).toContain('Overloaded');
  });

  it('maps garbage JSON in the stream to BAD_RESPONSE', async () => {
    const { provider } = await start(() => ({ body: fixture('anthropic/malformed.sse') }));
    const { items, error } = await collectUntilError(provider.stream(MESSAGES, {}));
    expect(AiProviderError.is(error)).toBe(true);
    expect((error as AiProviderError).code).toBe('BAD_RESPONSE');
    expect((error as AiProviderError).message).toContain('The Anthropic API sent a malformed stream event');
    expect(items.some((d) => d.type === 'finish')).toBe(false);
  });

  it('maps a stream without message_delta to BAD_RESPONSE', async () => {
    const full = fixture('anthropic/success.sse');
    const { provider } = await start(() => ({ body: full.slice(0, full.indexOf('event: content_block_stop')) }));
    const { error } = await collectUntilError(provider.stream(MESSAGES, {}));
    expect((error as AiProviderError).code).toBe('BAD_RESPONSE');
    expect((error as AiProviderError).message).toContain('ended the stream before the model finished');
  });

  it('maps 401 to AUTH without the key in the message, the JSON or the inspected error', async () => {
    const { provider, server } = await start((req) => {
      expectMessagesRequest(req);
      return { status: 401, headers: JSON_HEADERS, body: fixture('anthropic/error-401.json') };
    });

    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));

    expect(error.code).toBe('AUTH');
    expect(error.message).toBe('The Anthropic API rejected the key (HTTP 401). Check ANTHROPIC_API_KEY.');
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('maps an abort mid-stream to CANCELLED and closes the connection', async () => {
    const body = fixture('anthropic/success.sse');
    const { provider, server } = await start(() => ({ body, hangAfterBytes: Math.floor(body.length / 3) }));
    const controller = new AbortController();
    let texts = 0;

    const error = await expectProviderError(
      (async () => {
        for await (const delta of provider.stream(MESSAGES, { signal: controller.signal })) {
          if (delta.type === 'text' && ++texts === 2) controller.abort();
        }
      })(),
    );

    expect(error.code).toBe('CANCELLED');
    await vi.waitFor(() => expect(server.clientAborts).toBe(1));
  });

  it('rejects a conversation with only system messages before any request', async () => {
    const { provider, server } = await start(() => ({ body: fixture('anthropic/success.sse') }));
    await expect(collect(provider.stream([{ role: 'system', content: SYSTEM }], {}))).rejects.toThrow(
      /at least one user message/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
