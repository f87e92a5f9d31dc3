import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';

/**
 * Optimistic gate for signed-in pages: without a session cookie, go straight to sign-in and come
 * back afterwards. The pages still verify the session itself (a cookie can be stale).
 */
export function proxy(request: NextRequest): NextResponse {
  if (getSessionCookie(request, { cookiePrefix: 'shipyard' })) return NextResponse.next();
  const url = request.nextUrl.clone();
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = '/sign-in';
  url.search = `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/dashboard/:path*', '/settings/:path*', '/onboarding/:path*'],
};
