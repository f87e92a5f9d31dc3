import { AiProviderError } from '../errors';
import { CONTINUE_INSTRUCTION } from '../system-prompt';
import { type AiProvider, type TAiDelta, type TChatMessage, type TStreamOptions } from '../types';
import { planScaffoldEdit, SUPPORTED_EDITS_HELP } from './edit';
import { extractIntent, type TScaffoldIntent } from './intent';
import { renderProtocolOutput } from './output';
import { SCAFFOLD_TEMPLATES, renderScaffoldApp } from './templates';
import { proseQuote } from './text';

export const SCAFFOLD_PROVIDER_ID = 'scaffold';
export const SCAFFOLD_MODEL_ID = 'templates';

/**
 * Options of `stream()` for the scaffold provider: the shared `TStreamOptions` plus the
 * project's current files. With files, a request is read as an edit of that project
 * (rename, colour, add a field, add a page). Without `files`, the provider looks for
 * `<current-file path="…">` blocks (the form `formatProjectFiles` writes) in the messages.
 */
export interface TScaffoldStreamOptions extends TStreamOptions {
  files?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

export interface TScaffoldProviderOptions {
  /** Characters per text delta. Default 160. */
  chunkSize?: number;
  /** Pause between deltas, to make the stream look like typing in demos. Default 0. */
  chunkDelayMs?: number;
}

export interface ScaffoldProvider extends AiProvider {
  stream(messages: TChatMessage[], options?: TScaffoldStreamOptions): AsyncIterable<TAiDelta>;
}

/** What the scaffold provider would answer for a conversation, before streaming. */
export type TScaffoldReply =
  | { kind: 'create'; output: string; intent: TScaffoldIntent }
  | { kind: 'edit'; output: string; changed: boolean };

const LABEL = 'Scaffold (offline templates — not an AI model)';
const NO_KEY_HINT =
  'For any other change, configure an AI provider (set OPENAI_API_KEY — or OPENAI_BASE_URL for a local server such as Ollama — or ANTHROPIC_API_KEY) and pick that model.';

/**
 * The offline provider: not a language model. It reads the prompt's intent, builds the app
 * from templates, and streams it in the same tagged protocol a model writes, so parsing,
 * applying, versions, preview and deploy all run on a machine with no AI key.
 */
export function createScaffoldProvider(providerOptions: TScaffoldProviderOptions = {}): ScaffoldProvider {
  const chunkSize = Math.max(16, providerOptions.chunkSize ?? 160);
  const delay = Math.max(0, providerOptions.chunkDelayMs ?? 0);

  return {
    id: SCAFFOLD_PROVIDER_ID,
    label: LABEL,
    isLanguageModel: false,
    models: [
      {
        id: SCAFFOLD_MODEL_ID,
        label: 'Offline templates (landing page, CRUD app, blog, dashboard, shop)',
        contextTokens: 1_000_000,
        inputUsdPerMTok: 0,
        outputUsdPerMTok: 0,
      },
    ],
    defaultModel: SCAFFOLD_MODEL_ID,

    async *stream(messages: TChatMessage[], options: TScaffoldStreamOptions = {}): AsyncIterable<TAiDelta> {
      const signal = options.signal;
      throwIfCancelled(signal);
      const { reply, alreadySent } = resolveReply(messages, options.files);
      const remaining = reply.output.slice(alreadySent.length);
      const limit = options.maxOutputTokens && options.maxOutputTokens > 0 ? options.maxOutputTokens * 4 : Number.POSITIVE_INFINITY;
      const toSend = remaining.length > limit ? remaining.slice(0, limit) : remaining;

      for (let offset = 0; offset < toSend.length; offset += chunkSize) {
        throwIfCancelled(signal);
        yield { type: 'text', text: toSend.slice(offset, offset + chunkSize) };
        await pause(delay);
      }
      throwIfCancelled(signal);
      yield { type: 'usage', inputTokens: estimateTokens(messages.reduce((sum, message) => sum + message.content.length, 0)), outputTokens: estimateTokens(toSend.length) };
      yield { type: 'finish', reason: toSend.length < remaining.length ? 'length' : 'stop' };
    },
  };
}

function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AiProviderError('CANCELLED', 'The generation was cancelled.', { providerId: SCAFFOLD_PROVIDER_ID });
  }
}

function pause(ms: number): Promise<void> {
  // Always yield to the event loop, so a long stream never starves other work.
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

/**
 * Finds the request in a conversation and what has already been answered: after a cut-off
 * (`finish: 'length'`) the caller appends the partial output and a continuation turn; the
 * scaffold output is deterministic, so it continues exactly where the partial stopped.
 */
function resolveReply(
  messages: readonly TChatMessage[],
  filesOption: TScaffoldStreamOptions['files'],
): { reply: TScaffoldReply; alreadySent: string } {
  let requestIndex = -1;
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user' && !message.content.startsWith(CONTINUE_INSTRUCTION)) {
      requestIndex = index;
      break;
    }
  }
  if (requestIndex === -1) {
    throw new AiProviderError('BAD_RESPONSE', 'The scaffold provider needs a user message that describes the app or the change.', {
      providerId: SCAFFOLD_PROVIDER_ID,
    });
  }
  const request = messages[requestIndex]?.content ?? '';
  const context = messages.slice(0, requestIndex + 1);
  const files = filesOption ? toMap(filesOption) : filesFromMessages(context);
  const reply = buildScaffoldReply(request, files, { projectExists: files.size > 0 || (!filesOption && mentionsProjectFiles(context)) });

  const later = messages.slice(requestIndex + 1);
  const alreadySent = later
    .filter((message) => message.role === 'assistant')
    .map((message) => message.content)
    .join('');
  if (later.length > 0 && alreadySent && !reply.output.startsWith(alreadySent)) {
    throw new AiProviderError(
      'BAD_RESPONSE',
      'The scaffold provider can only continue its own output, and the previous reply in this conversation is not one. Start the request again.',
      { providerId: SCAFFOLD_PROVIDER_ID },
    );
  }
  return { reply, alreadySent: later.length > 0 ? alreadySent : '' };
}

function toMap(files: NonNullable<TScaffoldStreamOptions['files']>): Map<string, string> {
  return files instanceof Map ? new Map(files) : new Map(Object.entries(files as Readonly<Record<string, string>>));
}

const CURRENT_FILE = /<current-file path="([^"\n]{1,500})">\n([\s\S]*?)<\/current-file>/g;

/** Project files passed in the prompt as `<current-file path="…">` blocks (latest wins). */
export function filesFromMessages(messages: readonly TChatMessage[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'assistant') continue;
    for (const match of message.content.matchAll(CURRENT_FILE)) {
      if (match[1]) files.set(match[1], match[2] ?? '');
    }
  }
  return files;
}

/** True when the prompt says the project has files, even if none were included. */
function mentionsProjectFiles(messages: readonly TChatMessage[]): boolean {
  return messages.some((message) => message.role !== 'assistant' && /Other files in the project, not shown here/.test(message.content));
}

/**
 * The complete reply for one request: a new app when there is no project yet, otherwise
 * edits to the given files (or a plain answer saying what the scaffold provider cannot do).
 */
export function buildScaffoldReply(
  request: string,
  files: ReadonlyMap<string, string> = new Map(),
  options: { projectExists?: boolean } = {},
): TScaffoldReply {
  if (options.projectExists ?? files.size > 0) return buildEditReply(request, files);
  const intent = extractIntent(request);
  const app = renderScaffoldApp(intent);
  const template = SCAFFOLD_TEMPLATES[intent.template];
  const because = intent.matched.length > 0 ? ` (from ${intent.matched.map((word) => `"${proseQuote(word, 30)}"`).join(', ')})` : ' (the default when no other template fits)';
  const prose = [
    `Scaffold provider — offline templates, not an AI model. Your request matched the ${template.title} template${because}.`,
    `Building ${intent.appName}: ${app.description}.`,
    `Afterwards I can ${SUPPORTED_EDITS_HELP}. ${NO_KEY_HINT}`,
  ].join('\n\n');
  const summary = `Built ${intent.appName} from the ${template.title} template: ${app.description}. ${Object.keys(app.files).length} files.`;
  const output = renderProtocolOutput({
    prose,
    operations: Object.entries(app.files).map(([path, content]) => ({ type: 'write' as const, path, content })),
    summary,
  });
  return { kind: 'create', output, intent };
}

function buildEditReply(request: string, files: ReadonlyMap<string, string>): TScaffoldReply {
  const plan = planScaffoldEdit(request, files);
  const lines: string[] = [];
  if (plan.operations.length > 0) {
    lines.push(`Scaffold provider — offline templates, not an AI model. ${plan.done.join(' ')}`);
  } else {
    lines.push(`Scaffold provider — offline templates, not an AI model: I made no changes.`);
  }
  for (const message of plan.declined) lines.push(`Not done — ${message}`);
  if (plan.unsupported.length > 0) {
    const quoted = plan.unsupported.slice(0, 3).map((clause) => `"${clause}"`).join(', ');
    lines.push(`I can't do ${quoted}: the scaffold provider is not a language model and can only ${SUPPORTED_EDITS_HELP}.`);
  }
  if (plan.operations.length === 0 || plan.unsupported.length > 0 || plan.declined.length > 0) lines.push(NO_KEY_HINT);
  const output = renderProtocolOutput({
    prose: lines.join('\n\n'),
    operations: plan.operations,
    ...(plan.operations.length > 0 ? { summary: plan.done.join(' ') } : {}),
  });
  return { kind: 'edit', output, changed: plan.operations.length > 0 };
}
