import type { VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';
import { badgeVariants } from './badge-variants';

export { badgeVariants };

export type TBadgeProps = ComponentProps<'span'> & VariantProps<typeof badgeVariants>;

export function Badge({ className, variant, ...props }: TBadgeProps) {
  return <span className={cn(badgeVariants({ variant }), className)} {...props} />;
}
