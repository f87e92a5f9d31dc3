import { AppError } from '@shipyard/core';
import { describe, expect, it } from 'vitest';

import { createAiProviderRegistry } from './registry';
import type { AiProvider } from './types';

function fakeProvider(id: string, isLanguageModel = true): AiProvider {
  return {
    id,
    label: id,
    isLanguageModel,
    models: [],
    defaultModel: `${id}-model`,
    async *stream() {
      yield { type: 'finish', reason: 'stop' };
    },
  };
}

describe('createAiProviderRegistry', () => {
  const openai = fakeProvider('openai');
  const scaffold = fakeProvider('scaffold', false);

  it('lists providers in registration order and gets them by id', () => {
    const registry = createAiProviderRegistry([openai, scaffold]);
    expect(registry.list().map((p) => p.id)).toEqual(['openai', 'scaffold']);
    expect(registry.get('scaffold')).toBe(scaffold);
    expect(registry.has('openai')).toBe(true);
    expect(registry.has('anthropic')).toBe(false);
  });

  it('defaults to the first provider, or to the one named', () => {
    expect(createAiProviderRegistry([openai, scaffold]).default()).toBe(openai);
    expect(createAiProviderRegistry([openai, scaffold], { defaultId: 'scaffold' }).default()).toBe(scaffold);
  });

  it('rejects an unknown id with a BAD_REQUEST naming the configured providers', () => {
    const registry = createAiProviderRegistry([openai, scaffold]);
    let caught: unknown;
    try {
      registry.get('anthropic');
    } catch (error) {
      caught = error;
    }
    expect(AppError.is(caught)).toBe(true);
    const error = caught as AppError;
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Unknown AI provider "anthropic". Configured providers: openai, scaffold.');
    expect(error.details).toEqual({ providerId: 'anthropic', configured: ['openai', 'scaffold'] });
  });

  it('refuses an empty list, duplicate ids and an unknown default', () => {
    expect(() => createAiProviderRegistry([])).toThrow(/No AI provider is configured/);
    expect(() => createAiProviderRegistry([openai, fakeProvider('openai')])).toThrow(/share the id "openai"/);
    expect(() => createAiProviderRegistry([openai], { defaultId: 'anthropic' })).toThrow(
      'The default AI provider "anthropic" is not configured. Configured providers: openai.',
    );
  });

  it('does not let callers mutate its list', () => {
    const registry = createAiProviderRegistry([openai, scaffold]);
    registry.list().pop();
    expect(registry.list()).toHaveLength(2);
  });
});
