import { Spinner } from '@shipyard/ui';

export default function Loading() {
  return (
    <div className="flex min-h-dvh items-center justify-center text-muted-foreground">
      <Spinner size="lg" />
    </div>
  );
}
