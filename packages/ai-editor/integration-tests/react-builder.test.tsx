/**
 * The builder in real Chromium: the page is bundled with esbuild from src/react/testing/test-page.tsx
 * (the real <Builder> over an in-memory TBuilderApi and a stub preview), styled with the same
 * Tailwind + @shipyard/ui tokens a host uses. Screenshots go to <repo>/artifacts/builder/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwind from '@tailwindcss/postcss';
import { build } from 'esbuild';
import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { chromium, type Browser, type Page } from 'playwright-core';
import postcss from 'postcss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const repo = resolve(pkg, '../..');
const shots = join(repo, 'artifacts/builder');

let server: Server;
let baseUrl: string;
let browser: Browser;
const pageErrors: string[] = [];

async function bundle() {
  const js = await build({
    entryPoints: [join(pkg, 'src/react/testing/test-page.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    minify: true,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const cssInput = `@import 'tailwindcss';\n@import '@shipyard/ui/styles.css';\n@source '${join(pkg, 'src/react')}';\nhtml, body, #root { height: 100%; margin: 0; }\n`;
  const css = await postcss([tailwind()]).process(cssInput, { from: join(pkg, 'src/react/testing/page.css') });
  return { js: js.outputFiles[0]!.text, css: css.css };
}

async function openBuilder(query = '', viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport, acceptDownloads: true, reducedMotion: 'reduce' });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  await page.goto(`${baseUrl}/${query}`);
  await page.waitForFunction(() => window.__ready === true);
  await page.locator('header h1').waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

/** Replaces the whole text of the open CodeMirror editor by typing at the end of it. */
async function typeAtEnd(page: Page, text: string) {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const { js, css } = await bundle();
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Builder test</title><link rel="stylesheet" href="/app.css"></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (path === '/app.css') res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  expect(pageErrors).toEqual([]);
});

// Generous timeouts: the machine is shared, and Chromium under load is slow, not wrong.
describe('Builder in Chromium', { timeout: 90_000 }, () => {
  it('streams a generation from a prompt into the chat, the history and the preview', async () => {
    const page = await openBuilder('?empty=1&hold=1');
    // Scaffold is the default provider here: the UI must say it is not a language model.
    await expect(page.getByTestId('scaffold-note').textContent()).resolves.toContain(
      'Scaffold builds from templates — it is not an AI model. Set OPENAI_API_KEY or ANTHROPIC_API_KEY for a real model.',
    );
    await shot(page, 'empty-project-1280');

    const composer = page.getByRole('textbox', { name: 'Message' });
    // Shift+Enter is a new line, not a send.
    await composer.fill('A task board');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('with a database');
    expect(await composer.inputValue()).toBe('A task board\nwith a database');
    expect(await page.getByTestId('live-turn').count()).toBe(0);

    // Record every length the streamed reply takes on screen.
    await page.evaluate(() => {
      const lengths = new Set<number>();
      (window as unknown as { __replyLengths: Set<number> }).__replyLengths = lengths;
      new MutationObserver(() => {
        const reply = document.querySelector('[data-testid="live-reply"]');
        if (reply) lengths.add(reply.textContent!.length);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('');
    // The reply streams in, then the files being written appear one by one.
    await page.getByTestId('live-reply').waitFor();
    await page.getByTestId('live-files').getByText('src/App.tsx').waitFor();
    // Held before applying: every file written, Cancel still offered.
    await expect.poll(() => page.getByTestId('live-files').locator('[aria-label="written"]').count()).toBe(7);
    const lengths = await page.evaluate(() => [...(window as unknown as { __replyLengths: Set<number> }).__replyLengths]);
    expect(lengths.length).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('button', { name: 'Cancel generation' }).isVisible()).toBe(true);
    await shot(page, 'streaming-1280');
    await page.evaluate(() => window.__fake.release());

    // Done: the saved turn lists its file changes, the head is version 1, the preview got the files.
    const changes = page.getByTestId('turn-changes');
    await changes.waitFor();
    await expect.poll(() => page.getByTestId('live-turn').count()).toBe(0);
    expect(await changes.textContent()).toContain('7 files changed');
    for (const path of ['src/App.tsx', 'api/index.ts', 'db/schema.sql']) {
      expect(await changes.getByRole('button', { name: path, exact: true }).count()).toBe(1);
    }
    expect(await page.getByText('I built Task Board').count()).toBe(1);
    expect(await page.getByTestId('head-version').textContent()).toBe('Version 1');
    await expect.poll(() => page.getByTestId('stub-files').textContent()).toContain('src/App.tsx');
    expect(await page.getByTestId('stub-title').textContent()).toBe('Task Board');
    // Usage (from the finished generation) shows on the turn.
    expect(await page.getByTestId('turn-usage').textContent()).toMatch(/scaffold · templates-v1 · .* in · .* out · \$0/);
    // The code pane opened the main file.
    expect(await page.getByTestId('open-path').textContent()).toBe('src/App.tsx');
    expect(await page.locator('.cm-content').textContent()).toContain('export function App()');

    await page.getByRole('tab', { name: /History/ }).click();
    const items = page.locator('[data-version-number]');
    expect(await items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('Task list app with an API and a database.');
    await shot(page, 'generated-1280');

    // A per-turn file link opens that file in the code view.
    await changes.getByRole('button', { name: 'db/schema.sql', exact: true }).click();
    expect(await page.getByTestId('open-path').textContent()).toBe('db/schema.sql');
    expect(await page.locator('.cm-content').textContent()).toContain('CREATE TABLE tasks');
    await page.close();
  });

  it('saves a manual CodeMirror edit as a new version (Ctrl+S), and the preview gets it', async () => {
    const page = await openBuilder();
    expect(await page.getByTestId('head-version').textContent()).toBe('Version 1');
    await page.locator('[data-file-path="src/styles.css"]').click();
    expect(await page.getByTestId('open-path').textContent()).toBe('src/styles.css');
    // Syntax highlighting: CodeMirror wraps CSS tokens in styled spans.
    expect(await page.locator('.cm-content span[class^="ͼ"]').count()).toBeGreaterThan(3);

    await typeAtEnd(page, '\n.done { text-decoration: line-through; }');
    await page.getByText('Unsaved', { exact: true }).waitFor();
    await shot(page, 'unsaved-edit-1280');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('head-version').textContent()).toBe('Version 2');
    expect(await page.getByText('Unsaved', { exact: true }).count()).toBe(0);

    const fake = await page.evaluate(() => ({ head: window.__fake.headFiles()['src/styles.css'], calls: window.__fake.calls.filter((c) => c.method === 'writeFiles') }));
    expect(fake.head).toContain('.done { text-decoration: line-through; }');
    expect(fake.calls).toHaveLength(1);
    expect(await page.evaluate(() => window.__preview.updates.at(-1)!['src/styles.css'])).toContain('.done {');

    await page.getByRole('tab', { name: /History/ }).click();
    const top = page.locator('[data-version-number="2"]');
    expect(await top.textContent()).toContain('Edited src/styles.css');
    expect(await top.textContent()).toContain('Manual edit · Ada');
    expect(await top.textContent()).toContain('+2');
    await page.close();
  });

  it('keeps the unsaved text on a CONFLICT, reloads, then saves on top of the latest version', async () => {
    const page = await openBuilder();
    await typeAtEnd(page, '\n// my local note');
    // Another tab saves first.
    await page.evaluate(() => window.__fake.externalWrite('src/App.tsx', window.__fake.headFiles()['src/App.tsx'] + '\n// from the other tab\n'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const banner = page.getByTestId('conflict-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('The project changed — reload');
    expect(await banner.textContent()).toContain('Your unsaved changes are kept.');
    expect(await page.locator('.cm-content').textContent()).toContain('// my local note');
    await shot(page, 'conflict-1280');

    await banner.getByRole('button', { name: 'Reload latest version' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(await page.getByTestId('changed-underneath').textContent()).toContain('src/App.tsx also changed in the latest version');
    expect(await page.locator('.cm-content').textContent()).toContain('// my local note');
    expect(await page.getByTestId('head-version').textContent()).toBe('Version 2');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('head-version').textContent()).toBe('Version 3');
    const saved = await page.evaluate(() => window.__fake.headFiles()['src/App.tsx']);
    expect(saved).toContain('// my local note');
    const writes = await page.evaluate(() => window.__fake.calls.filter((c) => c.method === 'writeFiles').map((c) => c.input as { parentVersionId: string }));
    expect(writes).toHaveLength(2);
    expect(writes[0]!.parentVersionId).not.toBe(writes[1]!.parentVersionId);
    await page.close();
  });

  it('shows a version diff and restores an old version as a new one', async () => {
    const page = await openBuilder('?history=1');
    expect(await page.getByTestId('head-version').textContent()).toBe('Version 3');
    await page.getByRole('tab', { name: /History/ }).click();
    expect(await page.locator('[data-version-number]').count()).toBe(3);
    await shot(page, 'history-1280');

    await page.locator('[data-version-number="2"]').getByRole('button', { name: /Changes/ }).click();
    const diff = page.getByTestId('diff-view');
    await diff.locator('[data-diff-file="src/App.tsx"]').waitFor();
    expect(await diff.locator('[data-diff-file]').count()).toBe(2);
    expect(await page.getByRole('dialog').textContent()).toContain('Changes since version 1');
    const added = diff.locator('[data-diff-row="added"]').first();
    expect(await added.textContent()).toContain("import { Footer } from './Footer';");
    const colours = await page.evaluate(() => {
      const bg = (sel: string) => getComputedStyle(document.querySelector(sel)!).backgroundColor;
      return { added: bg('[data-diff-row="added"]'), context: bg('[data-diff-row="context"]') };
    });
    expect(colours.added).not.toBe(colours.context);
    await shot(page, 'diff-1280');
    await page.keyboard.press('Escape');

    await page.locator('[data-version-number="1"]').getByRole('button', { name: /Restore/ }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('Restore version 1?');
    await shot(page, 'restore-confirm-1280');
    await dialog.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => page.getByTestId('head-version').textContent()).toBe('Version 4');
    expect(await page.locator('[data-version-number="4"]').textContent()).toContain('Restored version 1');
    const same = await page.evaluate(() => {
      const [v1] = window.__fake.versions;
      return JSON.stringify(v1!.files) === JSON.stringify(window.__fake.headFiles());
    });
    expect(same).toBe(true);
    expect(await page.evaluate(() => window.__preview.updates.at(-1)!['src/Footer.tsx'])).toBeUndefined();
    await page.close();
  });

  it('explains BUSY and failures inline, and cancels a running generation', async () => {
    const page = await openBuilder('?tick=30');
    const composer = page.getByRole('textbox', { name: 'Message' });

    await page.evaluate(() => window.__fake.startExternalGeneration());
    await composer.fill('Add a footer');
    await composer.press('Enter');
    const problem = page.getByTestId('chat-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('This project is busy');
    expect(await problem.textContent()).toContain('A generation is already running for this project');
    expect(await composer.inputValue()).toBe('Add a footer');
    await shot(page, 'busy-1280');
    // Wait for the other tab's generation to end.
    await expect.poll(() => page.evaluate(() => window.__fake.versions.length), { timeout: 15_000 }).toBe(2);

    await composer.fill('Please fail this time');
    await composer.press('Enter');
    const failed = page.getByRole('group', { name: 'Failed generation' });
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.textContent()).toContain("The model's changes could not be applied");

    await page.evaluate(() => window.__fake.hold());
    await composer.fill('Add a subtitle');
    await composer.press('Enter');
    await page.getByTestId('live-reply').waitFor();
    await page.getByRole('button', { name: 'Cancel generation' }).click();
    await expect.poll(() => page.getByText('Cancelled. The project is unchanged.').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.__fake.versions.length)).toBe(2);
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
    await page.close();
  });

  it('follows a generation that was already running when the page opened', async () => {
    const page = await openBuilder('?running=1&hold=1');
    const live = page.getByTestId('live-turn');
    await live.waitFor();
    expect(await live.textContent()).toContain('Add a footer with the team name');
    await page.evaluate(() => window.__fake.release());
    await expect.poll(() => page.getByTestId('head-version').textContent(), { timeout: 15_000 }).toBe('Version 2');
    await expect.poll(() => live.count()).toBe(0);
    expect(await page.getByTestId('turn-changes').textContent()).toContain('src/Footer.tsx');
    // The prompt shows once: the saved user message replaced the live one.
    expect(await page.getByRole('log', { name: 'Conversation' }).getByText('Add a footer with the team name', { exact: true }).count()).toBe(1);
    await page.close();
  });

  it('shows preview errors in an overlay with a one-click Fix with AI', async () => {
    const page = await openBuilder('?provider=openai');
    expect(await page.getByTestId('scaffold-note').count()).toBe(0);
    await page.evaluate(() =>
      window.__preview.emit({
        type: 'problem',
        problem: { kind: 'runtime', message: "Cannot read properties of undefined (reading 'map')", file: 'src/App.tsx', line: 17, column: 15 },
      }),
    );
    const bar = page.getByTestId('preview-problem');
    await bar.waitFor();
    expect(await bar.textContent()).toContain('Runtime error');
    expect(await bar.textContent()).toContain('src/App.tsx:17:15');
    await shot(page, 'preview-error-1280');

    // The location link jumps to the line in the editor.
    await bar.getByRole('button', { name: /src\/App\.tsx:17/ }).click();
    await expect.poll(() => page.locator('.cm-lineNumbers .cm-activeLineGutter').textContent()).toBe('17');

    await bar.getByRole('button', { name: 'Fix with AI' }).click();
    await page.getByTestId('live-turn').waitFor();
    const input = await page.evaluate(() => window.__fake.calls.filter((c) => c.method === 'generate').at(-1)!.input);
    expect(input).toEqual({
      prompt: "Fix this error: Cannot read properties of undefined (reading 'map') at src/App.tsx:17",
      kind: 'fix',
      providerId: 'openai',
      model: 'gpt-4.1-mini',
    });
    // A new version reaches the preview, which clears the bar.
    await expect.poll(() => page.getByTestId('head-version').textContent(), { timeout: 15_000 }).toBe('Version 2');
    expect(await bar.count()).toBe(0);
    expect(await page.getByTestId('turn-usage').last().textContent()).toMatch(/openai · gpt-4\.1-mini .*\$0\.0/);
    await page.close();
  });

  it('downloads and uploads ZIPs, reports a bad upload, and deploys', async () => {
    const page = await openBuilder();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ZIP' }).click()]);
    expect(download.suggestedFilename()).toBe('task-board.zip');
    const path = join(tmpdir(), `builder-test-${process.pid}-download.zip`);
    await download.saveAs(path);
    const entries = unzipSync(new Uint8Array(readFileSync(path)));
    expect(Object.keys(entries).sort()).toContain('task-board/src/App.tsx');
    expect(strFromU8(entries['task-board/index.html']!)).toContain('<title>Task Board</title>');

    const zip = zipSync({ 'imported/src/App.tsx': strToU8('export function App() {\n  return <h1>Imported</h1>;\n}\n'), 'imported/index.html': strToU8('<!doctype html>\n') });
    const upload = join(tmpdir(), 'upload.zip');
    writeFileSync(upload, zip);
    await page.getByTestId('zip-input').setInputFiles(upload);
    await expect.poll(() => page.getByTestId('head-version').textContent()).toBe('Version 2');
    expect(await page.getByTestId('notices').textContent()).toContain('Imported upload.zip');
    expect(await page.evaluate(() => Object.keys(window.__fake.headFiles()).sort())).toEqual(['index.html', 'src/App.tsx']);
    expect(await page.getByTestId('stub-title').textContent()).toBe('Imported');

    await page.getByTestId('zip-input').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all, just text') });
    await expect.poll(() => page.getByTestId('notices').textContent()).toContain('notes.zip could not be imported');
    expect(await page.getByTestId('notices').textContent()).toContain('This file is not a ZIP archive.');
    expect(await page.getByTestId('head-version').textContent()).toBe('Version 2');

    await page.getByRole('button', { name: 'Deploy' }).click();
    expect(await page.evaluate(() => window.__deploys)).toBe(1);
    await page.close();
  });

  it('resizes the panes from the keyboard', async () => {
    const page = await openBuilder();
    const handle = page.getByRole('separator', { name: 'Resize the chat and code panes' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    const width = () => page.getByRole('tabpanel').first().evaluate((el) => el.getBoundingClientRect().width);
    const w0 = await width();
    await handle.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => Number(await handle.getAttribute('aria-valuenow'))).toBe(before + 10);
    await expect.poll(width).toBeGreaterThan(w0 + 100);
    await page.keyboard.press('Home');
    await expect.poll(async () => Number(await handle.getAttribute('aria-valuenow'))).toBe(18);
    await page.close();
  });

  it('works on a 390×844 phone: one pane at a time behind tabs', async () => {
    const page = await openBuilder('?history=1', { width: 390, height: 844 });
    const tabs = page.getByRole('tablist', { name: 'Builder panes' });
    expect(await tabs.isVisible()).toBe(true);
    expect(await page.getByRole('separator').first().isVisible()).toBe(false);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBe(0);
    await shot(page, 'chat-390');

    await tabs.getByRole('tab', { name: 'Code' }).click();
    expect(await page.locator('.cm-content').isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Project files' }).isVisible()).toBe(false);
    await shot(page, 'code-390');
    await page.getByRole('button', { name: 'Show files' }).click();
    await page.getByRole('navigation', { name: 'Project files' }).waitFor();
    await shot(page, 'files-390');
    await page.locator('[data-file-path="db/schema.sql"]').click();
    expect(await page.getByTestId('open-path').textContent()).toBe('db/schema.sql');

    await page.getByRole('tab', { name: /History/ }).click();
    await shot(page, 'history-390');
    await tabs.getByRole('tab', { name: 'Preview' }).click();
    expect(await page.getByTestId('stub-preview').isVisible()).toBe(true);
    expect(await overflow()).toBe(0);
    await shot(page, 'preview-390');
    await page.close();
  });
});
