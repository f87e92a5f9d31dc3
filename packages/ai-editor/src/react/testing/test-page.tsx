/**
 * The page the builder's browser test loads: the real <Builder> over the in-memory API and a
 * stub preview that lists the files it was given. Query: ?empty=1 (a new project), ?history=1
 * (three versions), ?provider=openai (a language model by default), ?running=1 (a generation
 * is already running), ?hold=1 (generations wait for `__fake.release()` before applying), ?tick=ms.
 */
import { createRoot } from 'react-dom/client';
import { Builder } from '../builder';
import type { TBuilderPreview, TBuilderPreviewFactory } from '../preview';
import { createInMemoryBuilderApi, OPENAI_PROVIDER, SCAFFOLD_PROVIDER, starterApp, type TInMemoryBuilderApi } from './in-memory-api';

interface TStubPreview {
  updates: Record<string, string>[];
  emit(event: unknown): void;
}

declare global {
  interface Window {
    __fake: TInMemoryBuilderApi;
    __preview: TStubPreview;
    __deploys: number;
    __ready: boolean;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const stubPreview: TBuilderPreviewFactory = (container) => {
  const listeners = new Set<(event: unknown) => void>();
  const stub: TStubPreview = { updates: [], emit: (event) => listeners.forEach((l) => l(event)) };
  window.__preview = stub;
  const root = document.createElement('div');
  root.setAttribute('data-testid', 'stub-preview');
  root.style.cssText = 'position:absolute;inset:12px;border:1px solid #e4e4e7;border-radius:12px;background:#fff;overflow:auto;font:14px system-ui,sans-serif;color:#18181b;box-shadow:0 1px 2px rgb(0 0 0/0.05)';
  container.append(root);
  const preview: TBuilderPreview = {
    update(files) {
      stub.updates.push(files);
      const app = files['src/App.tsx'] ?? '';
      const title = /<h1>([^<]*)<\/h1>/.exec(app)?.[1] ?? 'Untitled app';
      const subtitle = /className="subtitle">([^<]*)</.exec(app)?.[1];
      const seed = [...(files['db/schema.sql'] ?? '').matchAll(/\('([^']+)'\)/g)].map((m) => m[1]!);
      root.innerHTML = `
        <div style="display:flex;align-items:center;gap:6px;padding:8px 12px;border-bottom:1px solid #f0f0f2;background:#fafafa;border-radius:12px 12px 0 0">
          <span style="width:9px;height:9px;border-radius:50%;background:#f87171"></span><span style="width:9px;height:9px;border-radius:50%;background:#fbbf24"></span><span style="width:9px;height:9px;border-radius:50%;background:#34d399"></span>
          <span style="margin-left:8px;font-size:11px;color:#71717a">preview.localhost</span>
        </div>
        <div style="padding:28px 28px 12px">
          <h2 style="margin:0;font-size:26px;font-weight:700;letter-spacing:-0.02em" data-testid="stub-title">${escapeHtml(title)}</h2>
          ${subtitle ? `<p style="margin:6px 0 0;color:#52525b" data-testid="stub-subtitle">${escapeHtml(subtitle)}</p>` : ''}
          <ul style="margin:18px 0 0;padding:0;list-style:none;display:grid;gap:8px">${seed
            .map((t) => `<li style="padding:10px 12px;border:1px solid #e4e4e7;border-radius:8px">☐ ${escapeHtml(t)}</li>`)
            .join('')}</ul>
        </div>
        <div style="padding:12px 28px 24px;color:#a1a1aa;font-size:11px">
          <p style="margin:0 0 4px;text-transform:uppercase;letter-spacing:0.05em">Stub preview · ${Object.keys(files).length} files</p>
          <ul data-testid="stub-files" style="margin:0;padding:0;list-style:none;font-family:ui-monospace,monospace">${Object.keys(files)
            .sort()
            .map((p) => `<li>${escapeHtml(p)}</li>`)
            .join('')}</ul>
        </div>`;
    },
    reload() {
      if (stub.updates.length) preview.update(stub.updates.at(-1)!);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      root.remove();
    },
  };
  return preview;
};

async function main() {
  const params = new URLSearchParams(location.search);
  const fake = createInMemoryBuilderApi({
    files: params.has('empty') ? {} : starterApp('Task Board'),
    tickMs: Number(params.get('tick') ?? 30),
    providers: params.get('provider') === 'openai' ? [{ ...OPENAI_PROVIDER, isDefault: true }, { ...SCAFFOLD_PROVIDER, isDefault: false }] : undefined,
  });
  if (params.has('history')) {
    await fake.generateNow('Show the team name');
    fake.externalWrite('src/styles.css', '.app {\n  max-width: 48rem;\n  margin: 4rem auto;\n  font-family: Inter, system-ui, sans-serif;\n}\n\n.subtitle {\n  color: #52525b;\n}\n');
  }
  // A generation already running when the page opens (a reload mid-generation).
  if (params.has('hold')) fake.hold();
  if (params.has('running')) fake.startExternalGeneration('Add a footer with the team name');
  window.__fake = fake;
  window.__deploys = 0;
  const root = document.getElementById('root')!;
  createRoot(root).render(<Builder api={fake.api} preview={stubPreview} onDeploy={() => (window.__deploys += 1)} authorName={(id) => ({ usr_ada: 'Ada', usr_grace: 'Grace' })[id] ?? null} />);
  window.__ready = true;
}

void main();
