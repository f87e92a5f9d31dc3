import type { Job, JobState } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { TJobProgress, TJobState, TJobStatus } from './types';

export const DEFAULT_PREFIX = 'shipyard';

/** failedReason of a job stopped by cancel(): lets getStatus tell 'cancelled' from 'failed'. */
export const CANCELLED_FAILED_REASON = '[shipyard:cancelled] Job was cancelled.';
export const CANCELLED_MESSAGE = 'Job was cancelled.';
/** Reasons passed to BullMQ's worker.cancelJob / cancelAllJobs. */
export const CANCEL_SIGNAL_REASON = 'shipyard:cancelled';
export const SHUTDOWN_SIGNAL_REASON = 'shipyard:shutdown';
/** How long the cancel marker (and the tombstone of a removed queued job) stays in Redis. */
export const CANCEL_MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Pub/sub channel on which queues ask workers to abort an active job. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:shipyard:cancel`;
}

export function cancelKey(prefix: string, jobName: string, id: string): string {
  return `${prefix}:${jobName}:shipyard-cancel:${id}`;
}

export type TCancelMarker = { jobCreatedAt: number; status: TJobStatus };
export type TCancelMessage = { name: string; id: string };

export function parseCancelMarker(raw: string | null): TCancelMarker | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<TCancelMarker>;
    return typeof value.jobCreatedAt === 'number' && value.status ? (value as TCancelMarker) : null;
  } catch {
    return null;
  }
}

/** ioredis options from a redis:// or rediss:// URL, so BullMQ can create (and own) its connections. */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new Error(
      `Invalid Redis URL: expected redis://[user:password@]host[:port][/db], got something else.`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`Invalid Redis URL scheme "${url.protocol}": use redis:// or rediss://.`);
  }
  const options: RedisOptions = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
  };
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (db) {
    if (!/^\d+$/.test(db))
      throw new Error(`Invalid Redis URL database "${db}": use a number such as /0.`);
    options.db = Number(db);
  }
  if (url.protocol === 'rediss:') options.tls = {};
  return options;
}

function toState(state: JobState | 'unknown', failedReason: string | undefined): TJobState {
  switch (state) {
    case 'active':
      return 'active';
    case 'completed':
      return 'completed';
    case 'failed':
      return failedReason === CANCELLED_FAILED_REASON ? 'cancelled' : 'failed';
    default:
      // waiting, delayed (incl. backoff before a retry), prioritized, waiting-children, or mid-move
      return 'queued';
  }
}

export function toProgress(value: unknown): TJobProgress | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const raw = value as Record<string, unknown>;
  const progress: TJobProgress = {};
  if (typeof raw.percent === 'number') progress.percent = raw.percent;
  if (typeof raw.message === 'string') progress.message = raw.message;
  if ('data' in raw) progress.data = raw.data;
  return progress;
}

export function statusFromJob(job: Job, jobName: string, state: JobState | 'unknown'): TJobStatus {
  const mapped = toState(state, job.failedReason);
  const status: TJobStatus = {
    id: String(job.id),
    name: jobName,
    state: mapped,
    attempt: job.attemptsStarted ?? job.attemptsMade,
    progress: toProgress(job.progress),
    createdAt: job.timestamp,
  };
  if (mapped === 'completed') status.result = job.returnvalue ?? null;
  if (mapped === 'failed') status.error = job.failedReason;
  if (mapped === 'cancelled') status.error = CANCELLED_MESSAGE;
  if ((mapped === 'completed' || mapped === 'failed' || mapped === 'cancelled') && job.finishedOn) {
    status.finishedAt = job.finishedOn;
  }
  return status;
}

/** Orders Redis stream ids ("<ms>-<seq>"). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs === bMs ? aSeq - bSeq : aMs - bMs;
}
