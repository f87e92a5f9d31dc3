import { getAppErrorCode } from '@shipyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTINUE_INSTRUCTION, estimateCostUsd, MAX_PROMPT_CHARS } from '../src/index';
import { createFakeProvider, cutInto, FAKE_MODEL, type TFakeProvider, type TScript } from './fixtures/editor/fake-provider';
import { createEditorHarness, ORG, type THarness, type THarnessOptions } from './fixtures/editor/harness';
import { CREATE_ANSWER, EDIT_ANSWER, SAMPLE_FILES } from './fixtures/editor/sample-app';

// Generation through the router, the generate job on the inline queue and a scripted provider.

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(answers: TScript[], options: Partial<THarnessOptions> = {}): Promise<{ h: THarness; provider: TFakeProvider }> {
  const provider = createFakeProvider({ answers });
  h = await createEditorHarness({ providers: [provider], ...options });
  return { h, provider };
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  return { code: getAppErrorCode(error), message: (error as Error).message };
}

describe('create and edit by chat', () => {
  it('creates an app as version 1, streaming reply, files, usage and the final status', async () => {
    const { h, provider } = await setup([{ ...{ text: CREATE_ANSWER }, usage: { inputTokens: 1200, outputTokens: 340 } }]);
    const project = await h.newProject('Acme Tasks');
    const run = await h.generate(project.id, 'a todo app called Acme Tasks', { kind: 'create' });

    expect(run.final).toMatchObject({ type: 'status', status: 'succeeded', error: null, reply: 'A small task app.' });
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
    const versions = await h.member.versions.list({ orgId: ORG, projectId: project.id });
    expect(versions.items).toHaveLength(1);
    expect(versions.items[0]).toMatchObject({ number: 1, parentId: null, kind: 'generation', generationId: run.generationId, filesAdded: 5, message: 'Created Acme Tasks.' });
    expect(run.final.resultVersionId).toBe(versions.items[0]!.id);

    // Progress through the subscription: the reply grows, files appear and finish, usage arrives.
    expect(run.progress.length).toBeGreaterThan(3);
    const replies = run.progress.map((p) => p.reply);
    expect(replies.some((r) => r.length > 0 && r.length < 'A small task app.'.length)).toBe(true);
    expect(replies.at(-1)).toBe('A small task app.');
    expect(run.progress.some((p) => p.files.some((f) => f.state === 'writing'))).toBe(true);
    const last = run.progress.at(-1)!;
    expect(last.phase).toBe('done');
    expect(last.files.map((f) => [f.path, f.state])).toEqual(Object.keys(SAMPLE_FILES).map((p) => [p, 'done']));
    expect(last.usage).toEqual({ inputTokens: 1200, outputTokens: 340 });

    // Usage and cost are recorded on the generation.
    expect(run.generation).toMatchObject({
      status: 'succeeded',
      provider: 'fake',
      model: FAKE_MODEL.id,
      kind: 'create',
      inputTokens: 1200,
      outputTokens: 340,
      continuations: 0,
      resultVersionId: versions.items[0]!.id,
    });
    expect(run.generation.costUsd).toBeCloseTo((1200 * 2 + 340 * 8) / 1e6, 9);
    expect(run.generation.costUsd).toBe(estimateCostUsd(provider, FAKE_MODEL.id, { inputTokens: 1200, outputTokens: 340 }));
    expect(run.generation.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.generation.startedAt!.getTime()).toBeLessThanOrEqual(run.generation.finishedAt!.getTime());

    // Chat: the prompt, then the reply with the turn's file changes; summary kept on the project.
    const messages = await h.viewer.messages({ orgId: ORG, projectId: project.id });
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[1]!.content).toContain('Created Acme Tasks.');
    expect(messages[1]!.changes).toHaveLength(5);
    expect((await h.member.projects.get({ orgId: ORG, projectId: project.id })).summary).toBe('Created Acme Tasks.');

    // The lock is released.
    const row = await h.db.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(row.lockedBy).toBeNull();

    // The create request carried the system prompt and the user's words.
    expect(provider.calls).toHaveLength(1);
    expect(provider.calls[0]!.messages[0]!.role).toBe('system');
    expect(provider.calls[0]!.messages.at(-1)).toEqual({ role: 'user', content: 'a todo app called Acme Tasks' });

    // Subscribing after the end still gives the final status.
    const late = await h.follow(run.generationId, h.viewer);
    expect(late.final).toMatchObject({ status: 'succeeded', resultVersionId: versions.items[0]!.id });
  });

  it('edits by chat with SEARCH/REPLACE as version 2, sending the current files', async () => {
    const { h, provider } = await setup([{ text: CREATE_ANSWER }, { text: EDIT_ANSWER }]);
    const project = await h.newProject('Acme Tasks');
    const first = await h.generate(project.id, 'a todo app called Acme Tasks', { kind: 'create' });
    const second = await h.generate(project.id, 'Change the heading to Acme Todo');

    expect(second.final.status).toBe('succeeded');
    const after = await h.filesOf(project.id);
    expect(after['src/App.tsx']).toContain('<h1>Acme Todo</h1>');
    expect(after['src/App.tsx']).not.toContain('<h1>Acme Tasks</h1>');
    expect({ ...after, 'src/App.tsx': SAMPLE_FILES['src/App.tsx'] }).toEqual(SAMPLE_FILES);

    const versions = (await h.member.versions.list({ orgId: ORG, projectId: project.id })).items;
    expect(versions.map((v) => [v.number, v.parentId])).toEqual([
      [2, first.final.resultVersionId],
      [1, null],
    ]);
    expect(versions[0]).toMatchObject({ kind: 'generation', filesChanged: 1, linesAdded: 1, linesRemoved: 1 });
    expect(second.generation.baseVersionId).toBe(first.final.resultVersionId);

    const request = provider.calls[1]!.messages;
    expect(request.at(-1)).toEqual({ role: 'user', content: 'Change the heading to Acme Todo' });
    const files = request.at(-2)!;
    expect(files.role).toBe('user');
    expect(files.content).toContain(`<current-file path="src/App.tsx">\n${SAMPLE_FILES['src/App.tsx']}</current-file>`);
    // The earlier turn is in the history.
    expect(request.some((m) => m.role === 'user' && m.content === 'a todo app called Acme Tasks')).toBe(true);
    expect(request[0]!.content).toContain('Created Acme Tasks.'); // the running summary in the system prompt

    const diff = await h.viewer.versions.diff({ orgId: ORG, projectId: project.id, fromVersionId: versions[1]!.id, toVersionId: versions[0]!.id });
    expect(diff.files.map((f) => f.path)).toEqual(['src/App.tsx']);
  });

  it('answers a question without changes: no new version', async () => {
    const { h } = await setup([{ text: CREATE_ANSWER }, { text: 'The app has one page that lists tasks.\n' }]);
    const project = await h.newProject();
    await h.generate(project.id, 'a todo app', { kind: 'create' });
    const question = await h.generate(project.id, 'What does the app do?');
    expect(question.final).toMatchObject({ status: 'succeeded', resultVersionId: null });
    expect((await h.member.versions.list({ orgId: ORG, projectId: project.id })).items).toHaveLength(1);
    const messages = await h.viewer.messages({ orgId: ORG, projectId: project.id });
    expect(messages.at(-1)!.content).toBe('The app has one page that lists tasks.');
  });
});

describe('cut-off answers', () => {
  it('continues a cut-off answer automatically; the result equals the uncut answer', async () => {
    // Cut in the middle of a file, in the middle of a tag, and in the prose.
    const cuts = [CREATE_ANSWER.indexOf('createRoot(') + 5, CREATE_ANSWER.indexOf('<shipyard-write path="src/styles.css"') + 12, 8];
    const parts = cutInto(CREATE_ANSWER, cuts.sort((a, b) => a - b));
    const { h, provider } = await setup([{ text: CREATE_ANSWER }, ...parts]);
    const whole = await h.newProject('Whole');
    const cut = await h.newProject('Cut');
    await h.generate(whole.id, 'a todo app', { kind: 'create' });
    const run = await h.generate(cut.id, 'a todo app', { kind: 'create' });

    expect(run.final.status).toBe('succeeded');
    expect(await h.filesOf(cut.id)).toEqual(await h.filesOf(whole.id));
    expect(await h.filesOf(cut.id)).toEqual(SAMPLE_FILES);
    expect(run.generation.continuations).toBe(3);
    expect(run.progress.at(-1)!.continuations).toBe(3);
    expect(run.final.reply).toBe('A small task app.');
    // Each continuation sends the partial answer back and asks to continue.
    expect(provider.calls).toHaveLength(5);
    for (let i = 2; i < 5; i++) {
      const messages = provider.calls[i]!.messages;
      expect(messages.at(-1)!.content).toContain(CONTINUE_INSTRUCTION);
      expect(messages.at(-2)).toEqual({ role: 'assistant', content: CREATE_ANSWER.slice(0, cuts[i - 2]) });
    }
    // Usage of every call is summed.
    expect(run.generation.outputTokens).toBe(parts.reduce((n, p) => n + Math.ceil(p.text.length / 4), 0));
  });

  it('continues an answer cut off between two operations', async () => {
    const cutAt = CREATE_ANSWER.indexOf('<shipyard-write path="src/main.tsx"');
    const { h } = await setup(cutInto(CREATE_ANSWER, [cutAt]));
    const project = await h.newProject();
    const run = await h.generate(project.id, 'a todo app', { kind: 'create' });
    expect(run.final.status).toBe('succeeded');
    expect(run.generation.continuations).toBe(1);
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
  });

  it('fails cleanly when the answer is cut off more than maxContinuations times', async () => {
    const parts = cutInto(CREATE_ANSWER, [100, 200, 300, 400]); // 4 cuts, default maxContinuations 3
    const { h, provider } = await setup([{ text: CREATE_ANSWER }, ...parts]);
    const project = await h.newProject('Cut too often');
    await h.generate(project.id, 'a todo app', { kind: 'create' });
    const before = await h.member.projects.get({ orgId: ORG, projectId: project.id });
    const run = await h.generate(project.id, 'rewrite everything');

    expect(run.final.status).toBe('failed');
    expect(run.final.error).toMatch(/cut off 4 times.*The project is unchanged; ask for a smaller change/);
    expect(provider.calls).toHaveLength(1 + 4);
    const after = await h.member.projects.get({ orgId: ORG, projectId: project.id });
    expect(after.currentVersionId).toBe(before.currentVersionId);
    expect(after.lockedBy).toBeNull();
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
    expect(run.generation).toMatchObject({ status: 'failed', continuations: 3, resultVersionId: null });
    expect(run.generation.outputTokens).toBeGreaterThan(0);
    const messages = await h.viewer.messages({ orgId: ORG, projectId: project.id });
    expect(messages.at(-1)!.content).toMatch(/cut off 4 times/);
  });

  it('fails when the answer stops in the middle of a file without being cut off', async () => {
    const { h } = await setup([{ text: CREATE_ANSWER.slice(0, CREATE_ANSWER.indexOf('createRoot(')), finish: 'stop' }]);
    const project = await h.newProject();
    const run = await h.generate(project.id, 'a todo app', { kind: 'create' });
    expect(run.final.status).toBe('failed');
    expect(run.final.error).toMatch(/ended in the middle of a file \(src\/main\.tsx\).*unchanged/);
    expect(await h.filesOf(project.id)).toEqual({});
  });
});

describe('edits that do not apply, and hostile output', () => {
  const badEdit = `Done.
<shipyard-edit path="src/App.tsx">
<<<<<<< SEARCH
      <h1>Acme Todos List</h1>
=======
      <h1>Acme Todo</h1>
>>>>>>> REPLACE
</shipyard-edit>
<shipyard-summary>Renamed the heading.</shipyard-summary>
`;

  it('sends a SEARCH that matches nothing back once with the file, and applies the corrected answer', async () => {
    const { h, provider } = await setup([{ text: badEdit }, { text: EDIT_ANSWER }]);
    const project = await h.newProject('Retry', SAMPLE_FILES);
    const run = await h.generate(project.id, 'Change the heading to Acme Todo');

    expect(run.final.status).toBe('succeeded');
    expect((await h.filesOf(project.id))['src/App.tsx']).toContain('<h1>Acme Todo</h1>');
    expect(provider.calls).toHaveLength(2);
    const retry = provider.calls[1]!.messages;
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: badEdit });
    const correction = retry.at(-1)!;
    expect(correction.role).toBe('user');
    expect(correction.content).toContain('Current content of src/App.tsx:');
    expect(correction.content).toContain(SAMPLE_FILES['src/App.tsx']!.trimEnd());
    expect(correction.content).not.toContain('rewrite src/App.tsx completely');
    expect((await h.member.versions.list({ orgId: ORG, projectId: project.id })).items).toHaveLength(2);
  });

  it('asks for a whole-file rewrite after a second miss, and fails cleanly after a third', async () => {
    const { h, provider } = await setup([{ text: badEdit }, { text: badEdit }, { text: badEdit }]);
    const project = await h.newProject('Retry fails', SAMPLE_FILES);
    const run = await h.generate(project.id, 'Change the heading to Acme Todo');

    expect(provider.calls).toHaveLength(3);
    expect(provider.calls[2]!.messages.at(-1)!.content).toContain('rewrite src/App.tsx completely with <shipyard-write>');
    expect(run.final.status).toBe('failed');
    expect(run.final.error).toMatch(/could not be applied.*src\/App\.tsx.*unchanged/s);
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
  });

  it.each([
    ['path traversal', '<shipyard-write path="../../etc/passwd">\nroot::0:0:root:/root:/bin/sh\n</shipyard-write>\n', /passwd|\.\./],
    ['an absolute path', '<shipyard-write path="/etc/hosts">\n127.0.0.1 evil\n</shipyard-write>\n', /etc\/hosts|absolute/],
    ['a dependency outside the runtime set', '<shipyard-dependency name="left-pad" action="add" />\n', /left-pad/],
    ['a binary file type', '<shipyard-write path="public/logo.png">\nPNG\n</shipyard-write>\n', /logo\.png/],
  ])('rejects %s in model output: failed with a clear message, project unchanged', async (_name, ops, message) => {
    const text = `Here you go.\n<shipyard-write path="src/App.tsx">\nexport default () => null;\n</shipyard-write>\n${ops}<shipyard-summary>Hacked.</shipyard-summary>\n`;
    const { h } = await setup([{ text }]);
    const project = await h.newProject('Hostile', SAMPLE_FILES);
    const run = await h.generate(project.id, 'write to /etc/passwd');

    expect(run.final.status).toBe('failed');
    expect(run.final.error).toMatch(/^The model's changes could not be applied: /);
    expect(run.final.error).toMatch(message);
    expect(run.final.error).toMatch(/The project is unchanged/);
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
    expect((await h.member.versions.list({ orgId: ORG, projectId: project.id })).items).toHaveLength(1);
    expect((await h.db.project.findUniqueOrThrow({ where: { id: project.id } })).lockedBy).toBeNull();
  });
});

describe('cancel, busy and crash recovery', () => {
  it('cancels during a slow stream: cancelled, project unchanged', async () => {
    const { h, provider } = await setup([{ text: CREATE_ANSWER, chunkSize: 3, delayMs: 10 }]);
    const project = await h.newProject('Slow', SAMPLE_FILES);
    const started = await h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'rewrite everything slowly' });
    const following = h.follow(started.generationId);
    // Wait until the stream is under way.
    for (let i = 0; i < 200 && !(provider.calls[0] && (await h.db.generation.findUniqueOrThrow({ where: { id: started.generationId } })).status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.viewer.cancelGeneration({ orgId: ORG, generationId: started.generationId }).catch((e: unknown) => getAppErrorCode(e)))).toBe('FORBIDDEN');
    const cancelled = await h.member.cancelGeneration({ orgId: ORG, generationId: started.generationId });
    expect(cancelled).toMatchObject({ cancelled: true, status: 'cancelled' });

    const outcome = await following;
    expect(outcome.final).toMatchObject({ status: 'cancelled', error: 'Cancelled. The project is unchanged.', resultVersionId: null });
    expect(provider.calls[0]!.endedAt! - provider.calls[0]!.startedAt).toBeLessThan(CREATE_ANSWER.length / 3 * 10);
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
    const row = await h.db.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(row.lockedBy).toBeNull();
    // The project takes the next request at once.
    provider.script({ text: EDIT_ANSWER });
    const next = await h.generate(project.id, 'Change the heading to Acme Todo');
    expect(next.final.status).toBe('succeeded');
    // Cancelling a finished generation is a no-op.
    expect(await h.member.cancelGeneration({ orgId: ORG, generationId: started.generationId })).toMatchObject({ cancelled: false, status: 'cancelled' });
  });

  it('answers BUSY while a generation runs, and recovers a lock left by a crashed generation', async () => {
    const { h, provider } = await setup([{ text: EDIT_ANSWER, delayMs: 20 }, { text: EDIT_ANSWER }], { lockMs: 2_000 });
    const project = await h.newProject('Locks', SAMPLE_FILES);
    const first = await h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'Change the heading to Acme Todo' });
    const busy = await rejection(h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'Another change' }));
    expect(busy.code).toBe('BUSY');
    expect(busy.message).toMatch(/already running for this project.*Wait for it to finish, or cancel it/);
    await h.follow(first.generationId);

    // A worker crashed mid-generation: the record says running and the lock has expired.
    const crashed = await h.db.generation.create({
      data: { id: 'gen_crashed00000000000', projectId: project.id, orgId: ORG, kind: 'edit', prompt: 'lost', status: 'running', provider: 'fake', model: FAKE_MODEL.id, createdById: 'u_member', startedAt: new Date(Date.now() - 120_000) },
    });
    await h.db.project.update({ where: { id: project.id }, data: { lockedBy: crashed.id, lockedUntil: new Date(Date.now() - 1_000) } });

    provider.script({ text: 'No change needed.\n' });
    const next = await h.generate(project.id, 'What does the app do?');
    expect(next.final.status).toBe('succeeded');
    const closed = await h.db.generation.findUniqueOrThrow({ where: { id: crashed.id } });
    expect(closed.status).toBe('failed');
    expect(closed.error).toMatch(/worker running this generation stopped.*unchanged; try again/);
    expect(closed.finishedAt).not.toBeNull();

    // A lock that has not expired yet is respected.
    await h.db.project.update({ where: { id: project.id }, data: { lockedBy: 'gen_someoneelse000000', lockedUntil: new Date(Date.now() + 60_000) } });
    expect((await rejection(h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'x' }))).code).toBe('BUSY');
  });

  it('keeps a hand edit saved during a generation: the generation fails with a clear message, nothing is lost', async () => {
    const { h, provider } = await setup([{ text: EDIT_ANSWER, chunkSize: 4, delayMs: 5 }]);
    const project = await h.newProject('Race', SAMPLE_FILES);
    const started = await h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'Change the heading to Acme Todo' });
    while (!provider.calls[0]) await new Promise((r) => setTimeout(r, 5));
    const manual = await h.owner.files.write({
      orgId: ORG,
      projectId: project.id,
      parentVersionId: project.currentVersionId,
      writes: { 'src/styles.css': 'body { color: tomato; }\n' },
    });
    const outcome = await h.follow(started.generationId);
    expect(outcome.final.status).toBe('failed');
    expect(outcome.final.error).toMatch(/changed while this generation ran.*other change was kept.*Send your request again/);
    const files = await h.filesOf(project.id);
    expect(files['src/styles.css']).toBe('body { color: tomato; }\n');
    expect((await h.member.projects.get({ orgId: ORG, projectId: project.id })).currentVersionId).toBe(manual.id);
  });

  it('fails a generation whose provider is no longer configured, and releases the project', async () => {
    const { h } = await setup([]);
    const project = await h.newProject('Gone', SAMPLE_FILES);
    await h.db.generation.create({
      data: { id: 'gen_orphan000000000000', projectId: project.id, orgId: ORG, kind: 'edit', prompt: 'x', provider: 'removed', model: 'm', createdById: 'u_member', baseVersionId: project.currentVersionId },
    });
    await h.db.project.update({ where: { id: project.id }, data: { lockedBy: 'gen_orphan000000000000', lockedUntil: new Date(Date.now() + 60_000) } });
    await expect(h.runner.run('gen_orphan000000000000')).resolves.toEqual({ status: 'failed', versionId: null });
    const gen = await h.db.generation.findUniqueOrThrow({ where: { id: 'gen_orphan000000000000' } });
    expect(gen.error).toMatch(/provider "removed" is no longer configured/);
    expect((await h.db.project.findUniqueOrThrow({ where: { id: project.id } })).lockedBy).toBeNull();
  });

  it('re-running a generation that crashed after its commit only closes the record (idempotent job)', async () => {
    const { h, provider } = await setup([{ text: EDIT_ANSWER }]);
    const project = await h.newProject('Idempotent', SAMPLE_FILES);
    const run = await h.generate(project.id, 'Change the heading to Acme Todo');
    expect(run.final.status).toBe('succeeded');
    // Simulate a worker killed after the commit, before the record was closed.
    await h.db.generation.update({ where: { id: run.generationId }, data: { status: 'running', resultVersionId: null } });
    await h.db.project.update({ where: { id: project.id }, data: { lockedBy: run.generationId, lockedUntil: new Date(Date.now() + 60_000) } });

    await expect(h.runner.run(run.generationId)).resolves.toEqual({ status: 'succeeded', versionId: run.final.resultVersionId });
    expect(provider.calls).toHaveLength(1); // the model was not asked again
    expect((await h.member.versions.list({ orgId: ORG, projectId: project.id })).items).toHaveLength(2);
    expect((await h.db.project.findUniqueOrThrow({ where: { id: project.id } })).lockedBy).toBeNull();
    // A finished generation is never run again.
    await expect(h.runner.run(run.generationId)).resolves.toEqual({ status: 'succeeded', versionId: run.final.resultVersionId });
    expect(provider.calls).toHaveLength(1);
  });

  it('rejects a prompt over the size limit and an empty one', async () => {
    const { h } = await setup([]);
    const project = await h.newProject();
    const big = await rejection(h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) }));
    expect(big.code).toBe('PAYLOAD_TOO_LARGE');
    expect(big.message).toMatch(/keep it under 20,000/);
    const empty = await rejection(h.member.generate({ orgId: ORG, projectId: project.id, prompt: '   ' }));
    expect(empty.code).toBe('VALIDATION');
    expect(await h.db.generation.count()).toBe(0);
  });
});

describe('context selection', () => {
  it('sends only the relevant files of a 300-file project within a 24k-token budget', async () => {
    const files: Record<string, string> = { ...SAMPLE_FILES };
    const filler = (name: string) => `// ${name}\n${'export const value = "lorem ipsum dolor sit amet";\n'.repeat(30)}`;
    for (let i = 0; i < 290; i++) files[`src/components/Widget${i}.tsx`] = filler(`Widget${i}`);
    files['src/components/TaskList.tsx'] = `import { TaskItem } from './TaskItem';\nexport function TaskList() {\n  return <ul><TaskItem /></ul>;\n}\n`;
    files['src/components/TaskItem.tsx'] = `export function TaskItem() {\n  return <li>Task</li>;\n}\n`;
    files['src/pages/Settings.tsx'] = filler('Settings');
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(297);

    const edit = `Done.
<shipyard-edit path="src/components/TaskItem.tsx">
<<<<<<< SEARCH
  return <li>Task</li>;
=======
  return <li className="done">Task</li>;
>>>>>>> REPLACE
</shipyard-edit>
<shipyard-summary>Styled tasks.</shipyard-summary>
`;
    const { h, provider } = await setup([{ text: edit }], { runner: { contextBudgetTokens: 24_000 } });
    const project = await h.newProject('Big', files);
    const run = await h.generate(project.id, 'In the task list, give each item the "done" class');
    expect(run.final.status).toBe('succeeded');

    const sent = provider.calls[0]!.messages.at(-2)!.content;
    const shown = [...sent.matchAll(/<current-file path="([^"]+)">/g)].map((m) => m[1]);
    // The files the request names, what they import, and the entry points — nothing else.
    const relevant = ['index.html', 'shipyard.json', 'src/App.tsx', 'src/components/TaskItem.tsx', 'src/components/TaskList.tsx', 'src/main.tsx', 'src/styles.css'];
    for (const path of shown) expect(relevant).toContain(path);
    expect(shown).toEqual(expect.arrayContaining(['src/components/TaskList.tsx', 'src/components/TaskItem.tsx', 'src/App.tsx', 'src/main.tsx', 'shipyard.json']));
    expect(shown.some((p) => p!.includes('Widget'))).toBe(false);
    // The rest are listed by path only, so the model knows they exist.
    expect(sent).toContain('- src/components/Widget7.tsx');
    expect(sent.length / 4).toBeLessThan(24_000 + 5_000);
    expect((await h.filesOf(project.id))['src/components/TaskItem.tsx']).toContain('className="done"');
  });

  it('sends every file of a small project', async () => {
    const { h, provider } = await setup([{ text: EDIT_ANSWER }]);
    const project = await h.newProject('Small', SAMPLE_FILES);
    await h.generate(project.id, 'Change the heading to Acme Todo');
    const sent = provider.calls[0]!.messages.at(-2)!.content;
    const shown = [...sent.matchAll(/<current-file path="([^"]+)">/g)].map((m) => m[1]);
    expect(shown.sort()).toEqual(Object.keys(SAMPLE_FILES).sort());
  });
});
