import { Card, Skeleton } from '@shipyard/ui';
import type { ReactNode } from 'react';

/** The card every signed-out page uses: a heading, a short line under it, the form, and links. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="w-full max-w-sm">
      <Card className="px-6 py-7 shadow-md sm:px-8">
        <div className="mb-6">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {description ? <p className="mt-1.5 text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {children}
      </Card>
      {footer ? <div className="mt-5 text-center text-sm text-muted-foreground">{footer}</div> : null}
    </div>
  );
}

export function AuthCardSkeleton({ fields = 2 }: { fields?: number }) {
  return (
    <div className="w-full max-w-sm" aria-busy="true" aria-label="Loading">
      <Card className="px-6 py-7 shadow-md sm:px-8">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="mt-2.5 h-4 w-56" />
        <div className="mt-7 grid gap-5">
          {Array.from({ length: fields }, (_, i) => (
            <div key={i} className="grid gap-2">
              <Skeleton className="h-3.5 w-20" />
              <Skeleton className="h-9 w-full" />
            </div>
          ))}
          <Skeleton className="mt-1 h-9 w-full" />
        </div>
      </Card>
    </div>
  );
}
