import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

export type TSpinnerProps = ComponentProps<'svg'> & {
  /** Announced to screen readers. Pass `null` when a surrounding element already says it. */
  label?: string | null;
  size?: 'sm' | 'md' | 'lg';
};

const sizes = { sm: 'size-3.5', md: 'size-4', lg: 'size-6' } as const;

export function Spinner({ label = 'Loading', size = 'md', className, ...props }: TSpinnerProps) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      role={label ? 'status' : undefined}
      aria-label={label ?? undefined}
      aria-hidden={label ? undefined : true}
      className={cn('animate-spin text-current', sizes[size], className)}
      {...props}
    >
      <circle cx="12" cy="12" r="9.5" stroke="currentColor" strokeOpacity="0.2" strokeWidth="3" />
      <path
        d="M21.5 12a9.5 9.5 0 0 0-9.5-9.5"
        stroke="currentColor"
        strokeWidth="3"
        strokeLinecap="round"
      />
    </svg>
  );
}
