import { AppError } from '@shipyard/core';
import type { TPlatformDb } from '../db';

export type TAccount = { id: string; name: string; email: string; emailVerified: boolean; createdAt: Date };

/** The signed-in user's own account. Password and email changes go through better-auth. */
export function createAccountService(deps: { db: TPlatformDb }) {
  const { db } = deps;
  const select = { id: true, name: true, email: true, emailVerified: true, createdAt: true } as const;
  return {
    async me(userId: string): Promise<TAccount> {
      const user = await db.user.findUnique({ where: { id: userId }, select });
      if (!user) throw new AppError('UNAUTHORIZED', 'Your account no longer exists. Sign in again.');
      return user;
    },
    async updateProfile(userId: string, input: { name: string }): Promise<TAccount> {
      return db.user.update({ where: { id: userId }, data: { name: input.name.trim(), updatedAt: new Date() }, select });
    },
  };
}

export type TAccountService = ReturnType<typeof createAccountService>;
