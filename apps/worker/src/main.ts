import { createLogger } from '@shipyard/core/logger';
import { readWorkerEnv } from './env';
import { createWorkerDomain } from './domain';
import { registeredJobs } from './registry';
import { runWorker, type TRunningWorker } from './worker';

const env = readWorkerEnv();
const logger = createLogger({ level: env.logLevel, name: 'worker' });

let running: TRunningWorker | null = null;
let stopping = false;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    logger.warn(
      { signal },
      'second signal: exiting now; active jobs return to the queue when their locks expire',
    );
    process.exit(1);
  }
  stopping = true;
  if (!running) {
    logger.info({ signal }, 'stopped during startup, before taking any job');
    process.exit(0);
  }
  running.shutdown(signal).then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}

process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

try {
  const domain = createWorkerDomain(env, logger);
  running = await runWorker(env, logger, [...registeredJobs, ...domain.services.jobs], domain.databases, domain.close);
} catch (err) {
  logger.fatal({ err }, 'worker failed to start');
  process.exit(1);
}
