export type {
  AiProvider,
  TAiDelta,
  TAiModel,
  TAiUsage,
  TChatMessage,
  TStreamOptions,
} from './types';
export { AI_PROVIDER_ERROR_CODES, AiProviderError, type TAiProviderErrorCode } from './errors';
export { createOpenAIProvider, type TOpenAIProviderOptions } from './openai';
export { createAnthropicProvider, type TAnthropicProviderOptions } from './anthropic';
export { ANTHROPIC_MODELS, OPENAI_MODELS, estimateCostUsd, findModel } from './pricing';
export {
  buildContinuationMessages,
  buildSystemPrompt,
  CONTINUE_INSTRUCTION,
  formatProjectFiles,
  type TRuntimePackage,
  type TSystemPromptOptions,
} from './system-prompt';
export { createAiProviderRegistry, type AiProviderRegistry } from './registry';
export { aiEnvPreset, COMPATIBLE_SERVER_CONTEXT_TOKENS, createAiProvidersFromEnv, type TAiEnv } from './env-preset';
export * from './scaffold';
