import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';
import { initialsOf } from './initials';

const sizes = { sm: 'size-6 text-[10px]', md: 'size-8 text-xs', lg: 'size-10 text-sm' } as const;

export { initialsOf };

export type TAvatarProps = ComponentProps<'span'> & { name: string; size?: keyof typeof sizes };

/** A round badge with someone's initials; the name itself is the accessible label. */
export function Avatar({ name, size = 'md', className, ...props }: TAvatarProps) {
  return (
    <span
      role="img"
      aria-label={name}
      className={cn(
        'inline-flex shrink-0 items-center justify-center rounded-full bg-accent-subtle font-semibold text-accent-subtle-foreground select-none',
        sizes[size],
        className,
      )}
      {...props}
    >
      {initialsOf(name)}
    </span>
  );
}
