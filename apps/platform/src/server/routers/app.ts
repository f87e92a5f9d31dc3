import { router } from '@shipyard/core';
import type { DomainRouters } from '@shipyard/services';
import type { TAccountService } from '../services/account-service';
import type { TOrgService } from '../services/org-service';
import { createAccountRouter } from './account';
import { createOrgRouter } from './org';

export type TAppRouterDeps = {
  orgs: TOrgService;
  accounts: TAccountService;
  editor: DomainRouters['editor'];
  deploy: DomainRouters['deploy'];
};

/**
 * Everything served at /api/trpc. Package routers are built by their route factories in
 * @shipyard/services (see server/domain.ts) and mounted here.
 */
export function createAppRouter(deps: TAppRouterDeps) {
  return router({
    account: createAccountRouter(deps),
    org: createOrgRouter(deps),
    editor: deps.editor,
    deploy: deps.deploy,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
