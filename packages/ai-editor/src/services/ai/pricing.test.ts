import { describe, expect, it } from 'vitest';

import { ANTHROPIC_MODELS, estimateCostUsd, findModel, OPENAI_MODELS } from './pricing';
import type { AiProvider } from './types';

function providerWith(models: AiProvider['models']): AiProvider {
  return {
    id: 'test',
    label: 'Test',
    isLanguageModel: true,
    models,
    defaultModel: models[0]?.id ?? 'none',
    async *stream() {
      throw new Error('not used');
    },
  };
}

const openai = providerWith([...OPENAI_MODELS]);
const anthropic = providerWith([...ANTHROPIC_MODELS]);

describe('estimateCostUsd', () => {
  it('prices input and output tokens per million', () => {
    // gpt-4.1: $2 in, $8 out per MTok.
    expect(estimateCostUsd(openai, 'gpt-4.1', { inputTokens: 1_000_000, outputTokens: 0 })).toBe(2);
    expect(estimateCostUsd(openai, 'gpt-4.1', { inputTokens: 0, outputTokens: 1_000_000 })).toBe(8);
    expect(estimateCostUsd(openai, 'gpt-4.1', { inputTokens: 1843, outputTokens: 212 })).toBe(0.005382);
    // claude-sonnet-4-5: $3 in, $15 out.
    expect(estimateCostUsd(anthropic, 'claude-sonnet-4-5', { inputTokens: 2051, outputTokens: 236 })).toBe(0.009693);
  });

  it('prices dated snapshots and -latest aliases like the model they pin', () => {
    const usage = { inputTokens: 10_000, outputTokens: 2_000 };
    expect(estimateCostUsd(openai, 'gpt-4.1-2025-04-14', usage)).toBe(estimateCostUsd(openai, 'gpt-4.1', usage));
    expect(estimateCostUsd(openai, 'gpt-4.1-mini-2025-04-14', usage)).toBe(estimateCostUsd(openai, 'gpt-4.1-mini', usage));
    expect(estimateCostUsd(anthropic, 'claude-sonnet-4-5-20250929', usage)).toBe(
      estimateCostUsd(anthropic, 'claude-sonnet-4-5', usage),
    );
  });

  it('does not price a different model by a shared prefix', () => {
    expect(findModel(OPENAI_MODELS, 'gpt-4.1-turbo')).toBeUndefined();
    expect(findModel(OPENAI_MODELS, 'gpt-4.1-mini')?.id).toBe('gpt-4.1-mini');
    expect(estimateCostUsd(openai, 'gpt-4.1-turbo', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(0);
  });

  it('costs nothing for an unlisted model or a free local model', () => {
    const local = providerWith([{ id: 'llama3.1', label: 'llama3.1', contextTokens: 32_768, inputUsdPerMTok: 0, outputUsdPerMTok: 0 }]);
    expect(estimateCostUsd(local, 'llama3.1', { inputTokens: 5000, outputTokens: 5000 })).toBe(0);
    expect(estimateCostUsd(openai, 'somebody-elses-model', { inputTokens: 5000, outputTokens: 5000 })).toBe(0);
  });

  it('treats negative or non-finite token counts as zero', () => {
    expect(estimateCostUsd(openai, 'gpt-4.1', { inputTokens: -5, outputTokens: Number.NaN })).toBe(0);
    expect(estimateCostUsd(openai, 'gpt-4.1', { inputTokens: Number.POSITIVE_INFINITY, outputTokens: 1_000_000 })).toBe(8);
  });

  it('has a price and a context window for every listed model, and unique ids', () => {
    for (const list of [OPENAI_MODELS, ANTHROPIC_MODELS]) {
      expect(new Set(list.map((m) => m.id)).size).toBe(list.length);
      for (const model of list) {
        expect(model.inputUsdPerMTok).toBeGreaterThan(0);
        expect(model.outputUsdPerMTok).toBeGreaterThanOrEqual(model.inputUsdPerMTok);
        expect(model.contextTokens).toBeGreaterThanOrEqual(100_000);
      }
    }
  });
});
