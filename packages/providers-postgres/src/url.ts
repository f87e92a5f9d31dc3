import type { ClientConfig } from 'pg';

export type TSslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full' | 'no-verify';

const SSL_MODES = new Set<TSslMode>(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']);

/**
 * Query parameters a database URL may carry. Everything else is refused: libpq/pg parameters such
 * as `host`, `hostaddr`, `sslrootcert`, `sslcert`, `sslkey`, `passfile` or `service` would let a URL
 * redirect the connection or read files on the platform's machines.
 */
const ALLOWED_PARAMS = new Set(['sslmode', 'application_name', 'connect_timeout', 'options', 'channel_binding']);

export interface TPostgresUrl {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  sslmode: TSslMode | null;
  applicationName: string | null;
  /** The PostgreSQL `options` parameter (e.g. `-c search_path=app`), or null. */
  options: string | null;
}

export type TParseResult = { ok: true; url: TPostgresUrl } | { ok: false; message: string };

/** Parses and validates a `postgres://` / `postgresql://` URL without touching the network. */
export function parsePostgresUrl(input: string): TParseResult {
  const fail = (message: string): TParseResult => ({ ok: false, message });
  const text = input.trim();
  if (!/^postgres(?:ql)?:\/\//i.test(text)) {
    return fail('The database URL must start with postgres:// or postgresql://, e.g. postgresql://user:password@db.example.com:5432/app.');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('The database URL is not a valid URL. Percent-encode special characters in the user name and password (e.g. @ as %40).');
  }
  const host = url.hostname;
  if (!host) return fail('The database URL has no host. Use a host name such as db.example.com.');
  if (host.includes(',')) {
    return fail('The database URL lists several hosts; give exactly one.');
  }
  if (host.startsWith('%2f') || host.startsWith('%2F') || host.startsWith('/')) {
    return fail('Unix-socket database URLs are not allowed; use a network host name.');
  }
  const port = url.port ? Number(url.port) : 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return fail('The database URL port must be between 1 and 65535.');
  const user = safeDecode(url.username);
  if (!user) return fail('The database URL has no user name: use postgresql://USER:PASSWORD@host/database.');
  const database = safeDecode(url.pathname.replace(/^\//, ''));
  if (!database) return fail('The database URL has no database name: add it after the host, e.g. …@db.example.com:5432/app.');
  if (database.includes('/')) return fail('The database name in the URL may not contain "/".');
  const params = url.searchParams;
  const unknown = [...new Set(params.keys())].filter((k) => !ALLOWED_PARAMS.has(k));
  if (unknown.length) {
    return fail(
      `The database URL has parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} that Shipyard does not accept. ` +
        `Allowed: ${[...ALLOWED_PARAMS].join(', ')}.`,
    );
  }
  const sslmode = params.get('sslmode');
  if (sslmode !== null && !SSL_MODES.has(sslmode as TSslMode)) {
    return fail(`sslmode=${sslmode} is not a PostgreSQL SSL mode. Use one of ${[...SSL_MODES].join(', ')}.`);
  }
  return {
    ok: true,
    url: {
      host,
      port,
      user,
      password: safeDecode(url.password),
      database,
      sslmode: sslmode as TSslMode | null,
      applicationName: params.get('application_name'),
      options: params.get('options'),
    },
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The node-postgres config for a parsed URL. `address` pins the connection to an IP address that
 * was already checked (the TLS server name stays the host name). `defaultSslMode` applies when the
 * URL has no `sslmode`.
 */
export function pgClientConfig(
  url: TPostgresUrl,
  opts: { address?: string; connectTimeoutMs: number; defaultSslMode?: TSslMode; applicationName?: string },
): ClientConfig {
  const mode = url.sslmode ?? opts.defaultSslMode ?? 'disable';
  const servername = url.host.replace(/^\[(.*)\]$/, '$1');
  let ssl: ClientConfig['ssl'];
  switch (mode) {
    case 'disable':
      ssl = false;
      break;
    case 'allow':
    case 'prefer':
    case 'require':
    case 'no-verify':
      // libpq semantics: encrypted, certificate not verified.
      ssl = { rejectUnauthorized: false, servername };
      break;
    case 'verify-ca':
      ssl = { rejectUnauthorized: true, servername, checkServerIdentity: () => undefined };
      break;
    case 'verify-full':
      ssl = { rejectUnauthorized: true, servername };
      break;
  }
  return {
    host: opts.address ?? servername,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    ssl,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    application_name: url.applicationName ?? opts.applicationName ?? 'shipyard',
    ...(url.options ? { options: url.options } : {}),
  };
}

/** Builds a `postgresql://` URL; user, password and database are percent-encoded. */
export function formatPostgresUrl(parts: {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  sslmode?: TSslMode | null;
}): string {
  const host = parts.host.includes(':') && !parts.host.startsWith('[') ? `[${parts.host}]` : parts.host;
  const query = parts.sslmode ? `?sslmode=${parts.sslmode}` : '';
  return `postgresql://${encodeURIComponent(parts.user)}:${encodeURIComponent(parts.password)}@${host}:${parts.port}/${encodeURIComponent(parts.database)}${query}`;
}

/** The URL with its password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}
