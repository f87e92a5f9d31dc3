import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../src/database/test-utils/load-sqljs.js';
import type { TPreviewEvent } from '../src/index.js';
import { loadAppFiles } from './fixtures/load-app.js';
import { launchChromium } from './harness/browser.mjs';
import { lineOf, openPreview, type TPreviewPage } from './harness/preview-page.js';
import { SESSION_COOKIE, startHostServer } from './harness/server.mjs';

let server: Awaited<ReturnType<typeof startHostServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startHostServer();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const SLOW = { timeout: 120_000 };

function errorsOf(events: TPreviewEvent[]) {
  return events.filter((e): e is Extract<TPreviewEvent, { type: 'error' }> => e.type === 'error');
}

async function waitForEvent(preview: TPreviewPage, match: (e: TPreviewEvent) => boolean, timeout = 20_000): Promise<TPreviewEvent> {
  const started = Date.now();
  while (Date.now() - started < timeout) {
    const found = (await preview.events()).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No matching preview event within ${timeout} ms; got ${JSON.stringify(await preview.events())}`);
}

describe('the preview in Chromium', () => {
  it('renders the 15-file app with its API, seed rows, icons and env vars', SLOW, async () => {
    const files = loadAppFiles();
    expect(Object.keys(files)).toHaveLength(15);
    const preview = await openPreview(browser, server.url);
    try {
      const result = await preview.update(files);
      expect(result.errors).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.timings.totalMs).toBeGreaterThan(0);
      await preview.see('Write the launch post');
      await preview.see('3 tasks · 1 done');
      await preview.see('Fix the login redirect');
      // lucide-react icons render as SVG in the nav.
      expect(await preview.app.locator('nav svg').count()).toBe(3);
      // recharts draws its axes.
      await preview.app.locator('.recharts-cartesian-axis-tick-value').first().waitFor();
      await preview.page.waitForTimeout(1600); // let the chart's bars finish animating for the screenshot
      await preview.screenshot('dashboard');

      const events = await preview.events();
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ready', 'database', 'rendered']));
      expect(events.find((e) => e.type === 'database')).toMatchObject({ action: 'created' });
      expect(errorsOf(events)).toEqual([]);
    } finally {
      await preview.close();
    }
  });

  it('keeps a row added through the UI across a code rebuild, on the same route', SLOW, async () => {
    const files = loadAppFiles();
    const preview = await openPreview(browser, server.url);
    try {
      expect((await preview.update(files)).ok).toBe(true);
      await preview.app.getByRole('link', { name: 'Tasks' }).click();
      await preview.see('Invite the design team');
      await preview.app.getByLabel('Task title').fill('Ship the preview engine');
      await preview.app.getByLabel('Priority').selectOption('2');
      await preview.app.getByRole('button', { name: 'Add task' }).click();
      await preview.see('Ship the preview engine');

      // A chat edit: only the Tasks page changes.
      const edited = { ...files, 'src/pages/Tasks.tsx': files['src/pages/Tasks.tsx']!.replace('<h1>Tasks</h1>', '<h1>Team tasks</h1>') };
      const result = await preview.update(edited);
      expect(result.ok).toBe(true);
      await preview.see('Team tasks');
      await preview.see('Ship the preview engine');
      expect(await preview.page.evaluate(() => window.preview.path)).toBe('/tasks');
      // The database was kept: no second "created"/"recreated" event.
      expect((await preview.events()).filter((e) => e.type === 'database')).toHaveLength(1);
      await preview.screenshot('tasks-after-rebuild');

      const sql = await preview.page.evaluate(() => window.preview.exportPreviewData());
      expect(sql).toContain("'Ship the preview engine'");
    } finally {
      await preview.close();
    }
  });

  it('navigates between routes: links, the host, unknown paths, and a data router app', SLOW, async () => {
    const preview = await openPreview(browser, server.url);
    try {
      expect((await preview.update(loadAppFiles())).ok).toBe(true);
      await preview.app.getByRole('link', { name: 'About' }).click();
      await preview.see('About Team Board');
      // The API reads the env var the host passed.
      await preview.see('Support: help@team-board.test');
      expect(await preview.page.evaluate(() => window.preview.path)).toBe('/about');
      await preview.page.evaluate(() => window.preview.navigate('/nowhere'));
      await preview.see('Page not found');
      await preview.app.getByRole('link', { name: 'Back to the dashboard' }).click();
      await preview.see('3 tasks · 1 done');
      const paths = (await preview.events()).filter((e) => e.type === 'navigate').map((e) => (e as { path: string }).path);
      expect(paths).toEqual(['/about', '/nowhere', '/']);

      // createBrowserRouter + RouterProvider, a plain <a href> between pages, a public/ image.
      const dataRouterApp = {
        'index.html': '<!doctype html><html><head><title>Routes</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
        'src/main.tsx': `import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Link, Outlet, RouterProvider, useParams } from 'react-router';
function Shell() {
  return <div><nav><img src="/logo.svg" alt="Logo" width="24" height="24" /> <Link to="/">Home</Link> <a href="/items/42">Item 42</a></nav><Outlet /></div>;
}
function Item() {
  const { id } = useParams();
  return <h1>Item number {id}</h1>;
}
const router = createBrowserRouter([{ path: '/', element: <Shell />, children: [{ index: true, element: <h1>Home page</h1> }, { path: 'items/:id', element: <Item /> }] }]);
// Rendering on DOMContentLoaded, as some generated apps do: it must still run after a code swap.
document.addEventListener('DOMContentLoaded', () => {
  createRoot(document.getElementById('root')!).render(<RouterProvider router={router} />);
});
`,
        'public/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" fill="#4f46e5"/></svg>',
      };
      expect((await preview.update(dataRouterApp)).ok).toBe(true);
      await preview.see('Home page');
      // public/ files load from the app's paths.
      await preview.frame().waitForFunction(() => (document.querySelector('img[alt="Logo"]') as HTMLImageElement | null)?.naturalWidth === 24);
      await preview.app.getByRole('link', { name: 'Item 42' }).click();
      await preview.see('Item number 42');
      expect(await preview.page.evaluate(() => window.preview.path)).toBe('/items/42');
      await preview.app.getByRole('link', { name: 'Home' }).click();
      await preview.see('Home page');
      await preview.screenshot('data-router');
    } finally {
      await preview.close();
    }
  });

  it('shows a syntax error in the overlay with file and line, keeps the last good version, and clears on the fix', SLOW, async () => {
    const files = loadAppFiles();
    const preview = await openPreview(browser, server.url);
    try {
      expect((await preview.update(files)).ok).toBe(true);
      await preview.see('3 tasks · 1 done');
      const broken = files['src/pages/Dashboard.tsx']!.replace('<h1>Dashboard</h1>', '<h1>Dashboard</h2>');
      const result = await preview.update({ ...files, 'src/pages/Dashboard.tsx': broken });
      const line = lineOf(broken, '</h2>');
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toMatchObject({ kind: 'build', file: 'src/pages/Dashboard.tsx', line });
      await preview.see('Build failed');
      await preview.see(new RegExp(`src/pages/Dashboard\\.tsx:${line}:\\d+`));
      await preview.see(/Unexpected closing "h2" tag/);
      const event = errorsOf(await preview.events()).find((e) => e.kind === 'build');
      expect(event).toMatchObject({ kind: 'build', file: 'src/pages/Dashboard.tsx', line, message: expect.stringContaining('h2') });
      await preview.screenshot('syntax-error-overlay');

      // "Fix with AI" in the overlay reaches the host.
      await preview.app.getByRole('button', { name: 'Fix with AI' }).click();
      await waitForEvent(preview, (e) => e.type === 'fix-request');

      expect((await preview.update(files)).ok).toBe(true);
      await preview.app.getByText('Build failed').waitFor({ state: 'detached' });
      await preview.see('Dashboard');
    } finally {
      await preview.close();
    }
  });

  it('reports runtime, render and API errors with the project file and line', SLOW, async () => {
    const files = loadAppFiles();
    const tasks = files['src/pages/Tasks.tsx']!.replace(
      '<h1>Tasks</h1>',
      `<h1>Tasks</h1>
      <button type="button" onClick={() => { throw new Error('Boom from a click handler'); }}>Crash</button>`,
    );
    const dashboard = files['src/pages/Dashboard.tsx']!.replace(
      "  const data = (['todo'",
      `  if (tasks.length > 2) throw new Error('The dashboard cannot render ' + tasks.length + ' tasks');
  const data = (['todo'`,
    );
    const api = files['api/index.ts']!.replace(
      "    if (resource !== 'tasks')",
      `    if (resource === 'explode') throw new TypeError('The API exploded');
    if (resource !== 'tasks')`,
    );
    const preview = await openPreview(browser, server.url);
    try {
      // A click handler that throws.
      expect((await preview.update({ ...files, 'src/pages/Tasks.tsx': tasks })).ok).toBe(true);
      await preview.app.getByRole('link', { name: 'Tasks' }).click();
      await preview.app.getByRole('button', { name: 'Crash' }).click();
      const runtime = await waitForEvent(preview, (e) => e.type === 'error' && e.kind === 'runtime');
      expect(runtime).toMatchObject({ kind: 'runtime', message: 'Boom from a click handler', file: 'src/pages/Tasks.tsx', line: lineOf(tasks, 'Boom from a click handler') });
      await preview.see('Runtime error');
      await preview.see(`src/pages/Tasks.tsx:${lineOf(tasks, 'Boom from a click handler')}`);

      // A component that throws while rendering (after its data arrives).
      await preview.page.evaluate(() => window.preview.navigate('/'));
      await preview.update({ ...files, 'src/pages/Dashboard.tsx': dashboard });
      const render = await waitForEvent(preview, (e) => e.type === 'error' && e.kind === 'render');
      expect(render).toMatchObject({
        kind: 'render',
        message: 'The dashboard cannot render 3 tasks',
        file: 'src/pages/Dashboard.tsx',
        line: lineOf(dashboard, 'cannot render'),
      });
      expect((render as { componentStack?: string }).componentStack).toContain('Dashboard (src/pages/Dashboard.tsx');
      await preview.see('Render error');
      await preview.screenshot('render-error-overlay');

      // The API throws: the app gets a 500, the builder gets the API file and line.
      await preview.update({ ...files, 'api/index.ts': api });
      const status = await preview.frame().evaluate(async () => (await fetch('/api/explode')).status);
      expect(status).toBe(500);
      const apiError = await waitForEvent(preview, (e) => e.type === 'error' && e.kind === 'api');
      expect(apiError).toMatchObject({ kind: 'api', file: 'api/index.ts', line: lineOf(api, 'The API exploded'), message: 'GET /api/explode failed: TypeError: The API exploded' });

      // An unhandled rejection.
      await preview.frame().evaluate(() => {
        void Promise.reject(new Error('Nobody caught this'));
      });
      await waitForEvent(preview, (e) => e.type === 'error' && e.kind === 'unhandled-rejection' && e.message === 'Nobody caught this');
    } finally {
      await preview.close();
    }
  });

  it('isolates the app: no access to the host page, its cookies or storage', SLOW, async () => {
    const probe = {
      'index.html': '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
      'src/main.tsx': `import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
const attempt = (fn: () => unknown) => { try { return 'READ ' + String(fn()); } catch (e) { return 'blocked (' + (e as Error).name + ')'; } };
function Probe() {
  const [whoami, setWhoami] = useState('pending');
  useEffect(() => {
    fetch(${JSON.stringify(`${server.url}whoami`)}, { credentials: 'include' })
      .then((r) => r.text()).then((t) => setWhoami('READ ' + t), (e: Error) => setWhoami('blocked (' + e.name + ')'));
  }, []);
  return (
    <ul>
      <li>parent document: {attempt(() => window.parent.document.title)}</li>
      <li>top location: {attempt(() => window.top!.location.href)}</li>
      <li>own cookie: {attempt(() => document.cookie)}</li>
      <li>local storage: {attempt(() => window.localStorage.length)}</li>
      <li>origin: {window.origin}</li>
      <li>platform request: {whoami}</li>
    </ul>
  );
}
createRoot(document.getElementById('root')!).render(<Probe />);
`,
    };
    const preview = await openPreview(browser, server.url);
    try {
      expect(await preview.page.evaluate(() => document.cookie)).toContain(SESSION_COOKIE);
      const sandbox = await preview.page.locator('#preview iframe').getAttribute('sandbox');
      expect(sandbox).toBe('allow-scripts allow-forms allow-modals allow-popups');
      expect((await preview.update(probe)).ok).toBe(true);
      await preview.see(/platform request: (READ|blocked)/);
      const text = (await preview.app.locator('ul').innerText()).split('\n');
      expect(text).toEqual([
        'parent document: blocked (SecurityError)',
        'top location: blocked (SecurityError)',
        'own cookie: blocked (SecurityError)',
        'local storage: blocked (SecurityError)',
        'origin: null',
        'platform request: blocked (TypeError)',
      ]);
      // Whatever reached the platform carried no session cookie.
      expect(server.cookieRequests.filter((r) => r.cookie?.includes('shipyard_session'))).toEqual([]);
      await preview.screenshot('isolation-probe');
    } finally {
      await preview.close();
    }
  });

  it('exports the preview data as SQL that round-trips, resets and re-creates the database', SLOW, async () => {
    const files = loadAppFiles();
    const preview = await openPreview(browser, server.url);
    try {
      expect((await preview.update(files)).ok).toBe(true);
      await preview.app.getByRole('link', { name: 'Tasks' }).click();
      await preview.app.getByLabel('Task title').fill("Quote 'this' -- and ; that");
      await preview.app.getByRole('button', { name: 'Add task' }).click();
      await preview.see("Quote 'this' -- and ; that");
      await preview.app.getByRole('button', { name: 'Delete Invite the design team' }).click();
      await preview.app.getByText('Invite the design team').waitFor({ state: 'detached' });

      const sql = await preview.page.evaluate(() => window.preview.exportPreviewData());
      // Into a fresh SQLite database with the app's schema, in Node: the same rows come back.
      const SQL = await loadSqlJs();
      const db = new SQL.Database();
      db.exec(files['db/schema.sql']!);
      db.exec(sql);
      const rows = db.exec('SELECT id, title, status, priority FROM tasks ORDER BY id')[0]?.values ?? [];
      expect(rows).toEqual([
        [1, 'Write the launch post', 'doing', 2],
        [2, 'Fix the login redirect', 'todo', 2],
        [4, "Quote 'this' -- and ; that", 'todo', 1],
      ]);

      // The export seeds another preview session identically.
      const second = await openPreview(browser, server.url);
      try {
        expect((await second.update({ ...files, 'db/seed.sql': sql })).ok).toBe(true);
        await second.app.getByRole('link', { name: 'Tasks' }).click();
        await second.see("Quote 'this' -- and ; that");
        expect(await second.app.getByText('Invite the design team').count()).toBe(0);
      } finally {
        await second.close();
      }

      // Reset: schema + seed again.
      await preview.page.evaluate(() => window.preview.resetDatabase());
      await preview.see('Invite the design team');
      expect(await preview.app.getByText("Quote 'this'").count()).toBe(0);

      // A schema change re-creates the database (and says so).
      await preview.app.getByLabel('Task title').fill('Gone after the schema change');
      await preview.app.getByRole('button', { name: 'Add task' }).click();
      await preview.see('Gone after the schema change');
      const schema = files['db/schema.sql']!.replace('priority INTEGER NOT NULL DEFAULT 1,', 'priority INTEGER NOT NULL DEFAULT 1,\n  notes TEXT,');
      expect((await preview.update({ ...files, 'db/schema.sql': schema })).ok).toBe(true);
      await preview.see('Invite the design team');
      expect(await preview.app.getByText('Gone after the schema change').count()).toBe(0);
      const databaseEvents = (await preview.events()).filter((e) => e.type === 'database').map((e) => (e as { action: string }).action);
      expect(databaseEvents).toEqual(['created', 'reset', 'recreated']);

      // A broken schema is reported with its file and line.
      const brokenSchema = `${schema}\nCREATE TABLE broken (id INTEGER PRIMARY KEY,);\n`;
      const broken = await preview.update({ ...files, 'db/schema.sql': brokenSchema });
      expect(broken.ok).toBe(false);
      expect(broken.errors[0]).toMatchObject({ kind: 'database', file: 'db/schema.sql', line: lineOf(brokenSchema, 'CREATE TABLE broken') });
    } finally {
      await preview.close();
    }
  });

  it('coalesces updates sent while one runs: the latest files win', SLOW, async () => {
    const files = loadAppFiles();
    const preview = await openPreview(browser, server.url);
    try {
      const version = (n: number) => ({ ...files, 'src/pages/Dashboard.tsx': files['src/pages/Dashboard.tsx']!.replace('<h1>Dashboard</h1>', `<h1>Version ${n}</h1>`) });
      const results = await preview.page.evaluate(async ([a, b, c]) => {
        const first = window.preview.update(a!);
        // Once the first update is building, two more arrive.
        while (!window.previewEvents.some((e) => e.type === 'status' && e.status === 'building')) await new Promise((r) => setTimeout(r, 1));
        return Promise.all([first, window.preview.update(b!), window.preview.update(c!)]);
      }, [version(1), version(2), version(3)]);
      expect(results.map((r) => r.ok)).toEqual([true, true, true]);
      // The second call was replaced by the third before it started: they share one build.
      expect(results[1]).toEqual(results[2]);
      expect(results[0]).not.toEqual(results[1]);
      await preview.see('Version 3');
      expect((await preview.events()).filter((e) => e.type === 'rendered')).toHaveLength(2);
    } finally {
      await preview.close();
    }
  });

  it('reload() starts a fresh frame with the last build and the same data', SLOW, async () => {
    const files = loadAppFiles();
    const preview = await openPreview(browser, server.url);
    try {
      expect((await preview.update(files)).ok).toBe(true);
      await preview.app.getByRole('link', { name: 'Tasks' }).click();
      await preview.app.getByLabel('Task title').fill('Survives a reload');
      await preview.app.getByRole('button', { name: 'Add task' }).click();
      await preview.see('Survives a reload');
      const before = await preview.page.locator('#preview iframe').elementHandle();
      await preview.page.evaluate(() => window.preview.reload());
      const after = await preview.page.locator('#preview iframe').elementHandle();
      expect(await before!.evaluate((el, other) => el === other, after)).toBe(false);
      await preview.see('Survives a reload');
      expect(await preview.page.evaluate(() => window.preview.path)).toBe('/tasks');
    } finally {
      await preview.close();
    }
  });

  it('replaces a frame that stops responding and says why', SLOW, async () => {
    const preview = await openPreview(browser, server.url, '?frameTimeoutMs=3000');
    try {
      const files = loadAppFiles();
      const loop = { ...files, 'src/main.tsx': `while (true) { /* the model wrote an endless loop */ }\n${files['src/main.tsx']}` };
      const result = await preview.update(loop);
      expect(result.ok).toBe(false);
      expect(result.errors.at(-1)).toMatchObject({ kind: 'timeout' });
      await preview.see('The app stopped responding');
      expect((await preview.update(files)).ok).toBe(true);
      await preview.see('3 tasks · 1 done');
    } finally {
      await preview.close();
    }
  });

  it('works as a React component: <LivePreview files> updates on new files', SLOW, async () => {
    const files = loadAppFiles();
    const preview = await openPreview(browser, server.url, '?react=1');
    try {
      await preview.page.evaluate((f) => window.setFiles(f), files);
      await preview.see('3 tasks · 1 done');
      const edited = { ...files, 'src/pages/Dashboard.tsx': files['src/pages/Dashboard.tsx']!.replace('<h1>Dashboard</h1>', '<h1>From the component</h1>') };
      await preview.page.evaluate((f) => window.setFiles(f), edited);
      await preview.see('From the component');
      await preview.page.waitForFunction(() => window.previewUpdates.length === 2);
      expect((await preview.page.evaluate(() => window.previewUpdates)).map((u) => u.ok)).toEqual([true, true]);
      expect((await preview.events()).some((e) => e.type === 'rendered')).toBe(true);
    } finally {
      await preview.close();
    }
  });

  const referenceApp = fileURLToPath(new URL('../../deploy-core/integration-tests/fixtures/reference-app/', import.meta.url));
  it.runIf(existsSync(referenceApp))('runs the deploy build reference app unchanged (same app contract)', SLOW, async () => {
    const preview = await openPreview(browser, server.url);
    try {
      const result = await preview.update(loadAppFiles(referenceApp));
      expect(result.errors).toEqual([]);
      await preview.see('Dashboard');
      await preview.see(/3 tasks · 2 notes/);
      await preview.app.getByRole('link', { name: 'Notes' }).click();
      await preview.see('Release checklist');
      await preview.screenshot('reference-app-notes');
    } finally {
      await preview.close();
    }
  });
});
