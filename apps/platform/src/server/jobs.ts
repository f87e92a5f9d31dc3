import type { JobDefinition } from '@shipyard/core/jobs';

/**
 * Jobs the platform itself defines (none yet). Package jobs come from @shipyard/services
 * (see domain.ts), and apps/worker registers the same definitions with BullMQ.
 */
export const platformJobs: JobDefinition[] = [];
