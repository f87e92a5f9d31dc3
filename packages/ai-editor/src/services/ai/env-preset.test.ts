import { ConfigError, loadConfig } from '@shipyard/core/config';
import { describe, expect, it } from 'vitest';

import { aiEnvPreset, COMPATIBLE_SERVER_CONTEXT_TOKENS, createAiProvidersFromEnv } from './env-preset';

function issuesOf(source: Record<string, string | undefined>): { variable: string; message: string }[] {
  try {
    loadConfig([aiEnvPreset], source);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('aiEnvPreset', () => {
  it('accepts no AI variables at all (scaffold only) and enables no provider', () => {
    const env = loadConfig([aiEnvPreset], {});
    expect(createAiProvidersFromEnv(env)).toEqual([]);
  });

  it('enables OpenAI and Anthropic from their keys, with the chosen default models', () => {
    const env = loadConfig([aiEnvPreset], {
      OPENAI_API_KEY: 'sk-test-1',
      OPENAI_MODEL: 'gpt-5-mini',
      ANTHROPIC_API_KEY: 'sk-ant-test-1',
      ANTHROPIC_MODEL: 'claude-haiku-4-5',
    });
    const providers = createAiProvidersFromEnv(env);
    expect(providers.map((p) => [p.id, p.label, p.defaultModel])).toEqual([
      ['openai', 'OpenAI', 'gpt-5-mini'],
      ['anthropic', 'Anthropic', 'claude-haiku-4-5'],
    ]);
    expect(providers[0]!.models.some((m) => m.id === 'gpt-4.1')).toBe(true);
  });

  it('drives a local OpenAI-compatible server without a key, offering only its model at no cost', () => {
    const env = loadConfig([aiEnvPreset], { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.1' });
    const [provider] = createAiProvidersFromEnv(env);
    expect(provider?.label).toBe('OpenAI-compatible (127.0.0.1:11434)');
    expect(provider?.defaultModel).toBe('llama3.1');
    expect(provider?.models).toEqual([
      { id: 'llama3.1', label: 'llama3.1', contextTokens: COMPATIBLE_SERVER_CONTEXT_TOKENS, inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
    ]);
  });

  it('reports every inconsistent combination at once, never echoing a key', () => {
    const issues = issuesOf({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      ANTHROPIC_MODEL: 'claude-haiku-4-5',
    });
    expect(issues).toEqual([
      { variable: 'OPENAI_MODEL', message: expect.stringContaining('required with OPENAI_BASE_URL') },
      { variable: 'ANTHROPIC_API_KEY', message: expect.stringContaining('ANTHROPIC_MODEL is set but ANTHROPIC_API_KEY is not') },
    ]);
    expect(issuesOf({ OPENAI_MODEL: 'gpt-4.1' })).toEqual([
      { variable: 'OPENAI_API_KEY', message: expect.stringContaining('OPENAI_MODEL is set but OPENAI_API_KEY is not') },
    ]);
    const badUrl = issuesOf({ OPENAI_BASE_URL: 'localhost:11434', OPENAI_API_KEY: 'sk-secret-value-123456' });
    expect(badUrl).toContainEqual({
      variable: 'OPENAI_BASE_URL',
      message: expect.stringContaining('must be an http(s) URL such as http://127.0.0.1:11434/v1'),
    });
    expect(JSON.stringify(badUrl)).not.toContain('sk-secret-value-123456');
  });
});
