import type { ReactNode } from 'react';

/**
 * Full-screen pages (the builder): no team header, the page owns the whole viewport. Each page
 * checks the session itself, so that sign-in can bring the user back to it.
 */
export default function BuilderLayout({ children }: { children: ReactNode }) {
  return <div className="flex h-dvh flex-col overflow-hidden bg-background">{children}</div>;
}
