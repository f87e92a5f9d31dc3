export { defineJob, UnrecoverableJobError } from './define-job';
export { createInlineQueue, type TInlineQueueOptions } from './inline-queue';
export { createBullMQQueue, type TBullMQQueueOptions } from './bullmq-queue';
export {
  startBullMQWorkers,
  type TBullMQWorkers,
  type TBullMQWorkersOptions,
  type TWorkerEvent,
} from './bullmq-workers';
export type {
  JobContext,
  JobDefinition,
  JobQueue,
  TEnqueueOptions,
  TJobEvent,
  TJobProgress,
  TJobState,
  TJobStatus,
} from './types';
