import type { JobDefinition } from '@shipyard/core/jobs';
import { systemPingJob } from './jobs/system-ping';

/**
 * The worker's own jobs. Package jobs (editor.generate, deploy.web) come from @shipyard/services,
 * composed in domain.ts exactly as the platform composes them, and are added in main.ts.
 */
const systemJobs: JobDefinition[] = [systemPingJob];

export const registeredJobs: JobDefinition[] = [...systemJobs];

/** A package database the worker migrates on boot, before taking jobs. */
export type TPackageDatabase = {
  /** e.g. '@shipyard/ai-editor' */
  package: string;
  /** The package's committed `prisma/migrations` directory. */
  migrationsDir: string;
  /** libSQL URL of its database. */
  url: string;
  authToken?: string;
};

/** Databases the worker migrates when it runs without package services (tests of the worker itself). */
export function packageDatabases(): TPackageDatabase[] {
  return [];
}
