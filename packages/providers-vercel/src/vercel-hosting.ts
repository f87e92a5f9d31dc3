import { AppError } from '@shipyard/core';
import type { HostingProvider, TAppRef, TProviderDefinition, TStepContext } from '@shipyard/deploy-core';
import { bestEffort, mapLimit, pollUntil, withDatabaseEnv } from '@shipyard/deploy-core/provider-kit';
import { createVercelApi, type TRequestOptions } from './api';
import { describeFailure, type TCallMeta } from './errors';
import { prepareVercelDeployment, type TPreparedDeployment } from './files';
import { DEPLOYMENT_META_KEY, vercelProjectName } from './names';
import { ZVercelHostingOptionsSchema, type TVercelHostingInput } from './options';


/** Where custom subdomains point (Vercel docs: "CNAME record … cname.vercel-dns.com"). */
export const VERCEL_CNAME_TARGET = 'cname.vercel-dns.com';
export { DATABASE_ENV } from '@shipyard/deploy-core/provider-kit';

/** The comment on env vars Shipyard manages. */
export const ENV_COMMENT = 'Managed by Shipyard';

/** Deployments searched (newest first) when looking a Shipyard deployment up by its meta. */
const META_LOOKUP_LIMIT = 100;
/** Rounds of "create → missing_files → upload" before giving up. */
const MAX_MISSING_ROUNDS = 3;
const FAILED_STATES = new Set(['ERROR', 'CANCELED', 'DELETED']);

/** The parts of Vercel's project object this provider reads. */
export interface TVercelProject {
  id: string;
  name: string;
  autoAssignCustomDomains?: boolean;
  ssoProtection?: unknown;
  link?: { type?: string; repo?: string; org?: string } | null;
  alias?: { domain: string; target?: string | null }[];
  targets?: Record<string, { id: string } | null>;
  lastAliasRequest?: { toDeploymentId: string; jobStatus: string } | null;
}

/** The parts of Vercel's deployment object this provider reads. */
export interface TVercelDeployment {
  id: string;
  url: string;
  readyState: string;
  errorMessage?: string | null;
  errorCode?: string | null;
  meta?: Record<string, string>;
}

interface TVercelEnv {
  id?: string;
  key: string;
  target?: string[] | string;
}

export type VercelHosting = HostingProvider &
  Required<Pick<HostingProvider, 'addDomain' | 'removeDomain'>> & {
    /** The Vercel project an app deploys to. */
    projectName(app: TAppRef): string;
  };

/**
 * Vercel hosting through the REST API (official `@vercel/sdk`).
 *
 * - `deploy` creates the project when missing — with custom-domain auto-assignment off, so a
 *   production deployment is *staged* and serves only its own URL until promoted — sets the env
 *   vars (encrypted, production), creates a production deployment listing every file's sha1,
 *   uploads only what Vercel reports as `missing_files` and retries, then polls `readyState`.
 * - `promote` points the production domains at a deployment
 *   (`POST /v10/projects/:id/promote/:deploymentId`, no rebuild); it is also how rollback works.
 */
export function createVercelHosting(input: TVercelHostingInput): VercelHosting {
  const options = ZVercelHostingOptionsSchema.parse(input);
  const api = createVercelApi(options);
  const { sdk, team } = api;
  const projectName = (app: TAppRef) => vercelProjectName(options.projectPrefix, app.slug);
  const liveUrlOf = (name: string) => `https://${name}.vercel.app`;
  const projectMeta = (name: string, action: string, scope: TCallMeta['scope'] = 'projects'): TCallMeta => ({
    action,
    scope,
    resource: `the Vercel project ${name}`,
  });

  async function getProject(name: string, ctx: TStepContext): Promise<TVercelProject | null> {
    return api.find(projectMeta(name, `read the Vercel project ${name}`), async (req) => (await sdk.projects.getProject({ idOrName: name, ...team }, req)) as unknown as TVercelProject, ctx);
  }

  async function requireProject(name: string, ctx: TStepContext): Promise<TVercelProject> {
    const project = await getProject(name, ctx);
    if (!project) {
      throw new AppError('NOT_FOUND', `The Vercel project ${name} does not exist; it may have been deleted in the Vercel dashboard. Deploy the app again to recreate it.`, {
        details: { provider: 'vercel', project: name },
      });
    }
    return project;
  }

  function assertDeployable(project: TVercelProject) {
    if (project.link?.type) {
      const repo = [project.link.org, project.link.repo].filter(Boolean).join('/');
      throw new AppError(
        'CONFLICT',
        `A Vercel project named ${project.name} already exists and deploys from ${project.link.type}${repo ? ` (${repo})` : ''}; Shipyard will not replace it. ` +
          `Set a different projectPrefix in the Vercel provider settings, or rename the app.`,
        { details: { provider: 'vercel', project: project.name } },
      );
    }
  }

  /**
   * Production deployments must not take the production domains by themselves (promote does),
   * and the health check must reach a deployment's own URL (Vercel Authentication off).
   */
  async function ensureSettings(project: TVercelProject, ctx: TStepContext) {
    if (project.autoAssignCustomDomains === false && project.ssoProtection == null) return;
    await api.call(
      projectMeta(project.name, `configure the Vercel project ${project.name}`),
      (req) => sdk.projects.updateProject({ idOrName: project.id, ...team, requestBody: { autoAssignCustomDomains: false, ssoProtection: null } }, req),
      ctx,
    );
    ctx.log(`Configured ${project.name}: production domains move only on promote; deployment URLs are reachable for the health check.`);
  }

  async function ensureProject(name: string, ctx: TStepContext): Promise<{ project: TVercelProject; created: boolean }> {
    const existing = await getProject(name, ctx);
    if (existing) {
      assertDeployable(existing);
      await ensureSettings(existing, ctx);
      return { project: existing, created: false };
    }
    let project: TVercelProject;
    let created = true;
    try {
      project = await api.call(
        {
          action: `create the Vercel project ${name}`,
          scope: 'projects',
          conflictHint: `Set a different projectPrefix in the Vercel provider settings (it is "${options.projectPrefix}"), or rename the app.`,
        },
        async (req) => (await sdk.projects.createProject({ ...team, requestBody: { name, ssoProtection: null } }, req)) as unknown as TVercelProject,
        { ...ctx, recover: () => getProject(name, ctx).then((p) => p ?? undefined) },
      );
      ctx.log(`Created the Vercel project ${name}.`);
    } catch (error) {
      // Another deploy of the same app may have created it in between: use it if it is ours.
      const now = AppError.is(error) && error.code === 'CONFLICT' ? await getProject(name, ctx) : null;
      if (!now || now.link?.type) throw error;
      project = now;
      created = false;
    }
    try {
      await ensureSettings({ ...project, autoAssignCustomDomains: project.autoAssignCustomDomains ?? true }, ctx);
    } catch (error) {
      if (created && !ctx.signal.aborted) await deleteProjectQuietly(project, ctx);
      throw error;
    }
    return { project, created };
  }

  async function setEnvironment(project: TVercelProject, desired: Record<string, string>, ctx: TStepContext) {
    const meta = (action: string) => projectMeta(project.name, action, 'env');
    const listed = (await api.call(meta(`list the environment variables of ${project.name}`), (req) => sdk.projects.filterProjectEnvs({ idOrName: project.id, ...team }, req), ctx)) as unknown as {
      envs?: TVercelEnv[];
    };
    const production = (listed.envs ?? []).filter((e) => (Array.isArray(e.target) ? e.target : [e.target]).includes('production'));
    const entries = Object.entries(desired);
    if (entries.length) {
      // upsert=true replaces a key that exists for the same target: repeating it is harmless.
      await api.call(
        meta(`set the environment variables of ${project.name}`),
        (req) =>
          sdk.projects.createProjectEnv(
            {
              idOrName: project.id,
              upsert: 'true',
              ...team,
              requestBody: entries.map(([key, value]) => ({ key, value, type: 'encrypted' as const, target: ['production' as const], comment: ENV_COMMENT })),
            },
            req,
          ),
        ctx,
      );
    }
    const removed = production.filter((e) => !(e.key in desired) && e.id);
    for (const e of removed) {
      await api.find(meta(`remove the environment variable ${e.key} from ${project.name}`), (req) => sdk.projects.removeProjectEnv({ idOrName: project.id, id: e.id!, ...team }, req), ctx);
    }
    if (entries.length || removed.length) {
      ctx.log(
        `Set ${entries.length} environment variable(s) (encrypted, production)${entries.length ? `: ${entries.map(([k]) => k).join(', ')}` : ''}` +
          `${removed.length ? `; removed ${removed.map((e) => e.key).join(', ')}` : ''}.`,
      );
    }
  }

  async function getDeployment(id: string, ctx: TStepContext): Promise<TVercelDeployment> {
    return api.call(
      { action: `read deployment ${id}`, scope: 'projects', resource: `deployment ${id}` },
      async (req) => (await sdk.deployments.getDeployment({ idOrUrl: id, ...team }, req)) as unknown as TVercelDeployment,
      ctx,
    );
  }

  async function findTagged(project: TVercelProject, deploymentId: string, ctx: TStepContext): Promise<TVercelDeployment | null> {
    const list = (await api.call(projectMeta(project.name, `list the deployments of ${project.name}`), (req) =>
      sdk.deployments.getDeployments({ projectId: project.id, target: 'production', limit: META_LOOKUP_LIMIT, ...team }, req),
      ctx,
    )) as unknown as { deployments?: { uid: string; meta?: Record<string, string> }[] };
    const found = (list.deployments ?? []).find((d) => d.meta?.[DEPLOYMENT_META_KEY] === deploymentId);
    return found ? getDeployment(found.uid, ctx) : null;
  }

  function deleteDeploymentQuietly(id: string, ctx: TStepContext) {
    return bestEffort(ctx.log, () => api.find({ action: `delete deployment ${id}`, scope: 'projects', resource: `deployment ${id}` }, (req) => sdk.deployments.deleteDeployment({ id, ...team }, req), ctx), {
      done: `Deleted the failed deployment ${id}.`,
      failed: `Could not delete the failed deployment ${id}`,
    });
  }

  function deleteProjectQuietly(project: TVercelProject, ctx: TStepContext) {
    return bestEffort(ctx.log, () => api.find(projectMeta(project.name, `delete the Vercel project ${project.name}`), (req) => sdk.projects.deleteProject({ idOrName: project.id, ...team }, req), ctx), {
      done: `Deleted the Vercel project ${project.name} that this failed first deploy created.`,
      failed: `Could not delete the Vercel project ${project.name} after the failed deploy`,
    });
  }

  async function uploadFiles(shas: readonly string[], prepared: TPreparedDeployment, ctx: TStepContext): Promise<void> {
    const files = shas.map((sha) => {
      const file = prepared.bySha.get(sha);
      if (!file) throw new AppError('PROVIDER_ERROR', `Vercel asked for a file (sha1 ${sha}) that this build does not contain. The previous version is still live; deploy again.`);
      return file;
    });
    await mapLimit(files, options.uploadConcurrency, async (f) => {
      await api.call({ action: `upload ${f.file} to Vercel`, scope: 'projects' }, async (req: TRequestOptions) => {
        try {
          await sdk.deployments.uploadFile({ contentLength: f.size, xVercelDigest: f.sha, ...team, requestBody: f.bytes }, req);
        } catch (error) {
          // Vercel already has this content: nothing to do.
          if (describeFailure(error).status === 409) return;
          throw error;
        }
      }, ctx);
    });
  }

  /** Creates the deployment; uploads what Vercel reports missing and tries again. */
  async function createDeployment(project: TVercelProject, prepared: TPreparedDeployment, deploymentId: string, ctx: TStepContext): Promise<TVercelDeployment> {
    const requestBody = {
      name: project.name,
      project: project.id,
      target: 'production',
      files: prepared.files.map(({ file, sha, size }) => ({ file, sha, size })),
      // Plain files: no framework detection, install or build step beyond the functions in api/.
      projectSettings: { framework: null, buildCommand: null, installCommand: null, devCommand: null, outputDirectory: null },
      meta: { [DEPLOYMENT_META_KEY]: deploymentId },
    };
    let uploaded = 0;
    for (let round = 1; ; round++) {
      const result = await api.call<{ deployment: TVercelDeployment } | { missing: string[] }>(
        projectMeta(project.name, `create a deployment of ${project.name}`),
        async (req) => {
          try {
            return { deployment: (await sdk.deployments.createDeployment({ ...team, skipAutoDetectionConfirmation: '1', requestBody }, req)) as unknown as TVercelDeployment };
          } catch (error) {
            const f = describeFailure(error);
            if (f.code === 'missing_files' && Array.isArray(f.error.missing)) return { missing: f.error.missing.map(String) };
            throw error;
          }
        },
        // Creating a deployment is not idempotent: before a retry, look for the one a lost response created.
        { ...ctx, recover: () => findTagged(project, deploymentId, ctx).then((d) => (d ? { deployment: d } : undefined)) },
      );
      if ('deployment' in result) {
        ctx.log(`Uploaded ${uploaded} of ${prepared.bySha.size} distinct file(s); ${prepared.bySha.size - uploaded} already on Vercel.`);
        return result.deployment;
      }
      if (round > MAX_MISSING_ROUNDS) {
        throw new AppError('PROVIDER_ERROR', `Vercel kept reporting ${result.missing.length} file(s) missing after they were uploaded ${MAX_MISSING_ROUNDS} times. Try the deploy again in a few minutes.`);
      }
      const missing = [...new Set(result.missing)];
      ctx.log(`Vercel needs ${missing.length} of ${prepared.bySha.size} distinct file(s); uploading them.`);
      await uploadFiles(missing, prepared, ctx);
      uploaded += missing.length;
    }
  }

  function waitForReady(start: TVercelDeployment, name: string, ctx: TStepContext): Promise<TVercelDeployment> {
    let last = '';
    return pollUntil(start, {
      intervalMs: options.pollIntervalMs,
      timeoutMs: options.deploymentTimeoutMs,
      signal: ctx.signal,
      next: (deployment) => getDeployment(deployment.id, ctx),
      settle(deployment) {
        if (deployment.readyState !== last) {
          ctx.log(`Deployment ${deployment.id}: ${deployment.readyState}.`);
          last = deployment.readyState;
        }
        return deployment.readyState === 'READY' || FAILED_STATES.has(deployment.readyState) ? deployment : undefined;
      },
      timedOut: (deployment) =>
        new AppError(
          'PROVIDER_ERROR',
          `Vercel did not finish deployment ${deployment.id} of ${name} within ${Math.round(options.deploymentTimeoutMs / 1000)} s (readyState ${deployment.readyState}). ` +
            `The previous version is still live. Check the deployment in the Vercel dashboard, then deploy again.`,
        ),
    });
  }

  function productionUrl(project: TVercelProject): string {
    const own = `${project.name}.vercel.app`;
    const domains = (project.alias ?? []).filter((a) => !a.target || a.target.toUpperCase() === 'PRODUCTION').map((a) => a.domain);
    if (domains.includes(own)) return `https://${own}`;
    const vercelApp = domains.find((d) => d.endsWith('.vercel.app'));
    return vercelApp ? `https://${vercelApp}` : liveUrlOf(project.name);
  }

  const provider: VercelHosting = {
    identifier: 'vercel',
    label: 'Vercel',
    projectName,

    liveUrl: (app) => liveUrlOf(projectName(app)),

    // Vercel's documented CNAME target for custom subdomains.
    domainTarget: () => VERCEL_CNAME_TARGET,

    async deploy({ app, deploymentId, artifact, env, database }, ctx) {
      const name = projectName(app);
      const desired = withDatabaseEnv(env, database, ctx.log);
      const prepared = prepareVercelDeployment(artifact, Object.keys(desired));
      for (const warning of prepared.warnings) ctx.log(`Warning: ${warning}`);
      const { project, created } = await ensureProject(name, ctx);
      try {
        const existing = await findTagged(project, deploymentId, ctx);
        if (existing) {
          ctx.log(`Deployment ${existing.id} for this Shipyard deployment already exists (${existing.readyState}); resuming it.`);
          const done = await waitForReady(existing, name, ctx);
          if (done.readyState === 'READY') return { providerDeploymentId: done.id, url: `https://${done.url}` };
          await deleteDeploymentQuietly(done.id, ctx);
        }
        await setEnvironment(project, desired, ctx);
        const deployment = await createDeployment(project, prepared, deploymentId, ctx);
        const done = await waitForReady(deployment, name, ctx);
        if (done.readyState !== 'READY') {
          await deleteDeploymentQuietly(done.id, ctx);
          throw new AppError(
            'PROVIDER_ERROR',
            `Vercel failed deployment ${done.id} of ${name} (${done.readyState}${done.errorMessage ? `: ${done.errorMessage}` : ''}). The previous version is still live. ` +
              `Check the app's API for errors and deploy again.`,
            { details: { provider: 'vercel', deploymentId: done.id, errorCode: done.errorCode ?? null } },
          );
        }
        return { providerDeploymentId: done.id, url: `https://${done.url}` };
      } catch (error) {
        // A killed worker (aborted signal) resumes later: keep what it made for the retry.
        if (created && !ctx.signal.aborted) await deleteProjectQuietly(project, ctx);
        throw error;
      }
    },

    async promote({ app, providerDeploymentId }, ctx) {
      const name = projectName(app);
      let project = await requireProject(name, ctx);
      if (project.targets?.production?.id !== providerDeploymentId) {
        await api.call(
          { action: `promote deployment ${providerDeploymentId} on ${name}`, scope: 'projects', resource: `deployment ${providerDeploymentId} of the Vercel project ${name}` },
          (req) => sdk.projects.requestPromote({ projectId: project.id, deploymentId: providerDeploymentId, ...team }, req),
          ctx,
        );
        // 202 means Vercel accepted the promote and moves the domains shortly: wait until it has.
        project = await pollUntil(await requireProject(name, ctx), {
          intervalMs: options.pollIntervalMs,
          timeoutMs: options.deploymentTimeoutMs,
          signal: ctx.signal,
          next: () => requireProject(name, ctx),
          settle(current) {
            if (current.targets?.production?.id === providerDeploymentId) return current;
            const job = current.lastAliasRequest;
            if (job?.toDeploymentId === providerDeploymentId && job.jobStatus === 'failed') {
              throw new AppError('PROVIDER_ERROR', `Vercel could not move ${name}'s production domains to deployment ${providerDeploymentId}. The previous version is still live; try again.`);
            }
            return undefined;
          },
          timedOut: () =>
            new AppError('PROVIDER_ERROR', `Vercel did not finish promoting deployment ${providerDeploymentId} of ${name} within ${Math.round(options.deploymentTimeoutMs / 1000)} s. Check the project in the Vercel dashboard.`),
        });
        ctx.log(`Promoted deployment ${providerDeploymentId}; ${productionUrl(project)} serves it now.`);
      }
      return { url: productionUrl(project) };
    },

    async removeApp(app, ctx) {
      const name = projectName(app);
      const project = await getProject(name, ctx);
      if (!project) {
        ctx.log(`The Vercel project ${name} is already gone.`);
        return;
      }
      await api.find(projectMeta(name, `delete the Vercel project ${name}`), (req) => sdk.projects.deleteProject({ idOrName: project.id, ...team }, req), ctx);
      ctx.log(`Deleted the Vercel project ${name} and its deployments.`);
    },

    async addDomain({ app, domain }, ctx) {
      const name = projectName(app);
      const project = await requireProject(name, ctx);
      const attached = await api.find(
        { action: `read the domain ${domain} of ${name}`, scope: 'domains', resource: `the domain ${domain}` },
        (req) => sdk.projects.getProjectDomain({ idOrName: project.id, domain, ...team }, req),
        ctx,
      );
      const result = (attached ??
        (await api.call(
          {
            action: `attach ${domain} to the Vercel project ${name}`,
            scope: 'domains',
            resource: `the Vercel project ${name}`,
            conflictHint: `${domain} is attached to another Vercel project or account; remove it there first.`,
          },
          (req) => sdk.projects.addProjectDomain({ idOrName: project.id, ...team, requestBody: { name: domain } }, req),
          ctx,
        ))) as unknown as { verified?: boolean; verification?: { type: string; domain: string; value: string }[] };
      if (!attached) ctx.log(`Attached ${domain} to the Vercel project ${name}.`);
      if (result.verified === false && result.verification?.length) {
        ctx.log(`Vercel asks to verify ${domain}: ${result.verification.map((v) => `${v.type} ${v.domain} → ${v.value}`).join('; ')}.`);
      }
    },

    async removeDomain({ app, domain }, ctx) {
      const name = projectName(app);
      const project = await getProject(name, ctx);
      if (!project) return;
      await api.find(
        { action: `detach ${domain} from the Vercel project ${name}`, scope: 'domains', resource: `the domain ${domain} on ${name}` },
        (req) => sdk.projects.removeProjectDomain({ idOrName: project.id, domain, ...team }, req),
        ctx,
      );
      ctx.log(`Detached ${domain} from ${name}.`);
    },
  };

  return provider;
}

/** `{ identifier, optionsSchema, create }` for the host's provider registry. */
export const vercelHosting: TProviderDefinition<typeof ZVercelHostingOptionsSchema, VercelHosting> = {
  identifier: 'vercel',
  optionsSchema: ZVercelHostingOptionsSchema,
  create: createVercelHosting,
};
