/**
 * An in-memory `TBuilderApi` for the builder's browser tests: real versions (immutable
 * snapshots with parents and diff stats), stale-parent rejection, a project lock, and
 * generations that stream progress events on timers. Not part of the published package.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { diffFiles } from '../../services/files/diff';
import type {
  TBuilderApi,
  TBuilderGeneration,
  TBuilderMessage,
  TBuilderProvider,
  TBuilderVersion,
  TGenerationEvent,
  TGenerationKind,
  TGenerationProgress,
} from '../api';

export class FakeApiError extends Error {
  override readonly name = 'FakeApiError';
  readonly data: { appCode: string };
  constructor(appCode: string, message: string) {
    super(message);
    this.data = { appCode };
  }
}

/** What a fake generation writes: the reply prose and the files it changes. */
export interface TFakeAnswer {
  reply: string;
  writes: Record<string, string>;
  deletes?: string[];
  summary: string;
  /** Fail after streaming, with this message (the project stays unchanged). */
  fail?: string;
}

export interface TInMemoryApiOptions {
  projectName?: string;
  files?: Record<string, string>;
  /** Milliseconds between streamed chunks. */
  tickMs?: number;
  providers?: TBuilderProvider[];
  answer?: (prompt: string, kind: TGenerationKind, files: Readonly<Record<string, string>>) => TFakeAnswer;
}

interface TStoredVersion extends TBuilderVersion {
  files: Record<string, string>;
}

interface TStoredGeneration extends TBuilderGeneration {
  prompt: string;
  kind: TGenerationKind;
  baseVersionId: string | null;
  progress: TGenerationProgress;
  final: Extract<TGenerationEvent, { type: 'status' }> | null;
  listeners: Set<(event: TGenerationEvent) => void>;
  cancelled: boolean;
}

export const SCAFFOLD_PROVIDER: TBuilderProvider = {
  id: 'scaffold',
  label: 'Scaffold (offline)',
  isLanguageModel: false,
  defaultModel: 'templates-v1',
  models: [{ id: 'templates-v1', label: 'Templates v1' }],
  isDefault: true,
};

export const OPENAI_PROVIDER: TBuilderProvider = {
  id: 'openai',
  label: 'OpenAI',
  isLanguageModel: true,
  defaultModel: 'gpt-4.1-mini',
  models: [
    { id: 'gpt-4.1-mini', label: 'GPT-4.1 mini' },
    { id: 'gpt-4.1', label: 'GPT-4.1' },
  ],
  isDefault: false,
};

/** A small but real generated app, the shape ARCHITECTURE.md describes. */
export function starterApp(name: string): Record<string, string> {
  return {
    'index.html': `<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <title>${name}</title>\n  </head>\n  <body>\n    <div id="root"></div>\n    <script type="module" src="/src/main.tsx"></script>\n  </body>\n</html>\n`,
    'shipyard.json': `${JSON.stringify({ name, entry: 'src/main.tsx', env: [], database: { schema: 'db/schema.sql' } }, null, 2)}\n`,
    'src/main.tsx': `import { createRoot } from 'react-dom/client';\nimport { App } from './App';\nimport './styles.css';\n\ncreateRoot(document.getElementById('root')!).render(<App />);\n`,
    'src/App.tsx': `import { useEffect, useState } from 'react';\n\ntype Task = { id: number; title: string; done: boolean };\n\nexport function App() {\n  const [tasks, setTasks] = useState<Task[]>([]);\n\n  useEffect(() => {\n    fetch('/api/tasks')\n      .then((r) => r.json())\n      .then(setTasks);\n  }, []);\n\n  return (\n    <main className="app">\n      <h1>${name}</h1>\n      <ul>\n        {tasks.map((t) => (\n          <li key={t.id}>{t.title}</li>\n        ))}\n      </ul>\n    </main>\n  );\n}\n`,
    'src/styles.css': `.app {\n  max-width: 40rem;\n  margin: 3rem auto;\n  font-family: system-ui, sans-serif;\n}\n`,
    'api/index.ts': `export default {\n  async fetch(request: Request, env: { DB: D1Database }) {\n    const { results } = await env.DB.prepare('SELECT id, title, done FROM tasks').all();\n    return Response.json(results);\n  },\n};\n`,
    'db/schema.sql': `CREATE TABLE tasks (\n  id INTEGER PRIMARY KEY,\n  title TEXT NOT NULL,\n  done INTEGER NOT NULL DEFAULT 0\n);\n\nINSERT INTO tasks (title) VALUES ('Plan the launch'), ('Write the docs');\n`,
  };
}

function defaultAnswer(prompt: string, _kind: TGenerationKind, files: Readonly<Record<string, string>>): TFakeAnswer {
  if (/\bfail\b/i.test(prompt)) {
    return { reply: 'Let me try that.', writes: {}, summary: '', fail: "The model's changes could not be applied: src/Nope.tsx does not exist. The project is unchanged; try rephrasing the request." };
  }
  if (!Object.keys(files).length) {
    return {
      reply: `I built **Task Board**: a task list backed by an API and a SQLite table.\n\n- \`src/App.tsx\` shows the tasks\n- \`api/index.ts\` serves them from the database\n- \`db/schema.sql\` creates the table with two sample tasks`,
      writes: starterApp('Task Board'),
      summary: 'Task list app with an API and a database.',
    };
  }
  const app = files['src/App.tsx'] ?? '';
  const heading = prompt.replace(/[^\w\s-]/g, '').trim().slice(0, 40) || 'Updated';
  return {
    reply: `Done: I added a subtitle to the page ("${heading}") and a footer component.`,
    writes: {
      'src/App.tsx': app.replace(/(<h1>[^<]*<\/h1>)/, `$1\n      <p className="subtitle">${heading}</p>`).replace('</main>', '  <Footer />\n    </main>').replace("import { useEffect, useState } from 'react';", "import { useEffect, useState } from 'react';\nimport { Footer } from './Footer';"),
      'src/Footer.tsx': `export function Footer() {\n  return <footer>Made with Shipyard</footer>;\n}\n`,
    },
    summary: `Added a subtitle (${heading}) and a footer.`,
  };
}

let counter = 0;
const newId = (prefix: string) => `${prefix}_${(++counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

function base64FromBytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function createInMemoryBuilderApi(options: TInMemoryApiOptions = {}) {
  const tick = options.tickMs ?? 40;
  const answer = options.answer ?? defaultAnswer;
  const project = { id: 'prj_test', name: options.projectName ?? 'Task Board', currentVersionId: null as string | null, lockedBy: null as string | null, lockedUntil: null as Date | null };
  const versions: TStoredVersion[] = [];
  const messages: TBuilderMessage[] = [];
  const generations = new Map<string, TStoredGeneration>();
  /** Every call the builder made, for assertions. */
  const calls: { method: string; input: unknown }[] = [];
  const clock = { now: Date.now() - 3 * 3600_000 };
  const at = () => new Date((clock.now += 60_000));

  /** While set, generations wait before applying their changes (tests look at the live turn meanwhile). */
  let gate: { promise: Promise<void>; release: () => void } | null = null;

  const headFiles = () => versions.find((v) => v.id === project.currentVersionId)?.files ?? {};

  function commit(input: { parentVersionId: string | null; files: Record<string, string>; message: string; kind: string; authorId: string }) {
    if (input.parentVersionId !== project.currentVersionId) {
      throw new FakeApiError(
        'CONFLICT',
        'The project changed since you opened this version (another edit was saved). Reload to get the latest version, then make your change again.',
      );
    }
    const before = versions.find((v) => v.id === input.parentVersionId)?.files ?? {};
    const diff = diffFiles(new Map(Object.entries(before)), new Map(Object.entries(input.files)), { patch: false });
    const version: TStoredVersion = {
      id: newId('ver'),
      number: versions.length + 1,
      parentId: input.parentVersionId,
      message: input.message,
      authorId: input.authorId,
      kind: input.kind,
      filesAdded: diff.files.filter((f) => f.status === 'added').length,
      filesChanged: diff.files.filter((f) => f.status === 'modified' || f.status === 'renamed').length,
      filesDeleted: diff.files.filter((f) => f.status === 'deleted').length,
      linesAdded: diff.added,
      linesRemoved: diff.removed,
      createdAt: at(),
      files: { ...input.files },
    };
    versions.push(version);
    project.currentVersionId = version.id;
    return { version, diff };
  }

  if (options.files && Object.keys(options.files).length) {
    commit({ parentVersionId: null, files: options.files, message: 'Created the project', kind: 'create', authorId: 'usr_ada' });
  }

  const publish = (gen: TStoredGeneration, event: TGenerationEvent) => {
    for (const listener of [...gen.listeners]) listener(event);
  };
  const snapshot = (p: TGenerationProgress): TGenerationProgress => ({ ...p, files: p.files.map((f) => ({ ...f })), usage: { ...p.usage } });

  function finish(gen: TStoredGeneration, status: 'succeeded' | 'failed' | 'cancelled', error: string | null, versionId: string | null, changes: unknown[]) {
    gen.status = status;
    gen.error = error;
    gen.durationMs = 1800 + gen.progress.reply.length;
    gen.inputTokens = gen.progress.usage.inputTokens;
    gen.outputTokens = gen.progress.usage.outputTokens;
    gen.costUsd = gen.provider === 'scaffold' ? 0 : (gen.inputTokens * 0.4 + gen.outputTokens * 1.6) / 1_000_000;
    const reply = gen.progress.reply;
    const content = status === 'succeeded' ? reply : status === 'cancelled' ? 'Cancelled. The project is unchanged.' : `${reply ? `${reply}\n\n` : ''}${error}`;
    messages.push({ id: newId('msg'), role: 'assistant', content, generationId: gen.id, versionId, changes, createdAt: at() });
    project.lockedBy = null;
    project.lockedUntil = null;
    gen.final = { type: 'status', status, error, resultVersionId: versionId, reply, usage: { inputTokens: gen.inputTokens, outputTokens: gen.outputTokens }, costUsd: gen.costUsd };
    publish(gen, gen.final);
  }

  async function run(gen: TStoredGeneration) {
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const emit = () => publish(gen, { type: 'progress', progress: snapshot(gen.progress) });
    const base = versions.find((v) => v.id === gen.baseVersionId)?.files ?? {};
    const result = answer(gen.prompt, gen.kind, base);
    await wait(tick * 3);
    gen.status = 'running';
    gen.progress.usage.inputTokens = 1200 + JSON.stringify(base).length / 4;
    emit();
    for (const word of result.reply.split(/(?<=\s)/)) {
      if (gen.cancelled) return finish(gen, 'cancelled', 'Cancelled. The project is unchanged.', null, []);
      gen.progress.reply += word;
      gen.progress.usage.outputTokens += 2;
      emit();
      await wait(tick);
    }
    gen.progress.phase = 'writing';
    for (const [path, content] of Object.entries(result.writes)) {
      if (gen.cancelled) return finish(gen, 'cancelled', 'Cancelled. The project is unchanged.', null, []);
      gen.progress.files.push({ path, state: 'writing', bytes: 0 });
      emit();
      await wait(tick * 2);
      const file = gen.progress.files.find((f) => f.path === path)!;
      file.state = 'done';
      file.bytes = content.length;
      gen.progress.operations += 1;
      gen.progress.usage.outputTokens += Math.round(content.length / 4);
      emit();
    }
    if (gate) await gate.promise;
    if (gen.cancelled) return finish(gen, 'cancelled', 'Cancelled. The project is unchanged.', null, []);
    gen.progress.phase = 'applying';
    emit();
    await wait(tick);
    if (result.fail) return finish(gen, 'failed', result.fail, null, []);
    const files = { ...base, ...result.writes };
    for (const path of result.deletes ?? []) delete files[path];
    try {
      const { version, diff } = commit({ parentVersionId: gen.baseVersionId, files, message: result.summary, kind: 'generation', authorId: 'usr_ada' });
      const changes = diff.files.map((f) => ({ path: f.path, kind: f.status, linesAdded: f.added, linesRemoved: f.removed }));
      gen.progress.phase = 'done';
      emit();
      finish(gen, 'succeeded', null, version.id, changes);
    } catch (error) {
      finish(gen, 'failed', (error as Error).message, null, []);
    }
  }

  function startGeneration(input: { prompt: string; kind: TGenerationKind; providerId?: string; model?: string }) {
    if (project.lockedBy) {
      throw new FakeApiError('BUSY', 'A generation is already running for this project. Wait for it to finish, or cancel it, then send your request again.');
    }
    if (input.prompt.length > 20_000) throw new FakeApiError('PAYLOAD_TOO_LARGE', 'The request is too long; keep it under 20,000 characters.');
    const provider = (options.providers ?? [SCAFFOLD_PROVIDER, OPENAI_PROVIDER]).find((p) => p.id === (input.providerId ?? 'scaffold')) ?? SCAFFOLD_PROVIDER;
    const gen: TStoredGeneration = {
      id: newId('gen'),
      status: 'queued',
      provider: provider.id,
      model: input.model ?? provider.defaultModel,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      durationMs: null,
      error: null,
      prompt: input.prompt,
      kind: input.kind,
      baseVersionId: project.currentVersionId,
      progress: { phase: 'thinking', reply: '', files: [], operations: 0, usage: { inputTokens: 0, outputTokens: 0 }, continuations: 0 },
      final: null,
      listeners: new Set(),
      cancelled: false,
    };
    generations.set(gen.id, gen);
    project.lockedBy = gen.id;
    project.lockedUntil = new Date(Date.now() + 60_000);
    messages.push({ id: newId('msg'), role: 'user', content: input.prompt, generationId: gen.id, versionId: null, changes: [], createdAt: at() });
    void run(gen);
    return { gen, provider };
  }

  const api: TBuilderApi = {
    async getProject() {
      calls.push({ method: 'getProject', input: null });
      return { ...project };
    },
    async listFiles(versionId) {
      const version = versionId ? versions.find((v) => v.id === versionId) : versions.find((v) => v.id === project.currentVersionId);
      const files = version?.files ?? {};
      return { versionId: version?.id ?? null, files: Object.keys(files).sort().map((path) => ({ path, size: files[path]!.length })) };
    },
    async readAll(versionId) {
      const version = versionId ? versions.find((v) => v.id === versionId) : versions.find((v) => v.id === project.currentVersionId);
      if (versionId && !version) throw new FakeApiError('NOT_FOUND', 'This version does not belong to the project.');
      return { versionId: version?.id ?? null, files: { ...(version?.files ?? {}) } };
    },
    async writeFiles(input) {
      calls.push({ method: 'writeFiles', input });
      const files = { ...(versions.find((v) => v.id === input.parentVersionId)?.files ?? {}) };
      for (const [path, content] of Object.entries(input.writes ?? {})) files[path] = content;
      for (const path of input.deletes ?? []) {
        if (!(path in files)) throw new FakeApiError('NOT_FOUND', `${path} does not exist, so it cannot be deleted.`);
        delete files[path];
      }
      const { version } = commit({ parentVersionId: input.parentVersionId, files, message: input.message ?? 'Manual edit', kind: 'manual', authorId: 'usr_ada' });
      return { id: version.id, number: version.number };
    },
    async generate(input) {
      calls.push({ method: 'generate', input });
      const { gen, provider } = startGeneration(input);
      return { generationId: gen.id, isLanguageModel: provider.isLanguageModel };
    },
    async cancelGeneration(generationId) {
      calls.push({ method: 'cancelGeneration', input: generationId });
      const gen = generations.get(generationId);
      if (!gen) throw new FakeApiError('NOT_FOUND', 'This generation does not exist.');
      if (gen.final) return { cancelled: false, status: gen.status };
      gen.cancelled = true;
      gate?.release();
      return { cancelled: true, status: 'cancelled' };
    },
    async getGeneration(generationId) {
      const gen = generations.get(generationId);
      if (!gen) throw new FakeApiError('NOT_FOUND', 'This generation does not exist.');
      const { id, status, provider, model, inputTokens, outputTokens, costUsd, durationMs, error } = gen;
      return { id, status, provider, model, inputTokens, outputTokens, costUsd, durationMs, error };
    },
    subscribeGeneration(generationId, onEvent, onError) {
      const gen = generations.get(generationId);
      if (!gen) {
        setTimeout(() => onError?.(new FakeApiError('NOT_FOUND', 'This generation does not exist.')), 0);
        return () => undefined;
      }
      let active = true;
      const listener = (event: TGenerationEvent) => active && onEvent(event);
      // Like the SSE subscription: a late subscriber first gets the state so far.
      setTimeout(() => {
        if (!active) return;
        if (gen.final) return onEvent(gen.final);
        if (gen.status === 'running') onEvent({ type: 'progress', progress: snapshot(gen.progress) });
        gen.listeners.add(listener);
      }, 0);
      return () => {
        active = false;
        gen.listeners.delete(listener);
      };
    },
    async listMessages() {
      return messages.map((m) => ({ ...m }));
    },
    async listVersions() {
      return { items: [...versions].reverse().map(({ files: _files, ...v }) => v), nextCursor: null };
    },
    async diffVersions(fromVersionId, toVersionId) {
      calls.push({ method: 'diffVersions', input: { fromVersionId, toVersionId } });
      const from = fromVersionId ? versions.find((v) => v.id === fromVersionId) : null;
      const to = versions.find((v) => v.id === toVersionId);
      if (!to || (fromVersionId && !from)) throw new FakeApiError('NOT_FOUND', 'This version does not belong to the project.');
      return diffFiles(new Map(Object.entries(from?.files ?? {})), new Map(Object.entries(to.files)));
    },
    async restoreVersion(versionId, parentVersionId) {
      calls.push({ method: 'restoreVersion', input: { versionId, parentVersionId } });
      const target = versions.find((v) => v.id === versionId);
      if (!target) throw new FakeApiError('NOT_FOUND', 'This version does not belong to the project.');
      const { version } = commit({ parentVersionId, files: target.files, message: `Restored version ${target.number}`, kind: 'restore', authorId: 'usr_ada' });
      return { id: version.id, number: version.number };
    },
    async exportZip(versionId) {
      calls.push({ method: 'exportZip', input: versionId });
      const files = versions.find((v) => v.id === (versionId ?? project.currentVersionId))?.files ?? {};
      const folder = project.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'project';
      const entries: Record<string, Uint8Array> = {};
      for (const path of Object.keys(files).sort()) entries[`${folder}/${path}`] = strToU8(files[path]!);
      return { fileName: `${folder}.zip`, base64: base64FromBytes(zipSync(entries)) };
    },
    async importZip(base64, parentVersionId) {
      calls.push({ method: 'importZip', input: { parentVersionId } });
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new FakeApiError('VALIDATION', 'This file is not a ZIP archive.');
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
      } catch (error) {
        throw new FakeApiError('VALIDATION', `The ZIP could not be read (${(error as Error).message}). Export it again and retry.`);
      }
      const names = Object.keys(entries);
      const roots = new Set(names.map((n) => n.split('/')[0]));
      const strip = roots.size === 1 && names.every((n) => n.includes('/'));
      const files: Record<string, string> = {};
      for (const name of names) {
        const text = strFromU8(entries[name]!);
        if (text.includes('\0')) throw new FakeApiError('VALIDATION', `${name} is a binary file; only text files can be imported.`);
        files[strip ? name.slice(name.indexOf('/') + 1) : name] = text;
      }
      const { version } = commit({ parentVersionId, files, message: `Imported from ZIP (${names.length} files)`, kind: 'import', authorId: 'usr_ada' });
      return { versionId: version.id, files: names.length };
    },
    async providers() {
      return options.providers ?? [SCAFFOLD_PROVIDER, OPENAI_PROVIDER];
    },
  };

  return {
    api,
    calls,
    versions,
    /** Another tab saves a change: the builder's head is now stale. */
    externalWrite(path: string, content: string) {
      const { version } = commit({ parentVersionId: project.currentVersionId, files: { ...headFiles(), [path]: content }, message: `Edited ${path} (other tab)`, kind: 'manual', authorId: 'usr_grace' });
      return version.number;
    },
    /** Another tab starts a generation: the project is busy until it ends. */
    startExternalGeneration(prompt = 'Add a dark mode toggle') {
      return startGeneration({ prompt, kind: 'edit' }).gen.id;
    },
    headFiles,
    /** Holds every generation before it applies its changes, until `release()`. */
    hold() {
      let release = () => undefined as void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      gate = { promise, release };
    },
    release() {
      gate?.release();
      gate = null;
    },
    /** Runs a generation to the end without the UI (to seed history). */
    async generateNow(prompt: string) {
      const { gen } = startGeneration({ prompt, kind: 'edit' });
      await new Promise<void>((resolve) => gen.listeners.add((e) => e.type === 'status' && resolve()));
    },
  };
}

export type TInMemoryBuilderApi = ReturnType<typeof createInMemoryBuilderApi>;
