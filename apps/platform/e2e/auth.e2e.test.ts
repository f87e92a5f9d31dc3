import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startPlatformServer, type TPlatformServer } from './platform-server';

const artifacts = path.join(repoRoot, 'artifacts', 'platform');

const owner = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical-engine-1843' };
const invitee = { name: 'Grace Hopper', email: 'grace@example.com', password: 'compiler-a-0-1952' };

let server: TPlatformServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(viewport = { width: 1280, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** The newest email to `to` in the development mailbox, and the first link in it containing `linkPart`. */
async function linkFromMailbox(page: Page, to: string, linkPart: string): Promise<string> {
  await page.goto('/dev/mail');
  const email = page.getByTestId('outbox-email').filter({ hasText: to }).first();
  await expect.poll(() => email.count()).toBe(1);
  const href = await email.locator(`a[href*="${linkPart}"]`).first().getAttribute('href');
  if (!href) throw new Error(`No link containing ${linkPart} in the email to ${to}`);
  return href;
}

/** The form's own alert (Next.js also renders a route announcer with role="alert"). */
function formAlert(page: Page) {
  return page.locator('form [role="alert"]');
}

/** Submits the sign-in form and waits for better-auth's answer. */
async function submitSignIn(page: Page, email: string, password: string): Promise<number> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in/email')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return response.status();
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

// Each test drives a real browser through several pages: minutes, not seconds, on a busy machine.
describe('accounts and teams in Chromium', { timeout: 180_000 }, () => {
  it('signs up, creates a team, invites someone who joins, then signs out and back in', async () => {
    const page = await newPage();

    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Describe an app');
    await shot(page, '01-landing');

    // Sign up → onboarding.
    await page.getByRole('link', { name: 'Get started' }).click();
    await page.waitForURL('**/sign-up');
    await page.getByLabel('Name').fill(owner.name);
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await shot(page, '02-sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/onboarding');
    await expect.poll(() => page.getByLabel('Team name').inputValue()).toBe("Ada's team");
    await shot(page, '03-onboarding');

    // Create a team → dashboard of that team.
    await page.getByLabel('Team name').fill('Acme Robotics');
    await expect.poll(() => page.getByLabel('Address').inputValue()).toBe('acme-robotics');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.waitForURL('**/dashboard');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Robotics');
    await expect.poll(() => page.getByText('No projects yet').count()).toBeGreaterThan(0);
    await shot(page, '04-dashboard');

    // Invite a member.
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Members' }).click();
    await page.waitForURL('**/settings/members');
    await page.getByLabel('Email address').fill(invitee.email);
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const pending = page.getByTestId('invitation-row').filter({ hasText: invitee.email });
    await expect.poll(() => pending.count()).toBe(1);
    await shot(page, '05-members-invitation-sent');

    // The invitation email is in the development mailbox.
    const mailPage = await newPage();
    const invitationLink = await linkFromMailbox(mailPage, invitee.email, '/invitations/');
    expect(invitationLink).toMatch(new RegExp(`^${server.baseUrl}/invitations/[\\w-]{20,}$`));
    await shot(mailPage, '06-dev-mail');

    // The invitee signs up in another browser context and accepts.
    const guest = await newPage();
    await guest.goto(invitationLink);
    await expect.poll(() => guest.getByRole('heading', { level: 1 }).textContent()).toBe('Join Acme Robotics');
    await shot(guest, '07-invitation-signed-out');
    await guest.getByRole('link', { name: 'Create an account' }).click();
    await guest.waitForURL('**/sign-up?**');
    expect(await guest.getByLabel('Work email').inputValue()).toBe(invitee.email);
    await guest.getByLabel('Name').fill(invitee.name);
    await guest.getByLabel('Password').fill(invitee.password);
    await guest.getByRole('button', { name: 'Create account' }).click();
    await guest.waitForURL(invitationLink);
    await expect.poll(() => guest.getByRole('button', { name: 'Accept invitation' }).count()).toBe(1);
    await shot(guest, '08-invitation-accept');
    await guest.getByRole('button', { name: 'Accept invitation' }).click();
    await guest.waitForURL('**/dashboard');
    await expect.poll(() => guest.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Robotics');
    await expect.poll(() => guest.getByRole('button', { name: /Team: Acme Robotics/ }).textContent()).toContain('Member');
    await shot(guest, '09-invitee-dashboard');

    // The owner sees the new member; the invitation is no longer pending.
    await page.reload();
    const row = page.getByTestId('member-row').filter({ hasText: invitee.email });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(invitee.name);
    expect(await page.getByRole('combobox', { name: `Role of ${invitee.name}` }).inputValue()).toBe('member');
    await expect.poll(() => page.getByTestId('invitation-row').count()).toBe(0);
    await shot(page, '10-members-joined');

    // The last owner cannot be demoted: the server refuses and says why.
    await page.getByRole('combobox', { name: `Role of ${owner.name}` }).selectOption('admin');
    await expect.poll(() => page.getByText(/A team needs at least one owner/).count()).toBeGreaterThan(0);
    expect(await page.getByRole('combobox', { name: `Role of ${owner.name}` }).inputValue()).toBe('owner');

    // Settings page renders for the owner.
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings');
    await expect.poll(() => page.getByLabel('Team name').inputValue()).toBe('Acme Robotics');
    await shot(page, '11-settings');

    // Sign out from the user menu, then sign back in.
    await page.getByRole('button', { name: `Account menu for ${owner.name}` }).click();
    await shot(page, '12-user-menu');
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/dashboard');
    await page.waitForURL('**/sign-in?next=%2Fdashboard');
    await shot(page, '13-sign-in');
    expect(await submitSignIn(page, owner.email, owner.password)).toBe(200);
    await page.waitForURL('**/dashboard');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Robotics');
  });

  it('says the same thing for a wrong password and an unknown email, and limits the 6th rapid attempt', async () => {
    const page = await newPage();
    await page.goto('/sign-in');

    expect(await submitSignIn(page, owner.email, 'not-the-password')).toBe(401);
    await expect.poll(() => formAlert(page).textContent()).toBe('Email or password is incorrect.');
    await shot(page, '14-sign-in-wrong-password');

    expect(await submitSignIn(page, 'nobody@example.com', 'whatever-password')).toBe(401);
    await expect.poll(() => formAlert(page).textContent()).toBe('Email or password is incorrect.');

    // Five attempts on one account are answered; the sixth is refused with a wait time.
    const target = 'target@example.com';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(await submitSignIn(page, target, `guess-${attempt}-password`)).toBe(401);
    }
    expect(await submitSignIn(page, target, 'guess-6-password')).toBe(429);
    await expect
      .poll(() => formAlert(page).textContent())
      .toMatch(/^Too many sign-in attempts\. Wait \d+ seconds and try again\.$/);
    await shot(page, '15-sign-in-rate-limited');

    // The limit is per account: the owner can still sign in from the same browser.
    expect(await submitSignIn(page, owner.email, owner.password)).toBe(200);
    await page.waitForURL('**/dashboard');
  });

  it('resets a forgotten password through the emailed link', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(invitee.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.getByText('Check your inbox').count()).toBe(1);
    await shot(page, '16-forgot-password-sent');

    const resetLink = await linkFromMailbox(page, invitee.email, '/reset-password/');
    await page.goto(resetLink);
    await page.waitForURL('**/reset-password?token=*');
    const newPassword = 'nanoseconds-11-8-inches';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await shot(page, '17-reset-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL('**/sign-in?reset=1');
    await expect.poll(() => page.getByText('Your password was changed').count()).toBe(1);

    expect(await submitSignIn(page, invitee.email, invitee.password)).toBe(401);
    expect(await submitSignIn(page, invitee.email, newPassword)).toBe(200);
    await page.waitForURL('**/dashboard');

    // The reset link works once.
    await page.goto(resetLink);
    await page.waitForURL('**/reset-password?error=*');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('This link no longer works');
  });

  it('looks right on a phone', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto('/sign-in');
    await shot(page, '18-mobile-sign-in');
    expect(await submitSignIn(page, owner.email, owner.password)).toBe(200);
    await page.waitForURL('**/dashboard');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Robotics');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '19-mobile-dashboard');
  });

  it('reports health as JSON', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      redis: 'not configured',
      queue: { driver: 'inline', ok: true },
    });
  });
});
