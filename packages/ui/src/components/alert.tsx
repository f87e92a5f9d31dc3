import { cva, type VariantProps } from 'class-variance-authority';
import { AlertCircleIcon, CheckCircle2Icon, InfoIcon, TriangleAlertIcon } from 'lucide-react';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from '../lib/cn';

const alertVariants = cva(
  'flex gap-2.5 rounded-md border px-3 py-2.5 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0',
  {
    variants: {
      variant: {
        info: 'border-accent/20 bg-accent-subtle text-accent-subtle-foreground',
        success: 'border-success/25 bg-success-subtle text-success-subtle-foreground',
        warning: 'border-warning/30 bg-warning-subtle text-warning-subtle-foreground',
        danger: 'border-danger/20 bg-danger-subtle text-danger-subtle-foreground',
      },
    },
    defaultVariants: { variant: 'info' },
  },
);

const icons = {
  info: InfoIcon,
  success: CheckCircle2Icon,
  warning: TriangleAlertIcon,
  danger: AlertCircleIcon,
} as const;

export type TAlertProps = Omit<ComponentProps<'div'>, 'title'> &
  VariantProps<typeof alertVariants> & { title?: ReactNode };

/**
 * An inline message. `danger` alerts use `role="alert"` so screen readers announce them when
 * they appear; the others use `role="status"`.
 */
export function Alert({ className, variant, title, children, ...props }: TAlertProps) {
  const Icon = icons[variant ?? 'info'];
  return (
    <div
      role={variant === 'danger' ? 'alert' : 'status'}
      className={cn(alertVariants({ variant }), className)}
      {...props}
    >
      <Icon aria-hidden />
      <div className="grid gap-0.5">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className="text-current/90">{children}</div> : null}
      </div>
    </div>
  );
}
