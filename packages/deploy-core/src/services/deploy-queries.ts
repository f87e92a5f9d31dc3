import { AppError } from '@shipyard/core';
import type { DeployDb } from '../db';
import {
  TERMINAL_DEPLOY_STATUSES,
  WEB_DEPLOY_STEPS,
  type TDeployStatus,
  type TStepStatus,
} from './steps';

export interface TDeploymentProgress {
  deploymentId: string;
  status: TDeployStatus;
  percent: number;
  /** Seconds left, estimated from this org's recent step durations. */
  etaSeconds: number | null;
  url: string | null;
  error: string | null;
  errorStep: string | null;
  steps: {
    name: string;
    label: string;
    status: TStepStatus;
    durationMs: number | null;
    error: string | null;
  }[];
  logs: { id: number; step: string | null; level: string; message: string; at: Date }[];
}

const DEFAULT_STEP_MS: Record<string, number> = Object.fromEntries(
  WEB_DEPLOY_STEPS.map((s) => [s.name, s.weight * 40]),
);

export function createDeployQueries(db: DeployDb) {
  async function averageStepMs(orgId: string): Promise<Record<string, number>> {
    const recent = await db.deployStep.findMany({
      where: {
        status: 'succeeded',
        durationMs: { not: null },
        deployment: { orgId, status: 'succeeded' },
      },
      orderBy: { finishedAt: 'desc' },
      take: WEB_DEPLOY_STEPS.length * 20,
      select: { name: true, durationMs: true },
    });
    const sums: Record<string, { total: number; n: number }> = {};
    for (const s of recent) {
      const entry = (sums[s.name] ??= { total: 0, n: 0 });
      entry.total += s.durationMs ?? 0;
      entry.n += 1;
    }
    return Object.fromEntries(
      WEB_DEPLOY_STEPS.map((s) => {
        const e = sums[s.name];
        return [s.name, e && e.n ? e.total / e.n : (DEFAULT_STEP_MS[s.name] ?? 200)];
      }),
    );
  }

  return {
    async progress(input: {
      orgId: string;
      deploymentId: string;
      afterLogId?: number;
    }): Promise<TDeploymentProgress> {
      const dep = await db.deployment.findFirst({
        where: { id: input.deploymentId, orgId: input.orgId },
        include: {
          steps: { orderBy: { position: 'asc' } },
          logs: { where: { id: { gt: input.afterLogId ?? 0 } }, orderBy: { id: 'asc' }, take: 500 },
        },
      });
      if (!dep) throw new AppError('NOT_FOUND', 'This deployment does not exist.');
      const avg = await averageStepMs(input.orgId);
      let total = 0;
      let done = 0;
      let remaining = 0;
      const nowMs = Date.now();
      for (const step of dep.steps) {
        const expected = avg[step.name] ?? 200;
        total += expected;
        if (step.status === 'succeeded' || step.status === 'skipped' || step.status === 'failed')
          done += expected;
        else if (step.status === 'running') {
          const elapsed = step.startedAt ? nowMs - step.startedAt.getTime() : 0;
          const part = Math.min(elapsed, expected * 0.9);
          done += part;
          remaining += Math.max(expected - elapsed, expected * 0.1);
        } else remaining += expected;
      }
      const terminal = (TERMINAL_DEPLOY_STATUSES as readonly string[]).includes(dep.status);
      return {
        deploymentId: dep.id,
        status: dep.status as TDeployStatus,
        percent:
          dep.status === 'succeeded'
            ? 100
            : total
              ? Math.min(99, Math.round((done / total) * 100))
              : 0,
        etaSeconds: terminal ? 0 : Math.round(remaining / 100) / 10,
        url: dep.url,
        error: dep.error,
        errorStep: dep.errorStep,
        steps: dep.steps.map((s) => ({
          name: s.name,
          label: WEB_DEPLOY_STEPS.find((d) => d.name === s.name)?.label ?? s.name,
          status: s.status as TStepStatus,
          durationMs: s.durationMs,
          error: s.error,
        })),
        logs: dep.logs.map((l) => ({
          id: l.id,
          step: l.step,
          level: l.level,
          message: l.message,
          at: l.at,
        })),
      };
    },

    async history(input: { orgId: string; appId?: string; limit: number; cursor?: string }) {
      const rows = await db.deployment.findMany({
        where: { orgId: input.orgId, ...(input.appId ? { appId: input.appId } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
        include: {
          app: { select: { slug: true, name: true, liveDeploymentId: true, projectId: true } },
        },
      });
      const page = rows.slice(0, input.limit);
      return {
        items: page.map((d) => ({
          id: d.id,
          appId: d.appId,
          appSlug: d.app.slug,
          appName: d.app.name,
          projectId: d.app.projectId,
          status: d.status as TDeployStatus,
          live: d.app.liveDeploymentId === d.id,
          url: d.url,
          error: d.error,
          createdById: d.createdById,
          createdAt: d.createdAt,
          durationMs:
            d.startedAt && d.finishedAt ? d.finishedAt.getTime() - d.startedAt.getTime() : null,
        })),
        nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async apps(input: { orgId: string }) {
      const apps = await db.deployedApp.findMany({
        where: { orgId: input.orgId },
        orderBy: { updatedAt: 'desc' },
        include: {
          database: { select: { provider: true, name: true } },
          domains: { select: { id: true, name: true, status: true, tlsStatus: true } },
        },
      });
      return apps.map((a) => ({
        id: a.id,
        projectId: a.projectId,
        platform: a.platform,
        slug: a.slug,
        name: a.name,
        hostingProvider: a.hostingProvider,
        database: a.database,
        domains: a.domains,
        liveDeploymentId: a.liveDeploymentId,
      }));
    },
  };
}

export type DeployQueries = ReturnType<typeof createDeployQueries>;
