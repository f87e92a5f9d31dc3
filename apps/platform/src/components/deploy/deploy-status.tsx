import { Badge, Spinner } from '@shipyard/ui';
import {
  CheckCircle2Icon,
  CircleDashedIcon,
  CircleIcon,
  CircleSlashIcon,
  XCircleIcon,
} from 'lucide-react';

export type TDeploymentStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type TStepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

const STATUS_LABEL: Record<TDeploymentStatus, string> = {
  queued: 'Queued',
  running: 'Deploying',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function DeploymentStatusBadge({
  status,
  live,
}: {
  status: TDeploymentStatus;
  live?: boolean;
}) {
  if (live) return <Badge variant="success">Live</Badge>;
  switch (status) {
    case 'succeeded':
      return <Badge variant="outline">{STATUS_LABEL.succeeded}</Badge>;
    case 'failed':
      return <Badge variant="danger">{STATUS_LABEL.failed}</Badge>;
    case 'cancelled':
      return <Badge variant="neutral">{STATUS_LABEL.cancelled}</Badge>;
    default:
      return (
        <Badge variant="accent">
          <Spinner size="sm" label={null} />
          {STATUS_LABEL[status]}
        </Badge>
      );
  }
}

/** The icon of a deploy step's state; the state's name is in the text next to it. */
export function StepIcon({ state }: { state: TStepState }) {
  switch (state) {
    case 'succeeded':
      return <CheckCircle2Icon aria-hidden className="size-4 shrink-0 text-success" />;
    case 'failed':
      return <XCircleIcon aria-hidden className="size-4 shrink-0 text-danger" />;
    case 'skipped':
      return <CircleSlashIcon aria-hidden className="size-4 shrink-0 text-subtle-foreground" />;
    case 'running':
      return <Spinner size="sm" label={null} className="shrink-0 text-accent" />;
    case 'pending':
      return <CircleDashedIcon aria-hidden className="size-4 shrink-0 text-subtle-foreground" />;
    default:
      return <CircleIcon aria-hidden className="size-4 shrink-0" />;
  }
}

export const STEP_STATE_LABEL: Record<TStepState, string> = {
  pending: 'Waiting',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};
