import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client, type InValue, type ResultSet } from '@libsql/client';

/*
 * A local libSQL server for tests: Hrana over HTTP, version 2 (the JSON protocol `sqld` and Turso
 * serve at `/v2/pipeline`), backed by a `file:` database through @libsql/client — one SQLite
 * connection per Hrana stream, so transactions across requests (batons) behave as on sqld.
 * Implements execute, batch (with ok/error/not/and/or/is_autocommit conditions), sequence,
 * store_sql/close_sql, get_autocommit and close. It checks the Bearer token and records every
 * request; anything it does not understand is answered with an error and recorded in `failures`.
 * Test-only: exported from `@shipyard/deploy-core/testing`, never from the main entry.
 */

type THranaValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

interface TStmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: THranaValue[];
  named_args?: { name: string; value: THranaValue }[];
  want_rows?: boolean;
}

type TCond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: TCond }
  | { type: 'and'; conds: TCond[] }
  | { type: 'or'; conds: TCond[] }
  | { type: 'is_autocommit' };

interface TStreamRequest {
  type: string;
  stmt?: TStmt;
  batch?: { steps: { condition?: TCond | null; stmt: TStmt }[] };
  sql?: string | null;
  sql_id?: number;
}

interface TStream {
  client: Client;
  sqls: Map<number, string>;
  inTransaction: boolean;
}

export interface THranaRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: { baton: string | null; requests: TStreamRequest[] } | null;
}

export interface THranaTestServer {
  /** `http://127.0.0.1:<port>` — what `libsql://127.0.0.1:<port>?tls=0` resolves to. */
  url: string;
  host: string;
  requests: THranaRequest[];
  failures: string[];
  /** The next `times` pipeline requests are answered with `status` (e.g. 500, 503). */
  fail(status: number, times: number, body?: string): void;
  /** Replace the accepted tokens (a rotated token makes the old ones fail with 401); null accepts any request. */
  setAuthToken(token: string | null): void;
  /** Accept one more token (as a newly minted database token). */
  addAuthToken(token: string): void;
  close(): Promise<void>;
}

class HranaError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export async function startHranaTestServer(opts: { dbUrl: string; authToken?: string | null }): Promise<THranaTestServer> {
  let tokens: Set<string> | null = opts.authToken ? new Set([opts.authToken]) : null;
  const streams = new Map<string, TStream>();
  const requests: THranaRequest[] = [];
  const failures: string[] = [];
  const faults: { status: number; times: number; body: string }[] = [];

  function openStream(): TStream {
    return { client: createClient({ url: opts.dbUrl, intMode: 'bigint' }), sqls: new Map(), inTransaction: false };
  }

  function decode(value: THranaValue): InValue {
    switch (value.type) {
      case 'null':
        return null;
      case 'integer':
        if (!/^-?\d+$/.test(value.value)) throw new HranaError(`Invalid integer value ${JSON.stringify(value.value)}`, 'HRANA_PROTO_ERROR');
        return BigInt(value.value);
      case 'float':
        return Number(value.value);
      case 'text':
        return value.value;
      case 'blob':
        return Buffer.from(value.base64, 'base64');
      default:
        throw new HranaError(`Unknown value type ${(value as { type: string }).type}`, 'HRANA_PROTO_ERROR');
    }
  }

  function encode(value: unknown): THranaValue {
    if (value === null || value === undefined) return { type: 'null' };
    if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
    if (typeof value === 'number') return { type: 'float', value };
    if (typeof value === 'string') return { type: 'text', value };
    if (value instanceof ArrayBuffer) return { type: 'blob', base64: Buffer.from(value).toString('base64') };
    if (ArrayBuffer.isView(value)) return { type: 'blob', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    throw new HranaError(`Cannot encode ${typeof value}`);
  }

  async function execute(stream: TStream, stmt: TStmt) {
    const sql = stmt.sql ?? (stmt.sql_id !== undefined && stmt.sql_id !== null ? stream.sqls.get(stmt.sql_id) : undefined);
    if (sql === undefined || sql === null) throw new HranaError('Statement has neither sql nor a stored sql_id', 'HRANA_PROTO_ERROR');
    const named = stmt.named_args ?? [];
    const positional = stmt.args ?? [];
    if (named.length && positional.length) throw new HranaError('Mixing positional and named arguments is not supported here', 'HRANA_PROTO_ERROR');
    const args = named.length
      ? Object.fromEntries(named.map((a) => [a.name.replace(/^[:@$]/, ''), decode(a.value)]))
      : positional.map(decode);
    let rs: ResultSet;
    try {
      rs = await stream.client.execute({ sql, args });
    } catch (error) {
      const e = error as { message?: string; code?: string };
      throw new HranaError(e.message ?? String(error), e.code ?? 'SQLITE_ERROR');
    }
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
    if (verb === 'BEGIN') stream.inTransaction = true;
    if (verb === 'COMMIT' || verb === 'END' || verb === 'ROLLBACK') stream.inTransaction = false;
    return {
      cols: rs.columns.map((name, i) => ({ name, decltype: rs.columnTypes[i] || null })),
      rows: stmt.want_rows === false ? [] : rs.rows.map((row) => rs.columns.map((_, i) => encode(row[i]))),
      affected_row_count: rs.rowsAffected,
      last_insert_rowid: rs.lastInsertRowid === undefined ? null : rs.lastInsertRowid.toString(),
      rows_read: rs.rows.length,
      rows_written: rs.rowsAffected,
    };
  }

  async function runBatch(stream: TStream, steps: { condition?: TCond | null; stmt: TStmt }[]) {
    const results: (Awaited<ReturnType<typeof execute>> | null)[] = [];
    const errors: ({ message: string; code: string | null } | null)[] = [];
    const holds = (cond: TCond): boolean => {
      switch (cond.type) {
        case 'ok':
          return results[cond.step] !== null && results[cond.step] !== undefined;
        case 'error':
          return errors[cond.step] !== null && errors[cond.step] !== undefined;
        case 'not':
          return !holds(cond.cond);
        case 'and':
          return cond.conds.every(holds);
        case 'or':
          return cond.conds.some(holds);
        case 'is_autocommit':
          return !stream.inTransaction;
        default:
          throw new HranaError(`Unknown batch condition ${(cond as { type: string }).type}`, 'HRANA_PROTO_ERROR');
      }
    };
    for (const step of steps) {
      if (step.condition && !holds(step.condition)) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        results.push(await execute(stream, step.stmt));
        errors.push(null);
      } catch (error) {
        results.push(null);
        errors.push({ message: (error as Error).message, code: (error as HranaError).code ?? null });
      }
    }
    return { step_results: results, step_errors: errors };
  }

  async function handle(stream: TStream, req: TStreamRequest): Promise<{ response: Record<string, unknown>; closed?: boolean }> {
    switch (req.type) {
      case 'execute':
        return { response: { type: 'execute', result: await execute(stream, req.stmt ?? {}) } };
      case 'batch':
        return { response: { type: 'batch', result: await runBatch(stream, req.batch?.steps ?? []) } };
      case 'sequence': {
        const sql = req.sql ?? (req.sql_id !== undefined ? stream.sqls.get(req.sql_id) : undefined);
        if (!sql) throw new HranaError('sequence needs sql or sql_id', 'HRANA_PROTO_ERROR');
        for (const part of sql.split(';').map((s) => s.trim()).filter(Boolean)) await execute(stream, { sql: part, want_rows: false });
        return { response: { type: 'sequence' } };
      }
      case 'store_sql':
        stream.sqls.set(req.sql_id!, req.sql!);
        return { response: { type: 'store_sql' } };
      case 'close_sql':
        stream.sqls.delete(req.sql_id!);
        return { response: { type: 'close_sql' } };
      case 'get_autocommit':
        return { response: { type: 'get_autocommit', is_autocommit: !stream.inTransaction } };
      case 'close':
        return { response: { type: 'close' }, closed: true };
      default:
        failures.push(`unsupported stream request ${req.type}`);
        throw new HranaError(`Unsupported request type ${req.type}`, 'HRANA_PROTO_ERROR');
    }
  }

  async function pipeline(body: { baton: string | null; requests: TStreamRequest[] }) {
    let stream: TStream | undefined;
    if (body.baton) {
      stream = streams.get(body.baton);
      if (!stream) return { status: 400, json: { error: 'Invalid baton: the stream expired or was closed' } };
      streams.delete(body.baton);
    } else {
      stream = openStream();
    }
    const results: unknown[] = [];
    let closed = false;
    for (const req of body.requests) {
      if (closed) {
        results.push({ type: 'error', error: { message: 'The stream was closed', code: 'STREAM_CLOSED' } });
        continue;
      }
      try {
        const out = await handle(stream, req);
        results.push({ type: 'ok', response: out.response });
        if (out.closed) closed = true;
      } catch (error) {
        results.push({ type: 'error', error: { message: (error as Error).message, code: (error as HranaError).code ?? null } });
      }
    }
    let baton: string | null = null;
    if (closed) stream.client.close();
    else {
      baton = randomBytes(12).toString('base64url');
      streams.set(baton, stream);
    }
    return { status: 200, json: { baton, base_url: null, results } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0]!;
        const authorization = req.headers.authorization ?? null;
        let body: THranaRequest['body'] = null;
        const send = (status: number, json: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        if (req.method === 'POST') {
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as THranaRequest['body'];
          } catch {
            failures.push(`${path}: body is not JSON`);
            return send(400, { error: 'Body is not JSON' });
          }
        }
        requests.push({ method: req.method ?? 'GET', path, authorization, body });
        const presented = authorization?.startsWith('Bearer ') ? authorization.slice(7) : null;
        if (tokens !== null && (presented === null || !tokens.has(presented))) return send(401, { error: 'Unauthorized: invalid or missing authentication token' });
        if (req.method === 'GET' && (path === '/v2' || path === '/health' || path === '/version')) return send(200, {});
        if (req.method === 'GET' && (path === '/v3' || path === '/v3-protobuf')) return send(404, { error: 'Not found' });
        if (req.method === 'POST' && path === '/v2/pipeline') {
          const fault = faults[0];
          if (fault) {
            if (--fault.times <= 0) faults.shift();
            res.writeHead(fault.status, { 'content-type': 'text/plain' });
            return res.end(fault.body);
          }
          if (!body || !Array.isArray(body.requests)) {
            failures.push('pipeline body without requests');
            return send(400, { error: 'Body must have requests' });
          }
          const out = await pipeline(body);
          return send(out.status, out.json);
        }
        failures.push(`unexpected ${req.method} ${path}`);
        send(404, { error: `No route for ${req.method} ${path}` });
      })().catch((error: unknown) => {
        failures.push(`server error: ${String(error)}`);
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    failures,
    fail(status, times, body = 'upstream error') {
      faults.push({ status, times, body });
    },
    setAuthToken(next) {
      tokens = next === null ? null : new Set([next]);
    },
    addAuthToken(next) {
      tokens = new Set([...(tokens ?? []), next]);
    },
    async close() {
      for (const s of streams.values()) s.client.close();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
