import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, createLogger } from '@shipyard/core';
import { createTestDatabase, type TestDatabase } from '@shipyard/prisma-tooling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformDb, type TPlatformDb } from '../src/server/db';
import { createMailer } from '../src/server/mailer';
import { createOrgService, newId, type TActor, type TOrgService } from '../src/server/services/org-service';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../prisma/migrations');

let database: TestDatabase;
let db: TPlatformDb;
let orgs: TOrgService;

async function user(name: string): Promise<{ id: string; name: string; email: string }> {
  const email = `${name.toLowerCase()}@example.com`;
  return db.user.create({ data: { id: newId(), name, email }, select: { id: true, name: true, email: true } });
}

function actor(u: { id: string; name: string; email: string }, role: TActor['role']): TActor {
  return { userId: u.id, name: u.name, email: u.email, role };
}

async function addMember(orgId: string, userId: string, role: string) {
  return db.member.create({ data: { id: newId(), organizationId: orgId, userId, role, createdAt: new Date() } });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return AppError.is(error) ? error.code : `unexpected: ${String(error)}`;
  }
}

beforeEach(async () => {
  database = await createTestDatabase({ migrationsDir });
  db = createPlatformDb(database.url);
  const logger = createLogger({ level: 'silent' });
  orgs = createOrgService({
    db,
    mailer: createMailer({ smtpUrl: null, from: 'Shipyard <no-reply@localhost>', db, logger }),
    appUrl: 'http://localhost:3000',
    logger,
  });
});

afterEach(async () => {
  await db.$disconnect();
  await database.cleanup();
});

describe('org service against a migrated database', () => {
  it('makes the creator the owner and gives each team a unique address', async () => {
    const ada = await user('Ada');
    const first = await orgs.create(ada.id, { name: "Ada's Team" });
    const second = await orgs.create(ada.id, { name: "Ada's Team" });
    expect(first).toMatchObject({ slug: 'adas-team', role: 'owner', memberCount: 1 });
    expect(second.slug).toMatch(/^adas-team-[0-9a-f]{4}$/);
    expect(await orgs.getRole(first.id, ada.id)).toBe('owner');
    expect(await codeOf(orgs.create(ada.id, { name: 'Other', slug: 'adas-team' }))).toBe('CONFLICT');
  });

  it('emails an invitation link and replaces a pending invitation when re-inviting', async () => {
    const ada = await user('Ada');
    const team = await orgs.create(ada.id, { name: 'Acme' });
    const first = await orgs.invite(team.id, actor(ada, 'owner'), { email: 'Grace@Example.com', role: 'member' });
    const second = await orgs.invite(team.id, actor(ada, 'owner'), { email: 'grace@example.com', role: 'admin' });

    const outbox = await db.outboxEmail.findMany({ orderBy: { createdAt: 'asc' } });
    expect(outbox).toHaveLength(2);
    expect(outbox[1]?.to).toBe('grace@example.com');
    expect(outbox[1]?.text).toContain(`http://localhost:3000/invitations/${second.id}`);
    expect(outbox[1]?.subject).toBe('Ada invited you to Acme on Shipyard');

    const { invitations } = await orgs.members(team.id);
    expect(invitations.map((i) => [i.email, i.role])).toEqual([['grace@example.com', 'admin']]);
    expect((await db.invitation.findUnique({ where: { id: first.id } }))?.status).toBe('canceled');
  });

  it('refuses to invite an existing member, and stops admins from inviting owners', async () => {
    const ada = await user('Ada');
    const grace = await user('Grace');
    const team = await orgs.create(ada.id, { name: 'Acme' });
    await addMember(team.id, grace.id, 'admin');
    expect(await codeOf(orgs.invite(team.id, actor(ada, 'owner'), { email: grace.email, role: 'member' }))).toBe('CONFLICT');
    expect(await codeOf(orgs.invite(team.id, actor(grace, 'admin'), { email: 'new@example.com', role: 'owner' }))).toBe('FORBIDDEN');
    expect(await db.outboxEmail.count()).toBe(0);
  });

  it('never leaves a team without an owner', async () => {
    const ada = await user('Ada');
    const grace = await user('Grace');
    const team = await orgs.create(ada.id, { name: 'Acme' });
    const graceMembership = await addMember(team.id, grace.id, 'member');
    const adaMembership = await db.member.findFirstOrThrow({ where: { userId: ada.id } });

    expect(await codeOf(orgs.updateRole(team.id, actor(ada, 'owner'), { memberId: adaMembership.id, role: 'admin' }))).toBe(
      'PRECONDITION_FAILED',
    );
    expect(await codeOf(orgs.leave(team.id, ada.id))).toBe('PRECONDITION_FAILED');
    expect(await orgs.getRole(team.id, ada.id)).toBe('owner');

    // Promote Grace, then Ada may step down.
    await orgs.updateRole(team.id, actor(ada, 'owner'), { memberId: graceMembership.id, role: 'owner' });
    await orgs.updateRole(team.id, actor(ada, 'owner'), { memberId: adaMembership.id, role: 'member' });
    expect(await orgs.getRole(team.id, ada.id)).toBe('member');
    expect(await orgs.getRole(team.id, grace.id)).toBe('owner');
  });

  it('keeps one owner when two owners demote each other at the same time', async () => {
    const ada = await user('Ada');
    const grace = await user('Grace');
    const team = await orgs.create(ada.id, { name: 'Acme' });
    const graceMembership = await addMember(team.id, grace.id, 'owner');
    const adaMembership = await db.member.findFirstOrThrow({ where: { userId: ada.id } });

    const results = await Promise.allSettled([
      orgs.updateRole(team.id, actor(ada, 'owner'), { memberId: graceMembership.id, role: 'admin' }),
      orgs.updateRole(team.id, actor(grace, 'owner'), { memberId: adaMembership.id, role: 'admin' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(AppError.is(refused?.reason) && refused.reason.code).toBe('PRECONDITION_FAILED');
    expect(await db.member.count({ where: { organizationId: team.id, role: 'owner' } })).toBe(1);
  });

  it('lets admins manage members but not owners, and signs removed members out of the team', async () => {
    const ada = await user('Ada');
    const grace = await user('Grace');
    const alan = await user('Alan');
    const team = await orgs.create(ada.id, { name: 'Acme' });
    await addMember(team.id, grace.id, 'admin');
    const alanMembership = await addMember(team.id, alan.id, 'viewer');
    const adaMembership = await db.member.findFirstOrThrow({ where: { userId: ada.id } });
    await db.session.create({
      data: { id: newId(), token: newId(), userId: alan.id, expiresAt: new Date(Date.now() + 60_000), activeOrganizationId: team.id },
    });

    expect(await codeOf(orgs.updateRole(team.id, actor(grace, 'admin'), { memberId: adaMembership.id, role: 'member' }))).toBe('FORBIDDEN');
    expect(await codeOf(orgs.removeMember(team.id, actor(grace, 'admin'), { memberId: adaMembership.id }))).toBe('FORBIDDEN');
    expect(await codeOf(orgs.updateRole(team.id, actor(grace, 'admin'), { memberId: alanMembership.id, role: 'owner' }))).toBe('FORBIDDEN');

    await orgs.updateRole(team.id, actor(grace, 'admin'), { memberId: alanMembership.id, role: 'member' });
    await orgs.removeMember(team.id, actor(grace, 'admin'), { memberId: alanMembership.id });
    expect(await orgs.getRole(team.id, alan.id)).toBeNull();
    expect((await db.session.findFirstOrThrow({ where: { userId: alan.id } })).activeOrganizationId).toBeNull();
    expect((await orgs.members(team.id)).members.map((m) => [m.name, m.role])).toEqual([
      ['Ada', 'owner'],
      ['Grace', 'admin'],
    ]);
  });

  it('revokes only pending invitations of the same team', async () => {
    const ada = await user('Ada');
    const team = await orgs.create(ada.id, { name: 'Acme' });
    const other = await orgs.create(ada.id, { name: 'Other' });
    const invitation = await orgs.invite(team.id, actor(ada, 'owner'), { email: 'x@example.com', role: 'viewer' });
    expect(await codeOf(orgs.revokeInvitation(other.id, invitation.id))).toBe('NOT_FOUND');
    await orgs.revokeInvitation(team.id, invitation.id);
    expect(await codeOf(orgs.revokeInvitation(team.id, invitation.id))).toBe('PRECONDITION_FAILED');
    expect((await orgs.getInvitation(invitation.id))?.status).toBe('canceled');
  });
});
