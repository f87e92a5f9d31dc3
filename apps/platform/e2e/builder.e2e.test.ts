import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, trpc } from './helpers';
import { repoRoot, startPlatformServer, type TPlatformServer } from './platform-server';

const artifacts = path.join(repoRoot, 'artifacts', 'builder-e2e');

const owner = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical-engine-1843' };
const viewer = { name: 'Charles Babbage', email: 'charles@example.com', password: 'difference-engine-1822' };
const prompt = 'a todo app called Acme Tasks to track tasks';

let server: TPlatformServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let projectUrl = '';

async function newPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale: 'en-US', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** The builder keeps streams open, so no "network idle" here: fonts and a painted frame suffice. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), animations: 'disabled' });
}

/** The app running in the builder's sandboxed preview frame. */
function previewFrame(page: Page, projectName: string): FrameLocator {
  return page.frameLocator(`iframe[title="Preview of ${projectName}"]`);
}

/** The app's name as its header shows it, inside the preview. */
function appBrand(page: Page): Promise<string | null> {
  return previewFrame(page, 'Acme Tasks')
    .locator('.brand-name')
    .textContent({ timeout: 2_000 })
    .catch(() => null);
}

/**
 * Waits until `read()` sees `expected` in the preview; fails at once, with the message, when the
 * builder shows a build or runtime problem instead of the app.
 */
async function waitForPreview(page: Page, read: () => Promise<string | null>, expected: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = page.getByTestId('preview-problem');
    if (await problem.count()) {
      throw new Error(`The preview shows a problem instead of the app: ${(await problem.first().innerText()).replace(/\s+/g, ' ')}`);
    }
    const seen = await read();
    if (seen === expected) return;
    if (Date.now() > deadline) throw new Error(`The preview did not show "${expected}" within ${timeoutMs / 1000} s (last seen: ${JSON.stringify(seen)}).`);
    await page.waitForTimeout(250);
  }
}

/** The files of a ZIP archive (stored or deflated entries), read through its central directory. */
function unzip(bytes: Buffer): Map<string, string> {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('Not a ZIP archive: no end-of-central-directory record.');
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) throw new Error(`Broken central directory entry ${i}.`);
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    const data = bytes.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith('/')) files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}


beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startPlatformServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

// The preview compiles the app with esbuild-wasm in the browser: on a shared 2-core machine the
// first build can take tens of seconds. Slow is not wrong; generous limits, exact assertions.
describe('the builder in Chromium (scaffold provider, no AI key)', { timeout: 360_000 }, () => {
  it('creates a project from a prompt, previews it, changes it by chat, restores version 1 and downloads the ZIP', async () => {
    const page = await newPage();
    await signUp(page, owner, 'Acme Robotics');

    // /projects from the team navigation: empty, with "New project".
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Projects' }).click();
    await page.waitForURL('**/projects');
    await expect.poll(() => page.getByText('No projects yet').count()).toBe(1);
    await shot(page, '01-projects-empty');

    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    // No key on this server: the dialog says Scaffold is not a language model.
    await expect.poll(() => dialog.textContent()).toContain('It is not a language model');
    await dialog.getByLabel('Name', { exact: true }).fill('Acme Tasks');
    await dialog.getByLabel('Describe the app').fill(prompt);
    await shot(page, '02-new-project-dialog');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/prj_[\w-]+$/);
    projectUrl = new URL(page.url()).pathname;

    // The first generation runs; the builder picks up its progress and lands on version 1.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Tasks');
    await expect.poll(() => page.getByTestId('head-version').textContent(), { timeout: 60_000 }).toBe('Version 1');
    expect(await page.getByText(prompt, { exact: true }).count()).toBeGreaterThan(0);

    // The preview bundles and runs the app in its sandboxed frame: its name, then its data
    // (the app's API and SQLite database run in the browser too).
    const frame = previewFrame(page, 'Acme Tasks');
    await waitForPreview(page, () => frame.getByRole('heading', { level: 1 }).textContent({ timeout: 2_000 }).catch(() => null), 'Acme Tasks');
    await shot(page, '03-builder-version-1');
    await frame.getByRole('link', { name: /Browse tasks/ }).click();
    await expect.poll(() => frame.getByText('Draft the Q3 roadmap').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, '04-preview-tasks-from-database');

    // Change it by chat; the preview follows on the same route.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('rename the app to Zeta Tasks');
    await composer.press('Enter');
    await expect.poll(() => page.getByTestId('head-version').textContent(), { timeout: 60_000 }).toBe('Version 2');
    await waitForPreview(page, () => appBrand(page), 'Zeta Tasks', 60_000);
    await expect.poll(() => frame.getByText('Draft the Q3 roadmap').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const frameText = await frame.locator('body').innerText();
    expect(frameText).not.toContain('Acme Tasks');
    await shot(page, '05-chat-renamed-zeta-tasks');

    // History → restore version 1 → a new version 3 with the old files; the preview shows Acme Tasks again.
    await page.getByRole('tab', { name: /History/ }).click();
    await expect.poll(() => page.locator('[data-version-number]').count()).toBe(2);
    await page.locator('[data-version-number="1"]').getByRole('button', { name: /Restore/ }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('button', { name: 'Restore version 1' }).waitFor();
    await shot(page, '06-restore-confirm');
    await confirm.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => page.getByTestId('head-version').textContent(), { timeout: 30_000 }).toBe('Version 3');
    expect(await page.locator('[data-version-number="3"]').textContent()).toContain('Restored version 1');
    await waitForPreview(page, () => appBrand(page), 'Acme Tasks', 60_000);
    await shot(page, '07-restored-version-1');

    // Download the ZIP: a real archive of the head version, with its manifest.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ZIP' }).click()]);
    expect(download.suggestedFilename()).toBe('acme-tasks.zip');
    const zipPath = path.join(artifacts, 'acme-tasks.zip');
    await download.saveAs(zipPath);
    const bytes = readFileSync(zipPath);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    const files = unzip(bytes);
    const manifestPath = [...files.keys()].find((name) => name === 'shipyard.json' || name.endsWith('/shipyard.json'));
    expect(manifestPath, `shipyard.json among ${[...files.keys()].join(', ')}`).toBeDefined();
    const manifest = JSON.parse(files.get(manifestPath!)!) as { name?: string };
    expect(manifest.name).toBe('Acme Tasks');
    expect([...files.keys()].some((name) => name.endsWith('src/App.tsx'))).toBe(true);

    // Deploy hands over to the dashboard's deployment modal.
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.waitForURL(`**/dashboard?deploy=${projectUrl.split('/').at(-1)}`);

    // The project is listed, and reopening it shows the restored version.
    await page.goto('/projects');
    const card = page.getByTestId('project-card').filter({ hasText: 'Acme Tasks' });
    await expect.poll(() => card.count()).toBe(1);
    await shot(page, '08-projects-list');
    await card.getByRole('link').click();
    await page.waitForURL(`**${projectUrl}`);
    await expect.poll(() => page.getByTestId('head-version').textContent()).toBe('Version 3');
    expect(pageErrors).toEqual([]);
  });

  it('shows a viewer the project read-only, and the API refuses their writes', async () => {
    expect(projectUrl, 'the first test created the project').not.toBe('');
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');

    // Invite a viewer; they sign up from the emailed link and accept.
    await page.goto('/settings/members');
    await page.waitForLoadState('networkidle');
    await page.getByRole('textbox', { name: 'Email address' }).filter({ visible: true }).first().fill(viewer.email);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.getByTestId('invitation-row').filter({ hasText: viewer.email }).count()).toBe(1);
    await page.goto('/dev/mail');
    const email = page.getByTestId('outbox-email').filter({ hasText: viewer.email }).first();
    const invitationLink = await email.locator('a[href*="/invitations/"]').first().getAttribute('href');
    expect(invitationLink).toBeTruthy();

    const guest = await newPage();
    await guest.goto(invitationLink!);
    await guest.getByRole('link', { name: 'Create an account' }).click();
    await guest.waitForURL('**/sign-up?**');
    await guest.getByLabel('Name').fill(viewer.name);
    await guest.getByLabel('Password').fill(viewer.password);
    await guest.getByRole('button', { name: 'Create account' }).click();
    await guest.waitForURL(invitationLink!);
    await guest.getByRole('button', { name: 'Accept invitation' }).click();
    await guest.waitForURL('**/dashboard');

    // /projects: the project, and no way to create one.
    await guest.goto('/projects');
    await expect.poll(() => guest.getByTestId('project-card').filter({ hasText: 'Acme Tasks' }).count()).toBe(1);
    expect(await guest.getByRole('button', { name: 'New project' }).count()).toBe(0);

    // The project: preview, code and history — no chat, save, upload, restore or deploy.
    await guest.goto(projectUrl);
    await expect.poll(() => guest.getByText('View only').count()).toBe(1);
    await expect.poll(() => guest.getByTestId('head-version').textContent()).toBe('Version 3');
    await waitForPreview(guest, () => appBrand(guest), 'Acme Tasks');
    expect(await guest.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    for (const name of ['Deploy', 'Upload ZIP', 'Save']) expect(await guest.getByRole('button', { name, exact: true }).count()).toBe(0);
    await expect.poll(() => guest.getByTestId('open-path').textContent()).toBe('src/App.tsx');
    expect(await guest.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    await shot(guest, '09-viewer-read-only');

    await guest.getByRole('tab', { name: /History/ }).click();
    await expect.poll(() => guest.locator('[data-version-number]').count()).toBe(3);
    expect(await guest.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
    // Any version can be looked at: version 2 is the renamed app.
    await guest.locator('[data-version-number="2"]').getByRole('button').click();
    await expect.poll(() => guest.getByTestId('head-version').textContent()).toBe('Version 2 (older)');
    await waitForPreview(guest, () => appBrand(guest), 'Zeta Tasks', 60_000);
    await shot(guest, '10-viewer-older-version');

    // The API refuses a viewer's writes, whatever the UI shows.
    const projectId = projectUrl.split('/').at(-1)!;
    const orgId = await guest.evaluate(async () => {
      const response = await fetch('/api/trpc/org.list');
      const body = (await response.json()) as { result: { data: { json: { id: string; name: string }[] } } };
      return body.result.data.json.find((org) => org.name === 'Acme Robotics')?.id;
    });
    expect(orgId).toBeTruthy();
    expect((await trpc(guest, 'mutation', 'editor.generate', { orgId, projectId, prompt: 'rename the app to Mine', kind: 'edit' })).status).toBe(403);
    expect((await trpc(guest, 'mutation', 'editor.versions.restore', { orgId, projectId, versionId: 'x', parentVersionId: null })).status).toBe(403);
    expect(pageErrors).toEqual([]);
  });

  it('fits a phone: one pane at a time behind tabs, preview included', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');
    await page.goto('/projects');
    await shot(page, '11-mobile-projects');
    await page.goto(projectUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Tasks');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await waitForPreview(page, () => appBrand(page), 'Acme Tasks');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '12-mobile-builder-preview');
    expect(pageErrors).toEqual([]);
  });

  it('serves the preview assets same-origin with the headers the sandboxed frame needs', async () => {
    const manifest = await fetch(`${server.baseUrl}/_preview/manifest.json`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('access-control-allow-origin')).toBe('*');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    const files = JSON.stringify(await manifest.json());
    const wasm = /esbuild-[\w.-]+\.wasm/.exec(files)?.[0];
    expect(wasm).toBeDefined();
    const head = await fetch(`${server.baseUrl}/_preview/${wasm}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/wasm');
    expect(head.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.baseUrl}/_preview/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/_preview/nope.js`)).status).toBe(404);
  });
});
