import { Button } from '@shipyard/ui';
import Link from 'next/link';
import { Logo } from '@/components/logo';

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-16 items-center px-6">
        <Logo />
      </header>
      <main className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center px-6 pb-24 text-center">
        <p className="font-mono text-sm text-muted-foreground">404</p>
        <h1 className="mt-2 text-xl font-semibold">This page does not exist</h1>
        <p className="mt-2 text-sm text-muted-foreground">The link may be mistyped, or the page was moved.</p>
        <Button className="mt-6" asChild>
          <Link href="/">Go home</Link>
        </Button>
      </main>
    </div>
  );
}
