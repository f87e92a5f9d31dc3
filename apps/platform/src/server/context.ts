import { randomUUID } from 'node:crypto';
import { childWithRequestId, type TContext } from '@shipyard/core';
import type { TPlatform } from './platform';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller-supplied x-request-id when it looks like one (it ends up in logs), else a fresh id. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The tRPC context for one request: request id, session, membership lookups and a logger. */
export async function createContext(opts: { headers: Headers; platform: TPlatform }): Promise<TContext> {
  const { headers, platform } = opts;
  const requestId = requestIdFrom(headers);
  const result = await platform.auth.api.getSession({ headers });
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    requestId,
    session: result ? { userId: result.user.id, email: result.user.email, name: result.user.name } : null,
    logger: childWithRequestId(platform.logger, requestId),
    membership: { getRole: (orgId, userId) => platform.orgs.getRole(orgId, userId) },
    ip: forwarded || headers.get('x-real-ip') || null,
  };
}
