import { cn } from '@shipyard/ui/utils';
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface TResizeHandleProps {
  /** What the handle resizes, for screen readers ("Resize chat and code"). */
  label: string;
  /** Size of the pane before the handle, in percent of the container. */
  value: number;
  min: number;
  max: number;
  /** Called with the new size of the pane before the handle, in percent. */
  onResize(value: number): void;
  /** The element whose width is 100%. */
  container: () => HTMLElement | null;
  /** Percent of the container that starts before the pane (panes to the left of it). */
  offset: number;
}

/** A vertical splitter: drag with the pointer, or focus it and use the arrow keys (Home/End for the limits). */
export function ResizeHandle({ label, value, min, max, onResize, container, offset }: TResizeHandleProps) {
  const dragging = useRef(false);
  const clamp = (v: number) => Math.min(max, Math.max(min, v));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    const el = container();
    if (!el) return;
    const rect = el.getBoundingClientRect();
    onResize(clamp(((e.clientX - rect.left) / rect.width) * 100 - offset));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 2;
    const next =
      e.key === 'ArrowLeft' ? value - step : e.key === 'ArrowRight' ? value + step : e.key === 'Home' ? min : e.key === 'End' ? max : null;
    if (next === null) return;
    e.preventDefault();
    onResize(clamp(next));
  };

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      className={cn(
        'group relative z-10 -mx-1 w-2 shrink-0 cursor-col-resize touch-none outline-none',
        'after:absolute after:inset-y-0 after:left-1/2 after:w-px after:-translate-x-1/2 after:bg-border after:transition-colors',
        'hover:after:w-0.5 hover:after:bg-accent/60 focus-visible:after:w-0.5 focus-visible:after:bg-accent',
      )}
    />
  );
}
