import {
  cloneElement,
  isValidElement,
  useId,
  type ReactElement,
  type ReactNode,
} from 'react';
import { cn } from '../lib/cn';
import { Label } from './label';

type TControlProps = {
  id?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-describedby'?: string;
};

export type TFormFieldProps = {
  label: ReactNode;
  /** The control: an `<Input>`, `<Select>`, `<Textarea>`. It receives `id`, `aria-invalid` and `aria-describedby`. */
  children: ReactElement<TControlProps>;
  /** Shown under the control and announced to screen readers when it appears. */
  error?: string | null;
  /** Help text under the control, linked with `aria-describedby`. */
  description?: ReactNode;
  /** Extra content on the label's line, right-aligned (a "Forgot password?" link, say). */
  labelAside?: ReactNode;
  className?: string;
  /** Use an existing id instead of a generated one. */
  id?: string;
};

/** A label, a control, optional help text and an error message, wired together for assistive tech. */
export function FormField({
  label,
  children,
  error,
  description,
  labelAside,
  className,
  id,
}: TFormFieldProps) {
  const generated = useId();
  const controlId = id ?? children.props.id ?? `field-${generated}`;
  const descriptionId = description ? `${controlId}-description` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy =
    [children.props['aria-describedby'], descriptionId, errorId].filter(Boolean).join(' ') ||
    undefined;

  const control = isValidElement(children)
    ? cloneElement(children, {
        id: controlId,
        'aria-invalid': error ? true : children.props['aria-invalid'],
        'aria-describedby': describedBy,
      })
    : children;

  return (
    <div className={cn('grid gap-1.5', className)}>
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={controlId}>{label}</Label>
        {labelAside}
      </div>
      {control}
      {description ? (
        <p id={descriptionId} className="text-[13px] text-muted-foreground">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-[13px] font-medium text-danger-subtle-foreground">
          {error}
        </p>
      ) : null}
    </div>
  );
}
