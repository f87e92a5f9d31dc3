import { afterEach, describe, expect, it } from 'vitest';
import { createScaffoldProvider } from '../src/services/ai/scaffold';
import { createEditorHarness, ORG, type THarness } from './fixtures/editor/harness';

// The offline path: no AI key, the scaffold provider builds the app and edits it, through the
// same router, job, parser and versions as a language model.

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('generation with the scaffold provider', () => {
  it('builds "a todo app called Acme Tasks", then renames it to Zeta as version 2', async () => {
    h = await createEditorHarness({ providers: [createScaffoldProvider()] });
    const providers = await h.viewer.providers({ orgId: ORG });
    expect(providers).toEqual([expect.objectContaining({ id: 'scaffold', isLanguageModel: false, isDefault: true })]);

    const project = await h.newProject('Acme Tasks');
    const created = await h.generate(project.id, 'a todo app called Acme Tasks', { kind: 'create' });
    expect(created.final.status, created.final.error ?? '').toBe('succeeded');
    expect(created.isLanguageModel).toBe(false);
    const v1 = await h.filesOf(project.id);
    expect(Object.keys(v1)).toEqual(expect.arrayContaining(['index.html', 'shipyard.json', 'api/index.ts', 'db/schema.sql', 'src/main.tsx', 'src/App.tsx']));
    const manifest = JSON.parse(v1['shipyard.json']!) as { name: string; entry: string; api?: string; database?: { schema: string } };
    expect(manifest).toMatchObject({ name: 'Acme Tasks', entry: 'index.html', api: 'api/index.ts', database: { schema: 'db/schema.sql' } });
    expect(v1['index.html']).toContain('<div id="root">');
    expect(v1['db/schema.sql']).toMatch(/CREATE TABLE IF NOT EXISTS/);
    expect(v1['api/index.ts']).toMatch(/export default\s*\{/);
    expect(created.generation).toMatchObject({ provider: 'scaffold', costUsd: 0 });

    const renamed = await h.generate(project.id, 'rename the app to Zeta');
    expect(renamed.final.status, renamed.final.error ?? '').toBe('succeeded');
    const v2 = await h.filesOf(project.id);
    expect((JSON.parse(v2['shipyard.json']!) as { name: string }).name).toBe('Zeta');
    expect(JSON.stringify(v2)).toContain('Zeta');
    expect(v2['db/schema.sql']).toBe(v1['db/schema.sql']);

    const versions = (await h.member.versions.list({ orgId: ORG, projectId: project.id })).items;
    expect(versions.map((v) => [v.number, v.kind])).toEqual([
      [2, 'generation'],
      [1, 'generation'],
    ]);
    expect(versions[0]!.parentId).toBe(versions[1]!.id);
    const diff = await h.viewer.versions.diff({ orgId: ORG, projectId: project.id, fromVersionId: versions[1]!.id, toVersionId: versions[0]!.id });
    expect(diff.files.length).toBeGreaterThan(0);
    expect(diff.files.every((f) => f.status === 'modified')).toBe(true);
  });
});
