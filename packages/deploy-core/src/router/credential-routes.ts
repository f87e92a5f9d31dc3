import { AppError } from '@shipyard/core';
import type {
  ProviderCredentials,
  TProviderCredentialView,
} from '../credentials/credential-service';
import type { ProviderRegistry } from '../providers/registry';
import type { TProviderCredentialResponse } from './credential-schemas';

export interface TCredentialRouteDeps {
  providers: ProviderRegistry;
  /** Per-org provider credentials; without it, teams cannot connect their own providers. */
  credentials?: ProviderCredentials;
}

export function requireCredentials(deps: TCredentialRouteDeps): ProviderCredentials {
  if (!deps.credentials)
    throw new AppError(
      'PRECONDITION_FAILED',
      'This server does not let teams connect their own providers. Ask an operator to configure them.',
    );
  return deps.credentials;
}

/** The response shape: only non-secret values, whatever the view holds. */
export function toResponse(
  deps: TCredentialRouteDeps,
  view: TProviderCredentialView,
): TProviderCredentialResponse {
  const secret = new Set(view.fields.filter((f) => f.secret).map((f) => f.name));
  const serverProvided = view.kinds.some((kind) =>
    deps.providers.list(kind).some((p) => p.identifier === view.id),
  );
  return {
    ...view,
    credential: view.credential
      ? {
          ...view.credential,
          values: Object.fromEntries(
            Object.entries(view.credential.values).filter(([name]) => !secret.has(name)),
          ),
        }
      : null,
    serverProvided,
  };
}
