import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider, estimateCostUsd, parseOutput, type TChatMessage } from '../src/index';
import { fixture, JSON_HEADERS, startReplayServer, type TReplayHandler, type TReplayServer } from './fixtures/ai/replay-server';
import { createEditorHarness, ORG, type THarness } from './fixtures/editor/harness';

// The OpenAI path end to end: router → job → runner → the real `openai` SDK → a local server
// replaying recorded chat.completion.chunk streams → parser → a committed version.

const KEY = 'sk-test-editor-7c1d9e2f4a6b8c0d1e3f5a7b9c';
const EXPECTED_TEXT = fixture('expected-app-output.txt');
const EXPECTED_FILES = Object.fromEntries(
  parseOutput(EXPECTED_TEXT).operations.flatMap((op) => (op.type === 'write' ? [[op.path, op.content] as const] : [])),
);

let server: TReplayServer | undefined;
let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  await server?.close();
  h = undefined;
  server = undefined;
});

async function setup(handler: TReplayHandler) {
  server = await startReplayServer(handler);
  const provider = createOpenAIProvider({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
  h = await createEditorHarness({ providers: [provider] });
  return { h, server, provider };
}

describe('generation through the OpenAI provider', () => {
  it('turns a replayed stream into a version, recording usage and cost', async () => {
    const { h, server, provider } = await setup(() => ({ body: fixture('openai/success.sse') }));
    expect(Object.keys(EXPECTED_FILES).sort()).toEqual(['src/App.tsx', 'src/styles.css']);
    const project = await h.newProject('Clicks');
    const run = await h.generate(project.id, 'Build a click counter.', { kind: 'create' });

    expect(run.final).toMatchObject({ status: 'succeeded', error: null });
    expect(run.final.reply).toBe('I\'ll build a small counter app: one page with a button that counts clicks.');
    expect(await h.filesOf(project.id)).toEqual(EXPECTED_FILES);
    expect((await h.filesOf(project.id))['src/App.tsx']).toContain('Clicks — {count} 🚀'); // multi-byte text split across chunks
    expect(run.generation).toMatchObject({ provider: 'openai', model: 'gpt-4.1', inputTokens: 1843, outputTokens: 212, continuations: 0 });
    expect(run.generation.costUsd).toBe(estimateCostUsd(provider, 'gpt-4.1', { inputTokens: 1843, outputTokens: 212 }));
    expect(run.generation.costUsd).toBeCloseTo((1843 * 2 + 212 * 8) / 1e6, 9);
    expect(run.final.usage).toEqual({ inputTokens: 1843, outputTokens: 212 });

    // What the SDK sent: the key, streaming with usage, the system prompt and the request.
    expect(server.failures).toEqual([]);
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body).toMatchObject({ model: 'gpt-4.1', stream: true, stream_options: { include_usage: true } });
    const messages = request.body.messages as TChatMessage[];
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain('<shipyard-write path=');
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Build a click counter.' });
    // The key never reaches the stored records.
    expect(JSON.stringify(await h.db.generation.findMany())).not.toContain(KEY);
  });

  it('continues a cut-off stream with a second request and commits the whole answer', async () => {
    const { h, server } = await setup((_req, index) => ({ body: fixture(index === 0 ? 'openai/cut-off.sse' : 'openai/continuation.sse') }));
    const project = await h.newProject('Clicks');
    const run = await h.generate(project.id, 'Build a click counter.', { kind: 'create' });

    expect(run.final.status).toBe('succeeded');
    expect(await h.filesOf(project.id)).toEqual(EXPECTED_FILES);
    expect(run.generation.continuations).toBe(1);
    expect(server.requests).toHaveLength(2);
    const second = server.requests[1]!.body.messages as TChatMessage[];
    expect(second.at(-2)!.role).toBe('assistant');
    expect(EXPECTED_TEXT.startsWith(second.at(-2)!.content)).toBe(true);
    expect(second.at(-1)!.content).toMatch(/cut off by the output limit/);
  });

  it('fails cleanly on a vendor error, without the key in the message', async () => {
    const { h } = await setup(() => ({ status: 500, headers: JSON_HEADERS, body: fixture('openai/error-500.json') }));
    const project = await h.newProject('Clicks', { 'index.html': '<div id="root"></div>\n' });
    const run = await h.generate(project.id, 'Build a click counter.');

    expect(run.final.status).toBe('failed');
    expect(run.final.error).toMatch(/500.*The project is unchanged\.$/s);
    expect(run.final.error).not.toContain(KEY);
    expect(await h.filesOf(project.id)).toEqual({ 'index.html': '<div id="root"></div>\n' });
    const messages = await h.member.messages({ orgId: ORG, projectId: project.id });
    expect(JSON.stringify(messages)).not.toContain(KEY);
  });
});
