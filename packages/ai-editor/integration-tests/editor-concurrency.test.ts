import { getAppErrorCode } from '@shipyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, currentFile, type TFakeProvider, type TScript } from './fixtures/editor/fake-provider';
import { createEditorHarness, ORG, type THarness } from './fixtures/editor/harness';

// One generation per project at a time, with the inline queue and with BullMQ on the real Redis
// (workers in this process, on their own database client as a worker process would be).

const REQUESTS = 20;

/** Reads count.txt from the files it was sent, writes count + 1 and a file named after the request. */
const bump: TScript = (messages) => {
  const count = Number((currentFile(messages, 'count.txt') ?? '0').trim());
  const request = messages.at(-1)!.content;
  const run = /request #(\d+)/.exec(request)?.[1] ?? 'x';
  return {
    text: `Counting.\n<shipyard-write path="count.txt">\n${count + 1}\n</shipyard-write>\n<shipyard-write path="runs/run-${run}.txt">\nrun ${run} saw ${count}\n</shipyard-write>\n<shipyard-summary>Count is ${count + 1}.</shipyard-summary>\n`,
    chunkSize: 16,
    delayMs: 2,
  };
};

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(queue: 'inline' | 'bullmq', startWorkers = true): Promise<{ h: THarness; provider: TFakeProvider }> {
  const provider = createFakeProvider({ fallback: bump });
  h = await createEditorHarness({ providers: [provider], queue, startWorkers });
  return { h, provider };
}

describe.each(['inline', 'bullmq'] as const)('%s queue', (queue) => {
  it(`of ${REQUESTS} concurrent generate requests without waitMs, exactly one is accepted; the rest get BUSY`, async () => {
    const { h } = await setup(queue);
    const project = await h.newProject('Counter', { 'count.txt': '0\n', 'index.html': '<div id="root"></div>\n' });
    const results = await Promise.allSettled(
      Array.from({ length: REQUESTS }, (_, i) => h.member.generate({ orgId: ORG, projectId: project.id, prompt: `Count up (request #${i})` })),
    );
    const accepted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(accepted).toHaveLength(1);
    expect(refused.map((e) => getAppErrorCode(e))).toEqual(Array(REQUESTS - 1).fill('BUSY'));
    expect((refused[0] as Error).message).toMatch(/already running for this project/);

    const outcome = await h.follow(accepted[0]!.generationId);
    expect(outcome.final.status).toBe('succeeded');
    expect((await h.filesOf(project.id))['count.txt']).toBe('1\n');
    // Refused requests left no trace: one generation, one new version, one user message.
    expect(await h.db.generation.count({ where: { projectId: project.id } })).toBe(1);
    expect((await h.member.versions.list({ orgId: ORG, projectId: project.id })).items).toHaveLength(2);
    expect((await h.member.messages({ orgId: ORG, projectId: project.id })).filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it(`with waitMs, ${REQUESTS} concurrent requests all run, one at a time, with no lost update and a single line of versions`, async () => {
    const { h, provider } = await setup(queue);
    const project = await h.newProject('Counter', { 'count.txt': '0\n', 'index.html': '<div id="root"></div>\n' });
    const started = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        h.member.generate({ orgId: ORG, projectId: project.id, prompt: `Count up (request #${i})`, waitMs: 120_000 }),
      ),
    );
    const outcomes = await Promise.all(started.map((s) => h.follow(s.generationId)));
    expect(outcomes.map((o) => o.final.status)).toEqual(Array(REQUESTS).fill('succeeded'));

    // No lost update: every run saw the previous run's count.
    const files = await h.filesOf(project.id);
    expect(files['count.txt']).toBe(`${REQUESTS}\n`);
    const runs = Object.keys(files).filter((p) => p.startsWith('runs/'));
    expect(runs).toHaveLength(REQUESTS);
    const seen = runs.map((p) => Number(/saw (\d+)/.exec(files[p]!)![1])).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: REQUESTS }, (_, i) => i));

    // One at a time: neither the generations' run times nor the model calls overlap.
    const generations = await h.db.generation.findMany({ where: { projectId: project.id }, orderBy: { startedAt: 'asc' } });
    expect(generations).toHaveLength(REQUESTS);
    for (let i = 1; i < generations.length; i++) {
      expect(generations[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(generations[i - 1]!.finishedAt!.getTime());
    }
    const calls = [...provider.calls].sort((a, b) => a.startedAt - b.startedAt);
    expect(calls).toHaveLength(REQUESTS);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.startedAt).toBeGreaterThanOrEqual(calls[i - 1]!.endedAt!);

    // The versions form one line: each one's parent is the version before it.
    const versions = (await h.member.versions.list({ orgId: ORG, projectId: project.id, limit: 200 })).items.reverse();
    expect(versions.map((v) => v.number)).toEqual(Array.from({ length: REQUESTS + 1 }, (_, i) => i + 1));
    expect(versions[0]!.parentId).toBeNull();
    for (let i = 1; i < versions.length; i++) expect(versions[i]!.parentId).toBe(versions[i - 1]!.id);
    // Each generation was based on the version its predecessor produced.
    for (let i = 1; i < generations.length; i++) expect(generations[i]!.baseVersionId).toBe(generations[i - 1]!.resultVersionId);
    expect((await h.db.project.findUniqueOrThrow({ where: { id: project.id } })).lockedBy).toBeNull();
  });
});

describe('bullmq queue', () => {
  it('streams progress from a worker through the subscription', async () => {
    const { h } = await setup('bullmq');
    const project = await h.newProject('Counter', { 'count.txt': '41\n' });
    const run = await h.generate(project.id, 'Count up (request #1)');
    expect(run.final).toMatchObject({ status: 'succeeded', reply: 'Counting.' });
    expect(run.progress.length).toBeGreaterThan(1);
    expect(run.progress.some((p) => p.phase === 'writing')).toBe(true);
    expect(run.progress.at(-1)).toMatchObject({ phase: 'done', files: [{ path: 'count.txt', state: 'done' }, { path: 'runs/run-1.txt', state: 'done' }] });
    expect((await h.filesOf(project.id))['count.txt']).toBe('42\n');
  });

  it('cancels a generation still waiting in the queue: the lock is released at once', async () => {
    const { h, provider } = await setup('bullmq', false); // no worker: the job stays queued
    const project = await h.newProject('Counter', { 'count.txt': '0\n' });
    const queued = await h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'Count up (request #1)' });
    expect((await h.queue.getStatus('editor.generate', queued.generationId))?.state).toBe('queued');
    const following = h.follow(queued.generationId);
    expect(await h.member.cancelGeneration({ orgId: ORG, generationId: queued.generationId })).toMatchObject({ cancelled: true });
    expect((await following).final).toMatchObject({ status: 'cancelled', error: 'Cancelled before it started. The project is unchanged.' });
    expect(provider.calls).toHaveLength(0);
    expect((await h.db.project.findUniqueOrThrow({ where: { id: project.id } })).lockedBy).toBeNull();
    // The next request is accepted (it would be BUSY if the lock had been kept).
    await expect(h.member.generate({ orgId: ORG, projectId: project.id, prompt: 'Count up (request #2)' })).resolves.toMatchObject({ provider: 'fake' });
  });
});
