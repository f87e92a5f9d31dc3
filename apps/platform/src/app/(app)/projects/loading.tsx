import { Skeleton } from '@shipyard/ui';

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading projects">
      <div className="mb-8 flex items-center justify-between">
        <div>
          <Skeleton className="h-7 w-40" />
          <Skeleton className="mt-2.5 h-4 w-72" />
        </div>
        <Skeleton className="h-9 w-32" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="rounded-xl border border-border bg-surface p-4">
            <div className="flex gap-3">
              <Skeleton className="size-9 rounded-lg" />
              <div className="flex-1">
                <Skeleton className="h-4 w-2/3" />
                <Skeleton className="mt-2 h-3.5 w-full" />
              </div>
            </div>
            <Skeleton className="mt-5 ml-auto h-3 w-24" />
          </div>
        ))}
      </div>
    </div>
  );
}
