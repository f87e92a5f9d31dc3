import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  TAppLogs,
  TAppStatus,
  TDbResult,
  TDeployInput,
  TDeployResult,
  TLocalHost,
  TPromoteResult,
} from '../host/types.js';

/**
 * What deploy-core's local providers need from a host. The in-process host satisfies it
 * (`hostControl(host)`), and so does `createLocalHostClient`, which talks to a host running in
 * another process (`shipyard-host --control-port`) — the shape used when the platform and
 * BullMQ workers are separate processes.
 */
export interface TLocalHostControl {
  appUrl(appSlug: string): string;
  ensureApp(appSlug: string): Promise<TAppStatus>;
  deploy(input: TDeployInput): Promise<TDeployResult>;
  promote(appSlug: string, deploymentId: string): Promise<TPromoteResult>;
  remove(appSlug: string): Promise<void>;
  logs(appSlug: string, options?: { limit?: number }): Promise<TAppLogs>;
  dbExec(appSlug: string, sql: string): Promise<TDbResult>;
  dbQuery(
    appSlug: string,
    sql: string,
    params?: (string | number | null)[],
  ): Promise<Record<string, unknown>[]>;
  addDomain(appSlug: string, domain: string): Promise<void>;
  removeDomain(domain: string): Promise<void>;
}

export function hostControl(host: TLocalHost): TLocalHostControl {
  return {
    appUrl: (slug) => host.appUrl(slug),
    ensureApp: (slug) => host.ensureApp(slug),
    deploy: (input) => host.deploy(input),
    promote: (slug, id) => host.promote(slug, id),
    remove: (slug) => host.remove(slug),
    logs: async (slug, options) =>
      host.status(slug) ? host.logs(slug, options) : { requests: [], errors: [] },
    dbExec: (slug, sql) => host.dbExec(slug, sql),
    dbQuery: (slug, sql, params) => host.dbQuery(slug, sql, params),
    addDomain: (slug, domain) => host.addDomain(slug, domain),
    removeDomain: (domain) => host.removeDomain(domain),
  };
}

type TWireBuild = { hash: string; worker: string; assets: [string, string][] };
const METHODS = [
  'ensureApp',
  'deploy',
  'promote',
  'remove',
  'logs',
  'dbExec',
  'dbQuery',
  'addDomain',
  'removeDomain',
] as const;
type TMethod = (typeof METHODS)[number];
const MAX_BODY_BYTES = 200 * 1024 * 1024;

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw Object.assign(new Error('The request is too large.'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the host's control API on its own port (127.0.0.1 by default), bearer-token protected.
 * Apps are served by the host's front port; this port only takes commands.
 */
export async function startHostControlServer(
  host: TLocalHost,
  options: { token: string; port?: number; listenHost?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  if (options.token.length < 24)
    throw new Error('The control token must be at least 24 characters.');
  const control = hostControl(host);
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!tokenMatches(req.headers.authorization, options.token))
      return send(401, { error: 'A valid control token is required.' });
    if (req.method === 'GET' && req.url === '/info')
      return send(200, { url: host.url, port: host.port, sample: host.appUrl('app') });
    const method = req.url?.replace(/^\/rpc\//, '') as TMethod;
    if (req.method !== 'POST' || !METHODS.includes(method))
      return send(404, { error: 'Unknown control method.' });
    try {
      const args = JSON.parse(await readBody(req)) as unknown[];
      if (method === 'deploy') {
        const input = args[0] as Omit<TDeployInput, 'build'> & { build: TWireBuild };
        const build = {
          hash: input.build.hash,
          worker: input.build.worker,
          assets: new Map(
            input.build.assets.map(([p, b]) => [p, new Uint8Array(Buffer.from(b, 'base64'))]),
          ),
        };
        return send(200, { result: await control.deploy({ ...input, build }) });
      }
      const fn = control[method] as (...a: unknown[]) => Promise<unknown>;
      return send(200, { result: (await fn(...args)) ?? null });
    } catch (error) {
      const e = error as { message?: string; code?: string; status?: number };
      return send(e.status ?? 400, {
        error: e.message ?? 'The host failed.',
        code: e.code ?? null,
      });
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.listenHost ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.listenHost ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TLocalHostControl for a host in another process. */
export async function createLocalHostClient(options: {
  url: string;
  token: string;
  fetch?: typeof fetch;
}): Promise<TLocalHostControl> {
  const doFetch = options.fetch ?? fetch;
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const infoRes = await doFetch(`${options.url}/info`, { headers });
  if (!infoRes.ok) {
    throw new Error(
      infoRes.status === 401
        ? 'The local host rejected the control token. Check LOCAL_HOST_CONTROL_TOKEN.'
        : `The local host at ${options.url} answered ${infoRes.status}.`,
    );
  }
  const info = (await infoRes.json()) as { sample: string };
  const sample = new URL(info.sample);
  const suffix = sample.hostname.slice('app'.length);
  const call = async <T>(method: TMethod, args: unknown[]): Promise<T> => {
    const res = await doFetch(`${options.url}/rpc/${method}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { result?: T; error?: string; code?: string };
    if (!res.ok)
      throw Object.assign(new Error(body.error ?? `The local host answered ${res.status}.`), {
        code: body.code ?? undefined,
      });
    return body.result as T;
  };
  return {
    appUrl: (slug) => `${sample.protocol}//${slug}${suffix}${sample.port ? `:${sample.port}` : ''}`,
    ensureApp: (slug) => call('ensureApp', [slug]),
    deploy: (input) => {
      const build: TWireBuild = {
        hash: input.build.hash,
        worker: input.build.worker,
        assets: [...input.build.assets].map(([p, b]) => [p, Buffer.from(b).toString('base64')]),
      };
      return call('deploy', [{ ...input, build }]);
    },
    promote: (slug, id) => call('promote', [slug, id]),
    remove: (slug) => call('remove', [slug]),
    logs: (slug, opts) => call('logs', [slug, opts ?? {}]),
    dbExec: (slug, sql) => call('dbExec', [slug, sql]),
    dbQuery: (slug, sql, params) => call('dbQuery', [slug, sql, params ?? []]),

    addDomain: (slug, domain) => call('addDomain', [slug, domain]),
    removeDomain: (domain) => call('removeDomain', [domain]),
  };
}
