import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { createPrettyDestination } from './pretty';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they sit (up to three objects deep). */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'sessionToken',
  'secret',
  'secrets',
  'clientSecret',
  'webhookSecret',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'api_key',
  'privateKey',
  'private_key',
  'encryptionKey',
  'encryptionKeys',
  'connectionString',
];

const PREFIXES = ['', '*.', '*.*.', '*.*.*.'];
const LIST_KEYS = ['env', 'vars'];

function pathFor(prefix: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return `${prefix}${key}`;
  // Keys such as `set-cookie` need bracket notation; the prefix then drops its trailing dot.
  return `${prefix.replace(/\.$/, '')}["${key}"]`;
}

/**
 * What is redacted, as pino redact paths (hand them to another pino instance if you have one).
 * `createLogger` applies the same rules with a faster walker of its own; see `redactSecrets`.
 */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS.flatMap((key) => PREFIXES.map((prefix) => pathFor(prefix, key))),
  // Environment variables and secrets are logged as `{ key, value }` lists: the key is useful, the value never is.
  ...LIST_KEYS.flatMap((list) => PREFIXES.slice(0, 3).map((prefix) => `${prefix}${list}.*.value`)),
];

export const REDACT_CENSOR = '[redacted]';

const SECRET_KEY_SET = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));
const LIST_KEY_SET = new Set(LIST_KEYS);
const MAX_DEPTH = PREFIXES.length - 1;

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// 'list': the value of an `env`/`vars` key; 'entry': one item of such a list, whose `value` is secret.
type TRedactMode = 'none' | 'list' | 'entry';

function childMode(parent: TRedactMode, key: string | null): TRedactMode {
  if (parent === 'list') return 'entry';
  return key !== null && LIST_KEY_SET.has(key) ? 'list' : 'none';
}

function redactAt(value: unknown, depth: number, mode: TRedactMode): unknown {
  if (depth > MAX_DEPTH || !isPlainContainer(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const next = redactAt(value[i], depth + 1, childMode(mode, null));
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const current = value[key];
    const next =
      SECRET_KEY_SET.has(key.toLowerCase()) || (mode === 'entry' && key === 'value')
        ? REDACT_CENSOR
        : redactAt(current, depth + 1, childMode(mode, key));
    if (next !== current) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}

/**
 * Returns `value` with secrets replaced by `[redacted]`, following the rules of {@link REDACT_PATHS}
 * (keys compared case-insensitively). Copies only what it changes; never mutates its input.
 */
export function redactSecrets<T>(value: T): T {
  return redactAt(value, 0, 'none') as T;
}

export type TLoggerOptions = {
  /** pino level name; default `info`. */
  level?: string;
  name?: string;
  /** Human-readable single-line output (for `pnpm dev`), instead of JSON lines. */
  pretty?: boolean;
  /** Where lines go; default stdout. Tests pass a stream to capture output. */
  destination?: DestinationStream;
};

/**
 * The logger every Shipyard process uses: JSON lines (or pretty lines in development), ISO
 * timestamps, and secrets redacted by {@link REDACT_PATHS}.
 */
export function createLogger(opts: TLoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  if (level !== 'silent' && !(level in pino.levels.values)) {
    throw new Error(
      `Unknown log level "${level}". Use one of: ${[...Object.keys(pino.levels.values), 'silent'].join(', ')}.`,
    );
  }
  const options: LoggerOptions = {
    level,
    // pino's own redaction is slow with deep wildcards (about 60x at these paths), so it only
    // covers top-level keys, which is what child bindings need; log objects and errors go through
    // the walker.
    redact: { paths: SECRET_KEYS.map((key) => pathFor('', key)), censor: REDACT_CENSOR },
    formatters: { log: (object) => redactSecrets(object) },
    // The serialized error has pino's own prototype; spread it so the walker treats it as plain.
    serializers: { err: (error: Error) => redactSecrets({ ...pino.stdSerializers.err(error) }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (opts.name) options.name = opts.name;
  const destination = opts.pretty
    ? createPrettyDestination(opts.destination ?? process.stdout)
    : opts.destination;
  return destination ? pino(options, destination) : pino(options);
}

/** A child logger whose every line carries `requestId`, so one request can be followed through the logs. */
export function childWithRequestId(logger: Logger, requestId: string): Logger {
  return logger.child({ requestId });
}
