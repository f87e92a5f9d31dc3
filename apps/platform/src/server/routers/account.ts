import { protectedProcedure, router } from '@shipyard/core';
import type { TAccountService } from '../services/account-service';
import { ZUpdateProfileRequestSchema } from './schemas';

export function createAccountRouter(deps: { accounts: TAccountService }) {
  return router({
    me: protectedProcedure.query(({ ctx }) => deps.accounts.me(ctx.session.userId)),
    updateProfile: protectedProcedure
      .input(ZUpdateProfileRequestSchema)
      .mutation(({ ctx, input }) => deps.accounts.updateProfile(ctx.session.userId, input)),
  });
}
