import { router } from '@shipyard/core';
import type { TAccountService } from '../services/account-service';
import type { TOrgService } from '../services/org-service';
import { createAccountRouter } from './account';
import { createOrgRouter } from './org';

export type TAppRouterDeps = { orgs: TOrgService; accounts: TAccountService };

/**
 * Everything served at /api/trpc. Packages mount here, each built by its route factory with the
 * dependencies getPlatform() holds, e.g.
 *
 *   editor: createEditorRouter({ db: editorDb, queue, ai, logger }),
 *   deploy: createDeployRouter({ ... }),
 */
export function createAppRouter(deps: TAppRouterDeps) {
  return router({
    account: createAccountRouter(deps),
    org: createOrgRouter(deps),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
