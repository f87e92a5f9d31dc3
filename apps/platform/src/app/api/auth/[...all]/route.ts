import { getPlatform } from '@/server/platform';

export const dynamic = 'force-dynamic';

/** better-auth's endpoints (sign-in, sign-up, sessions, organizations, password reset). */
function handle(request: Request): Promise<Response> {
  return getPlatform().auth.handler(request);
}

export { handle as GET, handle as POST };
