import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// What the Chromium suites share: tRPC calls with a page's session, sign-up with a new team, and
// axe-core's serious and critical violations.

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export type TTrpcResult<T> = {
  status: number;
  /** The raw response body (to prove what never comes back, e.g. a secret). */
  text: string;
  data: T;
  error: { message: string; code: string } | null;
};

/** A tRPC call with the page's session (superjson wire format). */
export async function trpc<T>(
  page: Page,
  kind: 'query' | 'mutation',
  procedure: string,
  input: unknown,
): Promise<TTrpcResult<T>> {
  const url = `/api/trpc/${procedure}`;
  const response =
    kind === 'query'
      ? await page.request.get(
          `${url}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
        )
      : await page.request.post(url, { data: { json: input } });
  const text = await response.text();
  const body = JSON.parse(text) as {
    result?: { data: { json: T } };
    error?: { json: { message: string; data: { code: string } } };
  };
  return {
    status: response.status(),
    text,
    data: body.result?.data.json as T,
    error: body.error
      ? { message: body.error.json.message, code: body.error.json.data.code }
      : null,
  };
}

/** `trpc`, failing on an error answer. */
export async function call<T>(
  page: Page,
  kind: 'query' | 'mutation',
  procedure: string,
  input: unknown,
): Promise<T> {
  const result = await trpc<T>(page, kind, procedure, input);
  if (result.error) throw new Error(`${procedure}: ${result.error.code} ${result.error.message}`);
  return result.data;
}

/** Signs up through the pages, creates a team on onboarding, and returns the team's id. */
export async function signUp(
  page: Page,
  user: { name: string; email: string; password: string },
  team: string,
): Promise<string> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Work email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/onboarding');
  await page.getByLabel('Team name').fill(team);
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.waitForURL('**/dashboard');
  const orgs = await call<{ id: string; name: string }[]>(page, 'query', 'org.list', undefined);
  const org = orgs.find((o) => o.name === team);
  if (!org) throw new Error(`team ${team} not found`);
  return org.id;
}

type TAxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
};

/** axe-core in the page; the serious and critical violations, as rule ids and targets. */
export async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: TAxeViolation[] }> };
      }
    ).axe.run;
    return (await run(document, { resultTypes: ['violations'], iframes: false })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
}
