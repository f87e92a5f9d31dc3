import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, type Logger } from '@shipyard/core';
import type { Keyring } from '@shipyard/core/crypto';
import type { JobDefinition, JobQueue } from '@shipyard/core/jobs';
import type { DeployDb } from '../db';
import { assertDatabaseReachable, type ProviderRegistry } from '../providers/registry';
import type { HostingProvider, TAppRef, TDnsRecord, THostedDeployment } from '../providers/types';
import type { TDeployOptions } from './orchestrator';
import {
  ENV_NAME,
  envValueTooLarge,
  RESERVED_ENV_NAMES,
  slugify,
  validateDomainName,
  validateSlug,
} from '../validation';
import { TERMINAL_DEPLOY_STATUSES, WEB_DEPLOY_STEPS } from './steps';

export const APP_PLATFORMS = ['web', 'ios', 'android', 'windows', 'macos', 'linux'] as const;
export type TAppPlatform = (typeof APP_PLATFORMS)[number];

/** Preview data carried into the deployed database; larger data belongs in a real import. */
export const MAX_PREVIEW_DATA_BYTES = 5 * 1024 * 1024;

export interface TDeployServiceDeps {
  db: DeployDb;
  keyring: Keyring;
  providers: ProviderRegistry;
  queue: JobQueue;
  deployJob: JobDefinition<never, unknown>;
  logger: Logger;
  now?: () => Date;
}

/** Validates a batch of env vars; returns every problem at once. */
export function validateEnvVars(vars: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (!ENV_NAME.test(name))
      problems.push(
        `${name}: use UPPER_SNAKE_CASE (A–Z, 0–9, _), starting with a letter, at most 64 characters.`,
      );
    else if (RESERVED_ENV_NAMES.has(name))
      problems.push(`${name}: reserved for the platform's own bindings; choose another name.`);
    if (envValueTooLarge(value)) problems.push(`${name}: the value is over 32 KB.`);
    if (value.includes('\0')) problems.push(`${name}: the value contains a NUL character.`);
  }
  return problems;
}

function newId(prefix: string) {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/**
 * The user-facing deploy operations behind the router: create deployments (enqueued as jobs),
 * move the alias (promote / rollback), delete apps, and manage env vars and domains.
 */
/** How long a rollback may hold the app's lease (a rollback is one provider call). */
const ROLLBACK_LEASE_MS = 60_000;

export function createDeployService(deps: TDeployServiceDeps) {
  const { db, keyring, providers } = deps;
  const now = deps.now ?? (() => new Date());

  async function getApp(orgId: string, appId: string) {
    const app = await db.deployedApp.findFirst({ where: { id: appId, orgId } });
    if (!app) throw new AppError('NOT_FOUND', 'This app does not exist or was deleted.');
    return app;
  }

  function appRef(app: { id: string; orgId: string; slug: string }): TAppRef {
    return { id: app.id, orgId: app.orgId, slug: app.slug };
  }

  /** Where the app's custom domains point: the hosting provider's target, or its live URL's host. */
  function domainTarget(
    hosting: HostingProvider,
    app: { id: string; orgId: string; slug: string },
  ): string {
    const ref = appRef(app);
    return hosting.domainTarget?.(ref) ?? new URL(hosting.liveUrl(ref)).hostname;
  }

  async function uniqueSlug(base: string): Promise<string> {
    const root = slugify(base) || 'app';
    const fixedRoot = validateSlug(root) ? `${root}-app`.slice(0, 40) : root;
    for (let i = 1; i < 50; i++) {
      const candidate = i === 1 ? fixedRoot : `${fixedRoot.slice(0, 36)}-${i}`;
      if (validateSlug(candidate)) continue;
      const taken = await db.deployedApp.findUnique({ where: { slug: candidate } });
      if (!taken) return candidate;
    }
    return `${fixedRoot.slice(0, 30)}-${randomBytes(4).toString('hex')}`;
  }

  async function setEnvVars(appId: string, vars: Record<string, string>) {
    const problems = validateEnvVars(vars);
    if (problems.length)
      throw new AppError('VALIDATION', `Fix these environment variables: ${problems.join(' ')}`, {
        details: { problems },
      });
    for (const [name, value] of Object.entries(vars)) {
      const existing = await db.envVar.findUnique({ where: { appId_name: { appId, name } } });
      const id = existing?.id ?? newId('env');
      const valueCiphertext = keyring.encrypt(value, id);
      await db.envVar.upsert({
        where: { appId_name: { appId, name } },
        create: { id, appId, name, valueCiphertext },
        update: { valueCiphertext },
      });
    }
  }

  async function createDeployment(input: {
    app: { id: string; orgId: string };
    sourceVersionId: string;
    options: TDeployOptions;
    userId: string;
    sourceDeploymentId?: string;
    previewData?: string;
  }) {
    const id = newId('dep');
    const previewData = input.previewData?.trim() ? input.previewData : null;
    await db.$transaction([
      db.deployment.create({
        data: {
          id,
          appId: input.app.id,
          orgId: input.app.orgId,
          sourceVersionId: input.sourceVersionId,
          options: JSON.stringify(input.options),
          createdById: input.userId,
          sourceDeploymentId: input.sourceDeploymentId ?? null,
        },
      }),
      ...WEB_DEPLOY_STEPS.map((step, position) =>
        db.deployStep.create({
          data: { id: `${id}_${position}`, deploymentId: id, name: step.name, position },
        }),
      ),
      ...(previewData
        ? [
            db.deploymentPreviewData.create({
              data: {
                deploymentId: id,
                sql: previewData,
                bytes: Buffer.byteLength(previewData, 'utf8'),
              },
            }),
          ]
        : []),
    ]);
    await deps.queue.enqueue(deps.deployJob, { deploymentId: id } as never, { jobId: id });
    return id;
  }

  return {
    async deployWeb(input: {
      orgId: string;
      userId: string;
      projectId: string;
      projectName: string;
      sourceVersionId: string;
      hostingProvider: string;
      databaseProvider: string | null;
      importPreviewData: boolean;
      /** SQL exported from the browser preview (INSERT statements); required with importPreviewData. */
      previewData?: string;
      env?: Record<string, string>;
      slug?: string;
    }) {
      const orgProviders = await providers.forOrg(input.orgId);
      const hosting = orgProviders.hosting(input.hostingProvider);
      if (
        input.previewData &&
        Buffer.byteLength(input.previewData, 'utf8') > MAX_PREVIEW_DATA_BYTES
      ) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          'The preview data is over 5 MB. Deploy without it and import the data with a database tool.',
        );
      }
      if (input.importPreviewData && !input.previewData?.trim()) {
        throw new AppError(
          'VALIDATION',
          'Import from preview was chosen but no preview data was sent. Open the preview once, or untick the option.',
        );
      }
      if (input.databaseProvider)
        assertDatabaseReachable(hosting, orgProviders.database(input.databaseProvider));
      if (input.env) {
        const problems = validateEnvVars(input.env);
        if (problems.length)
          throw new AppError(
            'VALIDATION',
            `Fix these environment variables: ${problems.join(' ')}`,
            { details: { problems } },
          );
      }
      const findApp = () =>
        db.deployedApp.findUnique({
          where: { projectId_platform: { projectId: input.projectId, platform: 'web' } },
        });
      let app = await findApp();
      // Two first deploys of one project (or of two projects that want the same name) can race
      // to create the app: the loser re-reads the winner's app, or picks the next free name.
      for (let attempt = 1; !app; attempt++) {
        let slug: string;
        if (input.slug) {
          const problem = validateSlug(input.slug);
          if (problem) throw new AppError('VALIDATION', `App name: ${problem}`);
          if (await db.deployedApp.findUnique({ where: { slug: input.slug } })) {
            throw new AppError(
              'CONFLICT',
              `The name "${input.slug}" is taken. Try "${await uniqueSlug(input.slug)}".`,
            );
          }
          slug = input.slug;
        } else {
          slug = await uniqueSlug(input.projectName);
        }
        try {
          app = await db.deployedApp.create({
            data: {
              id: newId('app'),
              orgId: input.orgId,
              projectId: input.projectId,
              platform: 'web',
              slug,
              name: input.projectName,
              hostingProvider: hosting.identifier,
              databaseProvider: input.databaseProvider,
            },
          });
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= 5) throw error;
          app = await findApp();
        }
      }
      if (app.orgId !== input.orgId)
        throw new AppError('FORBIDDEN', 'This project belongs to another organization.');
      if (
        app.hostingProvider !== input.hostingProvider ||
        (input.databaseProvider && app.databaseProvider !== input.databaseProvider)
      ) {
        const hasDb = await db.appDatabase.findUnique({ where: { appId: app.id } });
        if (hasDb && input.databaseProvider && hasDb.provider !== input.databaseProvider) {
          throw new AppError(
            'CONFLICT',
            `This app's data lives on ${hasDb.provider}. Delete the app to move it to another database provider.`,
          );
        }
        app = await db.deployedApp.update({
          where: { id: app.id },
          data: {
            hostingProvider: hosting.identifier,
            databaseProvider: input.databaseProvider ?? app.databaseProvider,
          },
        });
      }
      if (input.env) await setEnvVars(app.id, input.env);
      const deploymentId = await createDeployment({
        app,
        sourceVersionId: input.sourceVersionId,
        options: {
          hostingProvider: app.hostingProvider,
          databaseProvider: app.databaseProvider,
          importPreviewData: input.importPreviewData,
        },
        userId: input.userId,
        previewData: input.importPreviewData ? input.previewData : undefined,
      });
      return { deploymentId, appId: app.id, slug: app.slug, liveUrl: hosting.liveUrl(appRef(app)) };
    },

    async redeploy(input: {
      orgId: string;
      appId: string;
      userId: string;
      sourceVersionId?: string;
    }) {
      const app = await getApp(input.orgId, input.appId);
      const last = await db.deployment.findFirst({
        where: { appId: app.id },
        orderBy: { createdAt: 'desc' },
      });
      if (!last && !input.sourceVersionId)
        throw new AppError(
          'PRECONDITION_FAILED',
          'This app has never been deployed. Deploy it first.',
        );
      const deploymentId = await createDeployment({
        app,
        sourceVersionId: input.sourceVersionId ?? last!.sourceVersionId,
        options: {
          hostingProvider: app.hostingProvider,
          databaseProvider: app.databaseProvider,
          importPreviewData: false,
        },
        userId: input.userId,
        sourceDeploymentId: last?.id,
      });
      return { deploymentId };
    },

    /** Moves the alias to an earlier successful deployment: no rebuild, instant. */
    async rollback(input: {
      orgId: string;
      appId: string;
      userId: string;
      toDeploymentId?: string;
    }) {
      const app = await getApp(input.orgId, input.appId);
      let target = input.toDeploymentId
        ? await db.deployment.findFirst({ where: { id: input.toDeploymentId, appId: app.id } })
        : null;
      if (!input.toDeploymentId) {
        const live = app.liveDeploymentId
          ? await db.deployment.findUnique({ where: { id: app.liveDeploymentId } })
          : null;
        target = await db.deployment.findFirst({
          where: {
            appId: app.id,
            status: 'succeeded',
            id: { not: app.liveDeploymentId ?? '' },
            ...(live ? { createdAt: { lt: live.createdAt } } : {}),
          },
          orderBy: { createdAt: 'desc' },
        });
        if (!target)
          throw new AppError(
            'PRECONDITION_FAILED',
            'There is no earlier successful deployment to roll back to.',
          );
      }
      if (!target) throw new AppError('NOT_FOUND', 'That deployment does not exist for this app.');
      if (target.status !== 'succeeded')
        throw new AppError(
          'PRECONDITION_FAILED',
          'Only a deployment that succeeded can be made live.',
        );
      const upload = await db.deployStep.findUnique({
        where: { deploymentId_name: { deploymentId: target.id, name: 'upload' } },
      });
      const hosted = upload?.output ? (JSON.parse(upload.output) as THostedDeployment) : null;
      if (!hosted)
        throw new AppError(
          'PRECONDITION_FAILED',
          'That deployment has no uploaded build to restore.',
        );
      const hosting = (await providers.forOrg(app.orgId)).hosting(app.hostingProvider);
      const signal = new AbortController().signal;
      // The app's lease, as a deployment holds it: a rollback never interleaves with a deploy's
      // promote (whichever ran last would decide what is live without the other knowing).
      const owner = `rollback#${randomUUID()}`;
      const t = now();
      const { count } = await db.deployedApp.updateMany({
        where: { id: app.id, OR: [{ lockedBy: null }, { lockedUntil: { lt: t } }] },
        data: { lockedBy: owner, lockedUntil: new Date(t.getTime() + ROLLBACK_LEASE_MS) },
      });
      if (count === 0)
        throw new AppError(
          'BUSY',
          'A deployment of this app is running. Roll back when it finishes, or cancel it first.',
        );
      try {
        const { url } = await hosting.promote(
          { app: appRef(app), providerDeploymentId: hosted.providerDeploymentId },
          { signal, log: () => {} },
        );
        await db.$transaction([
          db.deployedApp.update({ where: { id: app.id }, data: { liveDeploymentId: target.id } }),
          db.deployLog.create({
            data: {
              deploymentId: target.id,
              message: `Made live again (rollback) at ${now().toISOString()}.`,
            },
          }),
        ]);
        return { deploymentId: target.id, url };
      } finally {
        await db.deployedApp.updateMany({
          where: { id: app.id, lockedBy: owner },
          data: { lockedBy: null, lockedUntil: null },
        });
      }
    },

    async cancel(input: { orgId: string; deploymentId: string }) {
      const dep = await db.deployment.findFirst({
        where: { id: input.deploymentId, orgId: input.orgId },
      });
      if (!dep) throw new AppError('NOT_FOUND', 'This deployment does not exist.');
      if ((TERMINAL_DEPLOY_STATUSES as readonly string[]).includes(dep.status))
        return { cancelled: false };
      const promoted = await db.deployStep.findUnique({
        where: { deploymentId_name: { deploymentId: dep.id, name: 'promote' } },
      });
      if (promoted?.status === 'running')
        throw new AppError(
          'CONFLICT',
          'The deployment is going live right now and cannot be cancelled.',
        );
      const stopped = await deps.queue.cancel(deps.deployJob.name, dep.id);
      // A job removed before it started never runs: close its deployment here, or it would stay
      // queued and hold back every later deploy of the app. (A run that already started sees
      // the cancellation itself, or finds the deployment closed once it holds the app's lease.)
      const { count } = await db.deployment.updateMany({
        where: { id: dep.id, status: 'queued' },
        data: {
          status: 'cancelled',
          error:
            'The deployment was cancelled before it started. The previous version is still live.',
          finishedAt: now(),
        },
      });
      if (count)
        await db.deployStep.updateMany({
          where: { deploymentId: dep.id, status: 'pending' },
          data: { status: 'skipped' },
        });
      return { cancelled: stopped || count > 0 };
    },

    /** Removes hosting and the database, then every record of the app. */
    async deleteApp(input: { orgId: string; appId: string }) {
      const app = await getApp(input.orgId, input.appId);
      const running = await db.deployment.findMany({
        where: { appId: app.id, status: { in: ['queued', 'running'] } },
      });
      for (const d of running) await deps.queue.cancel(deps.deployJob.name, d.id);
      const ctx = {
        signal: new AbortController().signal,
        log: (m: string) => deps.logger.info({ appId: app.id }, m),
      };
      const orgProviders = await providers.forOrg(app.orgId);
      await orgProviders.hosting(app.hostingProvider).removeApp(appRef(app), ctx);
      const database = await db.appDatabase.findUnique({ where: { appId: app.id } });
      if (database) {
        await orgProviders.database(database.provider).remove(
          {
            provider: database.provider,
            externalId: database.externalId,
            name: database.name,
            url: keyring.decrypt(database.urlCiphertext, database.id),
            authToken: database.tokenCiphertext
              ? keyring.decrypt(database.tokenCiphertext, database.id)
              : undefined,
          },
          ctx,
        );
      }
      await db.deployedApp.delete({ where: { id: app.id } });
      return { deleted: true };
    },

    async requestLogs(input: { orgId: string; appId: string; limit: number }) {
      const app = await getApp(input.orgId, input.appId);
      const hosting = (await providers.forOrg(app.orgId)).hosting(app.hostingProvider);
      if (!hosting.requestLogs) return { available: false as const, entries: [] };
      return {
        available: true as const,
        entries: await hosting.requestLogs(appRef(app), input.limit),
      };
    },

    async listEnv(input: { orgId: string; appId: string }) {
      await getApp(input.orgId, input.appId);
      const rows = await db.envVar.findMany({
        where: { appId: input.appId },
        orderBy: { name: 'asc' },
      });
      return rows.map((r) => ({ name: r.name, updatedAt: r.updatedAt }));
    },
    async setEnv(input: { orgId: string; appId: string; vars: Record<string, string> }) {
      await getApp(input.orgId, input.appId);
      await setEnvVars(input.appId, input.vars);
      return {
        saved: Object.keys(input.vars).length,
        note: 'Redeploy for the change to reach the live app.',
      };
    },
    async deleteEnv(input: { orgId: string; appId: string; name: string }) {
      await getApp(input.orgId, input.appId);
      const { count } = await db.envVar.deleteMany({
        where: { appId: input.appId, name: input.name },
      });
      if (!count) throw new AppError('NOT_FOUND', `There is no variable named ${input.name}.`);
      return { deleted: true };
    },
    /** The only path that returns a secret value; the router allows it to org admins only. */
    async revealEnv(input: { orgId: string; appId: string; name: string }) {
      await getApp(input.orgId, input.appId);
      const row = await db.envVar.findUnique({
        where: { appId_name: { appId: input.appId, name: input.name } },
      });
      if (!row) throw new AppError('NOT_FOUND', `There is no variable named ${input.name}.`);
      return { name: row.name, value: keyring.decrypt(row.valueCiphertext, row.id) };
    },

    async addDomain(input: {
      orgId: string;
      appId: string;
      domain: string;
      domainProvider?: string;
    }) {
      const app = await getApp(input.orgId, input.appId);
      const checked = validateDomainName(input.domain);
      if ('error' in checked) throw new AppError('VALIDATION', checked.error);
      const existing = await db.domain.findUnique({ where: { name: checked.domain } });
      if (existing) {
        throw new AppError(
          'CONFLICT',
          existing.appId === app.id
            ? `${checked.domain} is already attached to this app.`
            : `${checked.domain} is attached to another app.`,
        );
      }
      const token = randomBytes(16).toString('hex');
      const orgProviders = await providers.forOrg(app.orgId);
      const provider = orgProviders
        .list('domain')
        .find((p) => !input.domainProvider || p.identifier === input.domainProvider);
      if (!provider) {
        throw new AppError(
          'PRECONDITION_FAILED',
          'No domain provider is configured on this server, so custom domains cannot be verified. Ask an operator to configure one.',
        );
      }
      const records: TDnsRecord[] = provider.recordsFor({
        domain: checked.domain,
        app: appRef(app),
        verificationToken: token,
        target: domainTarget(orgProviders.hosting(app.hostingProvider), app),
      });
      const row = await db.domain.create({
        data: {
          id: newId('dom'),
          appId: app.id,
          name: checked.domain,
          kind: 'existing',
          provider: provider.identifier,
          verificationToken: token,
          dnsRecords: JSON.stringify(records),
        },
      });
      return { id: row.id, name: row.name, status: row.status, records };
    },

    async verifyDomain(input: { orgId: string; appId: string; domainId: string }) {
      const app = await getApp(input.orgId, input.appId);
      const row = await db.domain.findFirst({ where: { id: input.domainId, appId: app.id } });
      if (!row) throw new AppError('NOT_FOUND', 'This domain is not attached to the app.');
      const orgProviders = await providers.forOrg(app.orgId);
      // The provider that listed the records verifies them (older rows: the first configured).
      const domainProviders = orgProviders.list('domain');
      const provider = row.provider
        ? domainProviders.find((p) => p.identifier === row.provider)
        : domainProviders[0];
      if (!provider)
        throw new AppError(
          'PRECONDITION_FAILED',
          row.provider
            ? `The domain provider "${row.provider}" that listed this domain's records is no longer configured. Remove the domain and add it again.`
            : 'No domain provider is configured on this server, so domains cannot be verified.',
        );
      const hosting = orgProviders.hosting(app.hostingProvider);
      const result = await provider.verify({
        domain: row.name,
        verificationToken: row.verificationToken,
        app: appRef(app),
        target: domainTarget(hosting, app),
      });
      const updated = await db.domain.update({
        where: { id: row.id },
        data: {
          status: result.verified ? 'verified' : 'pending',
          verifiedAt: result.verified ? now() : null,
          lastCheckedAt: now(),
          lastError: result.verified ? null : result.problems.join(' '),
        },
      });
      if (result.verified) {
        await hosting.addDomain?.(
          { app: appRef(app), domain: row.name },
          { signal: new AbortController().signal, log: () => {} },
        );
        await db.domain.update({
          where: { id: row.id },
          data: { tlsStatus: hosting.addDomain ? 'active' : 'none' },
        });
      }
      return { status: updated.status, problems: result.problems };
    },

    async removeDomain(input: { orgId: string; appId: string; domainId: string }) {
      const app = await getApp(input.orgId, input.appId);
      const row = await db.domain.findFirst({ where: { id: input.domainId, appId: app.id } });
      if (!row) throw new AppError('NOT_FOUND', 'This domain is not attached to the app.');
      const hosting = (await providers.forOrg(app.orgId)).hosting(app.hostingProvider);
      if (row.status === 'verified')
        await hosting.removeDomain?.(
          { app: appRef(app), domain: row.name },
          { signal: new AbortController().signal, log: () => {} },
        );
      await db.domain.delete({ where: { id: row.id } });
      return { removed: true };
    },
  };
}

export type DeployService = ReturnType<typeof createDeployService>;

/** Prisma's unique-constraint violation (P2002). */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}
