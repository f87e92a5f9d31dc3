import type { TLocalHostOptions } from './host/types.js';

/** Reads `shipyard-host`'s configuration from the environment; command-line flags override it. */
export function readHostEnv(env: NodeJS.ProcessEnv = process.env): Pick<TLocalHostOptions, 'dataDir' | 'port' | 'listenHost' | 'baseDomain' | 'envKey' | 'appsPerCell'> {
  const options: Pick<TLocalHostOptions, 'dataDir' | 'port' | 'listenHost' | 'baseDomain' | 'envKey' | 'appsPerCell'> = {
    dataDir: env.SHIPYARD_HOST_DATA_DIR ?? '.data/host',
  };
  if (env.SHIPYARD_HOST_PORT !== undefined) options.port = Number(env.SHIPYARD_HOST_PORT);
  if (env.SHIPYARD_HOST_LISTEN !== undefined) options.listenHost = env.SHIPYARD_HOST_LISTEN;
  if (env.SHIPYARD_HOST_BASE_DOMAIN !== undefined) options.baseDomain = env.SHIPYARD_HOST_BASE_DOMAIN;
  if (env.SHIPYARD_HOST_ENV_KEY !== undefined) options.envKey = env.SHIPYARD_HOST_ENV_KEY;
  if (env.SHIPYARD_HOST_APPS_PER_CELL !== undefined) options.appsPerCell = Number(env.SHIPYARD_HOST_APPS_PER_CELL);
  return options;
}

/** The control API of a standalone host (so a platform and workers on other processes can deploy to it). */
export function readHostControlEnv(env: NodeJS.ProcessEnv = process.env): { port: number | null; token: string | null; listenHost: string } {
  return {
    port: env.SHIPYARD_HOST_CONTROL_PORT !== undefined ? Number(env.SHIPYARD_HOST_CONTROL_PORT) : null,
    token: env.SHIPYARD_HOST_CONTROL_TOKEN ?? null,
    listenHost: env.SHIPYARD_HOST_CONTROL_LISTEN ?? '127.0.0.1',
  };
}
