/**
 * The AI provider contract. OpenAI, Anthropic and the offline scaffold provider implement
 * it; generation code only ever talks to an `AiProvider`.
 */

export type TChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type TAiDelta =
  | { type: 'text'; text: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'finish'; reason: 'stop' | 'length' }; // 'length' = cut off by max tokens → the caller continues

export interface TStreamOptions {
  model?: string;
  maxOutputTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

/**
 * A source of model output.
 *
 * `stream()` yields `text` deltas as they arrive, then at most one `usage` delta and
 * exactly one `finish` delta, last. It throws `AiProviderError` (code `AUTH`,
 * `RATE_LIMITED`, `UNAVAILABLE`, `BAD_RESPONSE` or `CANCELLED`, with `retryAfterMs` when
 * known) and never puts the API key in an error. Breaking out of the loop aborts the
 * vendor request.
 */
export interface AiProvider {
  id: string; // 'openai' | 'anthropic' | 'scaffold'
  label: string; // shown in the model picker
  isLanguageModel: boolean; // false for scaffold — the UI says so
  models: { id: string; label: string; contextTokens: number; inputUsdPerMTok: number; outputUsdPerMTok: number }[];
  defaultModel: string;
  stream(messages: TChatMessage[], options: TStreamOptions): AsyncIterable<TAiDelta>;
}

/** One entry of `AiProvider.models`. */
export type TAiModel = AiProvider['models'][number];

export type TAiUsage = { inputTokens: number; outputTokens: number };

export { AiProviderError, type TAiProviderErrorCode } from './errors';
export { estimateCostUsd } from './pricing';
