'use client';

import { cn } from '@shipyard/ui/utils';
import { useState } from 'react';
import { hueOf } from './format';

/**
 * A project's picture. Deployed: the live app itself, in a scaled-down, inert frame, loaded when
 * it scrolls into view. Not deployed: a drawing made from the name (not a screenshot: the
 * preview runs only in the builder).
 */
export function ProjectThumbnail({
  name,
  liveUrl,
  className,
}: {
  name: string;
  liveUrl: string | null;
  className?: string;
}) {
  const hue = hueOf(name);
  const initial = name.trim().charAt(0).toUpperCase() || '?';
  const [loaded, setLoaded] = useState(false);
  return (
    <div
      className={cn(
        'relative aspect-[16/9] overflow-hidden rounded-md border border-border',
        className,
      )}
      style={{
        background: `linear-gradient(135deg, oklch(0.93 0.05 ${hue}), oklch(0.86 0.09 ${(hue + 40) % 360}))`,
      }}
    >
      {liveUrl ? (
        <div
          inert
          className={cn(
            'pointer-events-none absolute inset-0 transition-opacity duration-300',
            loaded ? 'bg-white opacity-100' : 'opacity-0',
          )}
        >
          <iframe
            src={liveUrl}
            title={`Live app: ${name}`}
            loading="lazy"
            sandbox="allow-scripts allow-same-origin"
            referrerPolicy="no-referrer"
            tabIndex={-1}
            // The load event comes before the app's first render: give it a moment before showing it.
            onLoad={() => setTimeout(() => setLoaded(true), 700)}
            className="absolute top-0 left-0 h-[400%] w-[400%] origin-top-left scale-25 border-0"
          />
        </div>
      ) : null}
      {liveUrl && loaded ? null : (
        <div
          aria-hidden
          className="absolute inset-x-[12%] top-[16%] bottom-0 rounded-t-md bg-white/85 shadow-sm"
        >
          <div className="flex items-center gap-1 border-b border-black/5 px-2 py-1.5">
            <span className="size-1.5 rounded-full bg-black/15" />
            <span className="size-1.5 rounded-full bg-black/15" />
            <span className="size-1.5 rounded-full bg-black/15" />
          </div>
          <div className="flex items-center gap-2 px-3 pt-2.5">
            <span
              className="flex size-6 shrink-0 items-center justify-center rounded-md text-xs font-semibold text-white"
              style={{ background: `oklch(0.55 0.16 ${hue})` }}
            >
              {initial}
            </span>
            <span className="truncate text-[11px] font-semibold text-black/70">{name}</span>
          </div>
          <div className="grid gap-1.5 px-3 pt-2.5">
            <span className="h-1.5 w-4/5 rounded-full bg-black/10" />
            <span className="h-1.5 w-3/5 rounded-full bg-black/10" />
            <span className="h-1.5 w-2/3 rounded-full bg-black/10" />
          </div>
        </div>
      )}
    </div>
  );
}
