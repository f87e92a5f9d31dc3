import type { TRpcReply } from '../worker-rpc.js';

/** Host side of a worker's request/response channel. A worker that fails to start rejects every call with why. */
export class WorkerClient<TRequest> {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private failure: Error | null = null;

  constructor(url: string, private readonly label: string) {
    this.worker = new Worker(url, { type: 'module', name: label });
    this.worker.onmessage = (event: MessageEvent) => {
      const reply = event.data as TRpcReply;
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      if (reply.ok) call.resolve(reply.result);
      else call.reject(new Error(reply.error?.message ?? `${label} failed.`));
    };
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.fail(new Error(`The ${label} stopped: ${event.message || `could not load ${url}`}. Check that assetsBaseUrl serves @shipyard/preview's dist/assets on this origin.`));
    };
  }

  call<T>(request: TRequest, transfer: Transferable[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  terminate(): void {
    this.worker.terminate();
    this.fail(new Error(`The ${this.label} was stopped (the preview was destroyed).`));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }
}
