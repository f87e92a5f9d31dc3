import type { AiProvider, TAiModel, TAiUsage } from './types';

/*
 * List prices in USD per million tokens (standard tier, no batch or cache discounts),
 * as published by the vendors in late 2025. A host that negotiated other prices, or
 * that points the OpenAI provider at a local server, passes its own `models` list.
 */

export const OPENAI_MODELS: readonly TAiModel[] = [
  { id: 'gpt-4.1', label: 'GPT-4.1', contextTokens: 1_047_576, inputUsdPerMTok: 2, outputUsdPerMTok: 8 },
  { id: 'gpt-4.1-mini', label: 'GPT-4.1 mini', contextTokens: 1_047_576, inputUsdPerMTok: 0.4, outputUsdPerMTok: 1.6 },
  { id: 'gpt-4.1-nano', label: 'GPT-4.1 nano', contextTokens: 1_047_576, inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 },
  { id: 'gpt-5', label: 'GPT-5', contextTokens: 400_000, inputUsdPerMTok: 1.25, outputUsdPerMTok: 10 },
  { id: 'gpt-5-mini', label: 'GPT-5 mini', contextTokens: 400_000, inputUsdPerMTok: 0.25, outputUsdPerMTok: 2 },
  { id: 'gpt-5-nano', label: 'GPT-5 nano', contextTokens: 400_000, inputUsdPerMTok: 0.05, outputUsdPerMTok: 0.4 },
  { id: 'gpt-4o', label: 'GPT-4o', contextTokens: 128_000, inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 },
  { id: 'gpt-4o-mini', label: 'GPT-4o mini', contextTokens: 128_000, inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 },
];

export const ANTHROPIC_MODELS: readonly TAiModel[] = [
  { id: 'claude-sonnet-4-5', label: 'Claude Sonnet 4.5', contextTokens: 200_000, inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
  { id: 'claude-haiku-4-5', label: 'Claude Haiku 4.5', contextTokens: 200_000, inputUsdPerMTok: 1, outputUsdPerMTok: 5 },
  { id: 'claude-opus-4-5', label: 'Claude Opus 4.5', contextTokens: 200_000, inputUsdPerMTok: 5, outputUsdPerMTok: 25 },
  { id: 'claude-opus-4-1', label: 'Claude Opus 4.1', contextTokens: 200_000, inputUsdPerMTok: 15, outputUsdPerMTok: 75 },
  { id: 'claude-sonnet-4-0', label: 'Claude Sonnet 4', contextTokens: 200_000, inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
];

// Dated snapshots ('gpt-4.1-2025-04-14', 'claude-sonnet-4-5-20250929') and '-latest'
// aliases are priced like the model they pin.
const SNAPSHOT_SUFFIX = /^-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/** The entry of `models` that prices `modelId`, or undefined when the model is not listed. */
export function findModel(models: readonly TAiModel[], modelId: string): TAiModel | undefined {
  const exact = models.find((m) => m.id === modelId);
  if (exact) return exact;
  return models.find((m) => modelId.startsWith(m.id) && SNAPSHOT_SUFFIX.test(modelId.slice(m.id.length)));
}

/**
 * Estimated cost in USD of one call. Models the provider does not list (a local Ollama
 * model, say) cost 0: the platform has no price for them. Rounded to a millionth of a
 * dollar so sums stay stable.
 */
export function estimateCostUsd(provider: AiProvider, model: string, usage: TAiUsage): number {
  const entry = findModel(provider.models, model);
  if (!entry) return 0;
  const input = nonNegative(usage.inputTokens);
  const output = nonNegative(usage.outputTokens);
  const usd = (input * entry.inputUsdPerMTok + output * entry.outputUsdPerMTok) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}
