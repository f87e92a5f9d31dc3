import type { Logger } from '@shipyard/core';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware, getIP, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { organization } from 'better-auth/plugins';
import type { TPlatformDb } from '../db';
import { invitationEmail, resetPasswordEmail } from '../emails';
import type { TMailer } from '../mailer';
import { ac, roles } from './roles';
import { INVALID_CREDENTIALS_MESSAGE, tooManySignInAttemptsMessage, type TSignInGuard } from './sign-in-guard';

export type TAuthDeps = {
  db: TPlatformDb;
  appUrl: string;
  secret: string;
  secureCookies: boolean;
  mailer: TMailer;
  signInGuard: TSignInGuard;
  logger: Logger;
};

/** Invitations expire after 7 days. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

export function invitationUrl(appUrl: string, invitationId: string): string {
  return `${appUrl}/invitations/${encodeURIComponent(invitationId)}`;
}

/**
 * Accounts, sessions and teams (better-auth): email + password with reset by email, the
 * organization plugin with four roles, and sign-in throttling per IP and per account.
 */
export function createAuth(deps: TAuthDeps) {
  const logger = deps.logger.child({ component: 'auth' });
  let warnedNoIp = false;

  return betterAuth({
    appName: 'Shipyard',
    baseURL: deps.appUrl,
    secret: deps.secret,
    trustedOrigins: [deps.appUrl],
    database: prismaAdapter(deps.db, { provider: 'sqlite' }),
    telemetry: { enabled: false },
    logger: {
      level: 'warn',
      log: (level, message) => logger[level](message),
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) => {
        await deps.mailer.send(resetPasswordEmail({ to: user.email, name: user.name, url }));
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    // better-auth's own limiter stays on for sign-up and password reset; sign-in is limited by
    // the hook below, per IP and per account, through the shared (Redis) limiter.
    rateLimit: { enabled: true, customRules: { '/sign-in/email': false } },
    advanced: {
      cookiePrefix: 'shipyard',
      useSecureCookies: deps.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email: unknown = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email !== 'string' || email.length === 0) return;
        const source = ctx.request ?? ctx.headers;
        const ip = source ? getIP(source, ctx.context.options) : null;
        if (!ip && !warnedNoIp) {
          warnedNoIp = true;
          logger.warn('sign-in: no client IP in x-forwarded-for; only the per-account limit applies. Put the platform behind a proxy that sets it.');
        }
        const verdict = await deps.signInGuard.check({ ip, email });
        if (!verdict.allowed) {
          logger.warn({ limitedBy: verdict.limitedBy }, 'sign-in rate limit reached');
          throw new APIError(
            'TOO_MANY_REQUESTS',
            { code: 'TOO_MANY_SIGN_IN_ATTEMPTS', message: tooManySignInAttemptsMessage(verdict.retryAfterSeconds) },
            { 'Retry-After': String(verdict.retryAfterSeconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          if (returned.statusCode === 401) {
            // One message for an unknown email and a wrong password alike.
            throw new APIError('UNAUTHORIZED', { code: 'INVALID_EMAIL_OR_PASSWORD', message: INVALID_CREDENTIALS_MESSAGE });
          }
          return;
        }
        const email: unknown = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email === 'string') await deps.signInGuard.succeeded(email);
      }),
    },
    plugins: [
      organization({
        ac,
        roles,
        creatorRole: 'owner',
        invitationExpiresIn: INVITATION_TTL_SECONDS,
        cancelPendingInvitationsOnReInvite: true,
        sendInvitationEmail: async (data) => {
          await deps.mailer.send(
            invitationEmail({
              to: data.email,
              organizationName: data.organization.name,
              inviterName: data.inviter.user.name || data.inviter.user.email,
              role: data.role,
              url: invitationUrl(deps.appUrl, data.id),
              expiresAt: new Date(data.invitation.expiresAt),
            }),
          );
        },
      }),
      // Last, so cookies set by auth.api calls in server actions reach the browser.
      nextCookies(),
    ],
  });
}

export type TAuth = ReturnType<typeof createAuth>;
