import path from 'node:path';
import type { Logger } from '@shipyard/core';
import {
  createLocalHost,
  createLocalHostClient,
  hostControl,
  startHostControlServer,
  type TLocalHostControl,
} from '@shipyard/providers-local';

export interface THostHandleOptions {
  dataDir: string;
  port: number;
  baseDomain: string;
  /** A host in another process; unset runs the host in this process. */
  controlUrl: string | null;
  controlToken: string;
  /** When this process runs the host: also open the control API here, for workers in other processes. */
  serveControlOnPort: number | null;
  /** Encrypts deployed apps' env vars at rest in the host's data dir (32 bytes, base64). */
  envKey?: string;
  logger: Logger;
}

/**
 * The local host as the deploy providers see it: started on first use (or by `start()` at
 * boot), in this process or reached over its control API.
 */
export function createHostHandle(opts: THostHandleOptions) {
  let ready: Promise<TLocalHostControl> | null = null;
  let close: (() => Promise<void>) | null = null;
  const log = opts.logger.child({ component: 'local-host' });

  function start(): Promise<TLocalHostControl> {
    ready ??= (async () => {
      if (opts.controlUrl) {
        const client = await createLocalHostClient({
          url: opts.controlUrl,
          token: opts.controlToken,
        });
        log.info({ controlUrl: opts.controlUrl }, 'using the local host of another process');
        return client;
      }
      const host = await createLocalHost({
        dataDir: path.join(opts.dataDir, 'host'),
        port: opts.port,
        baseDomain: opts.baseDomain,
        ...(opts.envKey ? { envKey: opts.envKey } : {}),
        logger: log,
      });
      const control = opts.serveControlOnPort
        ? await startHostControlServer(host, {
            token: opts.controlToken,
            port: opts.serveControlOnPort,
          })
        : null;
      close = async () => {
        await control?.close();
        await host.close();
      };
      log.info(
        { url: host.url, control: control?.url ?? null },
        'local host serving deployed apps',
      );
      return hostControl(host);
    })();
    ready.catch(() => {
      ready = null;
    });
    return ready;
  }

  const appUrl = (slug: string) => `http://${slug}.${opts.baseDomain}:${opts.port}`;
  const control: TLocalHostControl = {
    appUrl,
    ensureApp: async (slug) => (await start()).ensureApp(slug),
    deploy: async (input) => (await start()).deploy(input),
    promote: async (slug, id) => (await start()).promote(slug, id),
    remove: async (slug) => (await start()).remove(slug),
    logs: async (slug, options) => (await start()).logs(slug, options),
    dbExec: async (slug, sql) => (await start()).dbExec(slug, sql),
    dbQuery: async (slug, sql, params) => (await start()).dbQuery(slug, sql, params),
    addDomain: async (slug, domain) => (await start()).addDomain(slug, domain),
    removeDomain: async (domain) => (await start()).removeDomain(domain),
  };
  return {
    control,
    start,
    async close() {
      await close?.();
    },
  };
}
