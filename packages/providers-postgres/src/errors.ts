import { AppError, type TErrorCode } from '@shipyard/core';
import { hidePostgresPasswords, redact as redactSecrets } from '@shipyard/deploy-core/provider-kit';

/** Replaces every occurrence of the secrets (4 characters or more), and any URL's password, in a message. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return redactSecrets(hidePostgresPasswords(text), secrets, 4);
}

interface TPgErrorShape {
  code?: string;
  message?: string;
  detail?: string;
  position?: string;
}

function pgShape(error: unknown): TPgErrorShape {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const e = error as TPgErrorShape & { errors?: unknown[] };
  // AggregateError from net.connect when every address failed.
  if (!e.message && Array.isArray(e.errors) && e.errors.length) return pgShape(e.errors[0]);
  return { code: e.code, message: e.message, detail: e.detail, position: e.position };
}

export interface TPgFailureContext {
  /** A verb phrase: "connect to the database shop on db.example.com". */
  action: string;
  /** Where the database is, for connection errors: "db.example.com:5432". */
  target: string;
  secrets: readonly (string | undefined)[];
  /** Which statement failed, for batches: "statement 3 of 12". */
  statement?: string;
}

/** True for failures that happen before a session exists (network, TLS, authentication). */
export function isConnectionFailure(error: unknown): boolean {
  const { code, message } = pgShape(error);
  if (code && /^(ECONN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)/.test(code)) return true;
  if (code === '28P01' || code === '28000' || code === '3D000' || code === '53300' || code === '57P03') return true;
  return /connection (?:terminated|timeout)|timeout expired|does not support SSL|self[- ]signed|certificate/i.test(message ?? '');
}

/**
 * Turns a node-postgres failure into the AppError a user sees: what was being done, what
 * PostgreSQL said (SQLSTATE and message), and what to do. Never contains the password.
 */
export function pgError(error: unknown, ctx: TPgFailureContext): AppError {
  if (AppError.is(error)) return error;
  const { code, message = 'unknown error', detail } = pgShape(error);
  const said = `${message}${detail ? ` (${detail})` : ''}${code && /^[0-9A-Z]{5}$/.test(code) ? ` [SQLSTATE ${code}]` : ''}`;
  const where = ctx.statement ? ` at ${ctx.statement}` : '';
  let errorCode: TErrorCode = 'PROVIDER_ERROR';
  let text: string;
  if (code === 'ECONNREFUSED') {
    text = `Could not ${ctx.action}: ${ctx.target} refused the connection. Check the host and port, and that the server accepts connections from Shipyard.`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    text = `Could not ${ctx.action}: the host of ${ctx.target} does not resolve. Check the host name.`;
  } else if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /timeout/i.test(message)) {
    text = `Could not ${ctx.action}: ${ctx.target} did not answer in time. Check that the server is running and reachable from Shipyard (firewall, allow-list).`;
  } else if (/does not support SSL/i.test(message)) {
    errorCode = 'PRECONDITION_FAILED';
    text = `Could not ${ctx.action}: the server at ${ctx.target} does not support TLS. Enable TLS on the server, or add ?sslmode=disable to the URL if the network is private and trusted.`;
  } else if (/certificate|self[- ]signed/i.test(message)) {
    errorCode = 'PRECONDITION_FAILED';
    text = `Could not ${ctx.action}: the server's TLS certificate was rejected (${message}). Use sslmode=require to encrypt without verifying, or install a certificate the server name matches.`;
  } else if (code === '28P01' || code === '28000') {
    errorCode = 'PRECONDITION_FAILED';
    text = `Could not ${ctx.action}: PostgreSQL rejected the credentials (${said}). Check the user name and password in the database URL.`;
  } else if (code === '3D000') {
    errorCode = 'NOT_FOUND';
    text = `Could not ${ctx.action}: the database does not exist on ${ctx.target} (${said}). Create it first or fix the database name in the URL.`;
  } else if (code === '42501') {
    errorCode = 'FORBIDDEN';
    text = `Could not ${ctx.action}${where}: permission denied (${said}). Grant the user the privilege it needs, or use a user that owns the database.`;
  } else if (code === '53300') {
    errorCode = 'BUSY';
    text = `Could not ${ctx.action}: the server has no free connections (${said}). Try again shortly, or raise the connection limit.`;
  } else if (code && /^[0-9A-Z]{5}$/.test(code)) {
    errorCode = code.startsWith('42') || code.startsWith('22') || code.startsWith('23') ? 'BAD_REQUEST' : 'PROVIDER_ERROR';
    text = `PostgreSQL could not ${ctx.action}${where}: ${said}.${ctx.statement ? ' Nothing from this batch was kept.' : ''}`;
  } else {
    text = `Could not ${ctx.action} on ${ctx.target}: ${said}.`;
  }
  return new AppError(errorCode, redact(text, ctx.secrets), {
    details: { provider: 'postgres', sqlstate: code && /^[0-9A-Z]{5}$/.test(code) ? code : null },
  });
}
