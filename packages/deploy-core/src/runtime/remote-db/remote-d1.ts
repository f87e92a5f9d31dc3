/*
 * `env.DB` for apps whose database is not a native D1 binding: the D1 API over HTTP, to a libSQL
 * server (Turso, sqld — Hrana over HTTP, `POST <url>/v2/pipeline`) or to Neon's serverless SQL
 * endpoint (`POST https://api.<region host>/sql`). It runs inside `_worker.js` on Cloudflare,
 * Netlify, Vercel and workerd, so it uses nothing but `fetch`, `URL`, `btoa`/`atob` and
 * `performance`/`Date`.
 *
 * Everything lives inside `remoteDbRuntime` so the build can inline it into `_worker.js` as
 * source text (`remoteDbShimSource()`): the function must not reference anything outside itself.
 */

/** What `bind()` accepts, as in D1. */
export type TD1Value = null | undefined | number | bigint | string | boolean | ArrayBuffer | ArrayBufferView;

export interface TD1Meta {
  duration: number;
  changes: number;
  last_row_id: number;
  rows_read: number;
  rows_written: number;
  changed_db: boolean;
  size_after: number;
  served_by: string;
}

export interface TD1Result<T = Record<string, unknown>> {
  success: true;
  results: T[];
  meta: TD1Meta;
}

export interface TD1ExecResult {
  count: number;
  duration: number;
}

export interface RemoteD1PreparedStatement {
  /** A new statement with these values for its `?` / `?NNN` placeholders. */
  bind(...values: TD1Value[]): RemoteD1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  first<T = unknown>(column: string): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<TD1Result<T>>;
  run<T = Record<string, unknown>>(): Promise<TD1Result<T>>;
  raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]>;
}

export interface RemoteD1Database {
  prepare(sql: string): RemoteD1PreparedStatement;
  /** Runs the statements in one transaction: all of them or none. */
  batch<T = Record<string, unknown>>(statements: RemoteD1PreparedStatement[]): Promise<TD1Result<T>[]>;
  /** Runs one or more `;`-separated statements without bindings. */
  exec(sql: string): Promise<TD1ExecResult>;
  /** Which protocol this database speaks: `hrana` (libSQL / Turso) or `neon` (Neon's SQL over HTTP). */
  readonly protocol: 'hrana' | 'neon';
}

export interface TRemoteD1Options {
  /** `libsql://…` / `https://…` (libSQL) or `postgres://…` / `postgresql://…` (Neon). */
  url: string;
  /** libSQL auth token (Bearer). Neon carries its password in the URL. */
  authToken?: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Neon only: the SQL-over-HTTP endpoint, when it is not `https://api.<host without first label>/sql`. */
  neonSqlEndpoint?: string;
}

export interface TRemoteDbRuntime {
  createRemoteD1(options: TRemoteD1Options): RemoteD1Database;
  /**
   * `env` with `DB` set from `DATABASE_URL` / `DATABASE_AUTH_TOKEN` when the app has no native `DB`
   * binding; otherwise `env` itself. One client per URL is kept across requests.
   */
  wrapEnvWithRemoteDb<E>(env: E, options?: Pick<TRemoteD1Options, 'fetch' | 'neonSqlEndpoint'>): E & { DB?: RemoteD1Database };
}

export function remoteDbRuntime(): TRemoteDbRuntime {
  type TRow = unknown[];
  interface TStmt {
    sql: string;
    params: TD1Value[];
  }
  interface TOutcome {
    columns: string[];
    rows: TRow[];
    changes: number;
    lastRowId: number;
    rowsRead: number;
    rowsWritten: number;
  }
  interface TDriver {
    protocol: 'hrana' | 'neon';
    one(stmt: TStmt): Promise<TOutcome>;
    batch(stmts: TStmt[]): Promise<TOutcome[]>;
    exec(sqls: string[]): Promise<number>;
  }
  type THranaValue =
    | { type: 'null' }
    | { type: 'integer'; value: string }
    | { type: 'float'; value: number }
    | { type: 'text'; value: string }
    | { type: 'blob'; base64: string };
  interface THranaStmtResult {
    cols: { name: string | null; decltype?: string | null }[];
    rows: THranaValue[][];
    affected_row_count: number;
    last_insert_rowid: string | null;
    rows_read?: number;
    rows_written?: number;
  }
  interface THranaError {
    message: string;
    code?: string | null;
  }
  type THranaResult = { type: 'ok'; response: { type: string; result?: unknown } } | { type: 'error'; error: THranaError } | { type: 'none' };
  interface TNeonResult {
    fields: { name: string; dataTypeID: number }[];
    rows: (string | null)[][];
    rowCount: number | null;
    command: string;
  }

  const statements = new WeakMap<RemoteD1PreparedStatement, TStmt>();
  const clients = new Map<string, RemoteD1Database>();

  function d1Error(message: string, cause?: unknown): Error {
    const error = new Error(`D1_ERROR: ${message}`);
    if (cause !== undefined) (error as Error & { cause?: unknown }).cause = cause;
    return error;
  }

  function typeError(value: unknown): Error {
    return new Error(`D1_TYPE_ERROR: Type '${typeof value}' not supported for value '${String(value)}'`);
  }

  function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
    return value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }

  function toBase64(bytes: Uint8Array): string {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  function fromBase64(text: string): number[] {
    const padded = text + '='.repeat((4 - (text.length % 4)) % 4);
    const binary = atob(padded);
    const out: number[] = new Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  function now(): number {
    return typeof performance !== 'undefined' ? performance.now() : Date.now();
  }

  async function post(doFetch: NonNullable<TRemoteD1Options['fetch']>, url: string, headers: Record<string, string>, body: unknown, what: string) {
    let response: Response;
    try {
      response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    } catch (error) {
      throw d1Error(`Could not reach the ${what} (${error instanceof Error ? error.message : String(error)}).`, error);
    }
    return response;
  }

  async function failure(response: Response, what: string, hint: string): Promise<Error> {
    let text = '';
    try {
      text = (await response.text()).slice(0, 500);
    } catch {
      // The status is enough.
    }
    let message = text;
    try {
      const parsed = JSON.parse(text) as { message?: string; error?: string | { message?: string } };
      message = parsed.message ?? (typeof parsed.error === 'string' ? parsed.error : parsed.error?.message) ?? text;
    } catch {
      // Not JSON: keep the text.
    }
    if (response.status === 401 || response.status === 403) {
      return d1Error(`The ${what} rejected the credentials (HTTP ${response.status}${message ? `: ${message}` : ''}). ${hint}`);
    }
    return d1Error(`The ${what} answered HTTP ${response.status}${message ? `: ${message}` : ''}.`);
  }

  // ---------------------------------------------------------------- libSQL (Hrana over HTTP v2)

  function hranaBaseUrl(url: string): string {
    const parsed = new URL(url);
    const tls = parsed.searchParams.get('tls');
    let scheme: string;
    if (parsed.protocol === 'libsql:') scheme = tls === '0' ? 'http:' : 'https:';
    else if (parsed.protocol === 'wss:' || parsed.protocol === 'https:') scheme = 'https:';
    else if (parsed.protocol === 'ws:' || parsed.protocol === 'http:') scheme = 'http:';
    else throw d1Error(`DATABASE_URL uses ${parsed.protocol}, which is not a libSQL URL.`);
    return `${scheme}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  }

  function toHrana(value: TD1Value): THranaValue {
    if (value === null || value === undefined) return { type: 'null' };
    if (typeof value === 'boolean') return { type: 'integer', value: value ? '1' : '0' };
    if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
    if (typeof value === 'number') {
      return Number.isSafeInteger(value) ? { type: 'integer', value: String(value) } : { type: 'float', value };
    }
    if (typeof value === 'string') return { type: 'text', value };
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return { type: 'blob', base64: toBase64(bytesOf(value)) };
    throw typeError(value);
  }

  function fromHrana(value: THranaValue): unknown {
    switch (value.type) {
      case 'null':
        return null;
      case 'integer':
        return Number(value.value);
      case 'float':
        return Number(value.value);
      case 'text':
        return value.value;
      case 'blob':
        return fromBase64(value.base64);
      default:
        return null;
    }
  }

  function hranaStmt(stmt: TStmt) {
    return { sql: stmt.sql, args: stmt.params.map(toHrana), want_rows: true };
  }

  function hranaOutcome(result: THranaStmtResult): TOutcome {
    return {
      columns: result.cols.map((c, i) => c.name ?? `column${i}`),
      rows: result.rows.map((row) => row.map(fromHrana)),
      changes: result.affected_row_count,
      lastRowId: result.last_insert_rowid === null || result.last_insert_rowid === undefined ? 0 : Number(result.last_insert_rowid),
      rowsRead: result.rows_read ?? result.rows.length,
      rowsWritten: result.rows_written ?? result.affected_row_count,
    };
  }

  function hranaDriver(options: TRemoteD1Options): TDriver {
    const doFetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
    const endpoint = `${hranaBaseUrl(options.url)}/v2/pipeline`;
    const headers: Record<string, string> = options.authToken ? { authorization: `Bearer ${options.authToken}` } : {};
    const what = 'libSQL database';

    async function pipeline(requests: unknown[]): Promise<THranaResult[]> {
      const response = await post(doFetch, endpoint, headers, { baton: null, requests: [...requests, { type: 'close' }] }, what);
      if (!response.ok) throw await failure(response, what, 'Check DATABASE_AUTH_TOKEN (the database token may have been rotated).');
      const body = (await response.json()) as { results?: THranaResult[] };
      if (!Array.isArray(body.results) || body.results.length !== requests.length + 1) {
        throw d1Error('The libSQL server answered with an unexpected pipeline response.');
      }
      return body.results;
    }

    function unwrap(result: THranaResult | undefined): { type: string; result?: unknown } {
      if (!result || result.type === 'none') throw d1Error('The libSQL server did not run the request.');
      if (result.type === 'error') throw d1Error(result.error.message);
      return result.response;
    }

    type TBatchResult = { step_results: (THranaStmtResult | null)[]; step_errors: (THranaError | null)[] };

    return {
      protocol: 'hrana',
      async one(stmt) {
        const [first] = await pipeline([{ type: 'execute', stmt: hranaStmt(stmt) }]);
        return hranaOutcome(unwrap(first).result as THranaStmtResult);
      },
      async batch(stmts) {
        if (stmts.length === 0) return [];
        // BEGIN; each statement only if the one before succeeded; COMMIT; ROLLBACK if COMMIT did not run.
        const steps: unknown[] = [{ stmt: { sql: 'BEGIN IMMEDIATE' } }];
        stmts.forEach((s, i) => steps.push({ condition: { type: 'ok', step: i }, stmt: hranaStmt(s) }));
        const commit = stmts.length + 1;
        steps.push({ condition: { type: 'ok', step: commit - 1 }, stmt: { sql: 'COMMIT' } });
        steps.push({ condition: { type: 'not', cond: { type: 'ok', step: commit } }, stmt: { sql: 'ROLLBACK' } });
        const [first] = await pipeline([{ type: 'batch', batch: { steps } }]);
        const result = unwrap(first).result as TBatchResult;
        const failed = result.step_errors.findIndex((e, i) => e !== null && i <= commit);
        if (failed !== -1) {
          const where = failed === 0 ? 'starting the transaction' : failed === commit ? 'committing' : `statement ${failed} of ${stmts.length}`;
          throw d1Error(`${result.step_errors[failed]!.message} (${where}; the batch was rolled back)`);
        }
        return stmts.map((_, i) => {
          const r = result.step_results[i + 1];
          if (!r) throw d1Error(`Statement ${i + 1} of the batch did not run; the batch was rolled back.`);
          return hranaOutcome(r);
        });
      },
      async exec(sqls) {
        const steps = sqls.map((sql, i) => (i === 0 ? { stmt: { sql } } : { condition: { type: 'ok', step: i - 1 }, stmt: { sql } }));
        const [first] = await pipeline([{ type: 'batch', batch: { steps } }]);
        const result = unwrap(first).result as TBatchResult;
        const failed = result.step_errors.findIndex((e) => e !== null);
        if (failed !== -1) throw d1Error(`${result.step_errors[failed]!.message} (statement ${failed + 1} of ${sqls.length})`);
        return sqls.length;
      },
    };
  }

  // ---------------------------------------------------------------- Neon (SQL over HTTP)

  /** `?` / `?NNN` → `$n`, outside strings, quoted names, comments and dollar quotes. */
  function dollarParams(sql: string): string {
    let out = '';
    let next = 1;
    let i = 0;
    while (i < sql.length) {
      const c = sql[i]!;
      if (c === "'" || c === '"') {
        let j = i + 1;
        while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
        out += sql.slice(i, j + 1);
        i = j + 1;
      } else if (c === '-' && sql[i + 1] === '-') {
        const end = sql.indexOf('\n', i);
        const stop = end === -1 ? sql.length : end;
        out += sql.slice(i, stop);
        i = stop;
      } else if (c === '/' && sql[i + 1] === '*') {
        const end = sql.indexOf('*/', i + 2);
        const stop = end === -1 ? sql.length : end + 2;
        out += sql.slice(i, stop);
        i = stop;
      } else if (c === '$' && /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.test(sql.slice(i)) && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
        const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i))![0];
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end === -1 ? sql.length : end + tag.length;
        out += sql.slice(i, stop);
        i = stop;
      } else if (c === '?') {
        const num = /^\?(\d+)/.exec(sql.slice(i));
        if (num) {
          next = Math.max(next, Number(num[1]) + 1);
          out += `$${num[1]}`;
          i += num[0].length;
        } else {
          out += `$${next++}`;
          i++;
        }
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  interface TNeonQuery {
    query: string;
    params: (string | null)[];
    /** RETURNING * was added to learn the new row's id: its rows are not the app's result. */
    hideRows: boolean;
  }

  function neonQuery(stmt: TStmt): TNeonQuery {
    let sql = stmt.sql.trim().replace(/;\s*$/, '');
    let hideRows = false;
    const orIgnore = /^insert\s+or\s+ignore\s+into\b/i.exec(sql);
    if (orIgnore) sql = `INSERT INTO${sql.slice(orIgnore[0].length)} ON CONFLICT DO NOTHING`;
    // PostgreSQL has no rowid: the inserted row's `id` becomes meta.last_row_id.
    if (/^insert\b/i.test(sql) && !/\breturning\b/i.test(sql)) {
      sql = `${sql} RETURNING *`;
      hideRows = true;
    }
    return { query: dollarParams(sql), params: stmt.params.map(toNeonParam), hideRows };
  }

  function toNeonParam(value: TD1Value): string | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value === 'string') return value;
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      let hex = '\\x';
      for (const b of bytesOf(value)) hex += b.toString(16).padStart(2, '0');
      return hex;
    }
    throw typeError(value);
  }

  const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 1700]);

  function fromNeon(value: string | null, typeId: number): unknown {
    if (value === null) return null;
    if (typeId === 16) return value === 't' || value === 'true' ? 1 : 0;
    if (NUMERIC_TYPES.has(typeId)) return Number(value);
    if (typeId === 17 && value.startsWith('\\x')) {
      const out: number[] = [];
      for (let i = 2; i < value.length; i += 2) out.push(parseInt(value.slice(i, i + 2), 16));
      return out;
    }
    return value;
  }

  function neonOutcome(result: TNeonResult, q: TNeonQuery): TOutcome {
    const columns = result.fields.map((f) => f.name);
    const rows = result.rows.map((row) => row.map((v, i) => fromNeon(v, result.fields[i]?.dataTypeID ?? 25)));
    const changes = /^(INSERT|UPDATE|DELETE|MERGE)$/.test(result.command) ? (result.rowCount ?? 0) : 0;
    let lastRowId = 0;
    const idIndex = columns.indexOf('id');
    const lastRow = rows[rows.length - 1];
    if (/^INSERT$/.test(result.command) && idIndex !== -1 && lastRow && typeof lastRow[idIndex] === 'number') lastRowId = lastRow[idIndex] as number;
    return {
      columns: q.hideRows ? [] : columns,
      rows: q.hideRows ? [] : rows,
      changes,
      lastRowId,
      rowsRead: q.hideRows ? 0 : rows.length,
      rowsWritten: changes,
    };
  }

  function isNeonHost(hostname: string): boolean {
    return /\.neon\.tech$/i.test(hostname);
  }

  function neonEndpoint(url: URL, override?: string): string {
    if (override) return override;
    // The connection string (with its password) goes in a header: only ever to Neon itself.
    if (!isNeonHost(url.hostname)) {
      throw d1Error(`DATABASE_URL points at ${url.hostname}, which is not a Neon host: a PostgreSQL database is reachable over HTTP only through Neon's SQL endpoint.`);
    }
    return `https://${url.hostname.replace(/^[^.]+\./, 'api.')}/sql`;
  }

  function neonDriver(options: TRemoteD1Options): TDriver {
    const doFetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
    const parsed = new URL(options.url);
    const endpoint = neonEndpoint(parsed, options.neonSqlEndpoint);
    const what = 'Neon SQL endpoint';
    const headers = {
      'Neon-Connection-String': options.url,
      'Neon-Raw-Text-Output': 'true',
      'Neon-Array-Mode': 'true',
    };
    const hint = 'Check the password in DATABASE_URL (it may have been reset in Neon).';

    async function send(body: unknown, extra: Record<string, string> = {}) {
      const response = await post(doFetch, endpoint, { ...headers, ...extra }, body, what);
      if (!response.ok) throw await failure(response, what, hint);
      return response.json();
    }

    return {
      protocol: 'neon',
      async one(stmt) {
        const q = neonQuery(stmt);
        return neonOutcome((await send({ query: q.query, params: q.params })) as TNeonResult, q);
      },
      async batch(stmts) {
        if (stmts.length === 0) return [];
        const qs = stmts.map(neonQuery);
        const body = (await send(
          { queries: qs.map((q) => ({ query: q.query, params: q.params })) },
          { 'Neon-Batch-Isolation-Level': 'ReadCommitted', 'Neon-Batch-Read-Only': 'false' },
        )) as { results?: TNeonResult[] };
        if (!Array.isArray(body.results) || body.results.length !== qs.length) throw d1Error('The Neon SQL endpoint answered with an unexpected batch response.');
        return body.results.map((r, i) => neonOutcome(r, qs[i]!));
      },
      async exec(sqls) {
        await send({ queries: sqls.map((sql) => ({ query: sql, params: [] })) });
        return sqls.length;
      },
    };
  }

  // ---------------------------------------------------------------- D1 surface

  /** Splits `exec` input on `;` outside strings, quoted names and comments. */
  function splitSql(sql: string): string[] {
    const out: string[] = [];
    let current = '';
    let i = 0;
    while (i < sql.length) {
      const c = sql[i]!;
      if (c === "'" || c === '"' || c === '`') {
        let j = i + 1;
        while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
        current += sql.slice(i, j + 1);
        i = j + 1;
      } else if (c === '-' && sql[i + 1] === '-') {
        const end = sql.indexOf('\n', i);
        i = end === -1 ? sql.length : end;
      } else if (c === '/' && sql[i + 1] === '*') {
        const end = sql.indexOf('*/', i + 2);
        i = end === -1 ? sql.length : end + 2;
      } else if (c === ';') {
        if (current.trim()) out.push(current.trim());
        current = '';
        i++;
      } else {
        current += c;
        i++;
      }
    }
    if (current.trim()) out.push(current.trim());
    return out;
  }

  function toObjects(outcome: TOutcome): Record<string, unknown>[] {
    return outcome.rows.map((row) => {
      const obj: Record<string, unknown> = {};
      outcome.columns.forEach((name, i) => {
        obj[name] = row[i];
      });
      return obj;
    });
  }

  function result<T>(outcome: TOutcome, duration: number): TD1Result<T> {
    return {
      success: true,
      results: toObjects(outcome) as T[],
      meta: {
        duration,
        changes: outcome.changes,
        last_row_id: outcome.lastRowId,
        rows_read: outcome.rowsRead,
        rows_written: outcome.rowsWritten,
        changed_db: outcome.changes > 0,
        size_after: 0,
        served_by: 'shipyard-remote-d1',
      },
    };
  }

  function createRemoteD1(options: TRemoteD1Options): RemoteD1Database {
    if (!options || typeof options.url !== 'string' || !options.url) throw d1Error('createRemoteD1 needs the database URL.');
    const protocol = /^postgres(?:ql)?:\/\//i.test(options.url) ? 'neon' : 'hrana';
    const driver = protocol === 'neon' ? neonDriver(options) : hranaDriver(options);

    function statement(stmt: TStmt): RemoteD1PreparedStatement {
      const prepared: RemoteD1PreparedStatement = {
        bind(...values: TD1Value[]) {
          for (const v of values) {
            const ok =
              v === null || v === undefined || ['number', 'bigint', 'string', 'boolean'].includes(typeof v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v);
            if (!ok) throw typeError(v);
          }
          return statement({ sql: stmt.sql, params: values });
        },
        async first(column?: string) {
          const outcome = await driver.one(stmt);
          const rows = toObjects(outcome);
          if (!rows.length) return null;
          if (column === undefined) return rows[0] as never;
          if (!outcome.columns.includes(column)) throw d1Error(`Column not found: ${column}`);
          return rows[0]![column] as never;
        },
        async all() {
          const started = now();
          const outcome = await driver.one(stmt);
          return result(outcome, now() - started);
        },
        async run() {
          const started = now();
          const outcome = await driver.one(stmt);
          return result(outcome, now() - started);
        },
        async raw(opts?: { columnNames?: boolean }) {
          const outcome = await driver.one(stmt);
          const rows = outcome.rows as never[];
          return opts?.columnNames ? [outcome.columns as never, ...rows] : rows;
        },
      };
      statements.set(prepared, stmt);
      return prepared;
    }

    return {
      protocol,
      prepare(sql: string) {
        if (typeof sql !== 'string' || !sql.trim()) throw d1Error('prepare() needs an SQL statement.');
        return statement({ sql, params: [] });
      },
      async batch<T>(list: RemoteD1PreparedStatement[]) {
        const stmts = list.map((s) => {
          const stmt = statements.get(s);
          if (!stmt) throw d1Error('batch() takes statements made by this database’s prepare().');
          return stmt;
        });
        const started = now();
        const outcomes = await driver.batch(stmts);
        const duration = now() - started;
        return outcomes.map((o) => result<T>(o, duration));
      },
      async exec(sql: string) {
        const started = now();
        const sqls = splitSql(sql);
        const count = sqls.length ? await driver.exec(sqls) : 0;
        return { count, duration: now() - started };
      },
    };
  }

  function wrapEnvWithRemoteDb<E>(env: E, options: Pick<TRemoteD1Options, 'fetch' | 'neonSqlEndpoint'> = {}): E & { DB?: RemoteD1Database } {
    const same = env as E & { DB?: RemoteD1Database };
    if (!env || typeof env !== 'object') return same;
    const bindings = env as Record<string, unknown>;
    if (bindings.DB) return same;
    const url = bindings.DATABASE_URL;
    if (typeof url !== 'string' || !/^(?:libsql|https?|wss?|postgres(?:ql)?):\/\//i.test(url)) return same;
    // A SQL gateway in front of a PostgreSQL server (the deploy sets it with the URL).
    const endpoint =
      options.neonSqlEndpoint ?? (typeof bindings.DATABASE_SQL_ENDPOINT === 'string' && /^https?:\/\//i.test(bindings.DATABASE_SQL_ENDPOINT) ? bindings.DATABASE_SQL_ENDPOINT : undefined);
    if (/^postgres/i.test(url) && !endpoint) {
      let host = '';
      try {
        host = new URL(url).hostname;
      } catch {
        return same;
      }
      if (!isNeonHost(host)) return same;
    }
    const authToken = typeof bindings.DATABASE_AUTH_TOKEN === 'string' ? bindings.DATABASE_AUTH_TOKEN : undefined;
    const key = `${url}\n${authToken ?? ''}\n${endpoint ?? ''}`;
    let db = clients.get(key);
    if (!db) {
      db = createRemoteD1({ url, authToken, ...options, ...(endpoint ? { neonSqlEndpoint: endpoint } : {}) });
      clients.set(key, db);
    }
    return { ...bindings, DB: db } as E & { DB: RemoteD1Database };
  }

  return { createRemoteD1, wrapEnvWithRemoteDb };
}

const runtime = remoteDbRuntime();

/** The D1 API over HTTP to a libSQL (Turso, sqld) or Neon database. */
export const createRemoteD1 = runtime.createRemoteD1;

/** `env` with `DB` built from `DATABASE_URL` / `DATABASE_AUTH_TOKEN` when there is no native `DB` binding. */
export const wrapEnvWithRemoteDb = runtime.wrapEnvWithRemoteDb;

/**
 * JavaScript source for `_worker.js` that defines `const <name> = { createRemoteD1, wrapEnvWithRemoteDb }`
 * with no imports — the build inlines it into the worker router.
 */
export function remoteDbShimSource(name = '__shipyardRemoteDb'): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`${name} is not a JavaScript identifier.`);
  // Transpilers that keep function names (esbuild's keepNames, which tsx uses) wrap inner
  // functions in a module-level `__name(fn, "name")` helper: give the inlined copy its own.
  return `const ${name} = (() => {\n  const __name = (target) => target;\n  return (${remoteDbRuntime.toString()})();\n})();\n`;
}
