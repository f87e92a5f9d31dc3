import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Cell, TCellTicket } from './cell.js';
import type { TErrorLogEntry, TLocalHostLogger, TRequestLogEntry } from './types.js';
import { ERROR_HEADER } from './worker-shell.js';

/** Where a request goes, decided from its Host header. */
export type TFrontRoute =
  | {
      kind: 'app';
      slug: string;
      /** The deployment serving this request; null when the app has nothing live. */
      deploymentId: string | null;
      workerName: string | null;
      cell: Cell | null;
      record(entry: TRequestLogEntry): void;
      recordError(entry: TErrorLogEntry): void;
    }
  | { kind: 'host' }
  | { kind: 'unknown' };

export interface TFrontOptions {
  route(host: string): TFrontRoute;
  logger: TLocalHostLogger;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** `Foo.Example.com:8787` → `foo.example.com`; `[::1]:80` → `::1`. */
export function hostName(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  return h.replace(/:\d*$/, '').replace(/\.$/, '');
}

function page(title: string, body: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:15vh auto;padding:0 1rem;color:#111}p{color:#555}</style></head><body><h1>${esc(title)}</h1><p>${esc(body)}</p></body></html>`;
}

function send(res: http.ServerResponse, status: number, title: string, body: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(page(title, body));
}

function forwardHeaders(req: http.IncomingMessage, host: string, upgrade: boolean): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith('x-shipyard-')) continue;
    if (HOP_BY_HOP.has(name) && !(upgrade && (name === 'connection' || name === 'upgrade'))) continue;
    headers[name] = value;
  }
  const remote = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${String(prior)}, ${remote}` : remote;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-host'] = host;
  return headers;
}

function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return (q === -1 ? u : u.slice(0, q)) || '/';
}

/**
 * The host's single HTTP entry point: routes by Host header to the app's live (or previewed)
 * deployment in workerd, streams bodies both ways, records each request in the app's log and
 * turns an app exception (reported by the worker shell) into an error log entry.
 */
export function createFrontServer(options: TFrontOptions): http.Server {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'front request failed');
      send(res, 500, 'Something went wrong', 'The host could not handle this request.');
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const host = hostName(req.headers.host);
    const route = options.route(host);
    if (route.kind === 'unknown') {
      send(res, 404, 'No app here', `No app is deployed at ${host || 'this address'}. Check the address, or deploy the app first.`);
      return;
    }
    if (route.kind === 'host') {
      if (pathOf(req.url) === '/__shipyard/health') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        return;
      }
      send(res, 200, 'Shipyard local host', 'Apps deployed here are served at <app>.localhost on this port.');
      return;
    }
    const record = (status: number, error?: string) => {
      const entry: TRequestLogEntry = {
        at: new Date().toISOString(),
        method: req.method ?? 'GET',
        path: pathOf(req.url),
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        deploymentId: route.deploymentId,
      };
      if (error !== undefined) entry.error = error;
      route.record(entry);
    };
    if (route.cell === null || route.workerName === null || route.deploymentId === null) {
      send(res, 503, 'Not deployed yet', 'This app has no live deployment yet. Deploy it, then reload this page.', { 'retry-after': '5' });
      record(503);
      return;
    }
    const { cell, workerName } = route;
    for (let attempt = 0; ; attempt++) {
      const ticket = await cell.enter(workerName);
      if (ticket.port === null) {
        ticket.release();
        send(res, 503, 'Deployment unavailable', 'This deployment is not running right now. Try again in a moment.', { 'retry-after': '5' });
        record(503, 'deployment not running');
        return;
      }
      const outcome = await proxy(req, res, ticket, host, (message) =>
        route.recordError({ at: new Date().toISOString(), deploymentId: route.deploymentId, source: 'exception', message }),
      );
      if (outcome.kind === 'retry' && attempt === 0) {
        await cell.reportUnreachable();
        continue;
      }
      if (outcome.kind === 'done') record(outcome.status, outcome.error);
      else {
        const message = outcome.error;
        route.recordError({ at: new Date().toISOString(), deploymentId: route.deploymentId, source: 'proxy', message });
        send(res, 502, 'Bad gateway', 'The app did not answer. Try again in a moment.');
        record(502, message);
      }
      return;
    }
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'websocket upgrade failed');
      socket.destroy();
    });
  });

  async function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const host = hostName(req.headers.host);
    const route = options.route(host);
    if (route.kind !== 'app' || route.cell === null || route.workerName === null) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const ticket = await route.cell.enter(route.workerName);
    if (ticket.port === null) {
      ticket.release();
      socket.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: ticket.port, method: req.method, path: req.url, headers: forwardHeaders(req, host, true) });
    const done = () => ticket.release();
    upstream.on('upgrade', (ures, usocket, uhead) => {
      const lines = [`HTTP/1.1 ${ures.statusCode ?? 101} ${ures.statusMessage ?? 'Switching Protocols'}`];
      for (let i = 0; i < ures.rawHeaders.length; i += 2) lines.push(`${ures.rawHeaders[i]}: ${ures.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (uhead.length > 0) socket.write(uhead);
      if (head.length > 0) usocket.write(head);
      usocket.pipe(socket).pipe(usocket);
      const close = () => {
        socket.destroy();
        usocket.destroy();
        done();
      };
      socket.on('close', close);
      usocket.on('close', close);
      socket.on('error', close);
      usocket.on('error', close);
    });
    upstream.on('response', (ures) => {
      socket.end(`HTTP/1.1 ${ures.statusCode ?? 502} ${ures.statusMessage ?? ''}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      ures.resume();
      done();
    });
    upstream.on('error', () => {
      socket.destroy();
      done();
    });
    upstream.end();
  }

  return server;
}

type TProxyOutcome = { kind: 'done'; status: number; error?: string } | { kind: 'retry'; error: string } | { kind: 'failed'; error: string };

function proxy(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ticket: TCellTicket,
  host: string,
  onAppError: (message: string) => void,
): Promise<TProxyOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let bodySent = false;
    const finish = (outcome: TProxyOutcome) => {
      if (settled) return;
      settled = true;
      ticket.release();
      resolve(outcome);
    };
    // The client may have gone while the request waited for a restart: its 'close' event has
    // already fired, so nothing below would ever release the ticket.
    if (res.destroyed || req.socket.destroyed) {
      finish({ kind: 'done', status: 499, error: 'the client closed the connection' });
      return;
    }
    const upstream = http.request({
      host: '127.0.0.1',
      port: ticket.port ?? 0,
      method: req.method,
      path: req.url,
      headers: forwardHeaders(req, host, false),
      agent: ticket.agent,
    });
    upstream.on('response', (ures) => {
      const headers: http.OutgoingHttpHeaders = {};
      let appError: string | undefined;
      for (const [name, value] of Object.entries(ures.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue;
        if (name === ERROR_HEADER) {
          appError = decodeURIComponent(String(value));
          continue;
        }
        headers[name] = value;
      }
      if (appError !== undefined) onAppError(appError);
      const status = ures.statusCode ?? 502;
      res.writeHead(status, headers);
      ures.pipe(res);
      ures.on('error', () => res.destroy());
      res.on('close', () => {
        if (!res.writableFinished) ures.destroy();
        finish({ kind: 'done', status, ...(appError === undefined ? {} : { error: appError.split('\n')[0] ?? appError }) });
      });
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (res.destroyed && !res.writableFinished) {
        finish({ kind: 'done', status: 499, error: 'the client closed the connection' });
        return;
      }
      const idempotent = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
      const unreachable = error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET';
      if (!res.headersSent && unreachable && idempotent && !bodySent) finish({ kind: 'retry', error: error.message });
      else finish({ kind: 'failed', error: error.message });
    });
    res.on('close', () => {
      if (!res.headersSent) upstream.destroy();
    });
    // Safety net: whatever happened, a request that ends without a response releases its ticket.
    upstream.on('close', () => {
      if (!res.headersSent) finish(res.destroyed ? { kind: 'done', status: 499, error: 'the client closed the connection' } : { kind: 'failed', error: 'the app closed the connection' });
    });
    if (req.method === 'GET' || req.method === 'HEAD') {
      upstream.end();
    } else {
      bodySent = true;
      req.pipe(upstream);
    }
  });
}
