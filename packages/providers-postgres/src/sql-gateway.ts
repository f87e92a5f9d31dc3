import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { safeClientConfig } from './byo';
import { redact } from './errors';
import type { TLookup } from './network';
import { parsePostgresUrl, pgClientConfig, type TSslMode } from './url';

/**
 * SQL over HTTP for PostgreSQL servers an operator runs: the subset of Neon's protocol that the
 * deployed apps' `env.DB` shim speaks (`POST /sql` with `Neon-Connection-String`, raw text output,
 * array mode, one query or a batch in one transaction). Hosts whose apps cannot open TCP
 * connections (workerd, Cloudflare, Vercel Edge) reach their tenant databases through it.
 *
 * It adds no privilege: each request connects as the role its connection string names, with that
 * role's password, so it can do exactly what that role can. It connects only to the `servers` it
 * was given (never where a request points it) and refuses the roles in `deniedUsers` (the admin).
 */
export interface TSqlGatewayOptions {
  /** The PostgreSQL servers requests may name, as `host:port` (the operator's own). */
  servers: string[];
  /**
   * Also serve connection strings to other hosts — teams' own databases — when every address the
   * host resolves to is public (the bring-your-own rules: no loopback, private, link-local…); the
   * connection goes to the checked address, so DNS cannot be rebound in between. Off by default.
   */
  publicHosts?: { lookup?: TLookup; /** Operators' tests only. */ allowPrivateNetworks?: boolean };
  /** Roles never served (e.g. the tenant provider's admin), whatever password a request has. */
  deniedUsers?: string[];
  /** Bounds each statement (PostgreSQL `statement_timeout`). Default 15 s. */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Largest request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** When the connection string has no `sslmode`. Default `prefer`. */
  defaultSslMode?: TSslMode;
}

export interface TSqlAnswer {
  status: number;
  body: unknown;
}

export interface TSqlGateway {
  /** The Node request handler (mount it in another server, or use `listen`). */
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** One `POST /sql` whose body was already read and parsed (for servers that read bodies themselves). */
  answer(headers: http.IncomingHttpHeaders, body: unknown): Promise<TSqlAnswer>;
  /** Serves on `port` (0: any free one); resolves with the base URL. */
  listen(port: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
}

type TQuery = { query: string; params?: unknown[] };

const ISOLATION: Record<string, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

// Values go back as PostgreSQL prints them: the shim converts them as it does Neon's.
const rawText = { getTypeParser: () => (value: string) => value };

class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function normalizeServer(value: string): string {
  const text = value.trim().toLowerCase();
  return /:\d+$/.test(text) ? text : `${text}:5432`;
}

export function createPostgresSqlGateway(options: TSqlGatewayOptions): TSqlGateway {
  if (!options.servers.length && !options.publicHosts)
    throw new Error('The SQL gateway needs the servers it may connect to.');
  const servers = new Set(options.servers.map(normalizeServer));
  const denied = new Set((options.deniedUsers ?? []).map((u) => u.toLowerCase()));
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  async function readBody(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes)
        throw new GatewayError(413, `The request is over ${maxBodyBytes} bytes.`);
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new GatewayError(400, 'The request body is not JSON.');
    }
  }

  function queriesOf(body: unknown): { batch: boolean; queries: TQuery[] } {
    const b = body as { query?: unknown; params?: unknown; queries?: unknown } | null;
    const valid = (q: unknown): q is TQuery => {
      const x = q as TQuery | null;
      return (
        !!x && typeof x.query === 'string' && (x.params === undefined || Array.isArray(x.params))
      );
    };
    if (b && Array.isArray(b.queries) && b.queries.every(valid))
      return { batch: true, queries: b.queries };
    if (valid(b)) return { batch: false, queries: [b] };
    throw new GatewayError(
      400,
      'The body must be { query, params } or { queries: [{ query, params }] }.',
    );
  }

  /** Where a request's connection string may connect, or why it may not. */
  async function connectionOf(
    headers: http.IncomingHttpHeaders,
  ): Promise<{ config: pg.ClientConfig; password: string }> {
    const connectionString = headers['neon-connection-string'];
    if (typeof connectionString !== 'string')
      throw new GatewayError(400, 'The Neon-Connection-String header is missing.');
    const parsed = parsePostgresUrl(connectionString);
    if (!parsed.ok) throw new GatewayError(400, parsed.message);
    const url = parsed.url;
    const server = normalizeServer(`${url.host}:${url.port}`);
    if (denied.has(url.user.toLowerCase()))
      throw new GatewayError(403, `This gateway does not serve the role ${url.user}.`);
    let config: pg.ClientConfig;
    if (servers.has(server)) {
      config = pgClientConfig(url, {
        connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
        defaultSslMode: options.defaultSslMode ?? 'prefer',
        applicationName: 'shipyard-sql-gateway',
      });
    } else if (options.publicHosts) {
      // A team's own database: the bring-your-own checks, and the connection to what was checked.
      const safe = await safeClientConfig(connectionString, {
        lookup: options.publicHosts.lookup,
        allowPrivateNetworks: options.publicHosts.allowPrivateNetworks ?? false,
        connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      });
      if (!safe.ok) throw new GatewayError(403, safe.message);
      config = { ...safe.config, application_name: 'shipyard-sql-gateway' };
    } else {
      throw new GatewayError(403, `This gateway does not connect to ${url.host}:${url.port}.`);
    }
    return { config, password: url.password };
  }

  /** Runs the query, or the batch in one transaction, as the connection string's role. */
  async function execute(
    headers: http.IncomingHttpHeaders,
    { config, password }: { config: pg.ClientConfig; password: string },
    body: unknown,
  ): Promise<unknown> {
    const { batch, queries } = queriesOf(body);
    const client = new pg.Client({
      ...config,
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      types: rawText,
    });
    client.on('error', () => undefined);
    const run = async (q: TQuery) => {
      const r = await client.query({ text: q.query, values: q.params ?? [], rowMode: 'array' });
      return {
        command: r.command,
        rowCount: r.rowCount,
        rows: r.rows,
        fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        rowAsArray: true,
      };
    };
    try {
      try {
        await client.connect();
      } catch (error) {
        const code = (error as { code?: string }).code;
        // 28P01: wrong password; 28000: no such role or not allowed.
        if (code === '28P01' || code === '28000')
          throw new GatewayError(401, 'password authentication failed');
        // 42501: no CONNECT on that database (another tenant's); 3D000: no such database.
        if (code === '42501' || code === '3D000')
          throw new GatewayError(403, redact((error as Error).message, [password]));
        throw new GatewayError(
          502,
          `Could not connect to the database server (${redact((error as Error).message, [password])}).`,
        );
      }
      if (!batch) return await run(queries[0]!);
      const level = ISOLATION[String(headers['neon-batch-isolation-level'] ?? '')];
      const readOnly = headers['neon-batch-read-only'] === 'true';
      await client.query(
        `BEGIN${level ? ` ISOLATION LEVEL ${level}` : ''}${readOnly ? ' READ ONLY' : ''}`,
      );
      try {
        const results = [];
        for (const q of queries) results.push(await run(q));
        await client.query('COMMIT');
        return { results };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** A failure as Neon answers it: the gateway's own refusals, or the app's SQL error. */
  function failure(error: unknown): TSqlAnswer {
    if (error instanceof GatewayError)
      return { status: error.status, body: { message: error.message } };
    const e = error as {
      message?: string;
      code?: string;
      severity?: string;
      detail?: string;
      hint?: string;
      position?: string;
    };
    return {
      status: 400,
      body: {
        message: e.message ?? 'The query failed.',
        code: e.code,
        severity: e.severity,
        detail: e.detail,
        hint: e.hint,
        position: e.position,
      },
    };
  }

  async function answer(headers: http.IncomingHttpHeaders, body: unknown): Promise<TSqlAnswer> {
    try {
      return { status: 200, body: await execute(headers, await connectionOf(headers), body) };
    } catch (error) {
      return failure(error);
    }
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const send = ({ status, body }: TSqlAnswer) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/sql')
      return send({ status: 404, body: { message: 'Not found: the gateway serves POST /sql.' } });
    if (req.method !== 'POST') return send({ status: 405, body: { message: 'Use POST.' } });
    // The connection is checked before the body is read: a refused request costs no upload.
    connectionOf(req.headers)
      .then(async (target) => execute(req.headers, target, await readBody(req)))
      .then(
        (body) => send({ status: 200, body }),
        (error: unknown) => send(failure(error)),
      );
  }

  return {
    handle,
    answer,
    listen(port, host = '127.0.0.1') {
      const server = http.createServer(handle);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve({
            url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
            close: () => new Promise<void>((done) => server.close(() => done())),
          });
        });
      });
    },
  };
}
