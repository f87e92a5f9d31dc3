import { Card, CardContent, CardHeader, Skeleton } from '@shipyard/ui';

/** Loading state of the team pages: the page title and cards, in grey. */
export function PageSkeleton({ variant = 'cards' }: { variant?: 'cards' | 'table' | 'form' }) {
  return (
    <div aria-busy="true" aria-label="Loading">
      <div className="mb-8">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="mt-2.5 h-4 w-72" />
      </div>
      {variant === 'cards' ? (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardHeader>
              <Skeleton className="h-4 w-24" />
            </CardHeader>
            <CardContent>
              <Skeleton className="h-56 w-full" />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <Skeleton className="h-4 w-20" />
            </CardHeader>
            <CardContent className="grid gap-3">
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-5/6" />
              <Skeleton className="h-4 w-2/3" />
            </CardContent>
          </Card>
        </div>
      ) : (
        <div className="grid gap-6">
          {Array.from({ length: variant === 'table' ? 2 : 3 }, (_, i) => (
            <Card key={i}>
              <CardHeader>
                <Skeleton className="h-4 w-32" />
                <Skeleton className="mt-1 h-3.5 w-64" />
              </CardHeader>
              <CardContent className="grid gap-3">
                {Array.from({ length: variant === 'table' ? 3 : 2 }, (_, j) => (
                  <Skeleton key={j} className="h-9 w-full" />
                ))}
              </CardContent>
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
