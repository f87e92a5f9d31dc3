import { PrismaLibSql } from '@prisma/adapter-libsql';

export interface TLibSqlOptions {
  /** `file:` (embedded), `libsql://` (Turso, sqld) or `http(s)://` URL. */
  url: string;
  authToken?: string;
  /**
   * `file:` only: how long a statement waits for another process's write lock before failing
   * with SQLITE_BUSY (default 10 s). libSQL's own default is to fail at once.
   */
  busyTimeoutMs?: number;
}

type TLibSqlClient = ReturnType<PrismaLibSql['createClient']>;
// libSQL's transaction modes (`@libsql/client` TransactionMode).
type TTransactionMode = 'write' | 'read' | 'deferred';

/**
 * Prisma's libSQL adapter for a database that several processes share (the platform and
 * `apps/worker` both write the `file:` databases).
 *
 * Two things make that safe. Every connection waits up to `busyTimeoutMs` for another process's
 * write lock (libSQL's `timeout`, applied to each connection the client opens — a one-off
 * `PRAGMA busy_timeout` would miss the ones opened after a transaction). And transactions
 * start with `BEGIN IMMEDIATE`: Prisma opens `deferred` ones, which read first and upgrade to a
 * writer later — and when another process committed in between, SQLite refuses that upgrade at
 * once with SQLITE_BUSY, without waiting (waiting cannot fix a stale snapshot). Taking the write
 * lock up front makes the transaction wait its turn instead.
 */
class SharedFileLibSql extends PrismaLibSql {
  override createClient(config: Parameters<PrismaLibSql['createClient']>[0]): TLibSqlClient {
    const client = super.createClient(config);
    const begin = client.transaction.bind(client);
    client.transaction = ((mode?: TTransactionMode) =>
      begin(!mode || mode === 'deferred' ? 'write' : mode)) as TLibSqlClient['transaction'];
    return client;
  }
}

/** The Prisma adapter for a libSQL database (see `SharedFileLibSql` for `file:` URLs). */
export function createLibSqlAdapter(opts: TLibSqlOptions): PrismaLibSql {
  const auth = opts.authToken ? { authToken: opts.authToken } : {};
  if (!isLocalFile(opts.url)) return new PrismaLibSql({ url: opts.url, ...auth });
  return new SharedFileLibSql({ url: opts.url, ...auth, timeout: opts.busyTimeoutMs ?? 10_000 });
}

export function isLocalFile(url: string): boolean {
  return url.startsWith('file:');
}

/**
 * Switches a `file:` database to WAL, so readers are not blocked by another process's write.
 * WAL is a property of the database file: set once, it stays. Best effort — if another process
 * holds the database at this moment, the file keeps its current mode (still correct, only less
 * concurrent) until the next start. Call it right after creating the client, so it runs first.
 */
export function useWriteAheadLog(
  db: { $queryRawUnsafe(sql: string): PromiseLike<unknown> },
  url: string,
): void {
  if (!isLocalFile(url)) return;
  void Promise.resolve(db.$queryRawUnsafe('PRAGMA journal_mode = WAL')).catch(() => undefined);
}
