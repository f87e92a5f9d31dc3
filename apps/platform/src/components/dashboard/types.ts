import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/routers/app';

type TOutputs = inferRouterOutputs<AppRouter>;
type TInputs = inferRouterInputs<AppRouter>;

export type TProject = TOutputs['editor']['projects']['list']['items'][number];
export type TDeployedApp = TOutputs['deploy']['apps'][number];
export type TDeploymentSummary = TOutputs['deploy']['history']['items'][number];
export type TGeneration = TOutputs['editor']['generations'][number];
export type TDeployProviders = TOutputs['deploy']['providers'];
export type TDeploymentProgress = TOutputs['deploy']['status'];
export type TDeployWebInput = TInputs['deploy']['deployWeb'];
export type TMember = TOutputs['org']['members']['members'][number];

/** Free-address patterns of the configured hosting providers, `{slug}` standing for the app's name. */
export type THostingUrlPatterns = Record<string, string>;
