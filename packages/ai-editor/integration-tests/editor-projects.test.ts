import { getAppErrorCode } from '@shipyard/core';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectService } from '../src/services/projects/project-service';
import { createFakeProvider } from './fixtures/editor/fake-provider';
import { createEditorHarness, ORG, OTHER_ORG, USERS, type THarness } from './fixtures/editor/harness';
import { SAMPLE_FILES } from './fixtures/editor/sample-app';
import { buildZip, toBase64 } from './fixtures/editor/zip-builder';

// Projects, manual edits, versions and ZIP import/export through the real router.

let h: THarness;

beforeAll(async () => {
  h = await createEditorHarness({ providers: [createFakeProvider()] });
});
afterAll(async () => {
  await h?.close();
});

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  return { code: getAppErrorCode(error), message: (error as Error).message };
}

describe('projects', () => {
  it('creates, lists, renames and deletes a project', async () => {
    const created = await h.member.projects.create({ orgId: ORG, name: '  Acme Tasks  ', description: 'Todo app' });
    expect(created).toMatchObject({ orgId: ORG, name: 'Acme Tasks', description: 'Todo app', createdById: USERS.member, currentVersionId: null });
    expect(created.id).toMatch(/^prj_/);

    const other = await h.member.projects.create({ orgId: ORG, name: 'Blog' });
    const listed = await h.viewer.projects.list({ orgId: ORG });
    expect(listed.items.map((p) => p.id)).toEqual(expect.arrayContaining([created.id, other.id]));
    const searched = await h.viewer.projects.list({ orgId: ORG, search: 'Acme' });
    expect(searched.items.map((p) => p.name)).toContain('Acme Tasks');
    expect(searched.items.map((p) => p.name)).not.toContain('Blog');

    const renamed = await h.member.projects.rename({ orgId: ORG, projectId: created.id, name: 'Acme Todo' });
    expect(renamed.name).toBe('Acme Todo');
    expect((await h.viewer.projects.get({ orgId: ORG, projectId: created.id })).name).toBe('Acme Todo');

    // Deleting needs admin: the member is refused, the owner may.
    expect((await rejection(h.member.projects.delete({ orgId: ORG, projectId: other.id }))).code).toBe('FORBIDDEN');
    await h.owner.projects.delete({ orgId: ORG, projectId: other.id });
    const gone = await rejection(h.viewer.projects.get({ orgId: ORG, projectId: other.id }));
    expect(gone.code).toBe('NOT_FOUND');
  });

  it("deleting a project deletes the file contents only it used, and keeps the ones another project shares", async () => {
    const shared = { 'src/shared.ts': 'export const shared = 1;\n' };
    const projects = createProjectService({ db: h.db });
    const keep = await projects.create({
      orgId: ORG,
      userId: USERS.member,
      name: 'Keeper',
      files: { ...shared, 'src/a.ts': 'export const a = 1;\n' },
    });
    const drop = await projects.create({
      orgId: ORG,
      userId: USERS.member,
      name: 'Dropped',
      files: { ...shared, 'src/only-here.ts': 'export const onlyHere = "dropped project";\n' },
    });
    const blobCount = () => h.db.fileBlob.count();
    const before = await blobCount();
    await h.owner.projects.delete({ orgId: ORG, projectId: drop.id });
    expect(await blobCount()).toBe(before - 1);
    const kept = await h.viewer.files.readAll({ orgId: ORG, projectId: keep.id });
    expect(kept.files).toEqual({ ...shared, 'src/a.ts': 'export const a = 1;\n' });
  });

  it('pages through projects with a cursor', async () => {
    const org = ORG;
    const before = (await h.viewer.projects.list({ orgId: org, limit: 200 })).items.length;
    for (let i = 0; i < 5; i++) await h.member.projects.create({ orgId: org, name: `Paged ${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.viewer.projects.list({ orgId: org, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(before + 5);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('does not let another organization reach a project by its id', async () => {
    const project = await h.newProject('Private', SAMPLE_FILES);
    const notMember = await rejection(h.outsider.projects.get({ orgId: ORG, projectId: project.id }));
    expect(notMember.code).toBe('FORBIDDEN');
    // The outsider owns another org; naming that org with ORG's project id finds nothing.
    const other = { orgId: OTHER_ORG, projectId: project.id };
    for (const call of [
      () => h.outsider.projects.get(other),
      () => h.outsider.files.readAll(other),
      () => h.outsider.exportZip(other),
      () => h.outsider.versions.list(other),
      () => h.outsider.files.write({ ...other, parentVersionId: project.currentVersionId, writes: { 'x.ts': 'x' } }),
      () => h.outsider.versions.restore({ ...other, versionId: project.currentVersionId!, parentVersionId: project.currentVersionId }),
      () => h.outsider.generate({ ...other, prompt: 'delete everything' }),
      () => h.outsider.projects.delete(other),
    ]) {
      expect((await rejection(call())).code).toBe('NOT_FOUND');
    }
    expect((await h.outsider.projects.list({ orgId: OTHER_ORG })).items).toEqual([]);
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
  });
});

describe('manual edits and versions', () => {
  it('writes files by hand as a new version, and a stale parent is a CONFLICT that loses nothing', async () => {
    const project = await h.member.projects.create({ orgId: ORG, name: 'Hand edits' });
    const v1 = await h.member.files.write({ orgId: ORG, projectId: project.id, parentVersionId: null, writes: SAMPLE_FILES });
    expect(v1).toMatchObject({ number: 1, parentId: null, kind: 'manual', authorId: USERS.member, filesAdded: 5 });

    const v2 = await h.member.files.write({
      orgId: ORG,
      projectId: project.id,
      parentVersionId: v1.id,
      writes: { 'src/App.tsx': SAMPLE_FILES['src/App.tsx']!.replace('Nothing to do yet.', 'Buy milk') },
      deletes: ['src/styles.css'],
      message: 'First task',
    });
    expect(v2).toMatchObject({ number: 2, parentId: v1.id, message: 'First task', filesChanged: 1, filesDeleted: 1 });
    expect((await h.viewer.projects.get({ orgId: ORG, projectId: project.id })).currentVersionId).toBe(v2.id);

    // A second editor still on v1 saves: rejected, with a message that says what to do.
    const stale = await rejection(
      h.owner.files.write({ orgId: ORG, projectId: project.id, parentVersionId: v1.id, writes: { 'src/App.tsx': 'export default () => null;\n' } }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed since you opened this version.*Reload/);

    const files = await h.filesOf(project.id);
    expect(files['src/App.tsx']).toContain('Buy milk');
    expect(files['src/styles.css']).toBeUndefined();
    const versions = await h.viewer.versions.list({ orgId: ORG, projectId: project.id });
    expect(versions.items.map((v) => v.number)).toEqual([2, 1]);

    const read = await h.viewer.files.read({ orgId: ORG, projectId: project.id, path: 'src/App.tsx', versionId: v1.id });
    expect(read.content).toBe(SAMPLE_FILES['src/App.tsx']);
    const listed = await h.viewer.files.list({ orgId: ORG, projectId: project.id });
    expect(listed.files.map((f) => f.path)).toEqual(['index.html', 'shipyard.json', 'src/App.tsx', 'src/main.tsx']);
  });

  it('rejects unsafe paths and binary content in a manual write, leaving the project unchanged', async () => {
    const project = await h.newProject('Unsafe writes', SAMPLE_FILES);
    const head = project.currentVersionId;
    const attempts: Record<string, string>[] = [
      { '../../etc/passwd': 'root:x:0:0' },
      { '/etc/hosts': '127.0.0.1 evil' },
      { 'src/logo.png': 'PNG' },
      { 'src/App.tsx': 'binary\u0000data' },
    ];
    for (const writes of attempts) {
      const error = await rejection(h.member.files.write({ orgId: ORG, projectId: project.id, parentVersionId: head, writes }));
      expect(error.code, JSON.stringify(writes)).toBe('VALIDATION');
      expect(error.message.length).toBeGreaterThan(20);
    }
    const missing = await rejection(h.member.files.write({ orgId: ORG, projectId: project.id, parentVersionId: head, deletes: ['nope.ts'] }));
    expect(missing.code).toBe('NOT_FOUND');
    expect((await h.viewer.projects.get({ orgId: ORG, projectId: project.id })).currentVersionId).toBe(head);
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
  });

  it('diffs any two versions and restores an old one as a new version, keeping history', async () => {
    const project = await h.newProject('History', SAMPLE_FILES);
    const v1 = project.currentVersionId!;
    const v2 = await h.member.files.write({
      orgId: ORG,
      projectId: project.id,
      parentVersionId: v1,
      writes: { 'src/App.tsx': SAMPLE_FILES['src/App.tsx']!.replace('<h1>Acme Tasks</h1>', '<h1>Tasks</h1>'), 'src/about.tsx': 'export const about = 1;\n' },
    });
    const v3 = await h.member.files.write({ orgId: ORG, projectId: project.id, parentVersionId: v2.id, deletes: ['src/about.tsx'] });

    const diff = await h.viewer.versions.diff({ orgId: ORG, projectId: project.id, fromVersionId: v1, toVersionId: v2.id });
    expect(Object.fromEntries(diff.files.map((f) => [f.path, f.status]))).toEqual({ 'src/about.tsx': 'added', 'src/App.tsx': 'modified' });
    const app = diff.files.find((f) => f.path === 'src/App.tsx')!;
    expect(app.added).toBe(1);
    expect(app.removed).toBe(1);
    const fromEmpty = await h.viewer.versions.diff({ orgId: ORG, projectId: project.id, fromVersionId: null, toVersionId: v1 });
    expect(fromEmpty.files.every((f) => f.status === 'added')).toBe(true);

    // A viewer cannot restore; a member can, on top of the current head.
    expect((await rejection(h.viewer.versions.restore({ orgId: ORG, projectId: project.id, versionId: v1, parentVersionId: v3.id }))).code).toBe('FORBIDDEN');
    const stale = await rejection(h.member.versions.restore({ orgId: ORG, projectId: project.id, versionId: v1, parentVersionId: v2.id }));
    expect(stale.code).toBe('CONFLICT');
    const restored = await h.member.versions.restore({ orgId: ORG, projectId: project.id, versionId: v1, parentVersionId: v3.id });
    expect(restored).toMatchObject({ number: 4, parentId: v3.id, kind: 'restore', message: 'Restored version 1' });
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);

    const versions = await h.viewer.versions.list({ orgId: ORG, projectId: project.id });
    expect(versions.items.map((v) => [v.number, v.kind])).toEqual([
      [4, 'restore'],
      [3, 'manual'],
      [2, 'manual'],
      [1, 'manual'],
    ]);
    // Old versions are still readable exactly as they were.
    expect((await h.viewer.files.readAll({ orgId: ORG, projectId: project.id, versionId: v2.id })).files['src/about.tsx']).toBe('export const about = 1;\n');

    // A version of another project is not found here.
    const other = await h.newProject('Other', { 'index.html': '<div id="root"></div>\n' });
    const foreign = await rejection(h.member.versions.restore({ orgId: ORG, projectId: project.id, versionId: other.currentVersionId!, parentVersionId: restored.id }));
    expect(foreign.code).toBe('NOT_FOUND');
  });
});

describe('ZIP export and import', () => {
  it('round-trips a project through a ZIP', async () => {
    const project = await h.newProject('Zip Me', SAMPLE_FILES);
    const exported = await h.viewer.exportZip({ orgId: ORG, projectId: project.id });
    expect(exported.fileName).toBe('zip-me.zip');
    const entries = unzipSync(Buffer.from(exported.base64, 'base64'));
    expect(Object.keys(entries).sort()).toEqual(Object.keys(SAMPLE_FILES).map((p) => `zip-me/${p}`).sort());

    const imported = await h.member.importZip({ orgId: ORG, name: 'Imported', base64: exported.base64 });
    expect(imported.files).toBe(5);
    expect(await h.filesOf(imported.projectId)).toEqual(SAMPLE_FILES);
    const versions = await h.viewer.versions.list({ orgId: ORG, projectId: imported.projectId });
    expect(versions.items.map((v) => v.kind)).toEqual(['import']);

    // Importing into an existing project makes a new version on top of the named parent.
    const changed = zipSync({ 'index.html': strToU8('<div id="root">v2</div>\n'), 'src/App.tsx': strToU8('export default () => null;\n') });
    const again = await h.member.importZip({ orgId: ORG, projectId: project.id, parentVersionId: project.currentVersionId, base64: toBase64(changed) });
    expect(await h.filesOf(project.id)).toEqual({ 'index.html': '<div id="root">v2</div>\n', 'src/App.tsx': 'export default () => null;\n' });
    const stale = await rejection(h.member.importZip({ orgId: ORG, projectId: project.id, parentVersionId: project.currentVersionId, base64: toBase64(changed) }));
    expect(stale.code).toBe('CONFLICT');
    expect(again.versionId).toBe((await h.viewer.projects.get({ orgId: ORG, projectId: project.id })).currentVersionId);
  });

  const good = { name: 'app/index.html', data: '<div id="root"></div>\n' };
  const attacks: [string, () => Uint8Array, RegExp][] = [
    ['zip-slip', () => buildZip([good, { name: '../evil.ts', data: 'export {}' }]), /unsafe path "\.\.\/evil\.ts"/],
    ['nested zip-slip', () => buildZip([good, { name: 'app/../../evil.ts', data: 'export {}' }]), /unsafe path/],
    ['an absolute path', () => buildZip([good, { name: '/etc/cron.d/evil.txt', data: '* * * * * root sh' }]), /unsafe path "\/etc\/cron\.d\/evil\.txt"/],
    ['a drive-letter path', () => buildZip([good, { name: 'C:/Windows/evil.txt', data: 'x' }]), /unsafe path/],
    ['a symlink', () => buildZip([good, { name: 'app/link.ts', data: '../../../etc/passwd', madeBy: 3, unixMode: 0o120777 }]), /symbolic links \(app\/link\.ts\)/],
    ['a binary file', () => buildZip([good, { name: 'app/logo.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }]), /logo\.png.*NUL bytes.*binary/],
    ['invalid UTF-8', () => buildZip([good, { name: 'app/src/App.tsx', data: new Uint8Array([0x65, 0x78, 0xc3, 0x28, 0xa0, 0xa1]) }]), /App\.tsx.*not valid UTF-8/],
    ['NUL bytes in a source file', () => buildZip([good, { name: 'app/src/App.tsx', data: 'export default 1;\u0000\u0000' }]), /App\.tsx.*NUL bytes/],
    [
      'a zip bomb (declared size huge)',
      () => buildZip([good, { name: 'app/bomb.txt', data: new Uint8Array(1024 * 1024).fill(97), deflate: true, declaredSize: 0x7fff_ffff }]),
      /expands to more than the project size limit/,
    ],
    [
      'a zip bomb (honest sizes, 40 MB of text)',
      () => zipSync({ 'app/index.html': strToU8(good.data), 'app/bomb.txt': new Uint8Array(40 * 1024 * 1024).fill(97) }, { level: 9 }),
      /expands to more than the project size limit/,
    ],
    [
      'a zip bomb that lies small',
      () => buildZip([good, { name: 'app/bomb.txt', data: new Uint8Array(4 * 1024 * 1024).fill(97), deflate: true, declaredSize: 1000 }]),
      /entry "app\/bomb\.txt" is damaged/,
    ],
    ['too many files', () => buildZip(Array.from({ length: 501 }, (_, i) => ({ name: `app/src/f${i}.ts`, data: `export const n = ${i};\n` }))), /more than 500 files/],
    ['not a zip', () => strToU8('this is just text, not a zip archive at all'), /not a ZIP archive/],
    ['a truncated zip', () => buildZip([good]).slice(0, 40), /not a ZIP archive|could not be read/],
  ];

  it.each(attacks)('rejects %s with a clear message and leaves the project unchanged', async (_name, build, message) => {
    const project = await h.newProject('Target', SAMPLE_FILES);
    const bytes = build();
    const error = await rejection(h.member.importZip({ orgId: ORG, projectId: project.id, parentVersionId: project.currentVersionId, base64: toBase64(bytes) }));
    expect(['VALIDATION', 'PAYLOAD_TOO_LARGE']).toContain(error.code);
    expect(error.message).toMatch(message);
    const after = await h.viewer.projects.get({ orgId: ORG, projectId: project.id });
    expect(after.currentVersionId).toBe(project.currentVersionId);
    expect(await h.filesOf(project.id)).toEqual(SAMPLE_FILES);
    expect((await h.viewer.versions.list({ orgId: ORG, projectId: project.id })).items).toHaveLength(1);

    // A rejected import into a new project creates no project.
    const countBefore = await h.db.project.count();
    await rejection(h.member.importZip({ orgId: ORG, name: 'Should not exist', base64: toBase64(bytes) }));
    expect(await h.db.project.count()).toBe(countBefore);
  });

  it('lets a viewer export but not import', async () => {
    const project = await h.newProject('Viewer zip', SAMPLE_FILES);
    const exported = await h.viewer.exportZip({ orgId: ORG, projectId: project.id });
    const error = await rejection(h.viewer.importZip({ orgId: ORG, base64: exported.base64 }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/needs the member role; you are viewer/);
  });
});

describe('roles', () => {
  it('viewer reads but cannot write or generate; a non-member is FORBIDDEN everywhere', async () => {
    const project = await h.newProject('Roles', SAMPLE_FILES);
    const input = { orgId: ORG, projectId: project.id };
    await expect(h.viewer.files.readAll(input)).resolves.toMatchObject({ files: SAMPLE_FILES });
    await expect(h.viewer.versions.list(input)).resolves.toMatchObject({ items: [expect.objectContaining({ number: 1 })] });
    await expect(h.viewer.messages(input)).resolves.toEqual([]);

    for (const call of [
      () => h.viewer.files.write({ ...input, parentVersionId: project.currentVersionId, writes: { 'a.ts': 'x' } }),
      () => h.viewer.generate({ ...input, prompt: 'Add a dark mode' }),
      () => h.viewer.projects.create({ orgId: ORG, name: 'Nope' }),
      () => h.viewer.projects.rename({ ...input, name: 'Nope' }),
    ]) {
      const error = await rejection(call());
      expect(error.code).toBe('FORBIDDEN');
    }
    for (const call of [
      () => h.outsider.files.readAll(input),
      () => h.outsider.projects.list({ orgId: ORG }),
      () => h.outsider.generate({ ...input, prompt: 'Add a dark mode' }),
      () => h.outsider.exportZip(input),
    ]) {
      const error = await rejection(call());
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe('You are not a member of this organization.');
    }
    expect((await h.viewer.projects.get(input)).currentVersionId).toBe(project.currentVersionId);
    expect(await h.db.generation.count({ where: { projectId: project.id } })).toBe(0);
  });
});
