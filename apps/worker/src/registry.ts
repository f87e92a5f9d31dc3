import type { JobDefinition } from '@shipyard/core/jobs';
import { systemPingJob } from './jobs/system-ping';

/**
 * Every job this worker runs. A package that has background work exports its definitions from
 * its `./jobs` entry point; add them here, and the platform enqueues through the same definitions:
 *
 *   import { jobs as editorJobs } from '@shipyard/ai-editor/jobs';
 *   export const registeredJobs = [...systemJobs, ...editorJobs];
 *
 * (@shipyard/core itself defines no jobs.)
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

/**
 * The databases of the registered packages. None of them has one yet; when a package does, list
 * it here (its migrations dir resolved from the package, its URL from env.ts), e.g.
 *
 *   { package: '@shipyard/ai-editor', migrationsDir: editorMigrationsDir, url: env.editorDatabaseUrl }
 */
export function packageDatabases(): TPackageDatabase[] {
  return [];
}
