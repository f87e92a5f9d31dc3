import { Progress as ProgressPrimitive } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

export type TProgressProps = ComponentProps<typeof ProgressPrimitive.Root> & {
  /** 0–100; `null` or omitted shows an indeterminate bar. */
  value?: number | null;
};

export function Progress({ className, value, ...props }: TProgressProps) {
  const indeterminate = value === null || value === undefined;
  const clamped = indeterminate ? 0 : Math.max(0, Math.min(100, value));
  return (
    <ProgressPrimitive.Root
      value={indeterminate ? null : clamped}
      className={cn('relative h-1.5 w-full overflow-hidden rounded-full bg-muted', className)}
      {...props}
    >
      <ProgressPrimitive.Indicator
        className={cn(
          'h-full rounded-full bg-accent transition-transform duration-300 ease-out',
          indeterminate && 'w-1/3 animate-pulse',
        )}
        style={indeterminate ? undefined : { transform: `translateX(-${100 - clamped}%)` }}
      />
    </ProgressPrimitive.Root>
  );
}
