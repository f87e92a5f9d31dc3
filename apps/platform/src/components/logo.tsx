import { cn } from '@shipyard/ui/utils';
import { SailboatIcon } from 'lucide-react';
import Link from 'next/link';

export function LogoMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        'inline-flex size-7 items-center justify-center rounded-md bg-accent text-accent-foreground shadow-sm',
        className,
      )}
    >
      <SailboatIcon className="size-4" strokeWidth={2.25} />
    </span>
  );
}

export function Logo({ href = '/', className }: { href?: string; className?: string }) {
  return (
    <Link href={href} className={cn('inline-flex items-center gap-2 rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring', className)}>
      <LogoMark />
      <span className="text-[15px] font-semibold tracking-tight">Shipyard</span>
    </Link>
  );
}
