import { inspect } from 'node:util';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { AiProviderError } from '../src/services/ai/errors';
import { createOpenAIProvider, type TOpenAIProviderOptions } from '../src/services/ai/openai';
import { buildContinuationMessages, CONTINUE_INSTRUCTION } from '../src/services/ai/system-prompt';
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

// The real `openai` SDK against a local server replaying recorded chat.completion.chunk streams.

const KEY = 'sk-test-3f9a1c0b7e5d4a2f8c6b1e0d9a7f5c3b';
const MESSAGES: TChatMessage[] = [
  { role: 'system', content: 'You are Shipyard’s app builder.' },
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

function expectChatRequest(req: TRecordedRequest, messages: TChatMessage[] = MESSAGES, model = 'gpt-4.1'): void {
  expectEqual('method', req.method, 'POST');
  expectEqual('path', req.path, '/v1/chat/completions');
  expectEqual('authorization header', req.headers.authorization, `Bearer ${KEY}`);
  expectEqual('model', req.body.model, model);
  expectEqual('stream', req.body.stream, true);
  expectEqual('stream_options', req.body.stream_options, { include_usage: true });
  expectEqual('messages', req.body.messages, messages);
}

async function start(handler: TReplayHandler, options: Partial<TOpenAIProviderOptions> = {}) {
  server = await startReplayServer(handler);
  const provider = createOpenAIProvider({ apiKey: KEY, baseURL: `${server.url}/v1`, ...options });
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

describe('OpenAI provider through the openai SDK', () => {
  it('streams text, then usage, then finish stop', async () => {
    const { provider, server } = await start((req) => {
      expectChatRequest(req);
      return { body: fixture('openai/success.sse') };
    });

    const deltas = await collect(provider.stream(MESSAGES, {}));

    expect(textOf(deltas)).toBe(EXPECTED_TEXT);
    expect(deltas.filter((d) => d.type === 'text').length).toBeGreaterThan(50);
    expect(deltas.slice(-2)).toEqual([
      { type: 'usage', inputTokens: 1843, outputTokens: 212 },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('sends the model, output limit and temperature it is given', async () => {
    const { provider } = await start((req) => {
      expectChatRequest(req, MESSAGES, 'llama3.1');
      // A non-OpenAI base URL gets the widely supported max_tokens.
      expectEqual('max_tokens', req.body.max_tokens, 4000);
      expectEqual('max_completion_tokens', req.body.max_completion_tokens, undefined);
      expectEqual('temperature', req.body.temperature, 0.2);
      return { body: fixture('openai/success.sse') };
    });

    const deltas = await collect(provider.stream(MESSAGES, { model: 'llama3.1', maxOutputTokens: 4000, temperature: 0.2 }));
    expect(textOf(deltas)).toBe(EXPECTED_TEXT);
    expect(provider.label).toMatch(/^OpenAI-compatible \(127\.0\.0\.1:\d+\)$/);
  });

  it('talks to api.openai.com by default, with max_completion_tokens and no temperature for reasoning models', async () => {
    server = await startReplayServer((req) => {
      expectChatRequest(req, MESSAGES, 'gpt-5');
      expectEqual('max_completion_tokens', req.body.max_completion_tokens, 8000);
      expectEqual('max_tokens', req.body.max_tokens, undefined);
      expectEqual('temperature', req.body.temperature, undefined);
      return { body: fixture('openai/success.sse') };
    });
    const local = server.url;
    const seenUrls: string[] = [];
    // A fetch that routes api.openai.com to the replay server: proves the default base URL and the `fetch` option.
    const routedFetch: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      seenUrls.push(url);
      return fetch(url.replace('https://api.openai.com', local), init);
    };
    const provider = createOpenAIProvider({ apiKey: KEY, fetch: routedFetch });

    const deltas = await collect(provider.stream(MESSAGES, { model: 'gpt-5', maxOutputTokens: 8000, temperature: 0.2 }));

    expect(textOf(deltas)).toBe(EXPECTED_TEXT);
    expect(seenUrls).toEqual(['https://api.openai.com/v1/chat/completions']);
    expect(provider.label).toBe('OpenAI');
  });

  it('reports a cut-off output as finish length, and a continuation request completes it', async () => {
    const continued = [...MESSAGES];
    const { provider, server } = await start((req, index) => {
      if (index === 0) {
        expectChatRequest(req);
        return { body: fixture('openai/cut-off.sse') };
      }
      expectChatRequest(req, continued);
      return { body: fixture('openai/continuation.sse') };
    });

    const first = await collect(provider.stream(MESSAGES, {}));
    const partial = textOf(first);
    expect(first.at(-1)).toEqual({ type: 'finish', reason: 'length' });
    expect(first.at(-2)).toEqual({ type: 'usage', inputTokens: 1843, outputTokens: 64 });
    expect(partial.length).toBeGreaterThan(0);
    expect(EXPECTED_TEXT.startsWith(partial)).toBe(true);
    expect(partial).not.toContain('</shipyard-write>');

    continued.push(...buildContinuationMessages(partial));
    const second = await collect(provider.stream(continued, {}));

    expect(second.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(partial + textOf(second)).toBe(EXPECTED_TEXT);
    const lastMessage = (server.requests[1]?.body.messages as TChatMessage[]).at(-1);
    expect(lastMessage?.content).toContain(CONTINUE_INSTRUCTION);
  });

  it('waits out a 429 with Retry-After, retries, and returns the answer', async () => {
    const { provider, server } = await start((req, index) => {
      expectChatRequest(req);
      if (index === 0) {
        return {
          status: 429,
          headers: { ...JSON_HEADERS, 'retry-after': '1', 'x-request-id': 'req_429' },
          body: fixture('openai/error-429.json'),
        };
      }
      expectEqual('retry count header', req.headers['x-stainless-retry-count'], '1');
      return { body: fixture('openai/success.sse') };
    });

    const deltas = await collect(provider.stream(MESSAGES, {}));

    expect(textOf(deltas)).toBe(EXPECTED_TEXT);
    expect(deltas.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(server.requests).toHaveLength(2);
    const waited = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(900);
  });

  it('gives up on a persistent 429 with RATE_LIMITED and the server’s retry-after', async () => {
    const { provider, server } = await start(
      () => ({
        status: 429,
        headers: { ...JSON_HEADERS, 'retry-after': '20' },
        body: fixture('openai/error-429.json'),
      }),
      { maxRetries: 0 },
    );

    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));

    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(20_000);
    expect(error.message).toContain('Rate limit reached for gpt-4.1');
    expect(error.message).toContain('Try again in 20 s');
    expect(server.requests).toHaveLength(1);
  });

  it('maps a 500 to UNAVAILABLE after the bounded retries, with the server’s message and no key', async () => {
    const { provider, server } = await start((req) => {
      expectChatRequest(req);
      return { status: 500, headers: JSON_HEADERS, body: fixture('openai/error-500.json') };
    });

    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));

    expect(server.requests).toHaveLength(3); // 1 + the default 2 retries
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.status).toBe(500);
    expect(error.message).toContain('HTTP 500 after 3 attempts');
    expect(error.message).toContain('The server had an error while processing your request');
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('[redacted]');
  });

  it('bounds retries at 5 whatever the host asks', async () => {
    const { provider, server } = await start(
      () => ({ status: 503, headers: { ...JSON_HEADERS, 'retry-after-ms': '5' }, body: fixture('openai/error-500.json') }),
      { maxRetries: 50 },
    );
    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));
    expect(error.code).toBe('UNAVAILABLE');
    expect(server.requests).toHaveLength(6);
  });

  it('maps garbage JSON in the stream to BAD_RESPONSE after the text that came before it', async () => {
    const { provider } = await start(() => ({ body: fixture('openai/malformed.sse') }));

    const { items, error } = await collectUntilError(provider.stream(MESSAGES, {}));

    expect(textOf(items)).toBe("I'll build");
    expect(AiProviderError.is(error)).toBe(true);
    expect((error as AiProviderError).code).toBe('BAD_RESPONSE');
    expect((error as AiProviderError).message).toMatch(/malformed stream event .*OPENAI_BASE_URL/s);
    expect(items.some((d) => d.type === 'finish')).toBe(false);
  });

  it('maps a stream that ends without a finish reason to BAD_RESPONSE', async () => {
    const full = fixture('openai/success.sse');
    // The connection ends cleanly at an event boundary halfway through: no finish_reason, no [DONE].
    const half = full.slice(0, full.length / 2);
    const { provider } = await start(() => ({ body: half.slice(0, half.lastIndexOf('\n\n') + 2) }));

    const { items, error } = await collectUntilError(provider.stream(MESSAGES, {}));

    expect(textOf(items).length).toBeGreaterThan(0);
    expect((error as AiProviderError).code).toBe('BAD_RESPONSE');
    expect((error as AiProviderError).message).toContain('ended the stream before the model finished');
  });

  it('maps 401 to AUTH without the key in the message, the JSON or the inspected error', async () => {
    const { provider, server } = await start((req) => {
      expectChatRequest(req);
      return { status: 401, headers: JSON_HEADERS, body: fixture('openai/error-401.json') };
    });

    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));

    expect(error.code).toBe('AUTH');
    expect(error.message).toBe('The OpenAI-compatible server rejected the key (HTTP 401). Check OPENAI_API_KEY.');
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY.slice(0, 12));
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(server.requests).toHaveLength(1); // 401 is not retried
  });

  it('maps 403 to AUTH and 404 to UNAVAILABLE naming the model', async () => {
    const { provider } = await start(
      (_req, index) =>
        index === 0
          ? { status: 403, headers: JSON_HEADERS, body: JSON.stringify({ error: { message: 'Project does not have access to model gpt-4.1' } }) }
          : {
              status: 404,
              headers: JSON_HEADERS,
              body: JSON.stringify({ error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' } }),
            },
      { maxRetries: 0 },
    );

    const forbidden = await expectProviderError(collect(provider.stream(MESSAGES, {})));
    expect(forbidden.code).toBe('AUTH');
    expect(forbidden.message).toContain('Project does not have access to model gpt-4.1');

    const missing = await expectProviderError(collect(provider.stream(MESSAGES, { model: 'gpt-9' })));
    expect(missing.code).toBe('UNAVAILABLE');
    expect(missing.message).toContain('model "gpt-9"');
    expect(missing.message).toContain('OPENAI_MODEL');
  });

  it('maps an abort mid-stream to CANCELLED and closes the connection', async () => {
    const body = fixture('openai/success.sse');
    const { provider, server } = await start(() => ({ body, hangAfterBytes: Math.floor(body.length / 4) }));
    const controller = new AbortController();
    const seen: TAiDelta[] = [];

    const error = await expectProviderError(
      (async () => {
        for await (const delta of provider.stream(MESSAGES, { signal: controller.signal })) {
          seen.push(delta);
          if (seen.length === 3) controller.abort();
        }
      })(),
    );

    expect(error.code).toBe('CANCELLED');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    await vi.waitFor(() => expect(server.clientAborts).toBe(1));
  });

  it('maps an already-aborted signal to CANCELLED without a request', async () => {
    const { provider, server } = await start(() => ({ body: fixture('openai/success.sse') }));
    const error = await expectProviderError(collect(provider.stream(MESSAGES, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('CANCELLED');
    expect(server.requests).toHaveLength(0);
  });

  it('aborts the request when the consumer stops reading', async () => {
    const body = fixture('openai/success.sse');
    const { provider, server } = await start(() => ({ body, hangAfterBytes: Math.floor(body.length / 2) }));
    for await (const delta of provider.stream(MESSAGES, {})) {
      if (delta.type === 'text') break;
    }
    await vi.waitFor(() => expect(server.clientAborts).toBe(1));
  });

  it('maps a refused connection to UNAVAILABLE naming the URL and OPENAI_BASE_URL', async () => {
    const closed = await startReplayServer(() => ({}));
    const url = `${closed.url}/v1`;
    await closed.close();
    const provider = createOpenAIProvider({ apiKey: KEY, baseURL: url, maxRetries: 0 });

    const error = await expectProviderError(collect(provider.stream(MESSAGES, {})));

    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(`Could not reach the OpenAI-compatible server at ${url} (ECONNREFUSED)`);
    expect(error.message).toContain('OPENAI_BASE_URL');
  });
});

