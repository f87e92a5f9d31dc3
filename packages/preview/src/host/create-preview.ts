import { PreviewError } from '../errors.js';
import {
  CONNECT,
  HELLO,
  readFrameMessage,
  type TBundleResult,
  type TBundlerRequest,
  type TConsoleLevel,
  type TDatabaseRequest,
  type TEnsureResult,
  type TFrameLoad,
  type TFrameToHost,
  type THostToFrame,
  type TPreviewProblem,
  type TPreviewTimings,
} from '../protocol.js';
import { loadAssetManifest, resolveAssetsBase, type TPreviewAssetManifest } from './assets.js';
import { frameDocument } from './frame-document.js';
import { WorkerClient } from './worker-client.js';

export interface TCreatePreviewOptions {
  /** Where the preview iframe goes. It fills the container (width and height 100%). */
  container: HTMLElement;
  /**
   * URL of @shipyard/preview's dist/assets, served on the page's own origin (workers must be
   * same-origin) with `Access-Control-Allow-Origin: *` (the sandboxed frame has an opaque origin).
   * E.g. `/_preview/`. See the README for the Next.js set-up.
   */
  assetsBaseUrl: string;
  /** String bindings for the app's API (`env.SUPPORT_EMAIL`). `env.DB` is always the preview database. */
  env?: Record<string, string>;
  /** Client route to open first. Default `/`. */
  initialPath?: string;
  /** How long the frame may take to show an update before it is replaced by a fresh one. Default 10 s. */
  frameTimeoutMs?: number;
  /** Accessible name of the iframe. Default "App preview". */
  title?: string;
}

export interface TPreviewUpdateResult {
  /** True when the app built and its new version is on screen without errors. */
  ok: boolean;
  /** Build errors (then the previous version stays on screen), schema/seed errors, and errors the new version threw while starting. */
  errors: TPreviewProblem[];
  warnings: TPreviewProblem[];
  timings: TPreviewTimings;
}

export type TPreviewEvent =
  /** The engine (workers, WebAssembly, frame) is ready. */
  | { type: 'ready' }
  | { type: 'status'; status: 'building' | 'ready' | 'error' }
  /** A build, database or runtime problem: what "Fix with AI" sends to the model. */
  | ({ type: 'error' } & TPreviewProblem)
  /** An update is on screen. */
  | { type: 'rendered'; timings: TPreviewTimings }
  /** The app's client route changed (for an address bar). */
  | { type: 'navigate'; path: string }
  | { type: 'console'; level: TConsoleLevel; message: string }
  | { type: 'database'; action: 'created' | 'recreated' | 'reset'; reason: string }
  /** The user pressed "Fix with AI" in the frame's error overlay. */
  | { type: 'fix-request'; problem: TPreviewProblem };

export interface TPreview {
  /** The current preview iframe (replaced by `reload()`); null until the assets are loaded. */
  readonly iframe: HTMLIFrameElement | null;
  /** Resolves when the engine is ready; rejects with a PreviewError when the assets cannot be loaded. */
  readonly ready: Promise<void>;
  /** The app's current client route. */
  readonly path: string;
  /**
   * Builds the files and shows the result. Updates run one at a time; calls made while one runs
   * are coalesced into the next (the latest files win, and each of those calls gets its result).
   */
  update(files: Record<string, string>, options?: { env?: Record<string, string> }): Promise<TPreviewUpdateResult>;
  /** Reloads the frame (a fresh document) with the last successful build. The database is kept. */
  reload(): Promise<void>;
  /** Re-creates the database from db/schema.sql and db/seed.sql and restarts the app on it. */
  resetDatabase(): Promise<void>;
  /** The preview database's rows as SQL INSERTs (what the deploy step imports). Empty when the app has no database. */
  exportPreviewData(): Promise<string>;
  /** Moves the app's router to `path` (`/tasks`). */
  navigate(path: string): void;
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: (event: TPreviewEvent) => void): () => void;
  /** Stops the workers and removes the iframe. */
  destroy(): void;
}

interface TFrame {
  iframe: HTMLIFrameElement;
  nonce: string;
  port: MessagePort | null;
  connected: Promise<void>;
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

/**
 * Creates a live preview in `container`: bundling in a Web Worker (esbuild-wasm), the app in a
 * sandboxed iframe with its API and a SQLite database (sql.js, in a second worker).
 *
 * ```ts
 * const preview = createPreview({ container, assetsBaseUrl: '/_preview/' });
 * preview.onEvent((e) => e.type === 'error' && showFixButton(e));
 * const { ok, errors, timings } = await preview.update(files);
 * ```
 */
export function createPreview(options: TCreatePreviewOptions): TPreview {
  const assetsBase = resolveAssetsBase(options.assetsBaseUrl, document.baseURI);
  const frameTimeoutMs = options.frameTimeoutMs ?? 10_000;
  const listeners = new Set<(event: TPreviewEvent) => void>();
  let destroyed = false;
  let currentPath = options.initialPath?.startsWith('/') ? options.initialPath : '/';
  let env: Record<string, string> = { ...options.env };
  let lastLoad: TFrameLoad | null = null;
  let hadDatabase = false;
  let manifest: TPreviewAssetManifest | null = null;
  let bundler: WorkerClient<TBundlerRequest> | null = null;
  let database: WorkerClient<TDatabaseRequest> | null = null;
  let frame: TFrame | null = null;
  let nextLoadId = 1;
  const pendingLoads = new Map<number, (reply: Extract<TFrameToHost, { type: 'loaded' }>) => void>();
  /** Problems the frame reports while a load is in flight: they belong to that update's result. */
  let loadProblems: TPreviewProblem[] | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const emit = (event: TPreviewEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('A @shipyard/preview event listener threw:', error);
      }
    }
  };

  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => {
      if (destroyed) throw new PreviewError('DESTROYED', 'This preview was destroyed; create a new one with createPreview().');
      return task();
    });
    queue = run.catch(() => undefined);
    return run;
  };

  // ----------------------------------------------------------------------------------------------
  // Frame

  const onWindowMessage = (event: MessageEvent) => {
    const current = frame;
    if (!current || current.port || event.source !== current.iframe.contentWindow || event.origin !== 'null') return;
    const data = event.data as { type?: unknown; nonce?: unknown } | null;
    if (data?.type !== HELLO || data.nonce !== current.nonce || !database) return;
    const host = new MessageChannel();
    const db = new MessageChannel();
    void database.call({ op: 'connect' }, [db.port1]).catch(() => undefined);
    current.port = host.port1;
    host.port1.onmessage = (e: MessageEvent) => {
      if (frame === current) onFrameMessage(e.data);
    };
    // The frame has an opaque origin, so "*" is the only target origin that reaches it; the
    // nonce and the ports, not the origin, tie this message to the document we created.
    current.iframe.contentWindow?.postMessage({ type: CONNECT, nonce: current.nonce }, '*', [host.port2, db.port2]);
    resolveConnected.get(current)?.();
  };
  const resolveConnected = new WeakMap<TFrame, () => void>();
  window.addEventListener('message', onWindowMessage);

  function createFrame(): TFrame {
    if (!manifest) throw new PreviewError('ASSETS_UNAVAILABLE', 'The preview assets are not loaded.');
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts allow-forms allow-modals allow-popups');
    iframe.setAttribute('title', options.title ?? 'App preview');
    iframe.style.cssText = 'display:block;width:100%;height:100%;border:0;background:#fff';
    const next: TFrame = { iframe, nonce: randomNonce(), port: null, connected: Promise.resolve() };
    next.connected = new Promise<void>((resolve) => resolveConnected.set(next, resolve));
    iframe.srcdoc = frameDocument(assetsBase, manifest, {
      nonce: next.nonce,
      hostOrigin: window.location.origin,
      path: currentPath,
      // Evaluated once per frame, while the first bundle is built (or the builder is idle).
      preload: Object.keys(manifest.importMap),
    });
    const previous = frame;
    frame = next;
    for (const resolve of pendingLoads.values()) resolve({ type: 'loaded', id: -1, ok: false, evaluateMs: 0, renderMs: 0 });
    pendingLoads.clear();
    if (previous) previous.iframe.replaceWith(iframe);
    else options.container.append(iframe);
    previous?.port?.close();
    return next;
  }

  function postToFrame(message: THostToFrame): void {
    frame?.port?.postMessage(message);
  }

  function onFrameMessage(data: unknown): void {
    const message = readFrameMessage(data);
    if (!message) return;
    switch (message.type) {
      case 'loaded':
        pendingLoads.get(message.id)?.(message);
        pendingLoads.delete(message.id);
        break;
      case 'problem':
        loadProblems?.push(message.problem);
        emit({ type: 'error', ...message.problem });
        break;
      case 'location':
        currentPath = message.path;
        emit({ type: 'navigate', path: message.path });
        break;
      case 'console':
        emit({ type: 'console', level: message.level, message: message.message });
        break;
      case 'fix-request':
        emit({ type: 'fix-request', problem: message.problem });
        break;
    }
  }

  /** Sends a build to the frame and waits until it reports the new version painted (or times out and is replaced). */
  async function loadIntoFrame(load: TFrameLoad): Promise<{ ok: boolean; problems: TPreviewProblem[] }> {
    if (!frame) createFrame();
    const target = frame!;
    await target.connected;
    const id = nextLoadId++;
    const problems: TPreviewProblem[] = [];
    loadProblems = problems;
    const reply = await new Promise<Extract<TFrameToHost, { type: 'loaded' }> | null>((resolve) => {
      const timer = setTimeout(() => {
        pendingLoads.delete(id);
        resolve(null);
      }, frameTimeoutMs);
      pendingLoads.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      postToFrame({ type: 'load', id, load });
    });
    loadProblems = null;
    if (reply === null) {
      const problem: TPreviewProblem = {
        kind: 'timeout',
        message: `The app did not finish starting within ${Math.round(frameTimeoutMs / 1000)} s (an endless loop or a blocked main thread?). The preview frame was restarted; fix the code and save again.`,
        file: null,
        line: null,
        column: null,
      };
      createFrame();
      await frame!.connected;
      postToFrame({ type: 'problems', problems: [problem] });
      emit({ type: 'error', ...problem });
      return { ok: false, problems: [...problems, problem] };
    }
    return { ok: reply.ok && problems.length === 0, problems };
  }

  // ----------------------------------------------------------------------------------------------
  // Start-up

  const ready = (async () => {
    try {
      manifest = await loadAssetManifest(assetsBase);
    } catch (error) {
      throw new PreviewError('ASSETS_UNAVAILABLE', error instanceof Error ? error.message : String(error), { cause: error });
    }
    const asset = (file: string) => new URL(file, assetsBase).href;
    bundler = new WorkerClient<TBundlerRequest>(asset(manifest.bundlerWorker), 'preview bundler worker');
    database = new WorkerClient<TDatabaseRequest>(asset(manifest.databaseWorker), 'preview database worker');
    createFrame();
    try {
      await Promise.all([
        bundler.call({ op: 'init', esbuildWasmUrl: asset(manifest.esbuildWasm), runtimeSpecifiers: Object.keys(manifest.importMap) }),
        database.call({ op: 'init', sqliteWasmUrl: asset(manifest.sqliteWasm) }),
        frame!.connected,
      ]);
    } catch (error) {
      throw new PreviewError('ASSETS_UNAVAILABLE', error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (destroyed) throw new PreviewError('DESTROYED', 'This preview was destroyed while starting.');
    emit({ type: 'ready' });
  })();
  // Callers see the failure through `ready` or their first update; never as an unhandled rejection.
  ready.catch(() => undefined);

  // ----------------------------------------------------------------------------------------------
  // API

  /** Files waiting for the next update; calls made before it starts share it (the latest files win). */
  let pendingUpdate: {
    files: Record<string, string>;
    waiters: { resolve(result: TPreviewUpdateResult): void; reject(error: unknown): void }[];
  } | null = null;

  function update(files: Record<string, string>, updateOptions: { env?: Record<string, string> } = {}): Promise<TPreviewUpdateResult> {
    if (updateOptions.env) env = { ...options.env, ...updateOptions.env };
    return new Promise<TPreviewUpdateResult>((resolve, reject) => {
      if (pendingUpdate) {
        pendingUpdate.files = files;
        pendingUpdate.waiters.push({ resolve, reject });
        return;
      }
      const job = { files, waiters: [{ resolve, reject }] };
      pendingUpdate = job;
      enqueue(() => {
        pendingUpdate = null;
        return runUpdate(job.files);
      }).then(
        (result) => job.waiters.forEach((w) => w.resolve(result)),
        (error: unknown) => {
          if (pendingUpdate === job) pendingUpdate = null;
          job.waiters.forEach((w) => w.reject(error));
        },
      );
    });
  }

  async function runUpdate(files: Record<string, string>): Promise<TPreviewUpdateResult> {
    await ready;
    const started = performance.now();
    emit({ type: 'status', status: 'building' });
    let built: TBundleResult;
    try {
      built = await bundler!.call<TBundleResult>({ op: 'build', files });
    } catch (error) {
      throw new PreviewError('ENGINE_FAILED', `The bundler failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const buildMs = elapsed(started);
    if (!built.ok) {
      await frame?.connected;
      postToFrame({ type: 'problems', problems: built.errors });
      for (const problem of built.errors) emit({ type: 'error', ...problem });
      emit({ type: 'status', status: 'error' });
      return { ok: false, errors: built.errors, warnings: built.warnings, timings: { buildMs, databaseMs: 0, frameMs: 0, totalMs: elapsed(started) } };
    }
    const output = built.output;

    const databaseStarted = performance.now();
    let databaseErrors: TPreviewProblem[] = [];
    if (output.database) {
      const ensured = await database!.call<TEnsureResult>({ op: 'ensure', ...output.database });
      databaseErrors = ensured.errors;
      if (ensured.action !== 'kept') {
        emit({
          type: 'database',
          action: ensured.action,
          reason: ensured.action === 'created' ? `Created from ${output.database.schemaPath}.` : `${output.database.schemaPath} changed: the preview database was re-created with the seed data.`,
        });
      }
    } else if (hadDatabase) {
      await database!.call({ op: 'drop' });
    }
    hadDatabase = output.database !== null;
    const databaseMs = elapsed(databaseStarted);

    const frameStarted = performance.now();
    const load: TFrameLoad = {
      appJs: output.app.js,
      appMap: output.app.map,
      css: output.app.css,
      apiJs: output.api?.js ?? null,
      apiMap: output.api?.map ?? null,
      document: output.document,
      env: { ...env },
      hasDatabase: output.database !== null,
      publicFiles: output.publicFiles,
    };
    lastLoad = load;
    const loaded = await loadIntoFrame(load);
    if (databaseErrors.length > 0) {
      postToFrame({ type: 'problems', problems: databaseErrors });
      for (const problem of databaseErrors) emit({ type: 'error', ...problem });
    }
    const timings: TPreviewTimings = { buildMs, databaseMs, frameMs: elapsed(frameStarted), totalMs: elapsed(started) };
    const errors = [...databaseErrors, ...loaded.problems];
    emit({ type: 'rendered', timings });
    emit({ type: 'status', status: errors.length > 0 ? 'error' : 'ready' });
    return { ok: loaded.ok && errors.length === 0, errors, warnings: output.warnings, timings };
  }

  function reload(): Promise<void> {
    return enqueue(async () => {
      await ready;
      createFrame();
      if (lastLoad) await loadIntoFrame(lastLoad);
      else await frame!.connected;
    });
  }

  function resetDatabase(): Promise<void> {
    return enqueue(async () => {
      await ready;
      const result = await database!.call<TEnsureResult>({ op: 'reset' });
      emit({ type: 'database', action: 'reset', reason: 'Re-created from the schema and seed data on request.' });
      if (lastLoad) await loadIntoFrame(lastLoad);
      if (result.errors.length > 0) {
        postToFrame({ type: 'problems', problems: result.errors });
        for (const problem of result.errors) emit({ type: 'error', ...problem });
      }
    });
  }

  async function exportPreviewData(): Promise<string> {
    await ready;
    // Wait for a running update: a schema change may be re-creating the database.
    await queue;
    return database!.call<string>({ op: 'export' });
  }

  function destroy(): void {
    if (destroyed) return;
    destroyed = true;
    window.removeEventListener('message', onWindowMessage);
    bundler?.terminate();
    database?.terminate();
    frame?.port?.close();
    frame?.iframe.remove();
    for (const resolve of pendingLoads.values()) resolve({ type: 'loaded', id: -1, ok: false, evaluateMs: 0, renderMs: 0 });
    pendingLoads.clear();
    listeners.clear();
  }

  return {
    get iframe() {
      return frame?.iframe ?? null;
    },
    ready,
    get path() {
      return currentPath;
    },
    update,
    reload,
    resetDatabase,
    exportPreviewData,
    navigate(path: string) {
      if (!path.startsWith('/')) return;
      currentPath = path;
      postToFrame({ type: 'navigate', path });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy,
  };
}
