import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';

import { AiProviderError } from './errors';
import { OPENAI_MODELS } from './pricing';
import type { AiProvider, TAiDelta, TAiModel, TChatMessage, TStreamOptions } from './types';
import { clampMaxRetries, describeCause, toAiProviderError, type TVendorContext, type TVendorFailure } from './vendor-errors';

const OFFICIAL_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_MODEL = 'gpt-4.1';
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export interface TOpenAIProviderOptions {
  /** The API key. Local servers (Ollama, LM Studio) ignore it: pass any non-empty string. */
  apiKey: string;
  /** An OpenAI-compatible endpoint, e.g. `http://127.0.0.1:11434/v1` for Ollama. Default: OpenAI. */
  baseURL?: string;
  defaultModel?: string;
  /** Models offered in the picker, with prices. Default: OpenAI's list; pass your own for a local server. */
  models?: TAiModel[];
  /** Retries the SDK makes on 408/409/429/5xx and network errors (default 2, at most 5). */
  maxRetries?: number;
  /** A fetch implementation (tests, proxies). Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout in ms (default 10 minutes). */
  timeoutMs?: number;
  /** Provider id (default 'openai'); lets a host register e.g. an 'ollama' provider next to OpenAI. */
  id?: string;
  /** Picker label. Default: 'OpenAI', or 'OpenAI-compatible (<host>)' for another base URL. */
  label?: string;
  /**
   * Which output-limit field to send. OpenAI's current models want `max_completion_tokens`;
   * many compatible servers only know `max_tokens`. Default: the first for OpenAI, the
   * second for any other base URL.
   */
  maxTokensParameter?: 'max_completion_tokens' | 'max_tokens';
  /** The SDK's own logging (default 'off': failures surface as AiProviderError instead). */
  sdkLogLevel?: 'off' | 'error' | 'warn' | 'info' | 'debug';
}

/**
 * An `AiProvider` over OpenAI's streaming chat completions, through the official SDK.
 * With `baseURL` it drives any OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter).
 */
export function createOpenAIProvider(options: TOpenAIProviderOptions): AiProvider {
  if (!options.apiKey) {
    throw new AiProviderError(
      'AUTH',
      'No OpenAI API key configured. Set OPENAI_API_KEY (any non-empty value works for a local server such as Ollama).',
      { providerId: options.id ?? 'openai' },
    );
  }
  const baseURL = (options.baseURL ?? OFFICIAL_BASE_URL).replace(/\/+$/, '');
  const official = isOfficialOpenAI(baseURL);
  const maxRetries = clampMaxRetries(options.maxRetries);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const providerId = options.id ?? 'openai';
  const maxTokensParameter = options.maxTokensParameter ?? (official ? 'max_completion_tokens' : 'max_tokens');
  const models = options.models ? [...options.models] : [...OPENAI_MODELS];
  const defaultModel = options.defaultModel ?? (options.models?.[0]?.id ?? DEFAULT_MODEL);

  // Every option that the SDK would otherwise read from process.env is passed explicitly.
  const client = new OpenAI({
    apiKey: options.apiKey,
    adminAPIKey: null,
    baseURL,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries,
    timeout: timeoutMs,
    logLevel: options.sdkLogLevel ?? 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const context = (model: string): TVendorContext => ({
    providerId,
    service: official ? 'the OpenAI API' : 'the OpenAI-compatible server',
    keyVariable: 'OPENAI_API_KEY',
    modelVariable: 'OPENAI_MODEL',
    baseURLVariable: 'OPENAI_BASE_URL',
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

    const params: ChatCompletionCreateParamsStreaming = {
      model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      stream_options: { include_usage: true },
    };
    if (streamOptions.maxOutputTokens !== undefined) params[maxTokensParameter] = streamOptions.maxOutputTokens;
    // OpenAI's reasoning models reject any temperature but the default.
    if (streamOptions.temperature !== undefined && !(official && isReasoningModel(model))) {
      params.temperature = streamOptions.temperature;
    }

    let finishReason: string | undefined;
    let usage: { inputTokens: number; outputTokens: number } | undefined;
    try {
      const chunks = await client.chat.completions.create(params, signal ? { signal } : {});
      for await (const chunk of chunks) {
        if (typeof chunk !== 'object' || chunk === null) {
          throw fail({ kind: 'malformed', detail: `a chunk that is not an object: ${String(chunk).slice(0, 60)}` });
        }
        const choices: unknown = (chunk as { choices?: unknown }).choices;
        if (chunk.usage) {
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        }
        if (!Array.isArray(choices)) {
          if (chunk.usage) continue;
          throw fail({ kind: 'malformed', detail: `a chunk without "choices": ${JSON.stringify(chunk).slice(0, 120)}` });
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        const text = choice.delta?.content;
        if (typeof text === 'string' && text.length > 0) yield { type: 'text', text };
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (error) {
      if (AiProviderError.is(error)) throw error;
      throw fail(classifyOpenAIError(error, signal));
    }

    // The SDK ends the iteration quietly when the request is aborted mid-stream.
    if (signal?.aborted) throw fail({ kind: 'aborted' });
    if (finishReason === undefined) {
      throw new AiProviderError(
        'BAD_RESPONSE',
        `${official ? 'The OpenAI API' : 'The OpenAI-compatible server'} ended the stream before the model finished. Try again.`,
        { providerId },
      );
    }
    if (finishReason === 'content_filter') {
      throw new AiProviderError(
        'BAD_RESPONSE',
        'OpenAI stopped the output with its content filter. Rephrase the request and try again.',
        { providerId },
      );
    }
    if (usage) yield { type: 'usage', ...usage };
    yield { type: 'finish', reason: finishReason === 'length' ? 'length' : 'stop' };
  }

  return {
    id: providerId,
    label: options.label ?? (official ? 'OpenAI' : `OpenAI-compatible (${hostOf(baseURL)})`),
    isLanguageModel: true,
    models,
    defaultModel,
    stream,
  };
}

function classifyOpenAIError(error: unknown, signal: AbortSignal | undefined): TVendorFailure {
  if (signal?.aborted || error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'connection', detail: describeCause(error.cause ?? error) };
  if (error instanceof APIError) {
    const message = apiErrorMessage(error);
    const requestId = error.requestID ?? undefined;
    if (typeof error.status === 'number') {
      return {
        kind: 'http',
        status: error.status,
        message,
        errorType: error.type ?? undefined,
        errorCode: error.code ?? undefined,
        headers: error.headers,
        requestId,
      };
    }
    // An `{"error": …}` event inside the stream.
    return { kind: 'stream-error', message, errorType: error.type ?? undefined, requestId };
  }
  if (error instanceof SyntaxError) return { kind: 'malformed', detail: error.message };
  return { kind: 'unknown', detail: error instanceof Error ? error.message : String(error) };
}

function apiErrorMessage(error: APIError): string | undefined {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  const message = error.message.replace(/^\d{3}\s+/, '');
  return /status code \(no body\)|^\(no status code or body\)$/.test(message) ? undefined : message;
}

function isOfficialOpenAI(baseURL: string): boolean {
  return hostOf(baseURL) === 'api.openai.com';
}

function isReasoningModel(model: string): boolean {
  return /^(?:o\d|gpt-5)/.test(model) && !model.includes('chat');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
