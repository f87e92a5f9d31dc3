import { orgProcedure } from '@shipyard/core';
import {
  ZRemoveCredentialRequestSchema,
  ZRemoveCredentialResponseSchema,
} from './credential-schemas';
import { requireCredentials, type TCredentialRouteDeps } from './credential-routes';

/** Admins: delete a saved credential (refused while apps are deployed with it). */
export function removeCredentialRoute(deps: TCredentialRouteDeps) {
  return orgProcedure('admin')
    .input(ZRemoveCredentialRequestSchema)
    .output(ZRemoveCredentialResponseSchema)
    .mutation(({ ctx, input }) =>
      requireCredentials(deps).remove({
        orgId: input.orgId,
        userId: ctx.session.userId,
        provider: input.provider,
      }),
    );
}
