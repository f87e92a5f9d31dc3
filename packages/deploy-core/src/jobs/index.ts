import { defineJob } from '@shipyard/core/jobs';
import { z } from 'zod';
import type { Orchestrator } from '../services/orchestrator';

export const DEPLOY_WEB_JOB = 'deploy.web';

/**
 * `deploy.web`: runs one deployment's steps. Idempotent — a worker killed at any step leaves the
 * job to be retried, and the orchestrator resumes from the recorded steps. A deployment that
 * fails records its failure and completes the job (retrying cannot fix a failed build).
 */
export function createDeployWebJob(orchestrator: Orchestrator) {
  return defineJob({
    name: DEPLOY_WEB_JOB,
    input: z.object({ deploymentId: z.string().min(1) }),
    attempts: 5,
    backoffMs: 500,
    concurrency: 4,
    async process({ deploymentId }, ctx) {
      return orchestrator.run(deploymentId, {
        signal: ctx.signal,
        workerId: `job ${ctx.jobId} attempt ${ctx.attempt}`,
        onProgress: (update) => ctx.progress(update),
      });
    },
  });
}

export type DeployWebJob = ReturnType<typeof createDeployWebJob>;
