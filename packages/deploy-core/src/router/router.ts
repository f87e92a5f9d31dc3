import { defineRouterFactory, orgProcedure, router, ZOrgScopedInputSchema } from '@shipyard/core';
import { z } from 'zod';
import type { DeployService } from '../services/deploy-service';
import type { DeployQueries, TDeploymentProgress } from '../services/deploy-queries';
import type { ProviderCredentials } from '../credentials/credential-service';
import type { ProviderRegistry } from '../providers/registry';
import { TERMINAL_DEPLOY_STATUSES } from '../services/steps';
import { checkCredentialRoute } from './check-credential';
import { listCredentialsRoute } from './list-credentials';
import { removeCredentialRoute } from './remove-credential';
import { saveCredentialRoute } from './save-credential';

export interface TDeployRouterDeps {
  service: DeployService;
  queries: DeployQueries;
  providers: ProviderRegistry;
  /**
   * Per-org provider credentials (`createProviderCredentials`). Without it, `credentials.list`
   * answers `enabled: false` and teams deploy with the server's providers only.
   */
  credentials?: ProviderCredentials;
  /**
   * Resolves what a deploy needs from the project (owned by another package): its name and
   * the version to deploy. The host composes this from ai-editor.
   */
  resolveProject(input: {
    orgId: string;
    projectId: string;
    versionId?: string;
  }): Promise<{ name: string; versionId: string }>;
  /** How often the progress subscription polls the deployment record. */
  progressPollMs?: number;
}

const ZAppInput = ZOrgScopedInputSchema.extend({ appId: z.string().min(1) });
const ZDeploymentInput = ZOrgScopedInputSchema.extend({ deploymentId: z.string().min(1) });
const ZEnvName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'Use UPPER_SNAKE_CASE, starting with a letter.');

export const ZDeployWebRequestSchema = ZOrgScopedInputSchema.extend({
  projectId: z.string().min(1),
  versionId: z.string().min(1).optional(),
  hostingProvider: z.string().min(1).default('local'),
  databaseProvider: z.string().min(1).nullable().default('local'),
  importPreviewData: z.boolean().default(false),
  /** SQL exported from the browser preview; 5 MB at most (the service says so if it is larger). */
  previewData: z
    .string()
    .max(6 * 1024 * 1024)
    .optional(),
  env: z.record(z.string(), z.string()).optional(),
  slug: z.string().optional(),
});

/**
 * `createDeployRouter(deps)` — mount it as `deploy` in the host's app router. Viewers can read;
 * members deploy, redeploy, roll back and manage env vars and domains; admins delete apps,
 * reveal secret values and manage the team's provider credentials.
 */
export const createDeployRouter = defineRouterFactory((deps: TDeployRouterDeps) =>
  router({
    /** The providers this team can deploy with: the server's and the team's own. */
    providers: orgProcedure('viewer')
      .input(ZOrgScopedInputSchema)
      .query(async ({ input }) => {
        const providers = await deps.providers.forOrg(input.orgId);
        return {
          hosting: providers.list('hosting').map((p) => ({ id: p.identifier, label: p.label })),
          database: providers
            .list('database')
            .map((p) => ({ id: p.identifier, label: p.label, dialect: p.dialect })),
          domain: providers.list('domain').map((p) => ({
            id: p.identifier,
            label: p.label,
            registrar: Boolean(p.search && p.purchase),
          })),
          mobile: providers.list('mobile').map((p) => ({ id: p.identifier, platforms: p.platforms })),
          desktop: providers
            .list('desktop')
            .map((p) => ({ id: p.identifier, platforms: p.platforms })),
        };
      }),

    /** The team's own provider credentials: viewers see status, admins save, check and remove. */
    credentials: router({
      list: listCredentialsRoute(deps),
      save: saveCredentialRoute(deps),
      check: checkCredentialRoute(deps),
      remove: removeCredentialRoute(deps),
    }),

    deployWeb: orgProcedure('member')
      .input(ZDeployWebRequestSchema)
      .mutation(async ({ ctx, input }) => {
        const project = await deps.resolveProject({
          orgId: input.orgId,
          projectId: input.projectId,
          versionId: input.versionId,
        });
        return deps.service.deployWeb({
          orgId: input.orgId,
          userId: ctx.session.userId,
          projectId: input.projectId,
          projectName: project.name,
          sourceVersionId: project.versionId,
          hostingProvider: input.hostingProvider,
          databaseProvider: input.databaseProvider,
          importPreviewData: input.importPreviewData,
          previewData: input.previewData,
          env: input.env,
          slug: input.slug,
        });
      }),

    status: orgProcedure('viewer')
      .input(ZDeploymentInput)
      .query(({ input }) =>
        deps.queries.progress({ orgId: input.orgId, deploymentId: input.deploymentId }),
      ),

    /** Step events, log lines, percent and time remaining, until the deployment finishes. */
    progress: orgProcedure('viewer')
      .input(ZDeploymentInput)
      .subscription(async function* ({ input, signal }): AsyncGenerator<TDeploymentProgress> {
        let afterLogId = 0;
        let last = '';
        for (;;) {
          const snapshot = await deps.queries.progress({
            orgId: input.orgId,
            deploymentId: input.deploymentId,
            afterLogId,
          });
          afterLogId = snapshot.logs.at(-1)?.id ?? afterLogId;
          const key = JSON.stringify([
            snapshot.status,
            snapshot.percent,
            snapshot.steps,
            snapshot.logs.length,
          ]);
          if (key !== last || snapshot.logs.length) yield snapshot;
          last = key;
          if ((TERMINAL_DEPLOY_STATUSES as readonly string[]).includes(snapshot.status)) return;
          if (signal?.aborted) return;
          await new Promise((r) => setTimeout(r, deps.progressPollMs ?? 250));
        }
      }),

    history: orgProcedure('viewer')
      .input(
        ZOrgScopedInputSchema.extend({
          appId: z.string().optional(),
          limit: z.number().int().min(1).max(100).default(20),
          cursor: z.string().optional(),
        }),
      )
      .query(({ input }) => deps.queries.history(input)),

    apps: orgProcedure('viewer')
      .input(ZOrgScopedInputSchema)
      .query(({ input }) => deps.queries.apps({ orgId: input.orgId })),

    redeploy: orgProcedure('member')
      .input(ZAppInput.extend({ versionId: z.string().optional() }))
      .mutation(({ ctx, input }) =>
        deps.service.redeploy({
          orgId: input.orgId,
          appId: input.appId,
          userId: ctx.session.userId,
          sourceVersionId: input.versionId,
        }),
      ),

    promote: orgProcedure('member')
      .input(ZAppInput.extend({ deploymentId: z.string().min(1) }))
      .mutation(({ ctx, input }) =>
        deps.service.rollback({
          orgId: input.orgId,
          appId: input.appId,
          userId: ctx.session.userId,
          toDeploymentId: input.deploymentId,
        }),
      ),

    rollback: orgProcedure('member')
      .input(ZAppInput.extend({ toDeploymentId: z.string().optional() }))
      .mutation(({ ctx, input }) =>
        deps.service.rollback({
          orgId: input.orgId,
          appId: input.appId,
          userId: ctx.session.userId,
          toDeploymentId: input.toDeploymentId,
        }),
      ),

    /** Recent requests to the live app, from the hosting provider when it keeps them. */
    requestLogs: orgProcedure('viewer')
      .input(ZAppInput.extend({ limit: z.number().int().min(1).max(500).default(100) }))
      .query(({ input }) => deps.service.requestLogs(input)),

    cancel: orgProcedure('member')
      .input(ZDeploymentInput)
      .mutation(({ input }) => deps.service.cancel(input)),

    deleteApp: orgProcedure('admin')
      .input(ZAppInput)
      .mutation(({ input }) => deps.service.deleteApp(input)),

    env: router({
      list: orgProcedure('viewer')
        .input(ZAppInput)
        .query(({ input }) => deps.service.listEnv(input)),
      set: orgProcedure('member')
        .input(ZAppInput.extend({ vars: z.record(z.string(), z.string()) }))
        .mutation(({ input }) => deps.service.setEnv(input)),
      delete: orgProcedure('member')
        .input(ZAppInput.extend({ name: ZEnvName }))
        .mutation(({ input }) => deps.service.deleteEnv(input)),
      reveal: orgProcedure('admin')
        .input(ZAppInput.extend({ name: ZEnvName }))
        .mutation(({ input }) => deps.service.revealEnv(input)),
    }),

    domains: router({
      add: orgProcedure('member')
        .input(ZAppInput.extend({ domain: z.string().min(1).max(253) }))
        .mutation(({ input }) => deps.service.addDomain(input)),
      verify: orgProcedure('member')
        .input(ZAppInput.extend({ domainId: z.string().min(1) }))
        .mutation(({ input }) => deps.service.verifyDomain(input)),
      remove: orgProcedure('member')
        .input(ZAppInput.extend({ domainId: z.string().min(1) }))
        .mutation(({ input }) => deps.service.removeDomain(input)),
    }),
  }),
);

export type DeployRouter = ReturnType<typeof createDeployRouter>;
