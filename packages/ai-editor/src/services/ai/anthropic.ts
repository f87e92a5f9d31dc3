import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';

import { AiProviderError } from './errors';
import { ANTHROPIC_MODELS } from './pricing';
import type { AiProvider, TAiDelta, TAiModel, TChatMessage, TStreamOptions } from './types';
import { clampMaxRetries, describeCause, toAiProviderError, type TVendorContext, type TVendorFailure } from './vendor-errors';

const OFFICIAL_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_MODEL = 'claude-sonnet-4-5';
const DEFAULT_MAX_OUTPUT_TOKENS = 16_384;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export interface TAnthropicProviderOptions {
  apiKey: string;
  /** Another endpoint speaking the Messages API (a proxy, a test server). Default: Anthropic. */
  baseURL?: string;
  defaultModel?: string;
  /** Models offered in the picker, with prices. Default: Anthropic's list. */
  models?: TAiModel[];
  /** Retries the SDK makes on 408/409/429/5xx and network errors (default 2, at most 5). */
  maxRetries?: number;
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout in ms (default 10 minutes). */
  timeoutMs?: number;
  /** `max_tokens` when the caller gives no `maxOutputTokens` (the API requires one). Default 16384. */
  defaultMaxOutputTokens?: number;
  id?: string;
  label?: string;
  /** The SDK's own logging (default 'off': failures surface as AiProviderError instead). */
  sdkLogLevel?: 'off' | 'error' | 'warn' | 'info' | 'debug';
}

/** An `AiProvider` over Anthropic's streaming Messages API, through the official SDK. */
export function createAnthropicProvider(options: TAnthropicProviderOptions): AiProvider {
  const providerId = options.id ?? 'anthropic';
  if (!options.apiKey) {
    throw new AiProviderError('AUTH', 'No Anthropic API key configured. Set ANTHROPIC_API_KEY.', { providerId });
  }
  const baseURL = (options.baseURL ?? OFFICIAL_BASE_URL).replace(/\/+$/, '');
  const maxRetries = clampMaxRetries(options.maxRetries);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const models = options.models ? [...options.models] : [...ANTHROPIC_MODELS];
  const defaultModel = options.defaultModel ?? (options.models?.[0]?.id ?? DEFAULT_MODEL);
  const defaultMaxOutputTokens = options.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;

  // Every option that the SDK would otherwise read from process.env is passed explicitly.
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL,
    webhookKey: null,
    maxRetries,
    timeout: timeoutMs,
    logLevel: options.sdkLogLevel ?? 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const context = (model: string): TVendorContext => ({
    providerId,
    service: 'the Anthropic API',
    keyVariable: 'ANTHROPIC_API_KEY',
    modelVariable: 'ANTHROPIC_MODEL',
    baseURLVariable: undefined,
    baseURL,
    apiKey: options.apiKey,
    model,
    maxRetries,
    timeoutMs,
  });

  async function* stream(messages: TChatMessage[], streamOptions: TStreamOptions): AsyncGenerator<TAiDelta> {
    const model = streamOptions.model ?? defaultModel;
    const signal = streamOptions.signal;
    const fail = (failure: TVendorFailure): AiProviderError => toAiProviderError(failure, context(model));

    if (signal?.aborted) throw fail({ kind: 'aborted' });

    const { system, turns } = toAnthropicMessages(messages);
    const params: MessageCreateParamsStreaming = {
      model,
      max_tokens: streamOptions.maxOutputTokens ?? defaultMaxOutputTokens,
      messages: turns,
      stream: true,
      ...(system ? { system } : {}),
      ...(streamOptions.temperature === undefined ? {} : { temperature: streamOptions.temperature }),
    };

    let stopReason: string | null | undefined;
    let inputTokens: number | undefined;
    let outputTokens = 0;
    try {
      const events = await client.messages.create(params, signal ? { signal } : {});
      for await (const event of events as AsyncIterable<RawMessageStreamEvent>) {
        switch (event.type) {
          case 'message_start': {
            const usage = event.message?.usage;
            if (!usage || typeof usage.input_tokens !== 'number') {
              throw fail({ kind: 'malformed', detail: 'message_start without usage' });
            }
            inputTokens = totalInput(usage);
            outputTokens = usage.output_tokens ?? 0;
            break;
          }
          case 'content_block_delta':
            if (event.delta?.type === 'text_delta' && event.delta.text) yield { type: 'text', text: event.delta.text };
            break;
          case 'message_delta':
            if (event.delta?.stop_reason) stopReason = event.delta.stop_reason;
            // message_delta usage is cumulative.
            if (typeof event.usage?.output_tokens === 'number') outputTokens = event.usage.output_tokens;
            if (typeof event.usage?.input_tokens === 'number') inputTokens = totalInput(event.usage);
            break;
          default:
            // content_block_start/stop, message_stop and future event types carry nothing we use.
            break;
        }
      }
    } catch (error) {
      if (AiProviderError.is(error)) throw error;
      throw fail(classifyAnthropicError(error, signal));
    }

    // The SDK ends the iteration quietly when the request is aborted mid-stream.
    if (signal?.aborted) throw fail({ kind: 'aborted' });
    if (!stopReason) {
      throw new AiProviderError('BAD_RESPONSE', 'The Anthropic API ended the stream before the model finished. Try again.', {
        providerId,
      });
    }
    if (stopReason === 'refusal') {
      throw new AiProviderError('BAD_RESPONSE', 'Claude declined this request. Rephrase it and try again.', { providerId });
    }
    if (inputTokens !== undefined) yield { type: 'usage', inputTokens, outputTokens };
    yield {
      type: 'finish',
      reason: stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded' ? 'length' : 'stop',
    };
  }

  return {
    id: providerId,
    label: options.label ?? 'Anthropic',
    isLanguageModel: true,
    models,
    defaultModel,
    stream,
  };
}

/**
 * System messages become the top-level `system` field; consecutive turns of one role are
 * merged, since the Messages API expects user and assistant to alternate.
 */
export function toAnthropicMessages(messages: readonly TChatMessage[]): {
  system: string | undefined;
  turns: { role: 'user' | 'assistant'; content: string }[];
} {
  const systemParts: string[] = [];
  const turns: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      systemParts.push(message.content);
      continue;
    }
    const last = turns.at(-1);
    if (last && last.role === message.role) last.content = `${last.content}\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  if (turns.length === 0) {
    throw new TypeError('stream() needs at least one user message; only system messages were given.');
  }
  // A trailing assistant turn is a prefill, which the API rejects if it ends in whitespace.
  const last = turns.at(-1);
  if (last?.role === 'assistant') last.content = last.content.trimEnd();
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, turns };
}

function totalInput(usage: {
  input_tokens: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): number {
  return (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
}

function classifyAnthropicError(error: unknown, signal: AbortSignal | undefined): TVendorFailure {
  if (signal?.aborted || error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'connection', detail: describeCause(error.cause ?? error) };
  if (error instanceof APIError) {
    const message = error.apiMessage ?? strippedMessage(error.message);
    const requestId = error.requestID ?? undefined;
    const errorType = error.type ?? undefined;
    if (typeof error.status === 'number') {
      return {
        kind: 'http',
        status: error.status,
        message,
        errorType,
        errorCode: error.errorCode ?? undefined,
        headers: error.headers,
        requestId,
      };
    }
    // An `event: error` inside the stream (overloaded_error, api_error, …).
    return { kind: 'stream-error', message, errorType, requestId };
  }
  if (error instanceof SyntaxError) return { kind: 'malformed', detail: error.message };
  return { kind: 'unknown', detail: error instanceof Error ? error.message : String(error) };
}

function strippedMessage(message: string): string | undefined {
  const stripped = message.replace(/^\d{3}\s+/, '');
  return /status code \(no body\)|^\(no status code or body\)$/.test(stripped) ? undefined : stripped;
}
