'use client';

import { Toaster, TooltipProvider } from '@shipyard/ui';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '@/lib/trpc';

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <TooltipProvider delayDuration={300}>
        <Toaster>{children}</Toaster>
      </TooltipProvider>
    </TRPCReactProvider>
  );
}
