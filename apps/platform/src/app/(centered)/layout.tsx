import type { ReactNode } from 'react';
import { Logo } from '@/components/logo';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col bg-background">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 h-72 bg-[radial-gradient(ellipse_60%_100%_at_50%_0%,var(--sy-accent-subtle),transparent)]"
      />
      <header className="relative flex h-16 items-center px-6">
        <Logo />
      </header>
      <main className="relative flex flex-1 items-start justify-center px-4 pt-[6vh] pb-16 sm:pt-[10vh]">{children}</main>
    </div>
  );
}
