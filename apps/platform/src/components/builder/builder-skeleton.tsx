import { Skeleton } from '@shipyard/ui';

/** The builder's shape in grey while the page, the editor code and the project load. */
export function BuilderSkeleton({ label = 'Loading the builder' }: { label?: string }) {
  return (
    <div className="flex h-full min-h-0 flex-col bg-background" aria-busy="true" aria-label={label}>
      <div className="flex h-12 shrink-0 items-center gap-3 border-b border-border bg-surface px-3">
        <Skeleton className="size-7 rounded-md" />
        <Skeleton className="h-4 w-40" />
        <Skeleton className="ml-auto h-8 w-24" />
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="hidden w-[26%] flex-col gap-3 border-r border-border p-4 lg:flex">
          <Skeleton className="h-16 w-4/5" />
          <Skeleton className="ml-auto h-10 w-3/5" />
          <Skeleton className="h-24 w-4/5" />
          <Skeleton className="mt-auto h-20 w-full" />
        </div>
        <div className="hidden w-[44%] flex-col gap-2 border-r border-border bg-surface p-4 lg:flex">
          <Skeleton className="h-6 w-48" />
          {Array.from({ length: 10 }, (_, i) => (
            <Skeleton key={i} className="h-3.5" style={{ width: `${40 + ((i * 37) % 55)}%` }} />
          ))}
        </div>
        <div className="flex flex-1 flex-col gap-3 bg-muted/40 p-4">
          <Skeleton className="h-6 w-28" />
          <Skeleton className="flex-1" />
        </div>
      </div>
    </div>
  );
}
