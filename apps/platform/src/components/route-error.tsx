'use client';

import { Button } from '@shipyard/ui';
import { TriangleAlertIcon } from 'lucide-react';
import Link from 'next/link';
import { useEffect } from 'react';

export type TRouteErrorProps = { error: Error & { digest?: string }; reset: () => void };

/** The error state every route shows when rendering fails: what happened, and two ways out. */
export function RouteError({ error, reset, title = 'This page could not be loaded' }: TRouteErrorProps & { title?: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center px-6 py-20 text-center">
      <div className="mb-4 flex size-10 items-center justify-center rounded-lg border border-danger/20 bg-danger-subtle text-danger">
        <TriangleAlertIcon className="size-5" aria-hidden />
      </div>
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-muted-foreground">
        Something went wrong on our side. Try again; if it keeps happening, contact support
        {error.digest ? (
          <>
            {' '}
            with reference <code className="rounded bg-muted px-1 py-0.5 text-xs">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-6 flex gap-2">
        <Button onClick={reset}>Try again</Button>
        <Button variant="secondary" asChild>
          <Link href="/">Go home</Link>
        </Button>
      </div>
    </div>
  );
}
