'use client';

import './globals.css';

/** Last resort when the root layout itself fails: no providers, plain markup. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main role="alert" className="mx-auto max-w-md px-6 py-24 text-center">
          <h1 className="text-lg font-semibold">Shipyard could not start this page</h1>
          <p className="mt-2 text-sm text-muted-foreground">
            Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ''}. Try again in a moment.
          </p>
          <button
            type="button"
            onClick={reset}
            className="mt-6 rounded-md bg-accent px-3.5 py-2 text-sm font-medium text-accent-foreground"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
