import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNT_SLUG, FakeNetlify, TOKEN } from '@shipyard/providers-netlify/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, signUp, trpc } from './helpers';
import { repoRoot, startPlatformServer, type TPlatformServer } from './platform-server';

// Settings → Providers in Chromium, against the production build pointed (by the host-level
// SHIPYARD_NETLIFY_API_URL) at a local fake Netlify that checks every request's bearer token:
// a wrong token is refused and nothing is stored; the right one is stored and "Working"; the
// token never comes back to the browser; a viewer sees the status but cannot change anything.

const artifacts = path.join(repoRoot, 'artifacts', 'providers');
const WRONG_TOKEN = 'nfp_wrong_token_nobody_issued_9f8e7d6c';

let fake: FakeNetlify;
let server: TPlatformServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(viewport = { width: 1280, height: 900 }, signedInAs?: Page): Promise<Page> {
  const storageState = signedInAs ? await signedInAs.context().storageState() : undefined;
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale: 'en-US', ...(storageState ? { storageState } : {}) });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(300); // let toasts and badges finish their entry animation
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage, animations: 'disabled' });
}

type TListed = {
  enabled: boolean;
  providers: { id: string; credential: { status: string; values: Record<string, string>; hints: Record<string, string> } | null }[];
};

const owner = { name: 'Olga Owner', email: 'olga@acme.org', password: 'providers-e2e-2026' };
const viewer = { name: 'Vic Viewer', email: 'vic@acme.org', password: 'only-looking-2026' };
let orgId = '';
let ownerPage: Page;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  fake = await new FakeNetlify().start();
  server = await startPlatformServer({ env: { SHIPYARD_NETLIFY_API_URL: fake.baseUrl } });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 150_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await fake?.stop();
});

describe('Settings → Providers', () => {
  it('refuses a wrong token without storing it, then stores the right one as working', async () => {
    const page = (ownerPage = await newPage());
    orgId = await signUp(page, owner, 'Acme Providers');
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Providers' }).click();
    await page.waitForURL('**/settings/providers');
    const card = page.locator('[data-provider="netlify"]');
    await card.getByTestId('provider-status').waitFor();
    expect(await card.getByTestId('provider-status').textContent()).toBe('Not connected');
    expect(await page.getByTestId('provider-card').count()).toBe(6);
    await shot(page, '01-providers-empty');
    expect(await axe(page)).toEqual([]);

    // Keyboard: the connect button opens the form and puts focus in its first input.
    await card.getByRole('button', { name: 'Connect Netlify' }).focus();
    await page.keyboard.press('Enter');
    const tokenInput = card.getByLabel('Personal access token');
    await expect.poll(() => tokenInput.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await tokenInput.getAttribute('type')).toBe('password');

    // A malformed token: a message under the field, and Netlify is not even called.
    const callsBefore = fake.requests.length;
    await tokenInput.fill('short');
    await card.getByLabel('Team slug (optional)').fill(ACCOUNT_SLUG);
    await card.getByRole('button', { name: 'Check and connect' }).click();
    await card.getByText('accessToken must be a Netlify personal access token').waitFor();
    expect(fake.requests.length).toBe(callsBefore);

    // A wrong token: Netlify (the fake) answers 401; the page says so and nothing is stored.
    await tokenInput.fill(WRONG_TOKEN);
    await card.getByRole('button', { name: 'Check and connect' }).click();
    const error = card.getByTestId('provider-error');
    await error.waitFor();
    const errorText = (await error.textContent()) ?? '';
    expect(errorText).toContain('Netlify did not accept these settings, so nothing was saved.');
    expect(errorText).toMatch(/token/i);
    expect(errorText).not.toContain(WRONG_TOKEN);
    expect(await tokenInput.inputValue()).toBe('');
    expect(await card.getByTestId('provider-status').textContent()).toBe('Not connected');
    expect(fake.requests.some((r) => r.auth === `Bearer ${WRONG_TOKEN}`)).toBe(true);
    await shot(page, '02-wrong-token');
    expect(await axe(page)).toEqual([]);
    const afterWrong = await trpc<TListed>(page, 'query', 'deploy.credentials.list', { orgId });
    expect(afterWrong.data.providers.find((p) => p.id === 'netlify')?.credential).toBeNull();

    // The right token: checked against the fake Netlify, stored, shown as working.
    await tokenInput.fill(TOKEN);
    await card.getByRole('button', { name: 'Check and connect' }).click();
    await expect.poll(() => card.getByTestId('provider-status').textContent(), { timeout: 20_000 }).toBe('Working');
    expect(await card.getByTestId('provider-message').textContent()).toContain('The token works and can deploy to team Acme Team (acme-team).');
    expect(await card.getByTestId('saved-accessToken').textContent()).toBe(`•••• ${TOKEN.slice(-4)}`);
    expect(await card.getByTestId('saved-accountSlug').textContent()).toBe(ACCOUNT_SLUG);
    expect(await card.getByRole('textbox').count()).toBe(0); // the form closed; no input holds the token
    await shot(page, '03-connected');
    expect(await axe(page)).toEqual([]);
    expect(fake.failures).toEqual([]);
  });

  it('never sends the token back: not in the page HTML after a reload, nor in any API answer', async () => {
    const page = ownerPage;
    const responses: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/trpc') || response.url().includes('/settings')) {
        void response.text().then((t) => responses.push(t), () => undefined);
      }
    });
    await page.reload();
    const card = page.locator('[data-provider="netlify"]');
    await expect.poll(() => card.getByTestId('provider-status').textContent()).toBe('Working');
    const html = await page.content();
    expect(html).toContain(`•••• ${TOKEN.slice(-4)}`);
    expect(html).not.toContain(TOKEN);
    const raw = await page.request.get('/settings/providers');
    expect(await raw.text()).not.toContain(TOKEN);
    const listed = await trpc<TListed>(page, 'query', 'deploy.credentials.list', { orgId });
    expect(listed.text).not.toContain(TOKEN);
    expect(listed.text).not.toContain('sy1.');
    expect(listed.data.providers.find((p) => p.id === 'netlify')?.credential).toMatchObject({
      status: 'working',
      values: { accountSlug: ACCOUNT_SLUG },
      hints: { accessToken: TOKEN.slice(-4) },
    });
    await page.waitForTimeout(300);
    expect(responses.length).toBeGreaterThan(0);
    for (const body of responses) expect(body).not.toContain(TOKEN);

    // The deploy modal's list of providers now offers Netlify to this team.
    const offered = await trpc<{ hosting: { id: string }[] }>(page, 'query', 'deploy.providers', { orgId });
    expect(offered.data.hosting.map((p) => p.id)).toEqual(['local', 'netlify']);

    // Check again: one more authenticated call to the fake, still working.
    const calls = fake.requests.length;
    await card.getByRole('button', { name: 'Check again' }).click();
    await page.getByText('Netlify works').first().waitFor();
    expect(fake.requests.length).toBeGreaterThan(calls);
    expect(fake.requests.at(-1)?.auth).toBe(`Bearer ${TOKEN}`);
    await shot(page, '04-checked-again');

    // Phone-sized: the card stacks, nothing overflows.
    const phone = await newPage({ width: 390, height: 844 }, page);
    await phone.goto('/settings/providers');
    await phone.locator('[data-provider="netlify"]').getByTestId('provider-message').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, '05-phone');
  });

  it('shows a viewer the status without any form, and the API refuses their changes (403)', async () => {
    const invitation = await trpc<{ id: string }>(ownerPage, 'mutation', 'org.invite', { orgId, email: viewer.email, role: 'viewer' });
    expect(invitation.error).toBeNull();
    const guest = await newPage();
    await guest.goto(`/invitations/${invitation.data.id}`);
    await guest.getByRole('link', { name: 'Create an account' }).click();
    await guest.waitForURL('**/sign-up?**');
    await guest.getByLabel('Name').fill(viewer.name);
    await guest.getByLabel('Password').fill(viewer.password);
    await guest.getByRole('button', { name: 'Create account' }).click();
    await guest.getByRole('button', { name: 'Accept invitation' }).click();
    await guest.waitForURL('**/dashboard');

    await guest.goto('/settings/providers');
    const card = guest.locator('[data-provider="netlify"]');
    await expect.poll(() => card.getByTestId('provider-status').textContent()).toBe('Working');
    expect(await guest.getByTestId('providers-summary').textContent()).toContain('Only admins can connect, check or remove providers.');
    for (const name of [/^Connect/, /^Change settings/, /^Check again/, /^Remove/, /^Check and/]) {
      expect(await guest.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    expect(await guest.locator('input').count()).toBe(0);
    expect(await guest.content()).not.toContain(TOKEN);
    await shot(guest, '06-viewer');
    expect(await axe(guest)).toEqual([]);

    const refusals = [
      await trpc(guest, 'mutation', 'deploy.credentials.save', { orgId, provider: 'netlify', fields: { accessToken: TOKEN } }),
      await trpc(guest, 'mutation', 'deploy.credentials.check', { orgId, provider: 'netlify' }),
      await trpc(guest, 'mutation', 'deploy.credentials.remove', { orgId, provider: 'netlify' }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(403);
      expect(refusal.error?.code).toBe('FORBIDDEN');
    }
    // A base URL is not a team's to choose, even for an admin.
    const ssrf = await trpc(ownerPage, 'mutation', 'deploy.credentials.save', {
      orgId,
      provider: 'netlify',
      fields: { accessToken: TOKEN, apiBaseUrl: 'http://169.254.169.254/' },
    });
    expect(ssrf.status).toBe(400);
    expect(ssrf.error?.message).toContain('apiBaseUrl is not a setting of Netlify');
  });

  it('lets the owner remove the settings', async () => {
    const page = ownerPage;
    await page.goto('/settings/providers');
    const card = page.locator('[data-provider="netlify"]');
    await card.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => card.getByTestId('provider-status').textContent()).toBe('Not connected');
    const offered = await trpc<{ hosting: { id: string }[] }>(page, 'query', 'deploy.providers', { orgId });
    expect(offered.data.hosting.map((p) => p.id)).toEqual(['local']);
  });
});
