import { defineEnvPreset } from '@shipyard/core/config';
import { z } from 'zod';

import { createAnthropicProvider } from './anthropic';
import { createOpenAIProvider } from './openai';
import type { AiProvider, TAiModel } from './types';

/**
 * The AI variables a host reads (in its env.ts, through core's `loadConfig`). All optional:
 * with none set, the host runs the offline scaffold provider only.
 *
 * | Variable          | Meaning |
 * |-------------------|---------|
 * | OPENAI_API_KEY    | enables the OpenAI provider |
 * | OPENAI_BASE_URL   | any OpenAI-compatible server (Ollama `http://127.0.0.1:11434/v1`, vLLM, LM Studio, OpenRouter); the key may then be omitted for servers that ignore it |
 * | OPENAI_MODEL      | default model (required with a non-OpenAI OPENAI_BASE_URL) |
 * | ANTHROPIC_API_KEY | enables the Anthropic provider |
 * | ANTHROPIC_MODEL   | default Claude model |
 */
export const aiEnvPreset = defineEnvPreset(
  'ai-editor.ai',
  {
    OPENAI_API_KEY: z.string().min(1).optional().describe('OpenAI API key (platform.openai.com → API keys)'),
    OPENAI_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:11434/v1' })
      .optional()
      .describe('Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1'),
    OPENAI_MODEL: z.string().min(1).optional().describe('Default model for the OpenAI provider, e.g. gpt-4.1 or llama3.1'),
    ANTHROPIC_API_KEY: z.string().min(1).optional().describe('Anthropic API key (console.anthropic.com → API keys)'),
    ANTHROPIC_MODEL: z.string().min(1).optional().describe('Default Claude model, e.g. claude-sonnet-4-5'),
  },
  {
    check(env, report) {
      const customServer = env.OPENAI_BASE_URL !== undefined && !isOfficialOpenAI(env.OPENAI_BASE_URL);
      if (customServer && !env.OPENAI_MODEL) {
        report('OPENAI_MODEL', 'required with OPENAI_BASE_URL — set it to a model the server offers (e.g. llama3.1 for Ollama)');
      }
      if (env.OPENAI_MODEL && !env.OPENAI_API_KEY && !customServer) {
        report('OPENAI_API_KEY', 'OPENAI_MODEL is set but OPENAI_API_KEY is not — set the key or remove OPENAI_MODEL');
      }
      if (env.ANTHROPIC_MODEL && !env.ANTHROPIC_API_KEY) {
        report('ANTHROPIC_API_KEY', 'ANTHROPIC_MODEL is set but ANTHROPIC_API_KEY is not — set the key or remove ANTHROPIC_MODEL');
      }
    },
  },
);

export type TAiEnv = z.output<typeof aiEnvPreset.schema>;

/** Context window assumed for a model on an OpenAI-compatible server (its size is not discoverable). */
export const COMPATIBLE_SERVER_CONTEXT_TOKENS = 32_768;

/**
 * The language-model providers the variables enable, OpenAI first. The host appends the
 * scaffold provider and hands the list to `createAiProviderRegistry`.
 */
export function createAiProvidersFromEnv(
  env: TAiEnv,
  options: { fetch?: typeof globalThis.fetch; maxRetries?: number } = {},
): AiProvider[] {
  const providers: AiProvider[] = [];
  const shared = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };

  const customServer = env.OPENAI_BASE_URL !== undefined && !isOfficialOpenAI(env.OPENAI_BASE_URL);
  if (env.OPENAI_API_KEY || customServer) {
    const models: TAiModel[] | undefined =
      customServer && env.OPENAI_MODEL
        ? [
            {
              id: env.OPENAI_MODEL,
              label: env.OPENAI_MODEL,
              contextTokens: COMPATIBLE_SERVER_CONTEXT_TOKENS,
              inputUsdPerMTok: 0,
              outputUsdPerMTok: 0,
            },
          ]
        : undefined;
    providers.push(
      createOpenAIProvider({
        // Local servers ignore the key, but the SDK needs one.
        apiKey: env.OPENAI_API_KEY ?? 'not-needed',
        ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
        ...(env.OPENAI_MODEL ? { defaultModel: env.OPENAI_MODEL } : {}),
        ...(models ? { models } : {}),
        ...shared,
      }),
    );
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.push(
      createAnthropicProvider({
        apiKey: env.ANTHROPIC_API_KEY,
        ...(env.ANTHROPIC_MODEL ? { defaultModel: env.ANTHROPIC_MODEL } : {}),
        ...shared,
      }),
    );
  }
  return providers;
}

function isOfficialOpenAI(url: string): boolean {
  try {
    return new URL(url).host === 'api.openai.com';
  } catch {
    return false;
  }
}
