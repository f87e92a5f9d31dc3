'use client';

import { Button, type TButtonProps } from '@shipyard/ui';
import { CheckIcon, CopyIcon } from 'lucide-react';
import { useEffect, useState } from 'react';

/** Copies `value`; says "Copied" for a moment (and to screen readers through the label). */
export function CopyButton({
  value,
  label = 'Copy',
  size = 'sm',
  variant = 'secondary',
  iconOnly = false,
  ...props
}: Omit<TButtonProps, 'onClick' | 'value'> & {
  value: string;
  label?: string;
  iconOnly?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1600);
    return () => clearTimeout(timer);
  }, [copied]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure context or permission): select-and-copy stays possible.
      setCopied(false);
    }
  }
  const text = copied ? 'Copied' : label;
  return (
    <Button
      type="button"
      size={iconOnly ? (size === 'sm' ? 'icon-sm' : 'icon') : size}
      variant={variant}
      onClick={() => void copy()}
      aria-label={iconOnly ? text : undefined}
      {...props}
    >
      {copied ? <CheckIcon aria-hidden /> : <CopyIcon aria-hidden />}
      {iconOnly ? null : <span aria-live="polite">{text}</span>}
    </Button>
  );
}
