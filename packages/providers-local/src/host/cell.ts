import http from 'node:http';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Miniflare, NoOpLog, type MiniflareOptions, type WorkerOptions } from 'miniflare';
import { LocalHostError } from './errors.js';
import type { TLocalHostLogger } from './types.js';

/** A worker the cell should run, keyed by a name unique to one immutable deployment. */
export interface TCellWorker {
  name: string;
  options: WorkerOptions;
}

export interface TCellDeps {
  d1Dir: string;
  drainTimeoutMs: number;
  logger: TLocalHostLogger;
  /** The workers the cell should run now (computed when a restart starts). */
  desiredWorkers(cell: Cell): Promise<TCellWorker[]>;
  /** Every line workerd prints (console output, uncaught errors). */
  onRuntimeLine(line: string, stream: 'stdout' | 'stderr'): void;
}

export interface TCellTicket {
  /** Port of the worker's own socket, or null when the worker is not running. */
  port: number | null;
  agent: http.Agent;
  release(): void;
}

interface TDeferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): TDeferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * One workerd process (one Miniflare instance) running the workers of up to `appsPerCell` apps.
 * Miniflare applies a new configuration by restarting workerd, so a restart closes a gate:
 * new requests wait, in-flight ones finish (up to `drainTimeoutMs`), workerd restarts with the
 * new set of workers, and the waiting requests go through. No request fails because of it.
 * A worker that stops workerd from starting (e.g. it throws at module load) is left out and
 * reported through {@link Cell.failure}; the rest of the cell keeps serving.
 */
export class Cell {
  readonly apps = new Set<string>();
  private mf: Miniflare | null = null;
  private ports = new Map<string, number>();
  private running = new Set<string>();
  private failures = new Map<string, string>();
  private inflight = 0;
  private idle: (() => void)[] = [];
  private gate: Promise<void> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private capture: string[] | null = null;
  private lastSelfHeal = 0;
  private closed = false;
  agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

  constructor(
    readonly id: number,
    private readonly deps: TCellDeps,
  ) {}

  /** True when `name` runs in workerd now. */
  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** Why `name` could not start in the last restart, if it could not. */
  failure(name: string): string | undefined {
    return this.failures.get(name);
  }

  get workerCount(): number {
    return this.running.size;
  }

  /** Waits out a restart, then counts the caller as in flight until `release()`. */
  async enter(name: string): Promise<TCellTicket> {
    while (this.gate !== null) await this.gate;
    this.inflight++;
    let released = false;
    return {
      port: this.ports.get(name) ?? null,
      agent: this.agent,
      release: () => {
        if (released) return;
        released = true;
        this.inflight--;
        if (this.inflight === 0) for (const resolve of this.idle.splice(0)) resolve();
      },
    };
  }

  /** Runs `fn` against the running Miniflare instance (D1 access from Node), outside restarts. */
  async withRuntime<T>(fn: (mf: Miniflare) => Promise<T>): Promise<T> {
    const ticket = await this.enter('');
    try {
      if (this.mf === null) throw new LocalHostError('UNAVAILABLE', 'The app runtime is not running; retry in a moment.');
      return await fn(this.mf);
    } finally {
      ticket.release();
    }
  }

  /**
   * Applies the current desired workers. Calls made while a restart is waiting to start share it;
   * a call made while one runs gets the next one (so it sees its own changes).
   */
  restart(): Promise<void> {
    if (this.closed) return Promise.reject(new LocalHostError('UNAVAILABLE', 'The host is closed.'));
    if (this.queued !== null) return this.queued;
    const run = this.chain.then(() => {
      this.queued = null;
      return this.doRestart();
    });
    this.queued = run;
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** A worker socket refused a connection: workerd died. Restarts it (at most every 5 s); resolves when done. */
  reportUnreachable(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.gate !== null || Date.now() - this.lastSelfHeal < 5_000) return this.chain;
    this.lastSelfHeal = Date.now();
    this.deps.logger.warn({ cell: this.id }, 'workerd stopped answering; restarting it');
    return this.restart().catch((error: unknown) => this.deps.logger.error({ cell: this.id, err: error }, 'restarting workerd failed'));
  }

  async dispose(): Promise<void> {
    this.closed = true;
    await this.chain;
    const open = deferred();
    this.gate = open.promise;
    try {
      await this.drain();
      await this.mf?.dispose();
    } finally {
      this.mf = null;
      this.ports.clear();
      this.running.clear();
      this.agent.destroy();
      this.gate = null;
      open.resolve();
    }
  }

  private async drain(): Promise<void> {
    if (this.inflight === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      new Promise<boolean>((resolve) => this.idle.push(() => resolve(false))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.deps.drainTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.deps.logger.warn({ cell: this.id, inflight: this.inflight }, 'restarting workerd with requests still open (drain timeout)');
  }

  private sharedOptions(): Omit<MiniflareOptions, 'workers'> {
    return {
      host: '127.0.0.1',
      port: 0,
      d1Persist: this.deps.d1Dir,
      log: new NoOpLog(),
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        createInterface(stdout).on('line', (line) => this.deps.onRuntimeLine(line, 'stdout'));
        createInterface(stderr).on('line', (line) => {
          this.capture?.push(line);
          this.deps.onRuntimeLine(line, 'stderr');
        });
      },
    };
  }

  private async doRestart(): Promise<void> {
    const open = deferred();
    this.gate = open.promise;
    const started = performance.now();
    try {
      await this.drain();
      let workers = await this.deps.desiredWorkers(this);
      this.failures.clear();
      for (let attempt = 0; ; attempt++) {
        if (workers.length === 0) {
          await this.mf?.dispose();
          this.mf = null;
          this.ports.clear();
          this.running.clear();
          return;
        }
        const output: string[] = [];
        this.capture = output;
        try {
          const options = { ...this.sharedOptions(), workers: workers.map((w) => w.options) } as MiniflareOptions;
          if (this.mf === null) {
            const mf = new Miniflare(options);
            try {
              await mf.ready;
            } catch (error) {
              await mf.dispose().catch(() => undefined);
              throw error;
            }
            this.mf = mf;
          } else {
            await this.mf.setOptions(options);
          }
          const mf = this.mf;
          const reachable = workers.filter((w) => (w.options.unsafeDirectSockets?.length ?? 0) > 0);
          const ports = await Promise.all(reachable.map(async (w) => [w.name, Number((await mf.unsafeGetDirectURL(w.name)).port)] as const));
          this.ports = new Map(ports);
          this.running = new Set(workers.map((w) => w.name));
          const previousAgent = this.agent;
          this.agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
          previousAgent.destroy();
          this.deps.logger.debug({ cell: this.id, workers: workers.length, ms: Math.round(performance.now() - started) }, 'workerd restarted');
          return;
        } catch (error) {
          const text = output.join('\n');
          const named = workers.filter((w) => text.includes(`core:user:${w.name}:`) || text.includes(`core:user:${w.name} `));
          const culprits = named.length > 0 ? named : workers.filter((w) => !this.running.has(w.name));
          if (culprits.length === 0 || attempt >= 3) {
            this.ports.clear();
            this.running.clear();
            if (this.mf !== null) await this.mf.dispose().catch(() => undefined);
            this.mf = null;
            throw new LocalHostError('UNAVAILABLE', `workerd failed to start: ${(error as Error).message}\n${text}`.trim(), { cause: error });
          }
          const reason = text || (error as Error).message;
          for (const w of culprits) this.failures.set(w.name, reason);
          this.deps.logger.warn({ cell: this.id, workers: culprits.map((w) => w.name), reason: reason.slice(0, 2000) }, 'left workers that failed to start out of workerd');
          workers = workers.filter((w) => !culprits.includes(w));
        } finally {
          this.capture = null;
        }
      }
    } finally {
      this.gate = null;
      open.resolve();
    }
  }
}
