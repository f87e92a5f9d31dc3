import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements, memberAc, ownerAc } from 'better-auth/plugins/organization/access';

/**
 * better-auth's access control for the four team roles. The platform's own rules (who may change
 * whom) live in services/org-rules.ts; these statements keep better-auth's organization endpoints
 * in line with them.
 */
export const ac = createAccessControl(defaultStatements);

export const roles = {
  owner: ac.newRole(ownerAc.statements),
  admin: ac.newRole(adminAc.statements),
  member: ac.newRole(memberAc.statements),
  /** Read-only: no organization, member or invitation permissions. */
  viewer: ac.newRole({ ac: ['read'] }),
};
