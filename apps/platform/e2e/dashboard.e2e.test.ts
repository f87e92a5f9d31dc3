import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, call, signUp, trpc } from './helpers';
import { appDir, repoRoot, startPlatformServer, type TPlatformServer } from './platform-server';

// The dashboard and the deploy modal in Chromium, against the production build with its own
// local host (workerd) on free ports: sign-up → scaffold an app → Deploy from the dashboard →
// live app with its own data → redeploy a chat change → roll back → delete; a viewer who can
// look but not act; and a team with 300 projects.

const artifacts = path.join(repoRoot, 'artifacts', 'dashboard');
const builderPageExists = ['(app)', '(builder)', ''].some((group) =>
  existsSync(path.join(appDir, 'src', 'app', group, 'projects', '[id]', 'page.tsx')),
);

let server: TPlatformServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(viewport = { width: 1280, height: 800 }, signedInAs?: Page): Promise<Page> {
  const storageState = signedInAs ? await signedInAs.context().storageState() : undefined;
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport,
    locale: 'en-US',
    ...(storageState ? { storageState } : {}),
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(250); // let dialogs and badges finish their entry animation
  await page.screenshot({
    path: path.join(artifacts, `${name}.png`),
    fullPage,
    animations: 'disabled',
  });
}

async function generate(
  page: Page,
  orgId: string,
  projectId: string,
  prompt: string,
  kind: 'create' | 'edit',
): Promise<void> {
  const { generationId } = await call<{ generationId: string }>(
    page,
    'mutation',
    'editor.generate',
    { orgId, projectId, prompt, kind },
  );
  for (let i = 0; i < 600; i++) {
    const gen = await call<{ status: string; error: string | null }>(
      page,
      'query',
      'editor.generation',
      { orgId, generationId },
    );
    if (gen.status === 'succeeded') return;
    if (gen.status === 'failed' || gen.status === 'cancelled')
      throw new Error(`generation ${gen.status}: ${gen.error}`);
    await page.waitForTimeout(100);
  }
  throw new Error('the generation did not finish');
}

async function waitForDeployment(
  page: Page,
  orgId: string,
  deploymentId: string,
): Promise<{ status: string; error: string | null }> {
  for (let i = 0; i < 900; i++) {
    const status = await call<{ status: string; error: string | null }>(
      page,
      'query',
      'deploy.status',
      { orgId, deploymentId },
    );
    if (
      status.status === 'succeeded' ||
      status.status === 'failed' ||
      status.status === 'cancelled'
    )
      return status;
    await page.waitForTimeout(100);
  }
  throw new Error('the deployment did not finish');
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startPlatformServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 150_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

const owner = { name: 'Ada Lovelace', email: 'ada@acme.org', password: 'analytical-engine-1843' };
const viewer = { name: 'Vera Viewer', email: 'vera@acme.org', password: 'only-looking-2026' };

// The preview data the builder stores when Deploy is clicked there (src/components/deploy/preview-data.ts).
const PREVIEW_SQL = `-- Shipyard preview data, exported 2026-11-21T10:00:00.000Z: 2 row(s) in 1 table(s).
INSERT INTO "tasks" ("id", "title", "notes", "due_date", "done", "created_at") VALUES
  (1, 'Made in the preview', 'Typed into the builder preview', '2026-12-01', 0, '2026-11-21 10:00:00'),
  (2, 'Second preview task', NULL, NULL, 1, '2026-11-21 10:01:00');
`;

let orgId = '';
let projectId = '';

describe('dashboard and deploy modal in Chromium', { timeout: 600_000 }, () => {
  it('goes from sign-up to a live app with its own data, then redeploys, rolls back and deletes it', async () => {
    const page = await newPage();
    orgId = await signUp(page, owner, 'Acme Robotics');

    // Empty state: one way forward.
    await expect.poll(() => page.getByText('No projects yet').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Start a new project' }).getAttribute('href')).toBe(
      '/projects?new=1',
    );
    await shot(page, '01-dashboard-empty');
    expect(await axe(page)).toEqual([]);

    // A project, generated by the scaffold provider (no AI key on this machine).
    const project = await call<{ id: string }>(page, 'mutation', 'editor.projects.create', {
      orgId,
      name: 'Acme Tasks',
    });
    projectId = project.id;
    await generate(page, orgId, projectId, 'a todo app called Acme Tasks', 'create');
    await page.evaluate(
      ({ id, sql }) => {
        const data = {
          projectId: id,
          versionId: null,
          sql,
          rows: 2,
          bytes: sql.length,
          exportedAt: new Date().toISOString(),
        };
        sessionStorage.setItem(`shipyard:preview-data:${id}`, JSON.stringify(data));
      },
      { id: projectId, sql: PREVIEW_SQL },
    );

    await page.reload();
    const card = page.getByTestId('project-card').filter({ hasText: 'Acme Tasks' });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByTestId('platform-badge').count()).toBe(0);
    expect(await card.textContent()).toContain('Draft');
    expect(await page.getByTestId('stat-projects').textContent()).toContain('1');
    expect(await page.getByTestId('stat-usage').textContent()).toMatch(/1\s*generations/);
    await shot(page, '02-dashboard-one-project');

    // Keyboard: the Deploy button opens the modal, focus stays inside it, Escape closes it.
    const deployButton = page.getByRole('button', { name: 'Deploy Acme Tasks' });
    await deployButton.focus();
    await page.keyboard.press('Enter');
    const modal = page.getByRole('dialog');
    await expect
      .poll(() => modal.getByRole('heading', { name: 'Deploy Acme Tasks' }).count())
      .toBe(1);
    expect(new URL(page.url()).searchParams.get('deploy')).toBe(projectId);
    for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]'))),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => modal.count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('deploy')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Deploy Acme Tasks',
    );

    // The modal opens from the address too (the builder's Deploy button goes there).
    await page.goto(`/dashboard?deploy=${projectId}`);
    await expect.poll(() => modal.getByText('Where does the app’s data live?').count()).toBe(1);

    // 1 Database: local, recommended; import the preview's 2 rows.
    const local = modal.getByRole('radio', { name: /SQLite on this machine/ });
    expect(await local.isChecked()).toBe(true);
    expect(await modal.getByText('Recommended').first().isVisible()).toBe(true);
    const importPreview = modal.getByRole('radio', { name: /Import data from the preview/ });
    expect(
      await modal
        .locator('label')
        .filter({ has: page.getByRole('radio', { name: /Import data from the preview/ }) })
        .textContent(),
    ).toContain('2 rows');
    await importPreview.check();
    await shot(page, '03-modal-database', false);
    expect(await axe(page)).toEqual([]);
    await modal.getByRole('button', { name: 'Continue' }).click();

    // 2 Hosting: this machine; the others say what they need.
    expect(await modal.getByRole('radio', { name: /This machine/ }).isChecked()).toBe(true);
    const unconfigured = await modal.getByTestId('unconfigured-provider').allTextContents();
    expect(unconfigured.join('\n')).toMatch(/Cloudflare Pages.*API token/);
    expect(unconfigured.join('\n')).toContain('Netlify');
    expect(unconfigured.join('\n')).toContain('Vercel');
    await shot(page, '04-modal-hosting', false);
    await modal.getByRole('button', { name: 'Continue' }).click();

    // 3 Environment: checked as you type; values masked with show/hide.
    await modal.getByRole('button', { name: 'Add variable' }).click();
    const nameInput = modal.getByLabel('Variable name');
    await nameInput.fill('support-email');
    await expect.poll(() => modal.getByText(/Use UPPER_SNAKE_CASE/).count()).toBe(1);
    expect(await modal.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);
    await nameInput.fill('SUPPORT_EMAIL');
    await modal.getByLabel('Value of SUPPORT_EMAIL', { exact: true }).fill('help@acme.org');
    expect(
      await modal.getByLabel('Value of SUPPORT_EMAIL', { exact: true }).getAttribute('type'),
    ).toBe('password');
    await modal.getByRole('button', { name: 'Show the value of SUPPORT_EMAIL' }).click();
    expect(
      await modal.getByLabel('Value of SUPPORT_EMAIL', { exact: true }).getAttribute('type'),
    ).toBe('text');
    await expect.poll(() => modal.getByText(/Use UPPER_SNAKE_CASE/).count()).toBe(0);
    await shot(page, '05-modal-environment', false);
    await modal.getByRole('button', { name: 'Continue' }).click();

    // 4 Domain: the free address is known before the deploy.
    const liveUrl = `http://acme-tasks.localhost:${server.localHostPort}`;
    expect(await modal.getByTestId('planned-live-url').textContent()).toBe(liveUrl);
    expect(await modal.getByText(/None is configured on this server/).count()).toBe(1);
    await shot(page, '06-modal-domain', false);
    await modal.getByRole('button', { name: 'Continue' }).click();

    // 5 Review: everything chosen, and the cost with its assumptions.
    const review = await modal.getByTestId('deploy-review').textContent();
    expect(review).toContain('import 2 rows from the preview');
    expect(review).toContain('SUPPORT_EMAIL');
    expect(review).toContain(liveUrl);
    expect(await modal.getByTestId('cost-estimate').textContent()).toMatch(
      /\$0\.00.*\/ month.*This machine: \$0\.00 — Runs on this Shipyard server/s,
    );
    await shot(page, '07-modal-review', false);

    // Deploy: progress with steps and logs, then the live app.
    await modal.getByRole('button', { name: 'Deploy', exact: true }).click();
    await modal.getByTestId('deploy-progress').waitFor();
    await shot(page, '08-modal-progress', false);
    await modal.getByTestId('app-overview').waitFor({ timeout: 120_000 });
    expect(await modal.getByText('Acme Tasks is live').count()).toBe(1);
    expect(await modal.getByTestId('live-url').textContent()).toBe(liveUrl);
    expect(await modal.getByText('acme-tasks', { exact: true }).count()).toBeGreaterThan(0);
    await shot(page, '09-modal-live', false);
    expect(await axe(page)).toEqual([]);

    // A domain of one's own: the exact DNS records to create, then Verify (no such records
    // exist for this made-up domain, so it says what is missing).
    await modal.getByRole('textbox', { name: 'Custom domain' }).fill('tasks.acme-robotics.org');
    await modal.getByRole('button', { name: 'Add domain' }).click();
    await expect.poll(() => modal.getByTestId('dns-record').count()).toBeGreaterThanOrEqual(2);
    const records = (await modal.getByTestId('dns-record').allTextContents()).join('\n');
    expect(records).toContain('_shipyard-verify.tasks.acme-robotics.org');
    expect(records).toMatch(/CNAME\s*tasks\.acme-robotics\.org\s*acme-tasks\.localhost/);
    await modal.getByRole('button', { name: 'Verify tasks.acme-robotics.org' }).click();
    await expect
      .poll(() => modal.getByText('Not verified yet').count(), { timeout: 30_000 })
      .toBe(1);
    await modal.getByTestId('custom-domain').scrollIntoViewIfNeeded();
    await shot(page, '09a-modal-domain-records', false);
    expect(await axe(page)).toEqual([]);

    // Native platforms: the form, and plainly what this server lacks (nothing is faked).
    await modal.getByRole('tab', { name: 'iOS' }).click();
    await expect
      .poll(() => modal.getByText('No mobile builder is configured on this server').count())
      .toBe(1);
    expect(
      await modal
        .getByText(/Apple Developer Program/)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await modal.getByRole('button', { name: 'Build for iOS' }).isDisabled()).toBe(true);
    expect(await modal.getByLabel('Wraps').inputValue()).toBe(liveUrl);
    await shot(page, '09b-modal-ios', false);
    await modal.getByRole('tab', { name: 'Desktop' }).click();
    await expect
      .poll(() => modal.getByText('No desktop builder is configured on this server').count())
      .toBe(1);
    expect(await axe(page)).toEqual([]);
    await modal.getByRole('tab', { name: 'Web' }).click();

    // The copy button puts the URL on the clipboard.
    await modal.getByRole('button', { name: 'Copy URL' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(liveUrl);

    // The live app, in the browser, with the preview's rows (they replaced the seed).
    const app = await newPage();
    await app.goto(`${liveUrl}/tasks`);
    await expect
      .poll(() => app.getByText('Made in the preview').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await app.title()).toContain('Acme Tasks');
    await shot(app, '10-live-app');
    // From inside the page: Node (the API request context) does not resolve *.localhost.
    const list = await app.evaluate(
      async () =>
        (await (await fetch('/api/tasks')).json()) as { items: { title: string }[]; total: number },
    );
    expect(list.items.map((t) => t.title).sort()).toEqual([
      'Made in the preview',
      'Second preview task',
    ]);

    // A chat change, then Redeploy from the modal: the new version is live, the data stays.
    await generate(page, orgId, projectId, 'rename the app to Zeta Tasks', 'edit');
    await page.goto(`/dashboard?deploy=${projectId}`);
    await modal.getByTestId('app-overview').waitFor();
    await modal.getByRole('button', { name: /^Redeploy/ }).click();
    await modal.getByTestId('deploy-progress').waitFor();
    await modal.getByTestId('app-overview').waitFor({ timeout: 120_000 });
    await app.goto(`${liveUrl}/tasks`);
    await expect
      .poll(() => app.getByText('Zeta Tasks').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => app.getByText('Made in the preview').count()).toBeGreaterThan(0);
    await shot(app, '11-live-app-redeployed');
    expect(await modal.getByTestId('app-deployment').count()).toBe(2);
    await shot(page, '12-modal-redeployed', false);

    // Roll back (confirmed): the first build serves again, instantly.
    await modal.getByRole('button', { name: 'Roll back' }).click();
    const confirm = page.getByRole('dialog', { name: 'Roll back to the previous deployment?' });
    await shot(page, '13-confirm-rollback', false);
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await expect.poll(() => modal.getByText(/^Rolled back:/).count()).toBe(1);
    await app.goto(`${liveUrl}/tasks`);
    await expect
      .poll(() => app.getByText('Made in the preview').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await app.getByText('Zeta Tasks').count()).toBe(0);
    expect(await app.getByText('Acme Tasks').count()).toBeGreaterThan(0);
    await shot(page, '14-modal-rolled-back', false);

    // The dashboard at a phone's width, modal included.
    const phone = await newPage({ width: 390, height: 844 }, page);
    await phone.goto(`/dashboard?deploy=${projectId}`);
    await phone.getByRole('dialog').getByTestId('app-overview').waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(phone, '15-phone-modal', false);
    expect(await axe(phone)).toEqual([]);
    await phone.keyboard.press('Escape');
    await phone.getByTestId('project-card').first().waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(phone, '16-phone-dashboard');

    // The dashboard now: live badge and URL, figures, activity and history with logs.
    await page.keyboard.press('Escape');
    await page.goto('/dashboard');
    await expect.poll(() => card.getByTestId('platform-badge').textContent()).toBe('Web · Live');
    expect(await card.getByTestId('project-live-url').textContent()).toBe(
      liveUrl.replace('http://', ''),
    );
    expect(await page.getByTestId('stat-deployed').textContent()).toContain('1');
    expect(await page.getByTestId('stat-deployments').textContent()).toMatch(/Deployments2/);
    await expect.poll(() => page.getByTestId('deployment-row').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('activity-item').filter({ hasText: 'rolled back' }).count())
      .toBe(1);
    expect(
      await page.getByTestId('activity-item').filter({ hasText: 'deployed Acme Tasks' }).count(),
    ).toBe(2);
    await shot(page, '17-dashboard-live');
    expect(await axe(page)).toEqual([]);
    await page.getByTestId('deployment-row').first().getByRole('button', { name: /Logs/ }).click();
    const logs = page.getByRole('dialog', { name: /Deployment of Acme Tasks/ });
    await expect.poll(() => logs.getByTestId('deploy-step').count()).toBe(9);
    expect(await logs.getByRole('list', { name: 'Deployment log' }).textContent()).toMatch(
      /Live at http:\/\/acme-tasks\.localhost/,
    );
    await shot(page, '18-deployment-logs', false);
    await page.keyboard.press('Escape');

    // Docs: pages, API routes, data model, env vars, read from the app's files.
    await card.getByRole('link', { name: 'Docs of Acme Tasks' }).click();
    await page.waitForURL(`**/projects/${projectId}/docs`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Tasks');
    expect(await page.getByText('The app calls itself “Zeta Tasks”.').count()).toBe(1);
    const routes = await page.getByTestId('api-route').allTextContents();
    expect(routes.some((r) => r.startsWith('GET/api/tasks'))).toBe(true);
    expect(routes.some((r) => r.startsWith('DELETE/api/tasks/:id'))).toBe(true);
    expect(await page.getByTestId('data-table').filter({ hasText: 'due_date' }).count()).toBe(1);
    await shot(page, '19-project-docs');
    expect(await axe(page)).toEqual([]);

    // Delete (admin, typed confirmation): hosting and database gone, the address answers 404.
    await page.goto(`/dashboard?deploy=${projectId}`);
    await modal.getByTestId('app-overview').waitFor();
    await modal.getByRole('button', { name: 'Delete app' }).click();
    const confirmDelete = page.getByRole('dialog', { name: 'Delete Acme Tasks?' });
    expect(await confirmDelete.getByRole('button', { name: 'Delete app' }).isDisabled()).toBe(true);
    await confirmDelete.getByRole('textbox').fill('acme-tasks');
    await shot(page, '20-confirm-delete', false);
    await confirmDelete.getByRole('button', { name: 'Delete app' }).click();
    await expect.poll(() => modal.getByText('The app was deleted').count()).toBe(1);
    await shot(page, '21-modal-deleted', false);
    const gone = await app.goto(`${liveUrl}/`);
    expect(gone?.status()).toBe(404);
    await shot(app, '22-live-app-deleted');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.textContent()).toContain('Draft');
  });

  it('lets a viewer see deployments, and offers them no deploy, rollback, reveal or delete — which the API refuses too', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');

    // Deploy again through the API (with a secret), so there is something to look at.
    const started = await call<{ deploymentId: string; appId: string }>(
      page,
      'mutation',
      'deploy.deployWeb',
      {
        orgId,
        projectId,
        hostingProvider: 'local',
        databaseProvider: 'local',
        env: { SUPPORT_EMAIL: 'help@acme.org' },
      },
    );
    expect((await waitForDeployment(page, orgId, started.deploymentId)).status).toBe('succeeded');
    const invitation = await call<{ id: string }>(page, 'mutation', 'org.invite', {
      orgId,
      email: viewer.email,
      role: 'viewer',
    });

    const guest = await newPage();
    await guest.goto(`/invitations/${invitation.id}`);
    await guest.getByRole('link', { name: 'Create an account' }).click();
    await guest.waitForURL('**/sign-up?**');
    await guest.getByLabel('Name').fill(viewer.name);
    await guest.getByLabel('Password').fill(viewer.password);
    await guest.getByRole('button', { name: 'Create account' }).click();
    await guest.getByRole('button', { name: 'Accept invitation' }).click();
    await guest.waitForURL('**/dashboard');

    // The UI: the project and its live state, no way to act.
    const card = guest.getByTestId('project-card').filter({ hasText: 'Acme Tasks' });
    await expect.poll(() => card.getByTestId('platform-badge').textContent()).toBe('Web · Live');
    expect(await guest.getByRole('link', { name: 'New project' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Deploy Acme Tasks' }).count()).toBe(0);
    await expect.poll(() => guest.getByTestId('deployment-row').count()).toBeGreaterThan(0);
    await card.getByRole('button', { name: 'Deployment Acme Tasks' }).click();
    const modal = guest.getByRole('dialog');
    await modal.getByTestId('app-overview').waitFor();
    expect(await modal.getByTestId('live-url').textContent()).toContain('acme-tasks.localhost');
    await expect.poll(() => modal.getByTestId('env-var').count()).toBe(1);
    for (const name of [
      /^Redeploy/,
      /^Roll back/,
      /^Change settings/,
      /^Delete app/,
      /^Reveal/,
      /^Make live/,
      /^Add domain/,
    ]) {
      expect(await modal.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    expect(await modal.getByText('Only admins can reveal them.', { exact: false }).count()).toBe(1);
    await shot(guest, '23-viewer-modal', false);
    expect(await axe(guest)).toEqual([]);

    // The API: reading works, acting is refused.
    const history = await trpc<{ items: unknown[] }>(guest, 'query', 'deploy.history', {
      orgId,
      limit: 10,
    });
    expect(history.status).toBe(200);
    expect(history.data.items.length).toBeGreaterThan(0);
    const refusals = [
      await trpc(guest, 'mutation', 'deploy.deployWeb', {
        orgId,
        projectId,
        hostingProvider: 'local',
        databaseProvider: 'local',
      }),
      await trpc(guest, 'mutation', 'deploy.redeploy', { orgId, appId: started.appId }),
      await trpc(guest, 'mutation', 'deploy.rollback', { orgId, appId: started.appId }),
      await trpc(guest, 'mutation', 'deploy.env.reveal', {
        orgId,
        appId: started.appId,
        name: 'SUPPORT_EMAIL',
      }),
      await trpc(guest, 'mutation', 'deploy.deleteApp', { orgId, appId: started.appId }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(403);
      expect(refused.error?.code).toBe('FORBIDDEN');
    }
    // The owner still can (the refusals were about the role, not the app).
    const revealed = await call<{ value: string }>(page, 'mutation', 'deploy.env.reveal', {
      orgId,
      appId: started.appId,
      name: 'SUPPORT_EMAIL',
    });
    expect(revealed.value).toBe('help@acme.org');
  });

  it.runIf(builderPageExists)(
    'has no serious accessibility violations on the builder page',
    async () => {
      const page = await newPage();
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(owner.email);
      await page.getByLabel('Password', { exact: true }).fill(owner.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/dashboard');
      await page.goto(`/projects/${projectId}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
      await shot(page, '24-builder', false);
      expect(await axe(page)).toEqual([]);
    },
  );

  it('keeps 300 projects searchable and filterable, and records time to interactive', async () => {
    const page = await newPage();
    const bulkOrg = await signUp(
      page,
      { name: 'Bo Bulk', email: 'bo@bulk.org', password: 'three-hundred-apps' },
      'Bulk Co',
    );
    const words = [
      'Alpha',
      'Bravo',
      'Charlie',
      'Delta',
      'Echo',
      'Foxtrot',
      'Golf',
      'Hotel',
      'India',
      'Juliet',
    ];
    const names = Array.from(
      { length: 297 },
      (_, i) => `${words[i % words.length]} app ${String(i + 1).padStart(3, '0')}`,
    );
    const seedStarted = Date.now();
    for (let i = 0; i < names.length; i += 10) {
      await Promise.all(
        names
          .slice(i, i + 10)
          .map((name) =>
            call(page, 'mutation', 'editor.projects.create', { orgId: bulkOrg, name }),
          ),
      );
    }
    // Three with an app: two deployed, one whose only deployment failed (a syntax error).
    const special: Record<string, string> = {};
    for (const name of ['Kilo live one', 'Lima live two', 'Mike broken']) {
      const p = await call<{ id: string }>(page, 'mutation', 'editor.projects.create', {
        orgId: bulkOrg,
        name,
      });
      special[name] = p.id;
      await generate(page, bulkOrg, p.id, `a todo app called ${name}`, 'create');
    }
    const broken = await call<{ currentVersionId: string }>(page, 'query', 'editor.projects.get', {
      orgId: bulkOrg,
      projectId: special['Mike broken'],
    });
    await call(page, 'mutation', 'editor.files.write', {
      orgId: bulkOrg,
      projectId: special['Mike broken'],
      parentVersionId: broken.currentVersionId,
      writes: { 'src/App.tsx': 'export function App() { return <div>; }\n' },
    });
    for (const [name, expected] of [
      ['Kilo live one', 'succeeded'],
      ['Lima live two', 'succeeded'],
      ['Mike broken', 'failed'],
    ] as const) {
      const d = await call<{ deploymentId: string }>(page, 'mutation', 'deploy.deployWeb', {
        orgId: bulkOrg,
        projectId: special[name],
        hostingProvider: 'local',
        databaseProvider: 'local',
      });
      expect((await waitForDeployment(page, bulkOrg, d.deploymentId)).status).toBe(expected);
    }
    const seedMs = Date.now() - seedStarted;

    // Time to interactive: navigation start → every project listed and filterable (a mark the page sets).
    const samples: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto('/dashboard', { waitUntil: 'commit' });
      await page.waitForFunction(
        () => performance.getEntriesByName('shipyard:dashboard-interactive').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      samples.push(
        await page.evaluate(() =>
          Math.round(performance.getEntriesByName('shipyard:dashboard-interactive')[0]!.startTime),
        ),
      );
    }
    expect(await page.getByTestId('project-count').textContent()).toBe('300 projects');
    expect(await page.getByTestId('project-card').count()).toBe(12);
    expect(await page.getByText('Showing 1–12 of 300').count()).toBe(1);
    await shot(page, '25-dashboard-300');

    // Search answers from the loaded list.
    const search = page.getByRole('searchbox', { name: 'Search projects' });
    const typed = Date.now();
    await search.fill('delta');
    await expect
      .poll(() => page.getByTestId('project-count').textContent())
      .toBe('30 of 300 projects match');
    const searchMs = Date.now() - typed;
    const shown = await page.getByTestId('project-card').locator('h3').allTextContents();
    expect(shown.every((n) => n.startsWith('Delta app'))).toBe(true);
    await search.fill('delta 004');
    await expect
      .poll(() => page.getByTestId('project-count').textContent())
      .toBe('1 of 300 projects match');
    expect(await page.getByTestId('project-card').locator('h3').textContent()).toBe(
      'Delta app 004',
    );
    expect(new URL(page.url()).searchParams.get('q')).toBe('delta 004');
    await search.fill('');

    // Filters.
    await page.getByLabel('Status').selectOption('deployed');
    await expect
      .poll(() => page.getByTestId('project-count').textContent())
      .toBe('2 of 300 projects match');
    expect((await page.getByTestId('project-card').locator('h3').allTextContents()).sort()).toEqual(
      ['Kilo live one', 'Lima live two'],
    );
    await page.getByLabel('Status').selectOption('failed');
    await expect
      .poll(() => page.getByTestId('project-count').textContent())
      .toBe('1 of 300 projects match');
    expect(await page.getByTestId('project-card').getByTestId('platform-badge').textContent()).toBe(
      'Web · Failed',
    );
    await shot(page, '26-dashboard-filter-failed');
    await page.getByLabel('Status').selectOption('draft');
    await expect
      .poll(() => page.getByTestId('project-count').textContent())
      .toBe('298 of 300 projects match');
    await page.getByLabel('Status').selectOption('all');
    await page.getByLabel('Platform').selectOption('web');
    await expect
      .poll(() => page.getByTestId('project-count').textContent())
      .toBe('3 of 300 projects match');
    await page.getByLabel('Platform').selectOption('ios');
    await expect.poll(() => page.getByText('No projects match').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => page.getByTestId('project-count').textContent()).toBe('300 projects');

    // Sort by name, list view, the last page.
    await page.getByLabel('Sort by').selectOption('name');
    await expect
      .poll(() => page.getByTestId('project-card').first().locator('h3').textContent())
      .toBe('Alpha app 001');
    await page.getByRole('button', { name: 'List view' }).click();
    await expect.poll(() => page.getByTestId('project-card').count()).toBe(25);
    await page.getByRole('button', { name: 'Page 12' }).click();
    await expect.poll(() => page.getByText('Showing 276–300 of 300').count()).toBe(1);
    await shot(page, '27-dashboard-300-list-last-page');
    expect(await axe(page)).toEqual([]);

    const figures = {
      date: '2026-11-21',
      projects: 300,
      seedMs,
      timeToInteractiveMs: samples,
      searchToResultMs: searchMs,
      loadAverage: os.loadavg().map((n) => Number(n.toFixed(1))),
    };
    writeFileSync(
      path.join(artifacts, 'bench-300-projects.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    console.log(`[dashboard bench] ${JSON.stringify(figures)}`);
  });
});
