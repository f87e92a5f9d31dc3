import { orgProcedure } from '@shipyard/core';
import {
  ZListCredentialsRequestSchema,
  ZListCredentialsResponseSchema,
} from './credential-schemas';
import { toResponse, type TCredentialRouteDeps } from './credential-routes';

/** Every provider the team may connect, what it saved (never a secret) and the last check. Viewers may read. */
export function listCredentialsRoute(deps: TCredentialRouteDeps) {
  return orgProcedure('viewer')
    .input(ZListCredentialsRequestSchema)
    .output(ZListCredentialsResponseSchema)
    .query(async ({ input }) => {
      if (!deps.credentials) return { enabled: false, providers: [] };
      const views = await deps.credentials.list({ orgId: input.orgId });
      return { enabled: true, providers: views.map((v) => toResponse(deps, v)) };
    });
}
