import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
// The libSQL data plane: a Hrana-over-HTTP server per database, backed by a local file.
import { startHranaTestServer, type THranaTestServer } from '../../deploy-core/src/runtime/remote-db/hrana-test-server';

/*
 * A local stand-in for the Turso Platform API (https://api.turso.tech, documented at
 * docs.turso.tech/api-reference), reproducing the requests and responses this package uses:
 * `{ error }` bodies, Bearer API tokens, databases in groups (create → 200 `{ database: { DbId,
 * Hostname, Name } }`, 409 when the name exists, get, delete), database tokens
 * (`POST …/auth/tokens?expiration&authorization` → `{ jwt }`) and groups. Each database gets its
 * own libSQL server (Hrana over HTTP) whose Hostname the API returns, accepting only the tokens
 * minted for it. It ASSERTS what it receives: a request with a wrong auth header, a malformed
 * body or an unknown route is answered with an error and recorded in `failures`.
 */

export const ORG = 'acme';
export const API_TOKEN = 'turso-platform-token-0001-abcdef';
/** A valid token of a user who is not an admin of ORG. */
export const MEMBER_TOKEN = 'turso-member-token-0002-abcdef';

export interface TFault {
  method?: string;
  path: RegExp;
  times: number;
  status: number;
  headers?: Record<string, string>;
  error?: string;
  /** Handle the request, then answer with the error: a response lost on the way back. */
  afterHandling?: boolean;
}

export interface TRecordedRequest {
  method: string;
  path: string;
  query: string;
  auth: string | null;
  at: number;
}

interface TFakeDatabase {
  DbId: string;
  Name: string;
  Hostname: string;
  group: string;
  server: THranaTestServer;
  tokens: { jwt: string; expiration: string; authorization: string }[];
}

class HttpFailure {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {}
}

export class FakeTurso {
  readonly databases = new Map<string, TFakeDatabase>();
  readonly groups = new Set(['default', 'eu']);
  readonly requests: TRecordedRequest[] = [];
  readonly failures: string[] = [];
  readonly faults: TFault[] = [];
  private server: http.Server | null = null;
  private dir = mkdtempSync(path.join(tmpdir(), 'fake-turso-'));
  baseUrl = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    for (const db of this.databases.values()) await db.server.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  fault(f: TFault) {
    this.faults.push(f);
  }

  private takeFault(method: string, p: string): TFault | null {
    const i = this.faults.findIndex((f) => (!f.method || f.method === method) && f.path.test(p));
    if (i === -1) return null;
    const f = this.faults[i]!;
    if (--f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const auth = req.headers.authorization ?? null;
    this.requests.push({ method, path: url.pathname, query: url.search, auth, at: Date.now() });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const fault = this.takeFault(method, url.pathname);
    if (fault && !fault.afterHandling) return send(fault.status, { error: fault.error ?? 'injected failure' }, fault.headers);
    try {
      if (auth !== `Bearer ${API_TOKEN}` && auth !== `Bearer ${MEMBER_TOKEN}`) {
        if (!auth?.startsWith('Bearer ')) this.failures.push(`${method} ${url.pathname}: no Bearer authorization header`);
        throw new HttpFailure(401, 'Unauthorized: invalid or expired token');
      }
      let body: Record<string, unknown> = {};
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          this.failures.push(`${method} ${url.pathname}: body is not JSON`);
          throw new HttpFailure(400, 'invalid JSON body');
        }
      }
      const result = await this.handle(method, url, body, auth === `Bearer ${MEMBER_TOKEN}`);
      if (fault?.afterHandling) return send(fault.status, { error: fault.error ?? 'injected failure' }, fault.headers);
      send(200, result);
    } catch (error) {
      if (error instanceof HttpFailure) return send(error.status, { error: error.error });
      this.failures.push(`${method} ${url.pathname}: ${String(error)}`);
      send(500, { error: 'internal error' });
    }
  }

  private async handle(method: string, url: URL, body: Record<string, unknown>, memberOnly: boolean): Promise<unknown> {
    const p = url.pathname;
    const orgMatch = /^\/v1\/organizations\/([^/]+)(\/.*)?$/.exec(p);
    if (!orgMatch) return this.unknown(method, p);
    if (orgMatch[1] !== ORG) throw new HttpFailure(403, `you do not have access to organization ${orgMatch[1]}`);
    const rest = orgMatch[2] ?? '';
    const write = method !== 'GET';
    if (write && memberOnly) throw new HttpFailure(403, 'only organization admins and owners can do this');

    let m: RegExpExecArray | null;
    if ((m = /^\/groups\/([^/]+)$/.exec(rest)) && method === 'GET') {
      const group = decodeURIComponent(m[1]!);
      if (!this.groups.has(group)) throw new HttpFailure(404, `group ${group} not found`);
      return { group: { name: group, locations: ['aws-us-east-1'], primary: 'aws-us-east-1', archived: false, version: 'v0.24.0' } };
    }
    if (rest === '/databases' && method === 'POST') {
      const name = body.name;
      const group = body.group;
      if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) {
        this.failures.push(`create database: invalid name ${JSON.stringify(name)}`);
        throw new HttpFailure(400, 'invalid database name: use lowercase letters, numbers and dashes (max 64)');
      }
      if (typeof group !== 'string') {
        this.failures.push('create database: no group in the body');
        throw new HttpFailure(400, 'group is required');
      }
      if (!this.groups.has(group)) throw new HttpFailure(404, `group ${group} not found`);
      if (this.databases.has(name)) throw new HttpFailure(409, `database with name ${name} already exists`);
      const server = await startHranaTestServer({ dbUrl: `file:${path.join(this.dir, `${name}.db`)}`, authToken: `unminted-${randomBytes(8).toString('hex')}` });
      const db: TFakeDatabase = { DbId: randomUUID(), Name: name, Hostname: server.host, group, server, tokens: [] };
      this.databases.set(name, db);
      return { database: { DbId: db.DbId, Hostname: db.Hostname, Name: db.Name } };
    }
    if ((m = /^\/databases\/([^/]+)$/.exec(rest))) {
      const name = decodeURIComponent(m[1]!);
      const db = this.databases.get(name);
      if (!db) throw new HttpFailure(404, `database ${name} not found`);
      if (method === 'GET') {
        return { database: { Name: db.Name, DbId: db.DbId, Hostname: db.Hostname, group: db.group, regions: ['aws-us-east-1'], primaryRegion: 'aws-us-east-1', type: 'logical', version: '0.24.0', sleeping: false, archived: false, block_reads: false, block_writes: false, is_schema: false, schema: '' } };
      }
      if (method === 'DELETE') {
        await db.server.close();
        rmSync(path.join(this.dir, `${name}.db`), { force: true });
        this.databases.delete(name);
        return { database: name };
      }
    }
    if ((m = /^\/databases\/([^/]+)\/auth\/tokens$/.exec(rest)) && method === 'POST') {
      const name = decodeURIComponent(m[1]!);
      const db = this.databases.get(name);
      if (!db) throw new HttpFailure(404, `database ${name} not found`);
      const expiration = url.searchParams.get('expiration') ?? 'never';
      const authorization = url.searchParams.get('authorization') ?? 'full-access';
      if (!['full-access', 'read-only'].includes(authorization)) {
        this.failures.push(`create token: bad authorization ${authorization}`);
        throw new HttpFailure(400, 'authorization must be full-access or read-only');
      }
      const jwt = `eyJ${randomBytes(24).toString('base64url')}.${name}.${randomBytes(8).toString('hex')}`;
      db.tokens.push({ jwt, expiration, authorization });
      db.server.addAuthToken(jwt);
      return { jwt };
    }
    return this.unknown(method, p);
  }

  private unknown(method: string, p: string): never {
    this.failures.push(`unexpected ${method} ${p}`);
    throw new HttpFailure(404, `no route ${method} ${p}`);
  }
}
