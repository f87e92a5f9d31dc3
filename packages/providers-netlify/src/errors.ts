import { AppError, type TErrorCode } from '@shipyard/core';

/**
 * What a Netlify token must be allowed to do for each kind of call. Netlify personal access tokens
 * carry no scopes of their own: they act with the permissions of their user, so what can be
 * missing is the user's role in the team (Owner or Developer can manage sites; Reviewers and
 * Billing Admins cannot).
 */
export const NETLIFY_SCOPES = {
  /** Creating, deploying, publishing and deleting sites. */
  sites: 'Sites: create, deploy and delete (team role Owner or Developer)',
  /** Site environment variables (`/accounts/:account/env`). */
  env: 'Environment variables: edit (team role Owner or Developer)',
  /** Custom domains and domain aliases on a site. */
  domains: 'Domains: edit site domains (team role Owner or Developer)',
  /** Reading the user and the teams the token can reach. */
  account: 'Team access (the token’s user must be a member of the team)',
} as const;

export type TNetlifyScope = keyof typeof NETLIFY_SCOPES;

/** What a call was doing, so a failure can say it in the user's words. */
export interface TCallMeta {
  /** A verb phrase: "create the Netlify site shipyard-notes". */
  action: string;
  scope: TNetlifyScope;
  /** The thing a 404 means is missing: "the Netlify site shipyard-notes". */
  resource?: string;
  /** What to do when Netlify answers that the name is taken (409, or 422 "must be unique"). */
  conflictHint?: string;
}

/** A failed HTTP exchange with Netlify, or a network failure (status undefined). */
export class NetlifyHttpError extends Error {
  override readonly name = 'NetlifyHttpError';
  constructor(
    readonly status: number | undefined,
    /** Netlify's own message (`message`, `errors.*`, or the text body). */
    readonly vendorMessage: string,
    readonly headers: Headers | null,
    options?: { cause?: unknown },
  ) {
    super(status === undefined ? vendorMessage : `HTTP ${status}: ${vendorMessage}`, options);
  }
}

/** Netlify error bodies: `{ code, message }`, `{ errors: { field: [..] } }`, or plain text. */
export function vendorMessage(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  try {
    const body: unknown = JSON.parse(trimmed);
    if (typeof body === 'object' && body !== null) {
      const parts: string[] = [];
      const b = body as { message?: unknown; error?: unknown; errors?: unknown };
      if (typeof b.message === 'string' && b.message) parts.push(b.message);
      if (typeof b.error === 'string' && b.error) parts.push(b.error);
      if (typeof b.errors === 'object' && b.errors !== null) {
        for (const [field, value] of Object.entries(b.errors as Record<string, unknown>)) {
          const list = Array.isArray(value) ? value.map(String) : [String(value)];
          parts.push(`${field} ${list.join(', ')}`);
        }
      }
      if (parts.length) return parts.join('; ');
    }
  } catch {
    // Not JSON: Netlify's edge answers some errors (502, 504) with HTML or text.
  }
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

/** Replaces every occurrence of the secrets in a message. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}

const isTakenName = (status: number | undefined, message: string) =>
  status === 409 || (status === 422 && /must be unique|already (exists|taken|in use)|is taken/i.test(message));

/**
 * Turns a failed Netlify call into the AppError a user sees: what was being done, what Netlify
 * answered, and what to do. Never includes the token.
 */
export function toAppError(error: unknown, meta: TCallMeta, context: { secrets: readonly string[]; attempts?: number }): AppError {
  if (AppError.is(error)) return error;
  const status = error instanceof NetlifyHttpError ? error.status : undefined;
  const message = error instanceof NetlifyHttpError ? error.vendorMessage : error instanceof Error ? error.message : String(error);
  const scope = NETLIFY_SCOPES[meta.scope];
  const attempts = context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  const answered = `HTTP ${status ?? '—'}${message ? `: ${message}` : ''}`;
  let code: TErrorCode = 'PROVIDER_ERROR';
  let text: string;
  if (status === 401) {
    code = 'PRECONDITION_FAILED';
    text =
      `Netlify token invalid or missing scope ${scope}: Netlify rejected the access token while trying to ${meta.action} (${answered}). ` +
      `Create a personal access token under User settings → Applications and save it in the Netlify provider settings.`;
  } else if (status === 403) {
    code = 'PRECONDITION_FAILED';
    text =
      `Netlify token invalid or missing scope ${scope}: the token is not allowed to ${meta.action} (${answered}). ` +
      `Use a token of a user who is Owner or Developer of the team, or ask a team Owner to change the user's role, then try again.`;
  } else if (isTakenName(status, message)) {
    code = 'CONFLICT';
    text = `Netlify could not ${meta.action}: the name is already taken (${answered}). ${meta.conflictHint ?? 'Choose another name and try again.'}`;
  } else if (status === 404) {
    code = 'NOT_FOUND';
    text = `${capitalize(meta.resource ?? 'the requested Netlify resource')} does not exist on Netlify (${answered}); it may have been deleted in the Netlify app.`;
  } else if (status === 429) {
    code = 'RATE_LIMITED';
    text = `Netlify kept rate-limiting the request to ${meta.action} (HTTP 429${attempts}). Wait a few minutes and try again; Netlify limits deploys per minute and per day for each token.`;
  } else if (status !== undefined && status >= 500) {
    text = `Netlify failed to ${meta.action}${attempts} (${answered}). The error is on Netlify's side: try again in a few minutes, and check https://www.netlifystatus.com if it persists.`;
  } else if (status === undefined) {
    text = `Could not reach the Netlify API to ${meta.action}${attempts} (${message}). Check the network and apiBaseUrl, then try again.`;
  } else {
    text = `Netlify refused to ${meta.action} (${answered}).`;
  }
  return new AppError(code, redact(text, context.secrets), {
    details: { provider: 'netlify', status: status ?? null, scope },
  });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
