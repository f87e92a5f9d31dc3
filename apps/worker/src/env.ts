import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineEnvPreset, loadConfigOrExit } from '@shipyard/core/config';
import { parseKeyringSpec } from '@shipyard/core/crypto';
import { loadDomainConfig, loadOrCreateDevSecrets, type TDomainConfig } from '@shipyard/services';
import { z } from 'zod';

/**
 * Parses WORKER_CONCURRENCY: JSON (`{"editor.generate":2}`) or a list (`editor.generate=2,deploy.run=1`).
 * Throws with a message that names the bad entry.
 */
export function parseConcurrencySpec(spec: string): Record<string, number> {
  const trimmed = spec.trim();
  if (trimmed === '') return {};
  let entries: [string, unknown][];
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error('is not valid JSON; use {"queue.name":2} or queue.name=2,other.queue=1');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('must be a JSON object of queue name to number');
    }
    entries = Object.entries(parsed);
  } else {
    entries = trimmed.split(',').map((part) => {
      const [name = '', value, ...rest] = part.split('=').map((s) => s.trim());
      if (!name || value === undefined || rest.length > 0) {
        throw new Error(`entry "${part.trim()}" is not of the form queue.name=number`);
      }
      return [name, /^\d+$/.test(value) ? Number(value) : value];
    });
  }
  const result: Record<string, number> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new Error(
        `concurrency of "${name}" must be a whole number >= 1, got ${JSON.stringify(value)}`,
      );
    }
    result[name] = value;
  }
  return result;
}

export const workerEnvPreset = defineEnvPreset('worker', {
  /** Redis for BullMQ; the platform must use the same one. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .describe('Redis the platform enqueues jobs into, e.g. redis://127.0.0.1:6379'),
  /** Port of /healthz and /metrics. */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Parallel jobs per queue in this process: JSON or `queue=n,queue2=m`. Unlisted queues use their definition's value (default 1). */
  WORKER_CONCURRENCY: z
    .string()
    .default('')
    .transform((spec, ctx) => {
      try {
        return parseConcurrencySpec(spec);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: error instanceof Error ? error.message : 'is invalid',
        });
        return z.NEVER;
      }
    }),
  /** On SIGTERM, how long active jobs may run before they are returned to the queue. */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a job's lock lasts; a killed worker's jobs are retried by another worker after about this long. */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** How often this worker looks for jobs whose worker died. */
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Redis key prefix of the job queues; must match the platform's (default `shipyard`). */
  JOBS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, ".", "_" or "-"')
    .default('shipyard'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `production` requires SHIPYARD_ENCRYPTION_KEYS; otherwise the platform's development keys are shared. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** The platform's data directory (development secrets, embedded databases). Default `<repo root>/.data`. */
  SHIPYARD_DATA_DIR: z.string().optional(),
  /** The same key list as the platform: deploys decrypt env vars and database credentials. */
  SHIPYARD_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (!value) return;
      try {
        parseKeyringSpec(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'is not a valid key list' });
      }
    }),
}, {
  check(env, report) {
    if (env.NODE_ENV === 'production' && !env.SHIPYARD_ENCRYPTION_KEYS) {
      report('SHIPYARD_ENCRYPTION_KEYS', 'required in production — use the same value as the platform');
    }
  },
});

function findRepoRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

export type TWorkerEnv = {
  redisUrl: string;
  port: number;
  concurrency: Record<string, number>;
  shutdownGraceMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  jobsPrefix: string;
  logLevel: string;
  dataDir: string;
  /** SHIPYARD_ENCRYPTION_KEYS, or the platform's development keys outside production. */
  encryptionKeys: string;
  /** ai-editor / deploy-core configuration (databases, local host control, AI providers). */
  domain: TDomainConfig;
};

/** Reads and validates the worker's environment; on any problem prints every one of them and exits 1. */
export function readWorkerEnv(
  source: Record<string, string | undefined> = process.env,
): TWorkerEnv {
  const env = loadConfigOrExit([workerEnvPreset], source);
  const dataDir = path.resolve(env.SHIPYARD_DATA_DIR ?? path.join(findRepoRoot(process.cwd()), '.data'));
  mkdirSync(dataDir, { recursive: true });
  const encryptionKeys = env.SHIPYARD_ENCRYPTION_KEYS ?? loadOrCreateDevSecrets(dataDir).encryptionKeys;
  let domain: TDomainConfig;
  try {
    domain = loadDomainConfig(source, { dataDir, encryptionKeys });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  // The worker never runs a host itself: it deploys through the platform's (or shipyard-host's).
  domain.localHost.controlUrl ??= `http://127.0.0.1:${domain.localHost.controlPort}`;
  return {
    redisUrl: env.REDIS_URL,
    port: env.WORKER_PORT,
    concurrency: env.WORKER_CONCURRENCY,
    shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    jobsPrefix: env.JOBS_PREFIX,
    logLevel: env.LOG_LEVEL,
    dataDir,
    encryptionKeys,
    domain,
  };
}
