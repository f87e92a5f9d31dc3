import { randomBytes } from 'node:crypto';
import { AppError, isOrgRole, type Logger, type TOrgRole } from '@shipyard/core';
import { INVITATION_TTL_SECONDS, invitationUrl } from '../auth/auth';
import type { TPlatformDb } from '../db';
import { invitationEmail } from '../emails';
import type { TMailer } from '../mailer';
import {
  assertCanChangeRole,
  assertCanInvite,
  assertCanLeave,
  assertCanRemoveMember,
} from './org-rules';

export type TOrgSummary = {
  id: string;
  name: string;
  slug: string;
  role: TOrgRole;
  memberCount: number;
  createdAt: Date;
};

export type TMemberRow = {
  /** The membership id (what updateRole / removeMember take). */
  id: string;
  userId: string;
  name: string;
  email: string;
  role: TOrgRole;
  joinedAt: Date;
};

export type TInvitationRow = {
  id: string;
  email: string;
  role: TOrgRole;
  status: 'pending' | 'accepted' | 'rejected' | 'canceled';
  expiresAt: Date;
  createdAt: Date;
  inviterName: string;
  expired: boolean;
};

export type TInvitationDetails = TInvitationRow & {
  organization: { id: string; name: string; slug: string };
};

export type TActor = { userId: string; role: TOrgRole; name: string; email: string };

export type TOrgServiceDeps = {
  db: TPlatformDb;
  mailer: TMailer;
  appUrl: string;
  logger: Logger;
  now?: () => Date;
};

/** Same shape as better-auth's ids: 32 URL-safe random characters (also unguessable invitation links). */
export function newId(): string {
  return randomBytes(24).toString('base64url');
}

/** "Acme Robotics!" → "acme-robotics". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2019]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug || 'team';
}

function roleOf(value: string | null | undefined): TOrgRole {
  // A role this version does not know gets the least access.
  return isOrgRole(value) ? value : 'viewer';
}

function invitationStatus(value: string): TInvitationRow['status'] {
  return value === 'accepted' || value === 'rejected' || value === 'canceled' ? value : 'pending';
}

/**
 * Teams, members and invitations. Every change that depends on counting owners runs in one
 * transaction with the count, so two admins cannot demote the last two owners at once.
 */
export function createOrgService(deps: TOrgServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ component: 'org-service' });

  async function uniqueSlug(base: string, exceptOrgId?: string): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const candidate = attempt === 0 ? base : `${base}-${randomBytes(2).toString('hex')}`;
      const taken = await db.organization.findUnique({ where: { slug: candidate }, select: { id: true } });
      if (!taken || taken.id === exceptOrgId) return candidate;
    }
    throw new AppError('CONFLICT', 'Could not find a free web address for this team; choose a different name.');
  }

  async function requireOrg(orgId: string) {
    const org = await db.organization.findUnique({ where: { id: orgId } });
    if (!org) throw new AppError('NOT_FOUND', 'This team does not exist or was deleted.');
    return org;
  }

  return {
    /** The teams `userId` belongs to, oldest membership first, with their role in each. */
    async listForUser(userId: string): Promise<TOrgSummary[]> {
      const memberships = await db.member.findMany({
        where: { userId },
        orderBy: { createdAt: 'asc' },
        include: { organization: { include: { _count: { select: { members: true } } } } },
      });
      return memberships.map((m) => ({
        id: m.organization.id,
        name: m.organization.name,
        slug: m.organization.slug,
        role: roleOf(m.role),
        memberCount: m.organization._count.members,
        createdAt: m.organization.createdAt,
      }));
    },

    /** Creates a team with `userId` as its owner. The slug defaults to one derived from the name. */
    async create(userId: string, input: { name: string; slug?: string }): Promise<TOrgSummary> {
      const name = input.name.trim();
      let slug: string;
      if (input.slug) {
        slug = input.slug;
        const taken = await db.organization.findUnique({ where: { slug }, select: { id: true } });
        if (taken) throw new AppError('CONFLICT', `The address "${slug}" is taken; choose another one.`);
      } else {
        slug = await uniqueSlug(slugify(name));
      }
      const createdAt = now();
      const org = await db.organization.create({
        data: {
          id: newId(),
          name,
          slug,
          createdAt,
          members: { create: { id: newId(), userId, role: 'owner', createdAt } },
        },
      });
      logger.info({ orgId: org.id }, 'team created');
      return { id: org.id, name: org.name, slug: org.slug, role: 'owner', memberCount: 1, createdAt: org.createdAt };
    },

    async get(orgId: string, role: TOrgRole): Promise<TOrgSummary> {
      const org = await db.organization.findUnique({
        where: { id: orgId },
        include: { _count: { select: { members: true } } },
      });
      if (!org) throw new AppError('NOT_FOUND', 'This team does not exist or was deleted.');
      return { id: org.id, name: org.name, slug: org.slug, role, memberCount: org._count.members, createdAt: org.createdAt };
    },

    async update(orgId: string, role: TOrgRole, input: { name?: string; slug?: string }): Promise<TOrgSummary> {
      await requireOrg(orgId);
      if (input.slug) {
        const taken = await db.organization.findUnique({ where: { slug: input.slug }, select: { id: true } });
        if (taken && taken.id !== orgId) {
          throw new AppError('CONFLICT', `The address "${input.slug}" is taken; choose another one.`);
        }
      }
      const org = await db.organization.update({
        where: { id: orgId },
        data: { ...(input.name ? { name: input.name.trim() } : {}), ...(input.slug ? { slug: input.slug } : {}) },
        include: { _count: { select: { members: true } } },
      });
      return { id: org.id, name: org.name, slug: org.slug, role, memberCount: org._count.members, createdAt: org.createdAt };
    },

    /** Members (owners first, then by join date) and the invitations that are still pending. */
    async members(orgId: string): Promise<{ members: TMemberRow[]; invitations: TInvitationRow[] }> {
      const [members, invitations] = await Promise.all([
        db.member.findMany({
          where: { organizationId: orgId },
          orderBy: { createdAt: 'asc' },
          include: { user: { select: { name: true, email: true } } },
        }),
        db.invitation.findMany({
          where: { organizationId: orgId, status: 'pending' },
          orderBy: { createdAt: 'desc' },
          include: { user: { select: { name: true, email: true } } },
        }),
      ]);
      const rank: Record<TOrgRole, number> = { owner: 0, admin: 1, member: 2, viewer: 3 };
      const at = now().getTime();
      return {
        members: members
          .map((m) => ({
            id: m.id,
            userId: m.userId,
            name: m.user.name,
            email: m.user.email,
            role: roleOf(m.role),
            joinedAt: m.createdAt,
          }))
          .sort((a, b) => rank[a.role] - rank[b.role] || a.joinedAt.getTime() - b.joinedAt.getTime()),
        invitations: invitations.map((i) => ({
          id: i.id,
          email: i.email,
          role: roleOf(i.role),
          status: invitationStatus(i.status),
          expiresAt: i.expiresAt,
          createdAt: i.createdAt,
          inviterName: i.user.name || i.user.email,
          expired: i.expiresAt.getTime() <= at,
        })),
      };
    },

    /**
     * Invites `email` with `role` and emails them a link to /invitations/<id>. Inviting the same
     * address again replaces the pending invitation (a fresh link and expiry).
     */
    async invite(orgId: string, actor: TActor, input: { email: string; role: TOrgRole }): Promise<TInvitationRow> {
      assertCanInvite(actor.role, input.role);
      const email = input.email.trim().toLowerCase();
      const org = await requireOrg(orgId);
      const existingMember = await db.member.findFirst({
        where: { organizationId: orgId, user: { email } },
        select: { id: true },
      });
      if (existingMember) throw new AppError('CONFLICT', `${email} is already a member of ${org.name}.`);

      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + INVITATION_TTL_SECONDS * 1000);
      const invitation = await db.$transaction(async (tx) => {
        await tx.invitation.updateMany({
          where: { organizationId: orgId, email, status: 'pending' },
          data: { status: 'canceled' },
        });
        return tx.invitation.create({
          data: { id: newId(), organizationId: orgId, email, role: input.role, status: 'pending', expiresAt, createdAt, inviterId: actor.userId },
        });
      });

      try {
        await deps.mailer.send(
          invitationEmail({
            to: email,
            organizationName: org.name,
            inviterName: actor.name || actor.email,
            role: input.role,
            url: invitationUrl(deps.appUrl, invitation.id),
            expiresAt,
          }),
        );
      } catch (error) {
        await db.invitation.update({ where: { id: invitation.id }, data: { status: 'canceled' } });
        throw new AppError('PROVIDER_ERROR', 'The invitation email could not be sent, so the invitation was withdrawn. Check the mail settings and try again.', {
          cause: error,
        });
      }
      logger.info({ orgId, invitationId: invitation.id, role: input.role }, 'invitation sent');
      return {
        id: invitation.id,
        email,
        role: input.role,
        status: 'pending',
        expiresAt,
        createdAt,
        inviterName: actor.name || actor.email,
        expired: false,
      };
    },

    async revokeInvitation(orgId: string, invitationId: string): Promise<void> {
      const invitation = await db.invitation.findFirst({ where: { id: invitationId, organizationId: orgId } });
      if (!invitation) throw new AppError('NOT_FOUND', 'This invitation does not exist in this team.');
      if (invitation.status !== 'pending') {
        throw new AppError('PRECONDITION_FAILED', `This invitation was already ${invitation.status}; there is nothing to revoke.`);
      }
      await db.invitation.update({ where: { id: invitationId }, data: { status: 'canceled' } });
    },

    async updateRole(orgId: string, actor: TActor, input: { memberId: string; role: TOrgRole }): Promise<TMemberRow> {
      return db.$transaction(async (tx) => {
        const target = await tx.member.findFirst({
          where: { id: input.memberId, organizationId: orgId },
          include: { user: { select: { name: true, email: true } } },
        });
        if (!target) throw new AppError('NOT_FOUND', 'This person is not a member of the team (any more).');
        const targetRole = roleOf(target.role);
        const ownerCount = await tx.member.count({ where: { organizationId: orgId, role: 'owner' } });
        assertCanChangeRole({ actorRole: actor.role, targetRole, newRole: input.role, ownerCount });
        const updated = await tx.member.update({ where: { id: target.id }, data: { role: input.role } });
        return {
          id: updated.id,
          userId: updated.userId,
          name: target.user.name,
          email: target.user.email,
          role: input.role,
          joinedAt: updated.createdAt,
        };
      });
    },

    async removeMember(orgId: string, actor: TActor, input: { memberId: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const target = await tx.member.findFirst({ where: { id: input.memberId, organizationId: orgId } });
        if (!target) throw new AppError('NOT_FOUND', 'This person is not a member of the team (any more).');
        const ownerCount = await tx.member.count({ where: { organizationId: orgId, role: 'owner' } });
        if (target.userId === actor.userId) {
          assertCanLeave({ role: roleOf(target.role), ownerCount });
        } else {
          assertCanRemoveMember({ actorRole: actor.role, targetRole: roleOf(target.role), ownerCount });
        }
        await tx.member.delete({ where: { id: target.id } });
        await tx.session.updateMany({
          where: { userId: target.userId, activeOrganizationId: orgId },
          data: { activeOrganizationId: null },
        });
      });
    },

    async leave(orgId: string, userId: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const membership = await tx.member.findFirst({ where: { organizationId: orgId, userId } });
        if (!membership) throw new AppError('NOT_FOUND', 'You are not a member of this team.');
        const ownerCount = await tx.member.count({ where: { organizationId: orgId, role: 'owner' } });
        assertCanLeave({ role: roleOf(membership.role), ownerCount });
        await tx.member.delete({ where: { id: membership.id } });
        await tx.session.updateMany({ where: { userId, activeOrganizationId: orgId }, data: { activeOrganizationId: null } });
      });
    },

    /** For the invitation page: enough to show who invited whom to what (the id is the secret). */
    async getInvitation(invitationId: string): Promise<TInvitationDetails | null> {
      const i = await db.invitation.findUnique({
        where: { id: invitationId },
        include: { organization: true, user: { select: { name: true, email: true } } },
      });
      if (!i) return null;
      return {
        id: i.id,
        email: i.email,
        role: roleOf(i.role),
        status: invitationStatus(i.status),
        expiresAt: i.expiresAt,
        createdAt: i.createdAt,
        inviterName: i.user.name || i.user.email,
        expired: i.expiresAt.getTime() <= now().getTime(),
        organization: { id: i.organization.id, name: i.organization.name, slug: i.organization.slug },
      };
    },

    /** The membership resolver core's orgProcedure uses. */
    async getRole(orgId: string, userId: string): Promise<TOrgRole | null> {
      const m = await db.member.findFirst({ where: { organizationId: orgId, userId }, select: { role: true } });
      return m && isOrgRole(m.role) ? m.role : null;
    },
  };
}

export type TOrgService = ReturnType<typeof createOrgService>;
