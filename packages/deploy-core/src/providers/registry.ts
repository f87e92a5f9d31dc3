import { AppError } from '@shipyard/core';
import type {
  DatabaseProvider,
  DesktopBuilder,
  DomainProvider,
  HostingProvider,
  MobileBuilder,
} from './types';

export interface TProviderSet {
  hosting?: HostingProvider[];
  database?: DatabaseProvider[];
  domain?: DomainProvider[];
  mobile?: MobileBuilder[];
  desktop?: DesktopBuilder[];
}

export type TKind = keyof TProviderSet;

const KIND_LABEL: Record<TKind, string> = {
  hosting: 'hosting',
  database: 'database',
  domain: 'domain',
  mobile: 'mobile build',
  desktop: 'desktop build',
};

/**
 * The providers a host configured. Lookups of an unknown id fail with a message that names
 * the ones that are configured, so a typo or a missing token is obvious.
 *
 * `forOrg(orgId)` is the registry one org deploys with; without per-org providers it is this one.
 */
export function createProviderRegistry(set: TProviderSet): ProviderRegistry {
  function find<K extends TKind>(kind: K, id: string): NonNullable<TProviderSet[K]>[number] {
    const list = (set[kind] ?? []) as NonNullable<TProviderSet[K]>;
    const found = list.find((p) => p.identifier === id);
    if (!found) {
      const configured = list.map((p) => p.identifier);
      throw new AppError(
        'PRECONDITION_FAILED',
        configured.length
          ? `The ${KIND_LABEL[kind]} provider "${id}" is not configured on this server. Configured: ${configured.join(', ')}.`
          : `No ${KIND_LABEL[kind]} provider is configured on this server. Ask an operator to add one (see the deploy-core README).`,
        { details: { kind, id, configured } },
      );
    }
    return found;
  }
  const registry: ProviderRegistry = {
    hosting: (id: string) => find('hosting', id),
    database: (id: string) => find('database', id),
    domain: (id: string) => find('domain', id),
    mobile: (id: string) => find('mobile', id),
    desktop: (id: string) => find('desktop', id),
    list<K extends TKind>(kind: K): NonNullable<TProviderSet[K]> {
      return (set[kind] ?? []) as NonNullable<TProviderSet[K]>;
    },
    forOrg: (_orgId: string): Promise<TProviderLookup> => Promise.resolve(registry),
  };
  return registry;
}

/** The providers one deployment uses. */
export interface TProviderLookup {
  hosting(id: string): HostingProvider;
  database(id: string): DatabaseProvider;
  domain(id: string): DomainProvider;
  mobile(id: string): MobileBuilder;
  desktop(id: string): DesktopBuilder;
  list<K extends TKind>(kind: K): NonNullable<TProviderSet[K]>;
}

export interface ProviderRegistry extends TProviderLookup {
  /** The providers `orgId` deploys with (the host's, plus any the org configured itself). */
  forOrg(orgId: string): Promise<TProviderLookup>;
}
