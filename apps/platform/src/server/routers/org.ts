import { orgProcedure, protectedProcedure, router, ZOrgScopedInputSchema } from '@shipyard/core';
import type { TActor, TOrgService } from '../services/org-service';
import {
  ZCreateOrgRequestSchema,
  ZInviteRequestSchema,
  ZRemoveMemberRequestSchema,
  ZRevokeInvitationRequestSchema,
  ZUpdateOrgRequestSchema,
  ZUpdateRoleRequestSchema,
} from './schemas';

type TActorContext = {
  session: { userId: string; name: string; email: string };
  org: { role: TActor['role'] };
};

function actorOf(ctx: TActorContext): TActor {
  return { userId: ctx.session.userId, name: ctx.session.name, email: ctx.session.email, role: ctx.org.role };
}

/** Teams: thin procedures; the rules are in services/org-rules.ts, the work in services/org-service.ts. */
export function createOrgRouter(deps: { orgs: TOrgService }) {
  const { orgs } = deps;
  return router({
    /** My teams, with my role in each. */
    list: protectedProcedure.query(({ ctx }) => orgs.listForUser(ctx.session.userId)),
    create: protectedProcedure
      .input(ZCreateOrgRequestSchema)
      .mutation(({ ctx, input }) => orgs.create(ctx.session.userId, input)),
    get: orgProcedure('viewer')
      .input(ZOrgScopedInputSchema)
      .query(({ ctx }) => orgs.get(ctx.org.id, ctx.org.role)),
    update: orgProcedure('admin')
      .input(ZUpdateOrgRequestSchema)
      .mutation(({ ctx, input }) => orgs.update(ctx.org.id, ctx.org.role, input)),
    members: orgProcedure('viewer')
      .input(ZOrgScopedInputSchema)
      .query(({ ctx }) => orgs.members(ctx.org.id)),
    invite: orgProcedure('admin')
      .input(ZInviteRequestSchema)
      .mutation(({ ctx, input }) => orgs.invite(ctx.org.id, actorOf(ctx), input)),
    revokeInvitation: orgProcedure('admin')
      .input(ZRevokeInvitationRequestSchema)
      .mutation(({ ctx, input }) => orgs.revokeInvitation(ctx.org.id, input.invitationId)),
    updateRole: orgProcedure('admin')
      .input(ZUpdateRoleRequestSchema)
      .mutation(({ ctx, input }) => orgs.updateRole(ctx.org.id, actorOf(ctx), input)),
    removeMember: orgProcedure('admin')
      .input(ZRemoveMemberRequestSchema)
      .mutation(({ ctx, input }) => orgs.removeMember(ctx.org.id, actorOf(ctx), input)),
    leave: orgProcedure('viewer')
      .input(ZOrgScopedInputSchema)
      .mutation(({ ctx }) => orgs.leave(ctx.org.id, ctx.session.userId)),
  });
}
