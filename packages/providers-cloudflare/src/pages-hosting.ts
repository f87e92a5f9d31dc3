import { AppError } from '@shipyard/core';
import { toFile, type Uploadable } from 'cloudflare';
import type { Deployment, Project } from 'cloudflare/resources/pages/projects/projects';
import { bestEffort, pollUntil, withDatabaseEnv } from '@shipyard/deploy-core/provider-kit';
import { createCloudflareApi, type CloudflareApi } from './api';
import type { HostingProvider, TAppRef, TDatabaseConnection, TProviderDefinition, TStepContext } from './contract';
import { prepareAssets, uploadAssets } from './direct-upload';
import type { TCallMeta } from './errors';
import { deploymentTag, pagesProjectName, parseDeploymentTag } from './names';
import { ZCloudflarePagesOptionsSchema, type TCloudflarePagesOptions } from './options';
import { deleteManagedRecords, findZone, listRecords, MANAGED_COMMENT, upsertRecord } from './zones';

export { DATABASE_ENV } from '@shipyard/deploy-core/provider-kit';

/** Deployments searched (newest first) when looking a Shipyard deployment up by its tag. */
const TAG_LOOKUP_LIMIT = 100;
/** Cloudflare's "Your project has too many deployments to be deleted". */
const TOO_MANY_DEPLOYMENTS = 8000076;
/** Pages of 25 deployments deleted before giving up on a project (10 000 deployments). */
const MAX_DELETE_ROUNDS = 400;

function cloudflareCodes(error: AppError): number[] {
  const codes = error.details?.cloudflareCodes;
  return Array.isArray(codes) ? codes.filter((c): c is number => typeof c === 'number') : [];
}

export type CloudflarePagesHosting = HostingProvider &
  Required<Pick<HostingProvider, 'addDomain' | 'removeDomain'>> & {
    /** The Pages project an app deploys to. */
    projectName(app: TAppRef): string;
  };

/**
 * Cloudflare Pages hosting through Direct Upload.
 *
 * - `deploy` creates the project when missing, sets its environment, uploads the assets (upload
 *   token → check-missing → buckets → upsert-hashes), creates a production-branch deployment
 *   with the manifest and `_worker.js`, waits for it, then moves production back to the
 *   deployment that was live before — so the new one is reachable at its own URL for the health
 *   check but not yet live.
 * - `promote` moves production to a deployment with Pages' rollback endpoint (atomic alias move);
 *   it is also how rollback works.
 */
export function createCloudflarePagesHosting(input: TCloudflarePagesOptions): CloudflarePagesHosting {
  const options = ZCloudflarePagesOptionsSchema.parse(input);
  const api = createCloudflareApi(options);
  const account_id = options.accountId;
  const projectName = (app: TAppRef) => pagesProjectName(options.projectPrefix, app.slug);
  const projectMeta = (name: string, action: string): TCallMeta => ({
    action,
    scope: 'pages',
    resource: `the Pages project ${name}`,
  });

  async function getProject(name: string, ctx: TStepContext): Promise<Project | null> {
    return api.find(projectMeta(name, `read the Pages project ${name}`), (req) => api.sdk.pages.projects.get(name, { account_id }, req), ctx);
  }

  function assertDeployable(project: Project) {
    if (project.source?.type) {
      const repo = [project.source.config?.owner, project.source.config?.repo_name].filter(Boolean).join('/');
      throw new AppError(
        'CONFLICT',
        `A Pages project named ${project.name} already exists in this Cloudflare account and deploys from ${project.source.type}${repo ? ` (${repo})` : ''}; Shipyard will not replace it. ` +
          `Set a different projectPrefix in the Cloudflare provider settings, or rename the app.`,
        { details: { provider: 'cloudflare', project: project.name } },
      );
    }
  }

  async function ensureProject(name: string, ctx: TStepContext): Promise<{ project: Project; created: boolean }> {
    const existing = await getProject(name, ctx);
    if (existing) {
      assertDeployable(existing);
      return { project: existing, created: false };
    }
    try {
      const project = await api.call(
        {
          action: `create the Pages project ${name}`,
          scope: 'pages',
          conflictHint: `Set a different projectPrefix in the Cloudflare provider settings (it is "${options.projectPrefix}"), or rename the app.`,
        },
        (req) => api.sdk.pages.projects.create({ account_id, name, production_branch: options.productionBranch }, req),
        { ...ctx, recover: () => getProject(name, ctx).then((p) => p ?? undefined) },
      );
      ctx.log(`Created the Pages project ${name} (https://${project.subdomain ?? `${name}.pages.dev`}).`);
      return { project, created: true };
    } catch (error) {
      // Another deploy of the same app may have created it in between: use it if it is ours.
      if (AppError.is(error) && error.code === 'CONFLICT') {
        const now = await getProject(name, ctx);
        if (now && !now.source?.type) return { project: now, created: false };
      }
      throw error;
    }
  }

  async function setEnvironment(project: Project, env: Record<string, string>, database: TDatabaseConnection | null, ctx: TStepContext) {
    const desired = withDatabaseEnv(env, database, ctx.log);
    const configs = project.deployment_configs;
    const current = new Set([...Object.keys(configs?.production?.env_vars ?? {}), ...Object.keys(configs?.preview?.env_vars ?? {})]);
    const removed = [...current].filter((k) => !(k in desired));
    if (!Object.keys(desired).length && !removed.length) return;
    const envVars: Record<string, { type: 'secret_text'; value: string } | null> = {};
    for (const [k, value] of Object.entries(desired)) envVars[k] = { type: 'secret_text', value };
    for (const k of removed) envVars[k] = null;
    await api.call(
      projectMeta(project.name, `set the environment variables of ${project.name}`),
      (req) =>
        api.sdk.pages.projects.edit(
          project.name,
          { account_id, deployment_configs: { production: { env_vars: envVars }, preview: { env_vars: envVars } } },
          req,
        ),
      ctx,
    );
    const names = Object.keys(desired);
    ctx.log(
      `Set ${names.length} environment variable(s) as secrets${names.length ? `: ${names.join(', ')}` : ''}${removed.length ? `; removed ${removed.join(', ')}` : ''}.`,
    );
  }

  async function findTagged(name: string, deploymentId: string, ctx: TStepContext): Promise<Deployment | null> {
    return api.call(
      projectMeta(name, `list the deployments of ${name}`),
      async (req) => {
        let seen = 0;
        for await (const d of api.sdk.pages.projects.deployments.list(name, { account_id, env: 'production', per_page: 25 }, req)) {
          if (parseDeploymentTag(d.deployment_trigger?.metadata?.commit_message)?.deploymentId === deploymentId) return d;
          if (++seen >= TAG_LOOKUP_LIMIT) break;
        }
        return null;
      },
      ctx,
    );
  }

  async function getDeployment(name: string, id: string, ctx: TStepContext): Promise<Deployment> {
    return api.call(
      { action: `read deployment ${id} of ${name}`, scope: 'pages', resource: `deployment ${id} of the Pages project ${name}` },
      (req) => api.sdk.pages.projects.deployments.get(id, { account_id, project_name: name }, req),
      ctx,
    );
  }

  /** Polls until the deploy stage succeeds, or Cloudflare reports the deployment failed (ok: false). */
  function waitForDeployment(name: string, start: Deployment, ctx: TStepContext): Promise<{ ok: boolean; deployment: Deployment }> {
    let lastStage = '';
    const labelOf = (deployment: Deployment) => `${deployment.latest_stage?.name ?? 'queued'}: ${deployment.latest_stage?.status ?? 'idle'}`;
    return pollUntil(start, {
      intervalMs: options.pollIntervalMs,
      timeoutMs: options.deploymentTimeoutMs,
      signal: ctx.signal,
      next: (deployment) => getDeployment(name, deployment.id, ctx),
      settle(deployment) {
        const stage = deployment.latest_stage;
        const label = labelOf(deployment);
        if (label !== lastStage) {
          ctx.log(`Deployment ${deployment.short_id ?? deployment.id} — ${label}.`);
          lastStage = label;
        }
        if (stage?.status === 'failure' || stage?.status === 'canceled') return { ok: false, deployment };
        if (stage?.name === 'deploy' && stage.status === 'success') return { ok: true, deployment };
        return undefined;
      },
      timedOut: (deployment) =>
        new AppError(
          'PROVIDER_ERROR',
          `Cloudflare Pages did not finish deployment ${deployment.id} of ${name} within ${Math.round(options.deploymentTimeoutMs / 1000)} s (last stage ${labelOf(deployment)}). ` +
            `The previous version is still live. Check the project in the Cloudflare dashboard, then deploy again.`,
        ),
    });
  }

  function deleteDeploymentQuietly(name: string, id: string, ctx: TStepContext) {
    return bestEffort(
      ctx.log,
      () =>
        api.find(
          { action: `delete the failed deployment ${id}`, scope: 'pages', resource: `deployment ${id}` },
          (req) => api.sdk.pages.projects.deployments.delete(id, { account_id, project_name: name, force: true }, req),
          ctx,
        ),
      { done: `Deleted the failed deployment ${id}.`, failed: `Could not delete the failed deployment ${id}` },
    );
  }

  /** Moves production back to the deployment that was live before `current` was created. */
  async function keepPreviousLive(name: string, current: Deployment, previousLiveId: string | null, ctx: TStepContext) {
    if (!previousLiveId || previousLiveId === current.id) return;
    const project = await getProject(name, ctx);
    if (project?.canonical_deployment?.id !== current.id) return;
    try {
      await api.call(
        { action: `keep deployment ${previousLiveId} live on ${name}`, scope: 'pages', resource: `deployment ${previousLiveId} of ${name}` },
        (req) => api.sdk.pages.projects.deployments.rollback(previousLiveId, { account_id, project_name: name }, req),
        ctx,
      );
      ctx.log(`Kept deployment ${previousLiveId} live; the new deployment goes live when it is promoted.`);
    } catch (error) {
      // The previous deployment is gone (deleted in the dashboard): there is nothing to keep live.
      if (AppError.is(error) && error.code === 'NOT_FOUND') {
        ctx.log(`The previously live deployment ${previousLiveId} no longer exists; the new deployment is live already.`);
        return;
      }
      throw error;
    }
  }

  async function createDeployment(
    name: string,
    branch: string,
    form: { manifest: Record<string, string>; worker: string; configFiles: Map<string, Uint8Array>; tag: string },
    deploymentId: string,
    ctx: TStepContext,
  ): Promise<Deployment> {
    const files: Record<string, Uploadable> = {};
    if (form.worker) files['_worker.js'] = await toFile(Buffer.from(form.worker, 'utf8'), '_worker.js', { type: 'application/javascript+module' });
    for (const [file, bytes] of form.configFiles) files[file] = await toFile(Buffer.from(bytes), file);
    return api.call(
      projectMeta(name, `create a deployment of ${name}`),
      (req) =>
        api.sdk.pages.projects.deployments.create(
          name,
          { account_id, manifest: JSON.stringify(form.manifest), branch, commit_message: form.tag, commit_dirty: 'false', ...files },
          req,
        ),
      // Creating a deployment is not idempotent: before a retry, look for the one a failed
      // attempt may have created after all.
      { ...ctx, recover: () => findTagged(name, deploymentId, ctx).then((d) => d ?? undefined) },
    );
  }

  function deleteProjectQuietly(name: string, ctx: TStepContext) {
    return bestEffort(ctx.log, () => api.find(projectMeta(name, `delete the Pages project ${name}`), (req) => api.sdk.pages.projects.delete(name, { account_id }, req), ctx), {
      done: `Deleted the Pages project ${name} that this failed first deploy created.`,
      failed: `Could not delete the Pages project ${name} after the failed deploy`,
    });
  }

  async function cnameTarget(name: string, ctx: TStepContext): Promise<string> {
    const project = await getProject(name, ctx);
    return project?.subdomain ?? `${name}.pages.dev`;
  }

  const provider: CloudflarePagesHosting = {
    identifier: 'cloudflare',
    label: 'Cloudflare Pages',
    projectName,

    liveUrl: (app) => `https://${projectName(app)}.pages.dev`,

    async deploy({ app, deploymentId, artifact, env, database }, ctx) {
      const name = projectName(app);
      const { project, created } = await ensureProject(name, ctx);
      try {
        const existing = await findTagged(name, deploymentId, ctx);
        if (existing) {
          const result = await waitForDeployment(name, existing, ctx);
          if (result.ok) {
            ctx.log(`Deployment ${existing.id} for this Shipyard deployment already exists; reusing it.`);
            await keepPreviousLive(name, result.deployment, parseDeploymentTag(existing.deployment_trigger?.metadata?.commit_message)?.previousLiveId ?? null, ctx);
            return { providerDeploymentId: result.deployment.id, url: result.deployment.url };
          }
          await deleteDeploymentQuietly(name, existing.id, ctx);
        }

        await setEnvironment(project, env, database, ctx);
        const { assets, configFiles } = prepareAssets(artifact.assets);
        const upload = await uploadAssets(api, name, assets, ctx);
        ctx.log(`Uploaded ${upload.uploaded} file(s) in ${upload.requests} request(s); ${upload.reused} already on Cloudflare.`);

        const previousLiveId = project.canonical_deployment?.id ?? null;
        const branch = project.production_branch || options.productionBranch;
        const createdDeployment = await createDeployment(
          name,
          branch,
          { manifest: upload.manifest, worker: artifact.worker, configFiles, tag: deploymentTag(deploymentId, previousLiveId) },
          deploymentId,
          ctx,
        );
        const result = await waitForDeployment(name, createdDeployment, ctx);
        if (!result.ok) {
          const stage = result.deployment.latest_stage;
          await deleteDeploymentQuietly(name, result.deployment.id, ctx);
          throw new AppError(
            'PROVIDER_ERROR',
            `Cloudflare Pages failed deployment ${result.deployment.id} of ${name} at the "${stage?.name ?? 'deploy'}" stage (${stage?.status ?? 'failure'}). ` +
              `The previous version is still live. Check the _worker.js for errors and deploy again.`,
          );
        }
        await keepPreviousLive(name, result.deployment, previousLiveId, ctx);
        return { providerDeploymentId: result.deployment.id, url: result.deployment.url };
      } catch (error) {
        if (created) await deleteProjectQuietly(name, ctx);
        throw error;
      }
    },

    async promote({ app, providerDeploymentId }, ctx) {
      const name = projectName(app);
      const project = await api.call(projectMeta(name, `read the Pages project ${name}`), (req) => api.sdk.pages.projects.get(name, { account_id }, req), ctx);
      if (project.canonical_deployment?.id === providerDeploymentId) {
        ctx.log(`Deployment ${providerDeploymentId} is already live.`);
      } else {
        await api.call(
          {
            action: `make deployment ${providerDeploymentId} live on ${name}`,
            scope: 'pages',
            resource: `deployment ${providerDeploymentId} of the Pages project ${name}`,
          },
          (req) => api.sdk.pages.projects.deployments.rollback(providerDeploymentId, { account_id, project_name: name }, req),
          ctx,
        );
        ctx.log(`Production of ${name} now serves deployment ${providerDeploymentId}.`);
      }
      return { url: `https://${project.subdomain ?? `${name}.pages.dev`}` };
    },

    async removeApp(app, ctx) {
      const name = projectName(app);
      const project = await getProject(name, ctx);
      if (!project) {
        ctx.log(`The Pages project ${name} is already gone.`);
        return;
      }
      if (project.source?.type) {
        ctx.log(`The Pages project ${name} deploys from ${project.source.type}, so it is not Shipyard's; left it untouched.`);
        return;
      }
      // Dangling CNAMEs to a deleted pages.dev name could be claimed by someone else: remove ours.
      for (const domain of project.domains ?? []) await removeOwnRecords(domain, ctx);
      const deleteProject = () =>
        api.find(projectMeta(name, `delete the Pages project ${name}`), (req) => api.sdk.pages.projects.delete(name, { account_id }, req), ctx);
      try {
        await deleteProject();
      } catch (error) {
        // Pages refuses to delete a project with many deployments (code 8000076, a documented
        // known issue): delete the deployments first, then the project.
        if (!(AppError.is(error) && cloudflareCodes(error).includes(TOO_MANY_DEPLOYMENTS))) throw error;
        const n = await deleteOldDeployments(name, project.canonical_deployment?.id ?? null, ctx);
        ctx.log(`Deleted ${n} old deployment(s) of ${name} so the project can be deleted.`);
        await deleteProject();
      }
      ctx.log(`Deleted the Pages project ${name} and its deployments.`);
    },

    async addDomain({ app, domain }, ctx) {
      const name = projectName(app);
      const attached = await api.find(
        { action: `read the custom domain ${domain} of ${name}`, scope: 'pages', resource: `the custom domain ${domain}` },
        (req) => api.sdk.pages.projects.domains.get(domain, { account_id, project_name: name }, req),
        ctx,
      );
      if (!attached) {
        await api.call(
          {
            action: `attach ${domain} to the Pages project ${name}`,
            scope: 'pages',
            resource: `the Pages project ${name}`,
            conflictHint: `${domain} is attached to another Pages project; remove it there first.`,
          },
          (req) => api.sdk.pages.projects.domains.create(name, { account_id, name: domain }, req),
          ctx,
        );
        ctx.log(`Attached ${domain} to the Pages project ${name}.`);
      }
      await pointDomain(name, domain, ctx);
    },

    async removeDomain({ app, domain }, ctx) {
      const name = projectName(app);
      await api.find(
        { action: `detach ${domain} from the Pages project ${name}`, scope: 'pages', resource: `the custom domain ${domain}` },
        (req) => api.sdk.pages.projects.domains.delete(domain, { account_id, project_name: name }, req),
        ctx,
      );
      await removeOwnRecords(domain, ctx);
      ctx.log(`Detached ${domain} from ${name}.`);
    },
  };

  /** Deletes every deployment but the live one (bounded), newest first as the API lists them. */
  async function deleteOldDeployments(name: string, liveId: string | null, ctx: TStepContext): Promise<number> {
    let deleted = 0;
    for (let round = 0; round < MAX_DELETE_ROUNDS; round++) {
      const page = await api.call(projectMeta(name, `list the deployments of ${name}`), (req) =>
        api.sdk.pages.projects.deployments.list(name, { account_id, per_page: 25, page: 1 }, req),
        ctx,
      );
      const doomed = page.result.filter((d) => d.id !== liveId);
      if (!doomed.length) break;
      for (const d of doomed) {
        await api.find(
          { action: `delete deployment ${d.id} of ${name}`, scope: 'pages', resource: `deployment ${d.id}` },
          (req) => api.sdk.pages.projects.deployments.delete(d.id, { account_id, project_name: name, force: true }, req),
          ctx,
        );
        deleted++;
      }
    }
    return deleted;
  }

  /** When the domain's zone is in this account, points it at the project (proxied CNAME). */
  async function pointDomain(name: string, domain: string, ctx: TStepContext) {
    const zone = await zoneIfAllowed(domain, ctx);
    if (!zone) return;
    const target = await cnameTarget(name, ctx);
    let existing;
    try {
      existing = await listRecords(api, zone, domain, ctx);
    } catch (error) {
      if (AppError.is(error) && error.code === 'PRECONDITION_FAILED') {
        ctx.log(`The token cannot manage DNS records in ${zone.name} (${error.message}); create the CNAME ${domain} → ${target} yourself.`);
        return;
      }
      throw error;
    }
    const blocking = existing.filter((r) => r.type === 'A' || r.type === 'AAAA');
    if (blocking.length) {
      throw new AppError(
        'CONFLICT',
        `${domain} has ${blocking.map((r) => `${r.type} ${r.content}`).join(', ')} in the Cloudflare zone ${zone.name}. Delete ${blocking.length > 1 ? 'those records' : 'that record'} so Shipyard can point ${domain} at ${target}, then verify the domain again.`,
      );
    }
    const done = await upsertRecord(api, zone, { type: 'CNAME', name: domain, content: target, proxied: true, comment: `${MANAGED_COMMENT} (Pages project ${name})` }, ctx);
    if (done !== 'unchanged') ctx.log(`${done === 'created' ? 'Created' : 'Updated'} the CNAME ${domain} → ${target} in the zone ${zone.name}.`);
  }

  async function removeOwnRecords(domain: string, ctx: TStepContext) {
    const zone = await zoneIfAllowed(domain, ctx);
    if (!zone) return;
    const n = await deleteManagedRecords(api, zone, domain, ctx);
    if (n) ctx.log(`Removed ${n} DNS record(s) Shipyard had created for ${domain}.`);
  }

  /** The domain's zone, or null when it is elsewhere or the token may not read zones. */
  async function zoneIfAllowed(domain: string, ctx: TStepContext) {
    try {
      return await findZone(api, domain, ctx);
    } catch (error) {
      if (AppError.is(error) && error.code === 'PRECONDITION_FAILED') {
        ctx.log(`The token cannot read zones (${error.message}); manage the DNS records of ${domain} yourself.`);
        return null;
      }
      throw error;
    }
  }

  return provider;
}

/** `{ identifier, optionsSchema, create }` for the host's provider registry. */
export const cloudflarePagesHosting: TProviderDefinition<typeof ZCloudflarePagesOptionsSchema, CloudflarePagesHosting> = {
  identifier: 'cloudflare',
  optionsSchema: ZCloudflarePagesOptionsSchema,
  create: createCloudflarePagesHosting,
};

export type { CloudflareApi };
