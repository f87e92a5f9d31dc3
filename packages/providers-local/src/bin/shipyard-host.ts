#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startHostControlServer } from '../control/index.js';
import { readHostControlEnv, readHostEnv } from '../env.js';
import { createLocalHost } from '../host/local-host.js';
import type { TLocalHostLogger } from '../host/types.js';

const usage = `shipyard-host — serve the apps deployed in a Shipyard data directory

Usage: shipyard-host [--data-dir DIR] [--port N] [--listen ADDR] [--base-domain NAME] [--apps-per-cell N] [--control-port N]

Environment: SHIPYARD_HOST_DATA_DIR, SHIPYARD_HOST_PORT, SHIPYARD_HOST_LISTEN, SHIPYARD_HOST_BASE_DOMAIN,
SHIPYARD_HOST_APPS_PER_CELL, SHIPYARD_HOST_ENV_KEY (the key deployments' env vars were encrypted with),
SHIPYARD_HOST_CONTROL_PORT and SHIPYARD_HOST_CONTROL_TOKEN (24+ characters): the control API the platform and
workers deploy through (LOCAL_HOST_CONTROL_URL / LOCAL_HOST_CONTROL_TOKEN on their side), SHIPYARD_HOST_CONTROL_LISTEN.`;

function jsonLogger(level: 'debug' | 'info'): TLocalHostLogger {
  const write = (lvl: string) => (obj: object, msg?: string) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...obj }, (_k, v: unknown) => (v instanceof Error ? v.message : v))}\n`);
  };
  return { debug: level === 'debug' ? write('debug') : () => {}, info: write('info'), warn: write('warn'), error: write('error') };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      listen: { type: 'string' },
      'base-domain': { type: 'string' },
      'apps-per-cell': { type: 'string' },
      'control-port': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const options = readHostEnv();
  if (values['data-dir'] !== undefined) options.dataDir = values['data-dir'];
  if (values.port !== undefined) options.port = Number(values.port);
  if (values.listen !== undefined) options.listenHost = values.listen;
  if (values['base-domain'] !== undefined) options.baseDomain = values['base-domain'];
  if (values['apps-per-cell'] !== undefined) options.appsPerCell = Number(values['apps-per-cell']);
  if (options.port !== undefined && !Number.isInteger(options.port)) throw new Error('--port must be a number.');

  const controlOptions = readHostControlEnv();
  if (values['control-port'] !== undefined) controlOptions.port = Number(values['control-port']);
  if (controlOptions.port !== null && (!Number.isInteger(controlOptions.port) || !controlOptions.token)) {
    throw new Error('--control-port needs a number and SHIPYARD_HOST_CONTROL_TOKEN (24+ characters).');
  }

  const logger = jsonLogger(values.verbose === true ? 'debug' : 'info');
  const host = await createLocalHost({ ...options, logger });
  const control =
    controlOptions.port !== null && controlOptions.token
      ? await startHostControlServer(host, { token: controlOptions.token, port: controlOptions.port, listenHost: controlOptions.listenHost })
      : null;
  logger.info({ url: host.url, control: control?.url ?? null, apps: host.listApps().map((a) => a.url) }, 'shipyard-host ready');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing open requests');
    setTimeout(() => {
      logger.error({}, 'stopping took too long; exiting');
      process.exit(1);
    }, 20_000).unref();
    Promise.resolve(control?.close())
      .then(() => host.close())
      .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  // Miniflare installs exit hooks that end the process at once on a signal; this process owns its
  // signals and shuts down gracefully instead (close() stops workerd too).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => stop(signal));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`shipyard-host: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
