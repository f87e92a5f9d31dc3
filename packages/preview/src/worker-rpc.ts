/** Request/response over a Worker's message channel: `{ id, request }` → `{ id, ok, result | error }`. */

export interface TRpcReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { message: string };
}

interface TWorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

/** Worker side: answers each request with the handler's result, or its error message. */
export function serveRequests<TRequest>(handle: (request: TRequest, ports: readonly MessagePort[]) => unknown): void {
  const scope = globalThis as unknown as TWorkerScope;
  scope.onmessage = (event: MessageEvent) => {
    const { id, request } = event.data as { id: number; request: TRequest };
    Promise.resolve()
      .then(() => handle(request, event.ports))
      .then(
        (result) => scope.postMessage({ id, ok: true, result } satisfies TRpcReply),
        (error: unknown) => scope.postMessage({ id, ok: false, error: { message: error instanceof Error ? error.message : String(error) } } satisfies TRpcReply),
      );
  };
}
