import { ORG_ROLES, ZOrgScopedInputSchema } from '@shipyard/core';
import { z } from 'zod';

export const ZOrgRoleSchema = z.enum(ORG_ROLES as ['owner', 'admin', 'member', 'viewer'], {
  error: 'Choose one of: owner, admin, member, viewer.',
});

export const ZTeamNameSchema = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters for the team name.')
  .max(60, 'Keep the team name under 60 characters.');

export const ZTeamSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Use at least 2 characters for the address.')
  .max(40, 'Keep the address under 40 characters.')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes (e.g. "acme-robotics").');

export const ZPersonNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter your name.')
  .max(80, 'Keep your name under 80 characters.');

export const ZCreateOrgRequestSchema = z.object({ name: ZTeamNameSchema, slug: ZTeamSlugSchema.optional() });
export const ZUpdateOrgRequestSchema = ZOrgScopedInputSchema.extend({
  name: ZTeamNameSchema.optional(),
  slug: ZTeamSlugSchema.optional(),
});
export const ZInviteRequestSchema = ZOrgScopedInputSchema.extend({
  email: z.email('Enter a valid email address.').trim().toLowerCase(),
  role: ZOrgRoleSchema,
});
export const ZRevokeInvitationRequestSchema = ZOrgScopedInputSchema.extend({ invitationId: z.string().min(1) });
export const ZUpdateRoleRequestSchema = ZOrgScopedInputSchema.extend({ memberId: z.string().min(1), role: ZOrgRoleSchema });
export const ZRemoveMemberRequestSchema = ZOrgScopedInputSchema.extend({ memberId: z.string().min(1) });
export const ZUpdateProfileRequestSchema = z.object({ name: ZPersonNameSchema });
