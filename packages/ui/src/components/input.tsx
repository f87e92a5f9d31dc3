import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';
import { inputClasses } from './input-classes';

export { inputClasses };

export type TInputProps = ComponentProps<'input'>;

export function Input({ className, type = 'text', ...props }: TInputProps) {
  return <input type={type} className={cn(inputClasses, className)} {...props} />;
}

export type TTextareaProps = ComponentProps<'textarea'>;

export function Textarea({ className, ...props }: TTextareaProps) {
  return (
    <textarea
      className={cn(inputClasses, 'min-h-20 h-auto py-2 leading-relaxed', className)}
      {...props}
    />
  );
}

export type TSelectProps = ComponentProps<'select'>;

/** A styled native `<select>`: keyboard, screen-reader and mobile behaviour for free. */
export function Select({ className, children, ...props }: TSelectProps) {
  return (
    <div className={cn('relative inline-flex w-full', className)}>
      <select
        className={cn(
          inputClasses,
          'appearance-none pr-8 [&:not(:disabled)]:cursor-pointer',
        )}
        {...props}
      >
        {children}
      </select>
      <svg
        aria-hidden
        viewBox="0 0 16 16"
        className="pointer-events-none absolute top-1/2 right-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.75"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="m4 6 4 4 4-4" />
      </svg>
    </div>
  );
}
