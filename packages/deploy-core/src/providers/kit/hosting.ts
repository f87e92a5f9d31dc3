import { createHash } from 'node:crypto';
import type { TDatabaseConnection } from '../types';
import { messageOf } from './errors';
import { sleep } from './retry';

/** Env vars through which a deployed app reaches its database (a shim turns them into `env.DB`). */
export const DATABASE_ENV = {
  url: 'DATABASE_URL',
  authToken: 'DATABASE_AUTH_TOKEN',
  sqlEndpoint: 'DATABASE_SQL_ENDPOINT',
} as const;

/** The app's env plus its database binding, which replaces any value the app set itself. */
export function withDatabaseEnv(
  env: Record<string, string>,
  database: TDatabaseConnection | null,
  log: (message: string) => void,
): Record<string, string> {
  const desired: Record<string, string> = { ...env };
  if (database) {
    for (const key of Object.values(DATABASE_ENV)) {
      if (key in env)
        log(`${key} is set by the app's database binding; the app's own value is replaced.`);
    }
    desired[DATABASE_ENV.url] = database.url;
    if (database.authToken) desired[DATABASE_ENV.authToken] = database.authToken;
    else delete desired[DATABASE_ENV.authToken];
    if (database.sqlEndpoint) desired[DATABASE_ENV.sqlEndpoint] = database.sqlEndpoint;
    else delete desired[DATABASE_ENV.sqlEndpoint];
  }
  return desired;
}

/**
 * `<prefix><slug>` made a valid host label (a site or project name in `<name>.vendor.app`): a–z,
 * 0–9 and "-", at most `maxLength` characters. A name cut short ends in a hash of the full name,
 * so two long slugs sharing a prefix never land on one site.
 */
export function hostLabel(prefix: string, slug: string, maxLength: number): string {
  const full = `${prefix}${slug}`;
  let name = full
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!name) name = 'app';
  if (name.length > maxLength) {
    const suffix = createHash('sha256').update(full).digest('hex').slice(0, 6);
    name = `${name.slice(0, maxLength - 7).replace(/-+$/, '')}-${suffix}`;
  }
  return name;
}

/**
 * Polls a vendor resource until `settle` returns a result: after a wait that grows from
 * `intervalMs` (×1.5, at most 5 s) `next` reads it again. When the next wait would pass
 * `timeoutMs`, `timedOut` is thrown instead.
 */
export async function pollUntil<T, R>(
  first: T,
  options: {
    intervalMs: number;
    timeoutMs: number;
    signal?: AbortSignal;
    next: (current: T) => Promise<T>;
    settle: (current: T) => R | undefined;
    timedOut: (current: T) => Error;
  },
): Promise<R> {
  const deadline = Date.now() + options.timeoutMs;
  let current = first;
  let interval = options.intervalMs;
  for (;;) {
    const result = options.settle(current);
    if (result !== undefined) return result;
    if (Date.now() + interval > deadline) throw options.timedOut(current);
    await sleep(interval, options.signal);
    interval = Math.min(Math.round(interval * 1.5), 5_000);
    current = await options.next(current);
  }
}

/** Cleanup that must not fail the step it runs in: it logs `done`, or `failed` with the reason. */
export async function bestEffort(
  log: (message: string) => void,
  work: () => Promise<unknown>,
  lines: { done: string; failed: string },
): Promise<void> {
  try {
    await work();
    log(lines.done);
  } catch (error) {
    log(`${lines.failed}: ${messageOf(error)}`);
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight; the first failure stops new work. */
export async function mapLimit<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** "512 B", "1.5 KiB", "3.2 MiB": a size as the deployment log says it. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
