import { AppError } from '@shipyard/core';
import type { HostingProvider, TAppRef, THostedDeployment, TProviderDefinition, TStepContext } from '@shipyard/deploy-core';
import { bestEffort, formatBytes, mapLimit, pollUntil, withDatabaseEnv } from '@shipyard/deploy-core/provider-kit';
import { createNetlifyApi, type TNetlifyRequest } from './api';
import type { TCallMeta } from './errors';
import { prepareNetlifyDeploy, type TPreparedDeploy } from './files';
import { NETLIFY_FUNCTION_NAME } from './function-adapter';
import { deployTitle, netlifySiteName, parseDeployTitle } from './names';
import { ZNetlifyHostingOptionsSchema, type TNetlifyHostingInput } from './options';

export { DATABASE_ENV } from '@shipyard/deploy-core/provider-kit';

/** Deploy contexts a Shipyard env var is set for. Secret values may not use `all` or `dev`. */
export const ENV_CONTEXTS = ['production', 'deploy-preview', 'branch-deploy'] as const;

/** Deploys searched (newest first) when looking a Shipyard deployment up by its title. */
const TITLE_LOOKUP_LIMIT = 100;
const TERMINAL_STATES = new Set(['ready', 'error']);

/** The parts of Netlify's `site` object this provider reads. */
export interface TNetlifySite {
  id: string;
  name: string;
  ssl_url?: string | null;
  url?: string | null;
  account_slug?: string | null;
  custom_domain?: string | null;
  domain_aliases?: string[] | null;
  published_deploy?: { id: string } | null;
  build_settings?: { repo_url?: string | null; provider?: string | null } | null;
}

/** The parts of Netlify's `deploy` object this provider reads. */
export interface TNetlifyDeploy {
  id: string;
  site_id: string;
  state: string;
  title?: string | null;
  deploy_ssl_url?: string | null;
  required?: string[] | null;
  required_functions?: string[] | null;
  error_message?: string | null;
  draft?: boolean;
}

interface TNetlifyEnvVar {
  key: string;
  scopes?: string[];
  is_secret?: boolean;
}

export type NetlifyHosting = HostingProvider &
  Required<Pick<HostingProvider, 'addDomain' | 'removeDomain'>> & {
    /** The Netlify site an app deploys to. */
    siteName(app: TAppRef): string;
  };

/**
 * Netlify hosting through the file-digest deploy API.
 *
 * - `deploy` creates the site when missing, sets its environment variables (secret, for the
 *   production / deploy-preview / branch-deploy contexts), creates a **draft** deploy listing
 *   every file's sha1 and the API function's sha256, uploads only what Netlify reports as
 *   `required`, and waits for `ready`. A draft never goes live on its own: it is reachable at its
 *   own URL (`deploy_ssl_url`) for the health check.
 * - `promote` publishes a deploy (`POST /sites/:id/deploys/:deploy_id/restore`), atomically; it is
 *   also how rollback works.
 */
export function createNetlifyHosting(input: TNetlifyHostingInput): NetlifyHosting {
  const options = ZNetlifyHostingOptionsSchema.parse(input);
  const api = createNetlifyApi(options);
  const siteName = (app: TAppRef) => netlifySiteName(options.sitePrefix, app.slug);
  const siteMeta = (name: string, action: string, scope: TCallMeta['scope'] = 'sites'): TCallMeta => ({
    action,
    scope,
    resource: `the Netlify site ${name}`,
  });
  const liveUrlOf = (name: string) => `https://${name}.netlify.app`;

  async function findSite(name: string, ctx: TStepContext): Promise<TNetlifySite | null> {
    const path = options.accountSlug ? `/${encodeURIComponent(options.accountSlug)}/sites` : '/sites';
    const sites = await api.call<TNetlifySite[]>(
      { action: `look up the Netlify site ${name}`, scope: 'sites', resource: options.accountSlug ? `the Netlify team ${options.accountSlug}` : undefined },
      { method: 'GET', path, query: { name, per_page: 100, ...(options.accountSlug ? {} : { filter: 'all' }) } },
      ctx,
    );
    return (Array.isArray(sites) ? sites : []).find((s) => s.name === name) ?? null;
  }

  async function requireSite(name: string, ctx: TStepContext): Promise<TNetlifySite> {
    const site = await findSite(name, ctx);
    if (!site) {
      throw new AppError('NOT_FOUND', `The Netlify site ${name} does not exist${options.accountSlug ? ` in team ${options.accountSlug}` : ''}; it may have been deleted in the Netlify app. Deploy the app again to recreate it.`, {
        details: { provider: 'netlify', site: name },
      });
    }
    return site;
  }

  function assertDeployable(site: TNetlifySite) {
    const repo = site.build_settings?.repo_url;
    if (repo) {
      throw new AppError(
        'CONFLICT',
        `A Netlify site named ${site.name} already exists and builds from ${repo}; Shipyard will not replace it. ` +
          `Set a different sitePrefix in the Netlify provider settings, or rename the app.`,
        { details: { provider: 'netlify', site: site.name } },
      );
    }
  }

  async function ensureSite(name: string, ctx: TStepContext): Promise<{ site: TNetlifySite; created: boolean }> {
    const existing = await findSite(name, ctx);
    if (existing) {
      assertDeployable(existing);
      return { site: existing, created: false };
    }
    const site = await api.call<TNetlifySite>(
      {
        action: `create the Netlify site ${name}`,
        scope: 'sites',
        resource: options.accountSlug ? `the Netlify team ${options.accountSlug}` : undefined,
        conflictHint:
          `Site names are global on Netlify (${name}.netlify.app) and another account may hold this one: ` +
          `set a different sitePrefix in the Netlify provider settings (it is "${options.sitePrefix}"), or rename the app.`,
      },
      { method: 'POST', path: options.accountSlug ? `/${encodeURIComponent(options.accountSlug)}/sites` : '/sites', json: { name } },
      { ...ctx, recover: () => findSite(name, ctx).then((s) => s ?? undefined) },
    );
    ctx.log(`Created the Netlify site ${name} (${liveUrlOf(name)}).`);
    return { site, created: true };
  }

  async function setEnvironment(site: TNetlifySite, desired: Record<string, string>, ctx: TStepContext) {
    const account = site.account_slug ?? options.accountSlug;
    if (!account) throw new AppError('PROVIDER_ERROR', `Netlify did not say which team owns the site ${site.name}; set accountSlug in the Netlify provider settings.`);
    const base = `/accounts/${encodeURIComponent(account)}/env`;
    const meta = (action: string): TCallMeta => ({ action, scope: 'env', resource: `the Netlify site ${site.name} or team ${account}` });
    const current = await api.call<TNetlifyEnvVar[]>(meta(`list the environment variables of ${site.name}`), { method: 'GET', path: base, query: { site_id: site.id } }, ctx);
    const currentKeys = new Set((Array.isArray(current) ? current : []).map((v) => v.key));
    const body = (key: string, value: string) => ({
      key,
      scopes: ['functions'],
      is_secret: true,
      values: ENV_CONTEXTS.map((context) => ({ context, value })),
    });
    const toCreate = Object.entries(desired).filter(([k]) => !currentKeys.has(k));
    const toUpdate = Object.entries(desired).filter(([k]) => currentKeys.has(k));
    const removed = [...currentKeys].filter((k) => !(k in desired));
    async function updateVar(key: string, value: string) {
      await api.call(
        meta(`update the environment variable ${key} on ${site.name}`),
        { method: 'PUT', path: `${base}/${encodeURIComponent(key)}`, query: { site_id: site.id }, json: body(key, value) },
        ctx,
      );
    }
    if (toCreate.length) {
      await api.call<unknown>(
        meta(`create environment variables on ${site.name}`),
        { method: 'POST', path: base, query: { site_id: site.id }, json: toCreate.map(([k, v]) => body(k, v)) },
        {
          ...ctx,
          // Creating is not idempotent: when a lost response did create the keys, do not repeat it.
          recover: async () => {
            const now = await api.call<TNetlifyEnvVar[]>(meta(`list the environment variables of ${site.name}`), { method: 'GET', path: base, query: { site_id: site.id } }, ctx);
            const keys = new Set((Array.isArray(now) ? now : []).map((v) => v.key));
            return toCreate.every(([k]) => keys.has(k)) ? true : undefined;
          },
        },
      );
    }
    for (const [k, v] of toUpdate) await updateVar(k, v);
    for (const k of removed) {
      await api.find(meta(`remove the environment variable ${k} from ${site.name}`), {
        method: 'DELETE',
        path: `${base}/${encodeURIComponent(k)}`,
        query: { site_id: site.id },
      }, ctx);
    }
    const names = Object.keys(desired);
    if (names.length || removed.length) {
      ctx.log(
        `Set ${names.length} environment variable(s) as secrets${names.length ? `: ${names.join(', ')}` : ''}${removed.length ? `; removed ${removed.join(', ')}` : ''}.`,
      );
    }
  }

  async function findTaggedDeploy(site: TNetlifySite, deploymentId: string, ctx: TStepContext): Promise<TNetlifyDeploy | null> {
    const deploys = await api.call<TNetlifyDeploy[]>(
      siteMeta(site.name, `list the deploys of ${site.name}`),
      { method: 'GET', path: `/sites/${site.id}/deploys`, query: { per_page: TITLE_LOOKUP_LIMIT, page: 1 } },
      ctx,
    );
    return (Array.isArray(deploys) ? deploys : []).find((d) => parseDeployTitle(d.title) === deploymentId) ?? null;
  }

  async function getDeploy(site: TNetlifySite, id: string, ctx: TStepContext): Promise<TNetlifyDeploy> {
    return api.call<TNetlifyDeploy>(
      { action: `read deploy ${id} of ${site.name}`, scope: 'sites', resource: `deploy ${id} of the Netlify site ${site.name}` },
      { method: 'GET', path: `/sites/${site.id}/deploys/${encodeURIComponent(id)}` },
      ctx,
    );
  }

  function deleteDeployQuietly(site: TNetlifySite, id: string, ctx: TStepContext) {
    return bestEffort(
      ctx.log,
      () => api.find({ action: `delete deploy ${id} of ${site.name}`, scope: 'sites', resource: `deploy ${id}` }, { method: 'DELETE', path: `/sites/${site.id}/deploys/${encodeURIComponent(id)}` }, ctx),
      { done: `Deleted the unfinished deploy ${id}.`, failed: `Could not delete the unfinished deploy ${id}` },
    );
  }

  function deleteSiteQuietly(site: TNetlifySite, ctx: TStepContext) {
    return bestEffort(ctx.log, () => api.find(siteMeta(site.name, `delete the Netlify site ${site.name}`), { method: 'DELETE', path: `/sites/${site.id}` }, ctx), {
      done: `Deleted the Netlify site ${site.name} that this failed first deploy created.`,
      failed: `Could not delete the Netlify site ${site.name} after the failed deploy`,
    });
  }

  async function createDeploy(site: TNetlifySite, prepared: TPreparedDeploy, deploymentId: string, ctx: TStepContext): Promise<TNetlifyDeploy> {
    const body: Record<string, unknown> = { files: prepared.files, draft: true, async: false };
    if (prepared.fn) {
      body.functions = { [prepared.fn.name]: prepared.fn.sha256 };
      body.functions_config = { [prepared.fn.name]: prepared.fn.config };
    }
    return api.call<TNetlifyDeploy>(
      siteMeta(site.name, `create a deploy of ${site.name}`),
      { method: 'POST', path: `/sites/${site.id}/deploys`, query: { title: deployTitle(deploymentId) }, json: body },
      // Creating a deploy is not idempotent: before a retry, look for the one a lost response created.
      { ...ctx, recover: () => findTaggedDeploy(site, deploymentId, ctx).then((d) => d ?? undefined) },
    );
  }

  /** Uploads what the deploy still requires; false when it asks for something this build lacks. */
  async function uploadRequired(site: TNetlifySite, deploy: TNetlifyDeploy, prepared: TPreparedDeploy, ctx: TStepContext): Promise<boolean> {
    const requiredFiles = [...new Set(deploy.required ?? [])];
    const requiredFns = [...new Set(deploy.required_functions ?? [])];
    const unknownFile = requiredFiles.find((sha) => !prepared.bySha.has(sha));
    const unknownFn = requiredFns.find((sha) => sha !== prepared.fn?.sha256);
    if (unknownFile || unknownFn) {
      ctx.log(`Deploy ${deploy.id} asks for ${unknownFile ? `a file (sha1 ${unknownFile})` : `a function (sha256 ${unknownFn})`} that this build does not contain.`);
      return false;
    }
    const files = requiredFiles.map((sha) => prepared.bySha.get(sha)!);
    const bytes = files.reduce((n, f) => n + f.bytes.byteLength, 0);
    ctx.log(
      `Netlify needs ${files.length} of ${prepared.bySha.size} distinct file(s) (${formatBytes(bytes)})` +
        `${prepared.fn ? (requiredFns.length ? ' and the API function' : '; the API function is unchanged') : ''}.`,
    );
    const uploads: (() => Promise<unknown>)[] = files.map((f) => () =>
      api.call(
        { action: `upload ${f.path} to deploy ${deploy.id}`, scope: 'sites', resource: `deploy ${deploy.id} of the Netlify site ${site.name}` },
        { method: 'PUT', path: `/deploys/${deploy.id}/files/${f.path.slice(1).split('/').map(encodeURIComponent).join('/')}`, query: { size: f.bytes.byteLength }, bytes: f.bytes },
        ctx,
      ),
    );
    const fn = prepared.fn;
    if (fn && requiredFns.length) {
      uploads.push(() =>
        api.call(
          { action: `upload the API function to deploy ${deploy.id}`, scope: 'sites', resource: `deploy ${deploy.id} of the Netlify site ${site.name}` },
          (attempt): TNetlifyRequest => ({
            method: 'PUT',
            path: `/deploys/${deploy.id}/functions/${encodeURIComponent(fn.name)}`,
            query: { runtime: 'js', invocation_mode: 'stream', size: fn.zip.byteLength },
            bytes: fn.zip,
            // Netlify's CLI tells the API which attempt an upload is, so it can discard a half-received one.
            headers: attempt > 1 ? { 'X-Nf-Retry-Count': String(attempt - 1) } : {},
          }),
          ctx,
        ),
      );
    }
    await mapLimit(uploads, options.uploadConcurrency, (upload) => upload().then(() => undefined));
    return true;
  }

  function waitForReady(site: TNetlifySite, start: TNetlifyDeploy, ctx: TStepContext): Promise<TNetlifyDeploy> {
    let last = '';
    return pollUntil(start, {
      intervalMs: options.pollIntervalMs,
      timeoutMs: options.deployTimeoutMs,
      signal: ctx.signal,
      next: (deploy) => getDeploy(site, deploy.id, ctx),
      settle(deploy) {
        if (deploy.state !== last) {
          ctx.log(`Deploy ${deploy.id}: ${deploy.state}.`);
          last = deploy.state;
        }
        return TERMINAL_STATES.has(deploy.state) ? deploy : undefined;
      },
      timedOut: (deploy) =>
        new AppError(
          'PROVIDER_ERROR',
          `Netlify did not finish deploy ${deploy.id} of ${site.name} within ${Math.round(options.deployTimeoutMs / 1000)} s (state ${deploy.state}). ` +
            `The previous version is still live. Check the deploy in the Netlify app, then deploy again.`,
        ),
    });
  }

  async function finishDeploy(site: TNetlifySite, deploy: TNetlifyDeploy, prepared: TPreparedDeploy, ctx: TStepContext): Promise<THostedDeployment | null> {
    if (!TERMINAL_STATES.has(deploy.state)) {
      if (!(await uploadRequired(site, deploy, prepared, ctx))) return null;
    }
    const done = await waitForReady(site, deploy, ctx);
    if (done.state === 'error') {
      await deleteDeployQuietly(site, done.id, ctx);
      throw new AppError(
        'PROVIDER_ERROR',
        `Netlify failed deploy ${done.id} of ${site.name}${done.error_message ? ` (${done.error_message})` : ''}. The previous version is still live. ` +
          `Check the app's API for errors and deploy again.`,
        { details: { provider: 'netlify', deployId: done.id } },
      );
    }
    return { providerDeploymentId: done.id, url: done.deploy_ssl_url || `https://${done.id}--${site.name}.netlify.app` };
  }

  const provider: NetlifyHosting = {
    identifier: 'netlify',
    label: 'Netlify',
    siteName,

    liveUrl: (app) => liveUrlOf(siteName(app)),

    async deploy({ app, deploymentId, artifact, env, database }, ctx) {
      const name = siteName(app);
      const desired = withDatabaseEnv(env, database, ctx.log);
      const prepared = prepareNetlifyDeploy(artifact, Object.keys(desired));
      for (const warning of prepared.warnings) ctx.log(`Warning: ${warning}`);
      const { site, created } = await ensureSite(name, ctx);
      try {
        const existing = await findTaggedDeploy(site, deploymentId, ctx);
        if (existing) {
          if (existing.state === 'error') {
            await deleteDeployQuietly(site, existing.id, ctx);
          } else {
            ctx.log(`Deploy ${existing.id} for this Shipyard deployment already exists (${existing.state}); resuming it.`);
            const resumed = await finishDeploy(site, existing, prepared, ctx);
            if (resumed) return resumed;
            await deleteDeployQuietly(site, existing.id, ctx);
          }
        }
        await setEnvironment(site, desired, ctx);
        const deploy = await createDeploy(site, prepared, deploymentId, ctx);
        const hosted = await finishDeploy(site, deploy, prepared, ctx);
        if (!hosted) {
          await deleteDeployQuietly(site, deploy.id, ctx);
          throw new AppError('PROVIDER_ERROR', `Netlify asked deploy ${deploy.id} of ${name} for files this build does not contain. The previous version is still live; deploy again.`);
        }
        return hosted;
      } catch (error) {
        // A killed worker (aborted signal) resumes later: keep what it made for the retry.
        if (created && !ctx.signal.aborted) await deleteSiteQuietly(site, ctx);
        throw error;
      }
    },

    async promote({ app, providerDeploymentId }, ctx) {
      const name = siteName(app);
      const site = await requireSite(name, ctx);
      if (site.published_deploy?.id !== providerDeploymentId) {
        await api.call(
          { action: `publish deploy ${providerDeploymentId} on ${name}`, scope: 'sites', resource: `deploy ${providerDeploymentId} of the Netlify site ${name}` },
          { method: 'POST', path: `/sites/${site.id}/deploys/${encodeURIComponent(providerDeploymentId)}/restore` },
          ctx,
        );
        ctx.log(`Published deploy ${providerDeploymentId}; ${liveUrlOf(name)} serves it now.`);
      }
      return { url: liveUrlOf(name) };
    },

    async removeApp(app, ctx) {
      const name = siteName(app);
      const site = await findSite(name, ctx);
      if (!site) {
        ctx.log(`The Netlify site ${name} is already gone.`);
        return;
      }
      await api.find(siteMeta(name, `delete the Netlify site ${name}`), { method: 'DELETE', path: `/sites/${site.id}` }, ctx);
      ctx.log(`Deleted the Netlify site ${name} and its deploys.`);
    },

    async addDomain({ app, domain }, ctx) {
      const name = siteName(app);
      const site = await requireSite(name, ctx);
      const aliases = site.domain_aliases ?? [];
      if (site.custom_domain === domain || aliases.includes(domain)) return;
      const patch = site.custom_domain ? { domain_aliases: [...aliases, domain] } : { custom_domain: domain };
      await api.call(
        {
          action: `attach ${domain} to the Netlify site ${name}`,
          scope: 'domains',
          resource: `the Netlify site ${name}`,
          conflictHint: `${domain} is attached to another Netlify site; remove it there first.`,
        },
        { method: 'PATCH', path: `/sites/${site.id}`, json: patch },
        ctx,
      );
      ctx.log(`Attached ${domain} to the Netlify site ${name}; point it at ${name}.netlify.app with a CNAME (or Netlify DNS) and Netlify provisions its certificate.`);
    },

    async removeDomain({ app, domain }, ctx) {
      const name = siteName(app);
      const site = await findSite(name, ctx);
      if (!site) return;
      const aliases = site.domain_aliases ?? [];
      const patch: Record<string, unknown> = {};
      if (site.custom_domain === domain) {
        // The first alias, if any, becomes the primary domain.
        patch.custom_domain = aliases[0] ?? null;
        patch.domain_aliases = aliases.slice(1);
      } else if (aliases.includes(domain)) {
        patch.domain_aliases = aliases.filter((d) => d !== domain);
      } else {
        return;
      }
      await api.call({ action: `detach ${domain} from the Netlify site ${name}`, scope: 'domains', resource: `the Netlify site ${name}` }, { method: 'PATCH', path: `/sites/${site.id}`, json: patch }, ctx);
      ctx.log(`Detached ${domain} from ${name}.`);
    },
  };

  return provider;
}

/** `{ identifier, optionsSchema, create }` for the host's provider registry. */
export const netlifyHosting: TProviderDefinition<typeof ZNetlifyHostingOptionsSchema, NetlifyHosting> = {
  identifier: 'netlify',
  optionsSchema: ZNetlifyHostingOptionsSchema,
  create: createNetlifyHosting,
};

export { NETLIFY_FUNCTION_NAME };
