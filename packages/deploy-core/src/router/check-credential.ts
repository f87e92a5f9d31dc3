import { orgProcedure } from '@shipyard/core';
import { ZCheckCredentialRequestSchema, ZProviderCredentialSchema } from './credential-schemas';
import { requireCredentials, toResponse, type TCredentialRouteDeps } from './credential-routes';

/** Admins: run the saved credential's check again and record the result. */
export function checkCredentialRoute(deps: TCredentialRouteDeps) {
  return orgProcedure('admin')
    .input(ZCheckCredentialRequestSchema)
    .output(ZProviderCredentialSchema)
    .mutation(async ({ ctx, input }) => {
      const view = await requireCredentials(deps).check({
        orgId: input.orgId,
        userId: ctx.session.userId,
        provider: input.provider,
      });
      return toResponse(deps, view);
    });
}
