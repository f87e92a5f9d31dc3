import { AppError } from '@shipyard/core';

import type { AiProvider } from './types';

export interface AiProviderRegistry {
  /** Providers in the order the host registered them (the model picker's order). */
  list(): AiProvider[];
  has(id: string): boolean;
  /** The provider with this id; a BAD_REQUEST AppError naming the configured ids when there is none. */
  get(id: string): AiProvider;
  /** `options.defaultId`, else the first provider registered. */
  default(): AiProvider;
}

/**
 * The AI providers a host configured. Typical order: the keyed providers first, then
 * `scaffold`, so the default is a real model when a key is set and scaffold otherwise.
 */
export function createAiProviderRegistry(
  providers: readonly AiProvider[],
  options: { defaultId?: string } = {},
): AiProviderRegistry {
  if (providers.length === 0) {
    throw new AppError(
      'INTERNAL',
      'No AI provider is configured. Register at least the scaffold provider, or set OPENAI_API_KEY or ANTHROPIC_API_KEY.',
    );
  }
  const byId = new Map<string, AiProvider>();
  for (const provider of providers) {
    if (byId.has(provider.id)) {
      throw new AppError(
        'INTERNAL',
        `Two AI providers share the id "${provider.id}". Give one of them another id (the OpenAI provider takes an "id" option).`,
      );
    }
    byId.set(provider.id, provider);
  }
  const ids = [...byId.keys()];

  const get = (id: string): AiProvider => {
    const provider = byId.get(id);
    if (!provider) {
      throw new AppError('BAD_REQUEST', `Unknown AI provider "${id}". Configured providers: ${ids.join(', ')}.`, {
        details: { providerId: id, configured: ids },
      });
    }
    return provider;
  };

  if (options.defaultId !== undefined && !byId.has(options.defaultId)) {
    throw new AppError(
      'INTERNAL',
      `The default AI provider "${options.defaultId}" is not configured. Configured providers: ${ids.join(', ')}.`,
    );
  }
  const defaultProvider = options.defaultId === undefined ? providers[0]! : get(options.defaultId);

  return {
    list: () => [...byId.values()],
    has: (id) => byId.has(id),
    get,
    default: () => defaultProvider,
  };
}
