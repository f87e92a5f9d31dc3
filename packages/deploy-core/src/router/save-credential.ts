import { orgProcedure } from '@shipyard/core';
import { ZProviderCredentialSchema, ZSaveCredentialRequestSchema } from './credential-schemas';
import { requireCredentials, toResponse, type TCredentialRouteDeps } from './credential-routes';

/** Admins: validate, check with the provider, and store only what passed. */
export function saveCredentialRoute(deps: TCredentialRouteDeps) {
  return orgProcedure('admin')
    .input(ZSaveCredentialRequestSchema)
    .output(ZProviderCredentialSchema)
    .mutation(async ({ ctx, input }) => {
      const view = await requireCredentials(deps).save({
        orgId: input.orgId,
        userId: ctx.session.userId,
        provider: input.provider,
        fields: input.fields,
      });
      return toResponse(deps, view);
    });
}
