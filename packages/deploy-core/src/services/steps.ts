/**
 * The steps of a web deployment, in order. Each is idempotent and recorded; a resumed
 * deployment skips the ones that succeeded. `weight` is the share of a typical deploy's time,
 * used for the progress bar until there is history to estimate from.
 *
 * Environment is set before upload (not after, as the first design had it): every hosting
 * vendor snapshots a deployment's environment when the deployment is created.
 */
export const WEB_DEPLOY_STEPS = [
  { name: 'provision-database', label: 'Provision database', weight: 10 },
  { name: 'apply-schema', label: 'Apply schema', weight: 5 },
  { name: 'import-data', label: 'Import data', weight: 5 },
  { name: 'build', label: 'Build', weight: 25 },
  { name: 'set-environment', label: 'Set environment', weight: 3 },
  { name: 'upload', label: 'Upload', weight: 25 },
  { name: 'configure-domain', label: 'Configure domain', weight: 5 },
  { name: 'health-check', label: 'Health check', weight: 15 },
  { name: 'promote', label: 'Promote', weight: 7 },
] as const;

export type TDeployStepName = (typeof WEB_DEPLOY_STEPS)[number]['name'];
export type TDeployStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type TStepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export const TERMINAL_DEPLOY_STATUSES: readonly TDeployStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
];
