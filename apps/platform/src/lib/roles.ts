import type { TOrgRole } from '@shipyard/core';

export const ROLE_OPTIONS: { value: TOrgRole; label: string; description: string }[] = [
  { value: 'owner', label: 'Owner', description: 'Full control, including managing owners.' },
  { value: 'admin', label: 'Admin', description: 'Manages members, invitations and settings.' },
  { value: 'member', label: 'Member', description: 'Builds and deploys projects.' },
  { value: 'viewer', label: 'Viewer', description: 'Read-only access.' },
];

export function roleLabel(role: TOrgRole): string {
  return ROLE_OPTIONS.find((r) => r.value === role)?.label ?? role;
}

export function isAdmin(role: TOrgRole): boolean {
  return role === 'owner' || role === 'admin';
}

/** The roles `actorRole` may give to someone (in an invitation or a role change). */
export function assignableRoles(actorRole: TOrgRole): TOrgRole[] {
  if (actorRole === 'owner') return ['owner', 'admin', 'member', 'viewer'];
  if (actorRole === 'admin') return ['admin', 'member', 'viewer'];
  return [];
}
