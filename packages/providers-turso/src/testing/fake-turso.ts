import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import {
  FakeVendorApi,
  startHranaTestServer,
  type TFakeFault,
  type THranaTestServer,
  type TRecordedRequest,
} from '@shipyard/deploy-core/testing';
// The libSQL data plane: a Hrana-over-HTTP server per database, backed by a local file. deploy-core
// does not export it, so tsup bundles this copy into dist/testing (until deploy-core/testing does).

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

export interface TFault extends TFakeFault {
  error?: string;
}

export interface TFakeDatabase {
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

export class FakeTurso extends FakeVendorApi<TRecordedRequest, TFault> {
  readonly databases = new Map<string, TFakeDatabase>();
  readonly groups = new Set(['default', 'eu']);
  private dir = mkdtempSync(path.join(tmpdir(), 'fake-turso-'));

  /**
   * Runs a query on a database's file directly, past its libSQL server and any fault injected
   * there: what the database holds, for assertions.
   */
  async readDatabase(name: string, sql: string): Promise<Record<string, unknown>[]> {
    if (!this.databases.has(name)) throw new Error(`The fake has no Turso database ${name}.`);
    const client = createClient({ url: `file:${path.join(this.dir, `${name}.db`)}` });
    try {
      return (await client.execute(sql)).rows.map((row) => ({ ...row }));
    } finally {
      client.close();
    }
  }

  override async stop() {
    for (const db of this.databases.values()) await db.server.close();
    await super.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  protected violation(message: string) {
    return new HttpFailure(400, message);
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const r = await this.read(req);
    this.requests.push({ method: r.method, path: r.path, query: r.url.search, auth: r.auth, at: Date.now() });
    const fault = this.pendingFault(r.method, r.path);
    if (fault) fault.times--;
    const sendFault = (f: TFault) => this.send(res, f.status, { error: f.error ?? 'injected failure' }, f.headers);
    if (fault && !fault.afterHandling) return sendFault(fault);
    try {
      if (r.auth !== `Bearer ${API_TOKEN}` && r.auth !== `Bearer ${MEMBER_TOKEN}`) {
        this.bearer(r);
        throw new HttpFailure(401, 'Unauthorized: invalid or expired token');
      }
      const body = r.body.length ? this.json<Record<string, unknown>>(r) : {};
      const result = await this.route(r.method, r.url, body, r.auth === `Bearer ${MEMBER_TOKEN}`);
      if (fault?.afterHandling) return sendFault(fault);
      this.send(res, 200, result);
    } catch (error) {
      if (error instanceof HttpFailure) return this.send(res, error.status, { error: error.error });
      this.crashed(r, error);
      this.send(res, 500, { error: 'internal error' });
    }
  }

  private async route(method: string, url: URL, body: Record<string, unknown>, memberOnly: boolean): Promise<unknown> {
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
        this.fail(`create database: invalid name ${JSON.stringify(name)}`);
        throw new HttpFailure(400, 'invalid database name: use lowercase letters, numbers and dashes (max 64)');
      }
      if (typeof group !== 'string') {
        this.fail('create database: no group in the body');
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
        this.fail(`create token: bad authorization ${authorization}`);
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
    this.fail(`unexpected ${method} ${p}`);
    throw new HttpFailure(404, `no route ${method} ${p}`);
  }
}
