/**
 * The frame runtime: the first script of the sandboxed preview document. It connects to the host,
 * runs the app's API (`api/index.ts`) for the app's `fetch('/api/…')`, gives it `env.DB` (a D1
 * binding talking to the database worker), loads each new bundle in place (unmount, swap CSS and
 * markup, import the new modules, wait for React's commit and a painted frame), and reports errors
 * mapped back to project files — to the overlay and to the host.
 */
import { createD1Binding, D1Error, type TD1Database } from '../database/d1-engine.js';
import {
  CONNECT,
  HELLO,
  type TConsoleLevel,
  type TFrameConfig,
  type TFrameLoad,
  type TFrameToHost,
  type THostToFrame,
  type TPreviewProblem,
  type TPreviewProblemKind,
  type TSqlStatement,
  type TStatementMode,
} from '../protocol.js';
import { installBridge, type TTrackedRoot } from './bridge.js';
import { createOverlay } from './overlay.js';
import { formatFrames, mapFrames, ModuleMap, parseStack, type TMappedFrame } from './stack.js';

/** The document's base URL (see the srcdoc): the app's relative URLs resolve here, never to the platform. */
const APP_ORIGIN = new URL(document.baseURI).origin;

const config = readConfig();
let hostPort: MessagePort | null = null;
let dbPort: MessagePort | null = null;

// ------------------------------------------------------------------------------------------------
// Host connection

function readConfig(): TFrameConfig {
  const node = document.getElementById('shipyard-preview-config');
  const parsed = JSON.parse(node?.textContent ?? '{}') as Partial<TFrameConfig>;
  return {
    nonce: String(parsed.nonce ?? ''),
    hostOrigin: String(parsed.hostOrigin ?? ''),
    path: String(parsed.path ?? '/'),
    preload: Array.isArray(parsed.preload) ? parsed.preload.map(String) : [],
  };
}

function post(message: TFrameToHost): void {
  hostPort?.postMessage(message);
}

const queued: TFrameToHost[] = [];
function send(message: TFrameToHost): void {
  if (hostPort) post(message);
  else if (queued.length < 100) queued.push(message);
}

window.addEventListener('message', (event) => {
  // Only the host page, at the origin it told us, can hand over the ports — once.
  if (hostPort || event.source !== window.parent || event.origin !== config.hostOrigin) return;
  const data = event.data as { type?: unknown; nonce?: unknown } | null;
  if (data?.type !== CONNECT || data.nonce !== config.nonce || event.ports.length !== 2) return;
  const [host, db] = event.ports as unknown as [MessagePort, MessagePort];
  hostPort = host;
  dbPort = db;
  host.onmessage = (e: MessageEvent) => onHostMessage(e.data as THostToFrame);
  db.onmessage = (e: MessageEvent) => onDatabaseReply(e.data);
  for (const message of queued.splice(0)) post(message);
});

window.parent.postMessage({ type: HELLO, nonce: config.nonce }, config.hostOrigin);

// Evaluate the runtime packages now, while the first bundle is built: module instances are
// shared by every version of the app this frame loads, so this is paid once per frame.
void (async () => {
  for (const specifier of config.preload) {
    try {
      await import(/* @vite-ignore */ specifier);
    } catch {
      /* the app's own import reports it */
    }
  }
})();

function onHostMessage(message: THostToFrame): void {
  switch (message?.type) {
    case 'load':
      void load(message.id, message.load);
      break;
    case 'problems':
      problems = message.problems.slice(0, 20);
      overlay.show(problems);
      break;
    case 'clear-problems':
      problems = [];
      overlay.hide();
      break;
    case 'navigate':
      navigate(message.path);
      break;
  }
}

// ------------------------------------------------------------------------------------------------
// Problems: mapped to project files, shown in the overlay, sent to the host

const overlay = createOverlay({ onFix: (problem) => send({ type: 'fix-request', problem }) });
let problems: TPreviewProblem[] = [];
const moduleMaps = new Map<string, ModuleMap>();

function describeError(error: unknown): { message: string; stack: string } {
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return { message: `${name}${error.message}`, stack: error.stack ?? '' };
  }
  if (typeof error === 'string') return { message: error, stack: '' };
  try {
    return { message: `Non-error value thrown: ${JSON.stringify(error)}`, stack: '' };
  } catch {
    return { message: `Non-error value thrown: ${String(error)}`, stack: '' };
  }
}

function problemFrom(
  kind: TPreviewProblemKind,
  error: unknown,
  extra: { componentStack?: string; fallback?: { url: string; line: number; column: number } } = {},
): TPreviewProblem {
  const { message, stack } = describeError(error);
  const frames = mapFrames(parseStack(stack), moduleMaps);
  const componentFrames = extra.componentStack ? mapFrames(parseStack(extra.componentStack), moduleMaps) : [];
  let at: TMappedFrame | undefined = frames.find((f) => f.inApp) ?? componentFrames.find((f) => f.inApp);
  if (!at && extra.fallback) at = mapFrames([{ fn: '', ...extra.fallback }], moduleMaps).find((f) => f.inApp);
  const problem: TPreviewProblem = { kind, message, file: at?.file ?? null, line: at?.line ?? null, column: at?.column ?? null };
  if (frames.length > 0) problem.stack = formatFrames(frames.slice(0, 15));
  if (componentFrames.length > 0) {
    problem.componentStack = componentFrames
      .filter((f) => f.fn)
      .slice(0, 15)
      .map((f) => (f.inApp ? `    at ${f.fn} (${f.file}:${f.line})` : `    at ${f.fn}`))
      .join('\n');
  }
  return problem;
}

function report(problem: TPreviewProblem): void {
  if (problems.length < 20) problems.push(problem);
  overlay.show(problems);
  send({ type: 'problem', problem });
}

window.addEventListener('error', (event) => {
  if (event.target !== window && event.target !== null && !(event instanceof ErrorEvent)) return;
  report(
    problemFrom('runtime', event.error ?? event.message, {
      fallback: event.filename ? { url: event.filename, line: event.lineno, column: event.colno } : undefined,
    }),
  );
});

window.addEventListener('unhandledrejection', (event) => {
  report(problemFrom('unhandled-rejection', event.reason));
});

// ------------------------------------------------------------------------------------------------
// Console → host (bounded, so a logging loop cannot flood the builder)

let consoleBudget = 200;
setInterval(() => {
  consoleBudget = 200;
}, 1000);

function formatArg(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return describeError(value).message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

for (const level of ['log', 'info', 'warn', 'error', 'debug'] as TConsoleLevel[]) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    original(...args);
    if (consoleBudget-- <= 0) return;
    send({ type: 'console', level, message: args.map(formatArg).join(' ').slice(0, 4000) });
  };
}

// ------------------------------------------------------------------------------------------------
// Bridge for the runtime shims (react-dom/client, react-router)

const roots = new Set<TTrackedRoot>();
let commitWaiters: (() => void)[] = [];
let currentPath = config.path.startsWith('/') ? config.path : '/';
let navigator: ((to: string) => void) | null = null;

installBridge({
  trackRoot: (root) => roots.add(root),
  untrackRoot: (root) => roots.delete(root),
  rootCommitted() {
    const waiters = commitWaiters;
    commitWaiters = [];
    waiters.forEach((resolve) => resolve());
  },
  reportRenderError(error, componentStack) {
    report(problemFrom('render', error, componentStack ? { componentStack } : {}));
    // The tree is gone; whoever waits for a commit should not wait for one that will not come.
    const waiters = commitWaiters;
    commitWaiters = [];
    waiters.forEach((resolve) => resolve());
  },
  currentPath: () => currentPath,
  setLocation(path) {
    if (path === currentPath) return;
    currentPath = path;
    send({ type: 'location', path });
  },
  setNavigator(fn) {
    navigator = fn;
  },
});

function navigate(path: string): void {
  if (!path.startsWith('/')) return;
  if (navigator) navigator(path);
  else currentPath = path;
}

// Plain <a href="/x"> links in the app: a sandboxed srcdoc document cannot load its own paths,
// so in-app links become router navigations (react-router's <Link> already prevents default).
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
  if (!anchor || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, document.baseURI);
  if (url.origin !== APP_ORIGIN) return;
  event.preventDefault();
  if (url.hash && url.pathname + url.search === currentPath.replace(/#.*$/, '')) {
    document.getElementById(decodeURIComponent(url.hash.slice(1)))?.scrollIntoView();
    return;
  }
  navigate(url.pathname + url.search + url.hash);
});

// Each version's code runs after the document has loaded: start-up listeners an app registers
// while its modules evaluate ("DOMContentLoaded", "load") are called right after, as on a page load.
let startupListeners: (() => void)[] | null = null;
for (const target of [window, document] as EventTarget[]) {
  const original = target.addEventListener.bind(target);
  target.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
    if (startupListeners && listener && (type === 'DOMContentLoaded' || type === 'load')) {
      startupListeners.push(() => {
        const event = new Event(type);
        if (typeof listener === 'function') listener.call(target, event);
        else listener.handleEvent(event);
      });
      return;
    }
    original(type, listener, options);
  };
}

// Intervals outlive the code that started them; clear the previous version's on each swap.
const nativeSetInterval = window.setInterval.bind(window);
const nativeClearInterval = window.clearInterval.bind(window);
let appIntervals = new Set<number>();
window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
  const id = nativeSetInterval(handler, timeout, ...args);
  appIntervals.add(id);
  return id;
}) as typeof window.setInterval;
window.clearInterval = ((id?: number) => {
  if (id !== undefined) appIntervals.delete(id);
  nativeClearInterval(id);
}) as typeof window.clearInterval;

// ------------------------------------------------------------------------------------------------
// The app's API and database

interface TApiModule {
  fetch(request: Request, env: Record<string, unknown>, ctx: unknown): Promise<Response> | Response;
}

let apiModule: TApiModule | null = null;
let loadedApiJs: string | null = null;
let apiEnv: Record<string, unknown> = {};
let publicFiles: Record<string, string> = {};
/** public/ files as blob URLs, for <img src="/logo.svg"> and CSS url(/logo.svg). */
let publicUrls = new Map<string, string>();
let nextDbId = 1;
const dbCalls = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

function onDatabaseReply(data: unknown): void {
  const reply = data as { id?: number; ok?: boolean; result?: unknown; error?: { message?: string } } | null;
  const call = typeof reply?.id === 'number' ? dbCalls.get(reply.id) : undefined;
  if (!reply || !call) return;
  dbCalls.delete(reply.id!);
  if (reply.ok) call.resolve(reply.result);
  else call.reject(new Error(reply.error?.message ?? 'The preview database failed.'));
}

function callDatabase(request: Record<string, unknown>): Promise<unknown> {
  if (!dbPort) return Promise.reject(new Error('The preview database is not connected yet.'));
  const id = nextDbId++;
  return new Promise((resolve, reject) => {
    dbCalls.set(id, { resolve, reject });
    dbPort!.postMessage({ id, ...request });
  });
}

const database: TD1Database = createD1Binding({
  statement: (statement: TSqlStatement, mode: TStatementMode, options) => callDatabase({ op: 'statement', statement, mode, ...options }),
  batch: (statements) => callDatabase({ op: 'batch', statements }),
  exec: (sql) => callDatabase({ op: 'exec', sql }),
});

const NO_DATABASE_MESSAGE =
  'This app has no database: add db/schema.sql and "database": {"schema": "db/schema.sql"} to shipyard.json.';
const noDatabase = new Proxy({} as TD1Database, {
  get() {
    return () => {
      throw new D1Error('D1_ERROR', NO_DATABASE_MESSAGE);
    };
  },
});

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

async function callApi(request: Request): Promise<Response> {
  if (!apiModule) {
    return jsonResponse({ error: 'This app has no API: add api/index.ts with export default { fetch(request, env) } and "api" in shipyard.json.' }, 404);
  }
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (promise: Promise<unknown>) => pending.push(Promise.resolve(promise).catch((e: unknown) => report(problemFrom('api', e)))),
    passThroughOnException: () => undefined,
  };
  try {
    const response = await apiModule.fetch(request, apiEnv, ctx);
    if (!(response instanceof Response)) {
      const message = `api/index.ts: fetch() must return a Response; for ${request.method} ${new URL(request.url).pathname} it returned ${response === undefined ? 'undefined' : typeof response}.`;
      report({ kind: 'api', message, file: 'api/index.ts', line: null, column: null });
      return jsonResponse({ error: message }, 500);
    }
    return response;
  } catch (error) {
    const problem = problemFrom('api', error);
    problem.message = `${request.method} ${new URL(request.url).pathname} failed: ${problem.message}`;
    report(problem);
    return jsonResponse({ error: problem.message }, 500);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
};

function contentTypeOf(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
}

function setPublicFiles(files: Record<string, string>): void {
  for (const url of publicUrls.values()) URL.revokeObjectURL(url);
  publicFiles = files;
  publicUrls = new Map(Object.entries(files).map(([path, content]) => [path, URL.createObjectURL(new Blob([content], { type: contentTypeOf(path) }))]));
}

/** The blob URL for an app URL that names a public/ file, or null. */
function publicUrl(value: string): string | null {
  if (publicUrls.size === 0 || !value) return null;
  try {
    const url = new URL(value, document.baseURI);
    return url.origin === APP_ORIGIN ? (publicUrls.get(url.pathname) ?? null) : null;
  } catch {
    return null;
  }
}

function rewriteCssUrls(css: string): string {
  if (publicUrls.size === 0) return css;
  return css.replace(/url\(\s*(['"]?)(\/[^'")\s]+)\1\s*\)/g, (match, _quote: string, path: string) => {
    const url = publicUrl(path);
    return url ? `url("${url}")` : match;
  });
}

const URL_ATTRIBUTES = ['src', 'href', 'poster'];
function rewritePublicAttributes(root: Element): void {
  const elements = [root, ...root.querySelectorAll('[src], [href], [poster]')];
  for (const element of elements) {
    for (const name of URL_ATTRIBUTES) {
      const value = element.getAttribute(name);
      const url = value && !(element instanceof HTMLAnchorElement) ? publicUrl(value) : null;
      if (url) element.setAttribute(name, url);
    }
  }
}

new MutationObserver((records) => {
  for (const record of records) {
    if (record.type === 'attributes' && record.target instanceof Element) rewritePublicAttributes(record.target);
    for (const node of record.addedNodes) if (node instanceof Element) rewritePublicAttributes(node);
  }
}).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: URL_ATTRIBUTES });

const nativeFetch = window.fetch.bind(window);
window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input instanceof URL ? input.href : input, init);
  const url = new URL(request.url);
  if (url.origin !== APP_ORIGIN) return nativeFetch(request);
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return callApi(request);
  const file = publicFiles[url.pathname];
  if (file !== undefined) return new Response(file, { status: 200, headers: { 'content-type': contentTypeOf(url.pathname) } });
  return jsonResponse({ error: `Not found: ${url.pathname}. In the preview, fetch() reaches the app's API (/api/…) and files in public/.` }, 404);
};

// ------------------------------------------------------------------------------------------------
// Loading a bundle in place

/** Blob URLs of loaded versions, oldest first; each entry is one module and its source map. */
const loadedModules: { urls: string[]; module: string }[] = [];
let apiModuleUrl: string | null = null;

function moduleUrl(code: string, map: string): string {
  const urls: string[] = [];
  let source = code;
  if (map) {
    const mapUrl = URL.createObjectURL(new Blob([map], { type: 'application/json' }));
    urls.push(mapUrl);
    source = `${code}\n//# sourceMappingURL=${mapUrl}\n`;
  }
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  urls.push(url);
  moduleMaps.set(url, new ModuleMap(map));
  loadedModules.push({ urls, module: url });
  return url;
}

function setAttributes(element: Element, attributes: Record<string, string>): void {
  for (const name of element.getAttributeNames()) if (!(name in attributes)) element.removeAttribute(name);
  for (const [name, value] of Object.entries(attributes)) {
    try {
      element.setAttribute(name, value);
    } catch {
      /* an attribute name the DOM refuses; skip it */
    }
  }
}

function teardown(): void {
  for (const root of [...roots]) {
    try {
      root.unmount();
    } catch {
      /* a root that fails to unmount is discarded with the old markup */
    }
  }
  roots.clear();
  navigator = null;
  for (const id of appIntervals) nativeClearInterval(id);
  appIntervals = new Set();
  // Keep the maps of the last few versions (late errors from old code still map) and of the API module in use.
  const stale = loadedModules.filter((m) => m.module !== apiModuleUrl).slice(0, -8);
  for (const entry of stale) {
    loadedModules.splice(loadedModules.indexOf(entry), 1);
    entry.urls.forEach((url) => URL.revokeObjectURL(url));
    moduleMaps.delete(entry.module);
  }
}

function applyDocument(load: TFrameLoad): void {
  const doc = load.document;
  document.title = doc.title;
  setAttributes(document.documentElement, { lang: doc.lang, ...doc.htmlAttributes });
  for (const node of document.head.querySelectorAll('[data-shipyard-app]')) node.remove();
  const head = document.createElement('template');
  head.innerHTML = doc.head;
  for (const node of [...head.content.children]) {
    node.setAttribute('data-shipyard-app', '');
    document.head.append(node);
  }
  let style = document.getElementById('shipyard-app-css');
  if (!style) {
    style = document.createElement('style');
    style.id = 'shipyard-app-css';
    document.head.append(style);
  }
  style.textContent = rewriteCssUrls(load.css);
  setAttributes(document.body, doc.bodyAttributes);
  document.body.innerHTML = doc.body;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function load(id: number, load: TFrameLoad): Promise<void> {
  const started = performance.now();
  problems = [];
  overlay.hide();
  teardown();
  setPublicFiles(load.publicFiles);
  applyDocument(load);
  apiEnv = { ...load.env, DB: load.hasDatabase ? database : noDatabase };

  let ok = true;
  if (load.apiJs !== null && load.apiJs === loadedApiJs && apiModule) {
    // The API did not change: keep its module (and any state it holds), as a Worker isolate would.
  } else if (load.apiJs !== null) {
    apiModule = null;
    loadedApiJs = load.apiJs;
    apiModuleUrl = moduleUrl(load.apiJs, load.apiMap ?? '');
    try {
      const module = (await import(/* @vite-ignore */ apiModuleUrl)) as { default?: unknown };
      const candidate = module.default as Partial<TApiModule> | undefined;
      if (candidate && typeof candidate.fetch === 'function') apiModule = candidate as TApiModule;
      else report({ kind: 'api', message: 'api/index.ts must export default { async fetch(request, env) { … } } (the Workers module format).', file: 'api/index.ts', line: null, column: null });
    } catch (error) {
      ok = false;
      report(problemFrom('runtime', error));
    }
  }

  if (load.apiJs === null) {
    apiModule = null;
    loadedApiJs = null;
    apiModuleUrl = null;
  }

  const committed = new Promise<void>((resolve) => commitWaiters.push(resolve));
  startupListeners = [];
  try {
    await import(/* @vite-ignore */ moduleUrl(load.appJs, load.appMap));
  } catch (error) {
    ok = false;
    report(problemFrom('runtime', error));
  }
  const startup = startupListeners;
  startupListeners = null;
  for (const listener of startup) {
    try {
      listener();
    } catch (error) {
      ok = false;
      report(problemFrom('runtime', error));
    }
  }
  const evaluateMs = performance.now() - started;
  if (ok && roots.size > 0) {
    // React renders the first commit in a task after render(); wait for it (bounded), then a painted frame.
    await Promise.race([committed, new Promise((resolve) => setTimeout(resolve, 3000))]);
  }
  await nextFrame();
  send({ type: 'loaded', id, ok, evaluateMs, renderMs: performance.now() - started - evaluateMs });
}
