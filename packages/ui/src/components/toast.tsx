import { AlertCircleIcon, CheckCircle2Icon, XIcon } from 'lucide-react';
import { Toast as ToastPrimitive } from 'radix-ui';
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { cn } from '../lib/cn';

export type TToastVariant = 'default' | 'success' | 'error';

export type TToastOptions = {
  title: ReactNode;
  description?: ReactNode;
  variant?: TToastVariant;
  /** Milliseconds before it closes by itself; errors default to longer than the rest. */
  durationMs?: number;
};

export type TToastApi = {
  /** Shows a toast and returns its id. */
  toast(options: TToastOptions): string;
  dismiss(id: string): void;
};

type TToastItem = TToastOptions & { id: string; open: boolean };

const ToastContext = createContext<TToastApi | null>(null);

/** Access the toaster from any component rendered inside `<Toaster>`. */
export function useToast(): TToastApi {
  const api = useContext(ToastContext);
  if (!api) {
    throw new Error('useToast() was called outside <Toaster>. Wrap your app in <Toaster> once, near the root.');
  }
  return api;
}

const icons = {
  default: null,
  success: <CheckCircle2Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />,
  error: <AlertCircleIcon aria-hidden className="mt-0.5 size-4 shrink-0 text-danger" />,
} as const;

/**
 * Provides `useToast()` to its children and renders the toasts in the bottom-right corner.
 * Errors are announced assertively, everything else politely.
 */
export function Toaster({ children }: { children?: ReactNode }) {
  const [items, setItems] = useState<TToastItem[]>([]);
  const counter = useRef(0);

  const dismiss = useCallback((id: string) => {
    setItems((current) => current.map((t) => (t.id === id ? { ...t, open: false } : t)));
    // Leave time for the exit animation before unmounting.
    setTimeout(() => setItems((current) => current.filter((t) => t.id !== id)), 300);
  }, []);

  const toast = useCallback((options: TToastOptions) => {
    counter.current += 1;
    const id = `toast-${counter.current}`;
    setItems((current) => [...current.slice(-4), { ...options, id, open: true }]);
    return id;
  }, []);

  const api = useMemo<TToastApi>(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      <ToastPrimitive.Provider swipeDirection="right" label="Notification">
        {children}
        {items.map((item) => {
          const variant = item.variant ?? 'default';
          return (
            <ToastPrimitive.Root
              key={item.id}
              open={item.open}
              onOpenChange={(open) => (open ? undefined : dismiss(item.id))}
              type={variant === 'error' ? 'foreground' : 'background'}
              duration={item.durationMs ?? (variant === 'error' ? 8000 : 4000)}
              className={cn(
                'group pointer-events-auto relative flex w-full items-start gap-3 rounded-lg border border-border bg-surface-raised p-4 pr-10 shadow-lg',
                'data-[state=closed]:animate-slide-out data-[state=open]:animate-slide-in',
                'data-[swipe=move]:translate-x-[var(--radix-toast-swipe-move-x)] data-[swipe=cancel]:translate-x-0 data-[swipe=cancel]:transition-transform data-[swipe=end]:animate-slide-out',
              )}
            >
              {icons[variant]}
              <div className="grid gap-0.5">
                <ToastPrimitive.Title className="text-sm font-medium">{item.title}</ToastPrimitive.Title>
                {item.description ? (
                  <ToastPrimitive.Description className="text-sm text-muted-foreground">
                    {item.description}
                  </ToastPrimitive.Description>
                ) : null}
              </div>
              <ToastPrimitive.Close
                aria-label="Dismiss"
                className="absolute top-3 right-3 rounded-md p-1 text-muted-foreground opacity-70 transition hover:bg-muted hover:opacity-100 focus-visible:opacity-100"
              >
                <XIcon className="size-3.5" />
              </ToastPrimitive.Close>
            </ToastPrimitive.Root>
          );
        })}
        <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none sm:p-6" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}
