import { cn } from '../lib/cn';

export const inputClasses = cn(
  'flex h-9 w-full min-w-0 rounded-md border border-input bg-surface px-3 py-1 text-sm text-foreground shadow-sm',
  'transition-[border-color,box-shadow] duration-150 outline-none placeholder:text-subtle-foreground',
  'focus-visible:border-accent focus-visible:ring-[3px] focus-visible:ring-ring',
  'disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-70',
  'aria-invalid:border-danger aria-invalid:focus-visible:ring-danger/25',
  'file:border-0 file:bg-transparent file:text-sm file:font-medium',
);
