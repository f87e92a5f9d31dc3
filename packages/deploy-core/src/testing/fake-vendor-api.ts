import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The next `times` requests matching `method` and `path` get this answer instead. */
export interface TFakeFault {
  method?: string;
  path: RegExp;
  times: number;
  status: number;
  headers?: Record<string, string>;
  /** Handle the request normally, then answer with the error: a response lost on the way back. */
  afterHandling?: boolean;
}

/** A request as fakes record it. */
export interface TRecordedRequest {
  method: string;
  path: string;
  query: string;
  auth: string | null;
  at: number;
}

/** A request a fake received, read whole. */
export interface TFakeRequest {
  method: string;
  url: URL;
  /** The path without the fake's base path. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  auth: string | null;
}

/** An error answer a fake's route throws: status, body and headers as the vendor sends them. */
export class FakeHttpError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * The scaffolding of a local stand-in for a vendor API: an HTTP server on 127.0.0.1, request
 * recording, injected faults, and `failures` — the protocol violations it saw (a missing bearer
 * token, a body that is not JSON, an unknown route), which every test checks is empty.
 */
export abstract class FakeVendorApi<
  TRequest = TRecordedRequest,
  TFault extends TFakeFault = TFakeFault,
> {
  readonly failures: string[] = [];
  readonly requests: TRequest[] = [];
  baseUrl = '';
  private server: http.Server | null = null;
  private faults: TFault[] = [];

  /** `basePath`: where the API sits on the server (`/client/v4`), part of `baseUrl`. */
  constructor(private readonly basePath = '') {}

  async start(): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${this.basePath}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  inject(fault: TFault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  faultsLeft(): number {
    return this.faults.reduce((n, f) => n + f.times, 0);
  }

  /** Answers one request. */
  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  /** The answer a protocol violation gets (after it is recorded in `failures`). */
  protected abstract violation(message: string): unknown;

  /** The first injected fault this request matches that has answers left (the caller counts it). */
  protected pendingFault(method: string, path: string): TFault | undefined {
    return this.faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(path),
    );
  }

  protected async read(req: http.IncomingMessage): Promise<TFakeRequest> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path =
      this.basePath && url.pathname.startsWith(this.basePath)
        ? url.pathname.slice(this.basePath.length)
        : url.pathname;
    return {
      method: req.method ?? 'GET',
      url,
      path,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
      auth: req.headers.authorization ?? null,
    };
  }

  /** Sends JSON; no body for a 204 or an undefined body. */
  protected send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    contentType = 'application/json',
  ): void {
    if (status === 204 || body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(JSON.stringify(body));
  }

  protected fail(message: string): void {
    this.failures.push(message);
  }

  /** A protocol violation: recorded as a test failure and answered with `violation(message)`. */
  protected reject(r: Pick<TFakeRequest, 'method' | 'path'>, message: string): never {
    this.fail(`${r.method} ${r.path}: ${message}`);
    throw this.violation(message);
  }

  /** The bearer token of a request; a missing or malformed Authorization header is recorded. */
  protected bearer(r: TFakeRequest): string | null {
    const token = /^Bearer (\S+)$/.exec(r.auth ?? '')?.[1] ?? null;
    if (!token)
      this.fail(
        `${r.method} ${r.path}: missing or malformed Authorization header (${r.auth ?? 'none'})`,
      );
    return token;
  }

  /** The JSON body of a request; a wrong content type or invalid JSON is a violation. */
  protected json<T>(r: TFakeRequest): T {
    const type = r.headers['content-type'];
    if (!String(type ?? '').includes('application/json')) {
      this.reject(r, `expected a JSON body, got ${type ?? 'no content-type'}`);
    }
    try {
      return JSON.parse(r.body.toString('utf8')) as T;
    } catch {
      return this.reject(r, 'body is not valid JSON');
    }
  }

  /** Records a fake that threw something other than an answer: a bug in the fake or the test. */
  protected crashed(r: Pick<TFakeRequest, 'method' | 'path'>, error: unknown): void {
    this.fail(
      `${r.method} ${r.path}: fake crashed: ${error instanceof Error ? error.stack : String(error)}`,
    );
  }
}
