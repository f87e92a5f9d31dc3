import { cva } from 'class-variance-authority';

export const buttonVariants = cva(
  [
    'relative inline-flex shrink-0 select-none items-center justify-center gap-2 whitespace-nowrap',
    'rounded-md font-medium transition-[background-color,border-color,color,box-shadow] duration-150',
    'outline-none focus-visible:ring-[3px] focus-visible:ring-ring',
    'disabled:pointer-events-none disabled:opacity-55 aria-disabled:pointer-events-none aria-disabled:opacity-55',
    '[&_svg]:pointer-events-none [&_svg]:shrink-0',
  ],
  {
    variants: {
      variant: {
        primary:
          'bg-accent text-accent-foreground shadow-sm hover:bg-accent-hover active:bg-accent-hover',
        secondary:
          'border border-border-strong bg-surface text-foreground shadow-sm hover:bg-muted active:bg-muted',
        ghost: 'text-foreground hover:bg-muted active:bg-muted',
        danger: 'bg-danger text-white shadow-sm hover:bg-danger-hover',
        'danger-ghost': 'text-danger-subtle-foreground hover:bg-danger-subtle',
        link: 'h-auto px-0 text-accent underline-offset-4 hover:underline',
      },
      size: {
        sm: 'h-8 px-3 text-[13px] [&_svg]:size-3.5',
        md: 'h-9 px-3.5 text-sm [&_svg]:size-4',
        lg: 'h-10 px-4.5 text-sm [&_svg]:size-4',
        icon: 'size-9 [&_svg]:size-4',
        'icon-sm': 'size-8 [&_svg]:size-3.5',
      },
    },
    compoundVariants: [{ variant: 'link', className: 'h-auto px-0' }],
    defaultVariants: { variant: 'primary', size: 'md' },
  },
);
