import { AppError, roleAtLeast, type TOrgRole } from '@shipyard/core';

export { assignableRoles } from '../../lib/roles';

/**
 * Who may change whom in a team. Pure functions, so the rules are tested without a database;
 * the org service calls them inside the transaction that makes the change.
 *
 * - admins and owners manage members and invitations;
 * - only an owner can make someone an owner, or change or remove another owner;
 * - a team always keeps at least one owner.
 */

export function assertCanInvite(actorRole: TOrgRole, role: TOrgRole): void {
  if (!roleAtLeast(actorRole, 'admin')) {
    throw new AppError('FORBIDDEN', 'Only admins and owners can invite people to this team.');
  }
  if (role === 'owner' && actorRole !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only an owner can invite someone as an owner. Invite them as an admin instead.');
  }
}

export type TRoleChange = {
  actorRole: TOrgRole;
  targetRole: TOrgRole;
  newRole: TOrgRole;
  /** Owners in the team right now, the target included. */
  ownerCount: number;
};

export function assertCanChangeRole(change: TRoleChange): void {
  const { actorRole, targetRole, newRole, ownerCount } = change;
  if (!roleAtLeast(actorRole, 'admin')) {
    throw new AppError('FORBIDDEN', 'Only admins and owners can change roles.');
  }
  if (newRole === 'owner' && actorRole !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only an owner can make someone an owner.');
  }
  if (targetRole === 'owner' && actorRole !== 'owner') {
    throw new AppError('FORBIDDEN', "Only an owner can change another owner's role.");
  }
  if (targetRole === 'owner' && newRole !== 'owner' && ownerCount <= 1) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'A team needs at least one owner. Make someone else an owner first, then change this role.',
    );
  }
}

export type TRemoval = {
  actorRole: TOrgRole;
  targetRole: TOrgRole;
  ownerCount: number;
};

export function assertCanRemoveMember({ actorRole, targetRole, ownerCount }: TRemoval): void {
  if (!roleAtLeast(actorRole, 'admin')) {
    throw new AppError('FORBIDDEN', 'Only admins and owners can remove members.');
  }
  if (targetRole === 'owner' && actorRole !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only an owner can remove another owner.');
  }
  if (targetRole === 'owner' && ownerCount <= 1) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'This is the last owner of the team. Make someone else an owner before removing them.',
    );
  }
}

export function assertCanLeave({ role, ownerCount }: { role: TOrgRole; ownerCount: number }): void {
  if (role === 'owner' && ownerCount <= 1) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'You are the last owner of this team. Make someone else an owner before you leave.',
    );
  }
}
