import { AppError, type TOrgRole } from '@shipyard/core';
import { describe, expect, it } from 'vitest';
import {
  assertCanChangeRole,
  assertCanInvite,
  assertCanLeave,
  assertCanRemoveMember,
  assignableRoles,
} from './org-rules';

function rejection(fn: () => void): { code: string; message: string } | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (!AppError.is(error)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('role changes', () => {
  it('lets only an owner make someone an owner', () => {
    expect(rejection(() => assertCanChangeRole({ actorRole: 'admin', targetRole: 'member', newRole: 'owner', ownerCount: 1 }))).toEqual({
      code: 'FORBIDDEN',
      message: 'Only an owner can make someone an owner.',
    });
    expect(rejection(() => assertCanChangeRole({ actorRole: 'owner', targetRole: 'member', newRole: 'owner', ownerCount: 1 }))).toBeNull();
  });

  it('never demotes the last owner', () => {
    const result = rejection(() =>
      assertCanChangeRole({ actorRole: 'owner', targetRole: 'owner', newRole: 'admin', ownerCount: 1 }),
    );
    expect(result?.code).toBe('PRECONDITION_FAILED');
    expect(result?.message).toMatch(/at least one owner/);
  });

  it('lets an owner step down while another owner remains', () => {
    expect(rejection(() => assertCanChangeRole({ actorRole: 'owner', targetRole: 'owner', newRole: 'member', ownerCount: 2 }))).toBeNull();
  });

  it("stops an admin from changing an owner's role", () => {
    expect(rejection(() => assertCanChangeRole({ actorRole: 'admin', targetRole: 'owner', newRole: 'member', ownerCount: 3 }))?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('lets admins manage members below owner', () => {
    expect(rejection(() => assertCanChangeRole({ actorRole: 'admin', targetRole: 'viewer', newRole: 'admin', ownerCount: 1 }))).toBeNull();
  });

  it.each<TOrgRole>(['member', 'viewer'])('refuses role changes by a %s', (actorRole) => {
    expect(rejection(() => assertCanChangeRole({ actorRole, targetRole: 'viewer', newRole: 'member', ownerCount: 1 }))?.code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('removing members and leaving', () => {
  it('never removes the last owner', () => {
    expect(rejection(() => assertCanRemoveMember({ actorRole: 'owner', targetRole: 'owner', ownerCount: 1 }))?.code).toBe(
      'PRECONDITION_FAILED',
    );
    expect(rejection(() => assertCanRemoveMember({ actorRole: 'owner', targetRole: 'owner', ownerCount: 2 }))).toBeNull();
  });

  it('stops an admin from removing an owner', () => {
    expect(rejection(() => assertCanRemoveMember({ actorRole: 'admin', targetRole: 'owner', ownerCount: 2 }))?.code).toBe('FORBIDDEN');
    expect(rejection(() => assertCanRemoveMember({ actorRole: 'admin', targetRole: 'member', ownerCount: 1 }))).toBeNull();
  });

  it('refuses to let the last owner leave', () => {
    expect(rejection(() => assertCanLeave({ role: 'owner', ownerCount: 1 }))?.message).toMatch(/last owner/);
    expect(rejection(() => assertCanLeave({ role: 'owner', ownerCount: 2 }))).toBeNull();
    expect(rejection(() => assertCanLeave({ role: 'viewer', ownerCount: 1 }))).toBeNull();
  });
});

describe('invitations', () => {
  it('lets only owners invite owners', () => {
    expect(rejection(() => assertCanInvite('admin', 'owner'))?.code).toBe('FORBIDDEN');
    expect(rejection(() => assertCanInvite('owner', 'owner'))).toBeNull();
    expect(rejection(() => assertCanInvite('admin', 'viewer'))).toBeNull();
    expect(rejection(() => assertCanInvite('member', 'viewer'))?.code).toBe('FORBIDDEN');
  });

  it('offers each actor the roles they may assign', () => {
    expect(assignableRoles('owner')).toEqual(['owner', 'admin', 'member', 'viewer']);
    expect(assignableRoles('admin')).toEqual(['admin', 'member', 'viewer']);
    expect(assignableRoles('member')).toEqual([]);
  });
});
