/**
 * Every scaffold template, end to end: the provider's output is parsed and applied like model
 * output, built with the deploy build (`buildApp` → assets + `_worker.js`), served by a small
 * Node server that runs `_worker.js` with an in-process D1 (libSQL) and the built assets, and
 * rendered in headless Chromium. Screenshots go to <repo>/artifacts/scaffold/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient, type Client, type InValue, type ResultSet } from '@libsql/client';
import { buildApp } from '@shipyard/deploy-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScaffoldReply, renderScaffoldApp } from '../src/services/ai/scaffold';
import { applyOperations, parseOutput } from '../src/services/protocol';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const ARTIFACTS = join(REPO_ROOT, 'artifacts/scaffold');
const CHROMIUM = '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------
// D1 over libSQL: the subset of Cloudflare's D1 API generated apps use.

type TRow = Record<string, unknown>;

function toD1Result(result: ResultSet) {
  return {
    results: result.rows.map((row) => Object.fromEntries(result.columns.map((column, index) => [column, row[index]]))),
    success: true,
    meta: { changes: result.rowsAffected, last_row_id: Number(result.lastInsertRowid ?? 0), duration: 0 },
  };
}

function toInValue(value: unknown): InValue {
  if (value === undefined) throw new TypeError('D1_TYPE_ERROR: undefined cannot be bound');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as InValue;
}

class D1Statement {
  constructor(
    private readonly client: Client,
    readonly sql: string,
    readonly args: InValue[] = [],
  ) {}

  bind(...values: unknown[]): D1Statement {
    return new D1Statement(this.client, this.sql, values.map(toInValue));
  }

  async all() {
    return toD1Result(await this.client.execute({ sql: this.sql, args: this.args }));
  }

  async first(column?: string) {
    const row = (await this.all()).results[0] ?? null;
    return column && row ? (row as TRow)[column] : row;
  }

  async run() {
    return this.all();
  }

  async raw() {
    const result = await this.client.execute({ sql: this.sql, args: this.args });
    return result.rows.map((row) => result.columns.map((_column, index) => row[index]));
  }
}

class D1Database {
  constructor(private readonly client: Client) {}

  prepare(sql: string): D1Statement {
    return new D1Statement(this.client, sql);
  }

  async batch(statements: D1Statement[]) {
    const results = await this.client.batch(
      statements.map((statement) => ({ sql: statement.sql, args: statement.args })),
      'write',
    );
    return results.map(toD1Result);
  }

  async exec(sql: string) {
    await this.client.executeMultiple(sql);
    return { count: 0, duration: 0 };
  }
}

// ---------------------------------------------------------------------------------------------
// Serving a build: every request goes through `_worker.js`, static files through env.ASSETS.

type TWorker = { default: { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> } };

interface TRunningApp {
  url: string;
  files: Map<string, string>;
  db: Client;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const workDir = mkdtempSync(join(tmpdir(), 'scaffold-build-'));

async function serve(name: string, files: Map<string, string>): Promise<TRunningApp> {
  const build = await buildApp({ files });
  expect(build.assets.has('index.html')).toBe(true);
  expect(build.worker).toContain('fetch');

  const dir = join(workDir, name);
  mkdirSync(dir, { recursive: true });
  const workerPath = join(dir, '_worker.mjs');
  writeFileSync(workerPath, build.worker);
  const worker = (await import(pathToFileURL(workerPath).href)) as TWorker;

  const db = createClient({ url: pathToFileURL(join(dir, 'app.db')).href });
  if (build.app.database) {
    await db.executeMultiple(files.get(build.app.database.schema) ?? '');
    if (build.app.database.seed) await db.executeMultiple(files.get(build.app.database.seed) ?? '');
  }

  const assets = {
    async fetch(input: Request | string): Promise<Response> {
      const url = new URL(typeof input === 'string' ? input : input.url);
      const path = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const bytes = build.assets.get(path);
      if (!bytes) return new Response('Not found', { status: 404 });
      return new Response(bytes, { headers: { 'content-type': build.manifest[path]?.contentType ?? 'application/octet-stream' } });
    },
  };
  const env = { DB: new D1Database(db), ASSETS: assets };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
        const headers = new Headers();
        for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
        const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, { method: req.method, headers, body });
        const response = await worker.default.fetch(request, env, { waitUntil() {}, passThroughOnException() {} });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`worker threw: ${String(error)}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    db,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

/** Generates an app from a prompt (or edits one) exactly as the product does: output → parser → apply. */
function generate(prompt: string, base = new Map<string, string>()): Map<string, string> {
  const reply = buildScaffoldReply(prompt, base);
  const parsed = parseOutput(reply.output);
  expect(parsed.errors).toEqual([]);
  expect(parsed.operations.length).toBeGreaterThan(0);
  return applyOperations(base, parsed.operations).files;
}

// ---------------------------------------------------------------------------------------------

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}. Install it (apt-get install chromium) to run this suite.`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** A page that fails the test on any uncaught error or console error (missing favicon aside). */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.includes('favicon')) problems.push(`console: ${message.text()}`);
  });
  return { page, problems };
}

async function expectTexts(page: Page, texts: readonly string[]): Promise<void> {
  for (const text of texts) {
    await expect(page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 10_000 })).resolves.toBeUndefined();
  }
}

/** Waits for an <h1> whose whole text is `text` (client routing renders asynchronously). */
async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).first().waitFor({ state: 'visible', timeout: 10_000 });
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(1000); // let entrance animations (charts) finish
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const TEMPLATES = [
  { shot: 'landing', prompt: 'a landing page for Acme Rockets', name: 'Acme Rockets' },
  { shot: 'crud', prompt: 'a CRM called Orbit to track contacts with name, email, company and phone', name: 'Orbit' },
  { shot: 'crud-todo', prompt: 'a todo app called Acme Tasks with due dates and priorities', name: 'Acme Tasks' },
  { shot: 'blog', prompt: 'a blog called "Night Notes"', name: 'Night Notes' },
  { shot: 'dashboard', prompt: 'a sales dashboard with charts called Pulse', name: 'Pulse' },
  { shot: 'shop', prompt: 'a small online shop called Fern & Co', name: 'Fern & Co' },
] as const;

describe.each(TEMPLATES)('scaffold app $shot', ({ shot, prompt, name }) => {
  let app: TRunningApp;

  beforeAll(async () => {
    app = await serve(shot, generate(prompt));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('renders its name and seeded data on every checked page, without errors', async () => {
    const reply = buildScaffoldReply(prompt);
    expect(reply.kind).toBe('create');
    const checks = reply.kind === 'create' ? renderScaffoldApp(reply.intent).checks : [];
    expect(checks.length).toBeGreaterThanOrEqual(2);
    const { page, problems } = await openPage();
    try {
      for (const check of checks) {
        await page.goto(app.url + check.path);
        await expectTexts(page, check.texts);
        if (check.path === '/') {
          await expectHeading(page, name);
          await screenshot(page, shot);
        }
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(app.url);
      await expectHeading(page, name);
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow, 'no horizontal scrolling on a phone').toBeLessThanOrEqual(0);
      await screenshot(page, `${shot}-mobile`);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('answers unknown API routes with JSON', async () => {
    const response = await fetch(`${app.url}/api/does-not-exist`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: string }).error).toBeTruthy();
  });
});

describe('scaffold apps work, not just render', () => {
  it('CRUD: the API validates input, 404s missing rows, and the UI creates a record', async () => {
    const app = await serve('crud-flow', generate('a CRM called Orbit to track contacts with name, email, company and phone'));
    try {
      const invalid = await fetch(`${app.url}/api/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'not-an-email', phone: 'call me', bogus: 1 }),
      });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({
        fields: { name: 'Name is required.', email: 'Enter a valid email address, like name@example.com.', bogus: 'Unknown field.' },
      });
      const badJson = await fetch(`${app.url}/api/contacts`, { method: 'POST', body: '{nope' });
      expect(badJson.status).toBe(400);
      expect(await badJson.json()).toEqual({ error: 'The request body is not valid JSON.' });
      const missing = await fetch(`${app.url}/api/contacts/9999`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'No contact with id 9999.' });
      const badId = await fetch(`${app.url}/api/contacts/abc`);
      expect(badId.status).toBe(400);
      const patched = await fetch(`${app.url}/api/contacts/1`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ company: 'Babbage & Co' }),
      });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toMatchObject({ id: 1, name: 'Ada Lovelace', company: 'Babbage & Co' });
      const searched = (await (await fetch(`${app.url}/api/contacts?q=grace`)).json()) as { items: { name: string }[]; total: number };
      expect(searched).toMatchObject({ total: 1, items: [{ name: 'Grace Hopper' }] });

      const { page, problems } = await openPage();
      await page.goto(`${app.url}/contacts/new`);
      await page.getByLabel('Name').fill('Edsger Dijkstra');
      await page.getByLabel('Email').fill('edsger@');
      await page.getByRole('button', { name: 'Create contact' }).click();
      await expectTexts(page, ['Enter a valid email address, like name@example.com.']);
      await page.getByLabel('Email').fill('edsger@example.com');
      await page.getByRole('button', { name: 'Create contact' }).click();
      await expectHeading(page, 'Edsger Dijkstra');
      await page.getByRole('link', { name: 'All contacts' }).click();
      await expectTexts(page, ['Edsger Dijkstra', '9 contacts']);
      await screenshot(page, 'crud-list');
      // The 400 above is logged by the browser as a failed request; nothing else may fail.
      expect(problems.filter((problem) => !problem.includes('400'))).toEqual([]);
      const stored = await app.db.execute("SELECT email FROM contacts WHERE name = 'Edsger Dijkstra'");
      expect(stored.rows[0]?.[0]).toBe('edsger@example.com');
      await page.close();
    } finally {
      await app.close();
    }
  }, 120_000);

  it('shop: add to cart, check out, and see the order the server priced', async () => {
    const app = await serve('shop-flow', generate('a small online shop called Fern & Co'));
    try {
      const { page, problems } = await openPage();
      await page.goto(app.url);
      const card = page.locator('.product-card', { hasText: 'Linen Tote Bag' });
      await card.getByRole('button', { name: 'Add to cart' }).click();
      await card.getByRole('button', { name: 'Add to cart' }).click();
      await page.locator('.cart-count', { hasText: /^2$/ }).waitFor({ timeout: 10_000 });
      await page.getByRole('link', { name: /Cart/ }).click();
      await expectTexts(page, ['Your cart', '$48.00']);
      await page.getByLabel('Full name').fill('Barbara Liskov');
      await page.getByLabel('Email').fill('barbara@example.com');
      await page.getByRole('button', { name: 'Place order' }).click();
      await expectTexts(page, ['Order #4 is confirmed', 'Barbara Liskov']);
      await screenshot(page, 'shop-orders');
      expect(problems).toEqual([]);
      await page.close();

      const order = (await (await fetch(`${app.url}/api/orders/4`)).json()) as { total: number; items: { name: string; quantity: number }[] };
      expect(order).toMatchObject({ total: 48, items: [{ name: 'Linen Tote Bag', quantity: 2 }] });
      const forged = await fetch(`${app.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerName: 'Mallory', email: 'm@example.com', items: [{ productId: 999, quantity: 1 }] }),
      });
      expect(forged.status).toBe(400);
      expect(((await forged.json()) as { error: string }).error).toContain('no longer available');
    } finally {
      await app.close();
    }
  }, 120_000);

  it('dashboard: charts draw from the stats API', async () => {
    const app = await serve('dashboard-flow', generate('a dashboard to track workouts with duration, calories and date'));
    try {
      const stats = (await (await fetch(`${app.url}/api/stats`)).json()) as {
        count: number;
        total: number;
        byMonth: { month: string; value: number }[];
        byCategory: { name: string; value: number; count: number }[];
      };
      expect(stats.count).toBe(40);
      expect(stats.byMonth.length).toBeGreaterThanOrEqual(10);
      // One bar per category — a table column named like the alias must not change the grouping.
      expect(stats.byCategory.map((entry) => entry.name).sort()).toEqual(['Cardio', 'Endurance', 'Mobility', 'Strength']);
      expect(stats.byCategory.reduce((sum, entry) => sum + entry.count, 0)).toBe(40);
      expect(stats.byMonth.reduce((sum, entry) => sum + entry.value, 0)).toBeCloseTo(stats.total, 6);
      const { page, problems } = await openPage();
      await page.goto(app.url);
      await expectTexts(page, ['Workouts Dashboard', 'Duration by month', 'Total duration']);
      await page.locator('.recharts-area-area').first().waitFor();
      expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(3);
      await screenshot(page, 'dashboard-workouts');
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await app.close();
    }
  }, 120_000);

  it('edits: rename, recolour, add a field and a page, then the edited app builds and shows them', async () => {
    const created = generate('a CRM called Orbit to track contacts with name, email, company and phone');
    const edited = generate('Rename the app to Northwind, make it #db2777, add a birthday field and add an about page', created);
    const app = await serve('crud-edited', edited);
    try {
      const { page, problems } = await openPage();
      await page.goto(app.url);
      await expectHeading(page, 'Northwind');
      const primary = String(await page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--primary').trim()"));
      expect(primary).toBe('#db2777');
      await page.getByRole('link', { name: 'About', exact: true }).click();
      await expectHeading(page, 'About Northwind');
      await page.goto(`${app.url}/contacts/new`);
      await page.getByLabel('Name').fill('Alan Kay');
      await page.getByLabel('Birthday').fill('1940-05-17');
      await page.getByRole('button', { name: 'Create contact' }).click();
      await expectTexts(page, ['Birthday', 'May 17, 1940']);
      await screenshot(page, 'crud-edited');
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await app.close();
    }
  }, 120_000);
});
