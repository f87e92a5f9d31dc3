import { Skeleton } from '@shipyard/ui';

export default function Loading() {
  return (
    <div className="mx-auto max-w-4xl px-4 py-24 sm:px-6" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-7 w-56" />
      <Skeleton className="mt-3 h-4 w-96 max-w-full" />
      <div className="mt-8 grid gap-4">
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    </div>
  );
}
