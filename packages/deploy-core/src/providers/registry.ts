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

const KINDS: TKind[] = ['hosting', 'database', 'domain', 'mobile', 'desktop'];

const KIND_LABEL: Record<TKind, string> = {
  hosting: 'hosting',
  database: 'database',
  domain: 'domain',
  mobile: 'mobile build',
  desktop: 'desktop build',
};

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

/**
 * Where an org's own providers come from (deploy-core's `createProviderCredentials` is one).
 * `version` is read on every `forOrg` and must be cheap; `load` runs only when it changed.
 */
export interface TOrgProviderSource {
  /** A value that changes whenever the org's saved providers change. */
  version(orgId: string): Promise<string>;
  /** The org's providers, with the version they were built from. */
  load(orgId: string): Promise<{ version: string; set: TProviderSet }>;
}

export interface TProviderRegistryOptions {
  /** Per-org providers merged over the host's (the org's wins for the same id). */
  orgProviders?: TOrgProviderSource;
  /** How many orgs' provider sets stay cached (least recently used dropped first). Default 500. */
  maxCachedOrgs?: number;
}

function createLookup(set: TProviderSet, scope: 'server' | 'org'): TProviderLookup {
  function find<K extends TKind>(kind: K, id: string): NonNullable<TProviderSet[K]>[number] {
    const list = (set[kind] ?? []) as NonNullable<TProviderSet[K]>;
    const found = list.find((p) => p.identifier === id);
    if (!found) {
      const configured = list.map((p) => p.identifier);
      const where = scope === 'org' ? 'for this team' : 'on this server';
      const fix =
        scope === 'org'
          ? 'A team admin can connect one under Settings → Providers.'
          : 'Ask an operator to add one (see the deploy-core README).';
      throw new AppError(
        'PRECONDITION_FAILED',
        configured.length
          ? `The ${KIND_LABEL[kind]} provider "${id}" is not configured ${where}. Configured: ${configured.join(', ')}.${scope === 'org' ? ` ${fix}` : ''}`
          : `No ${KIND_LABEL[kind]} provider is configured ${where}. ${fix}`,
        { details: { kind, id, configured } },
      );
    }
    return found;
  }
  return {
    hosting: (id: string) => find('hosting', id),
    database: (id: string) => find('database', id),
    domain: (id: string) => find('domain', id),
    mobile: (id: string) => find('mobile', id),
    desktop: (id: string) => find('desktop', id),
    list<K extends TKind>(kind: K): NonNullable<TProviderSet[K]> {
      return (set[kind] ?? []) as NonNullable<TProviderSet[K]>;
    },
  };
}

/** The host's providers with the org's own laid over them: same id → the org's, new ids appended. */
export function mergeProviderSets(host: TProviderSet, org: TProviderSet): TProviderSet {
  const merged: Record<string, { identifier: string }[]> = {};
  for (const kind of KINDS) {
    const own = (org[kind] ?? []) as { identifier: string }[];
    const base = (host[kind] ?? []) as { identifier: string }[];
    const list = base.map((p) => own.find((o) => o.identifier === p.identifier) ?? p);
    for (const p of own) if (!base.some((b) => b.identifier === p.identifier)) list.push(p);
    merged[kind] = list;
  }
  return merged as TProviderSet;
}

/**
 * The providers a host configured. Lookups of an unknown id fail with a message that names
 * the ones that are configured, so a typo or a missing token is obvious.
 *
 * `forOrg(orgId)` is the registry one org deploys with: the host's providers, plus — with
 * `orgProviders` — those the org connected itself (the org's own wins for the same id). Each
 * org's set is cached until its version changes, and is never shared with another org.
 */
export function createProviderRegistry(
  set: TProviderSet,
  opts: TProviderRegistryOptions = {},
): ProviderRegistry {
  const host = createLookup(set, 'server');
  const source = opts.orgProviders;
  const maxCached = Math.max(1, opts.maxCachedOrgs ?? 500);
  const cache = new Map<string, { version: string; lookup: TProviderLookup }>();

  async function forOrg(orgId: string): Promise<TProviderLookup> {
    if (!source) return registry;
    const version = await source.version(orgId);
    const hit = cache.get(orgId);
    if (hit && hit.version === version) {
      // Map order is insertion order: move the org to the back (most recently used).
      cache.delete(orgId);
      cache.set(orgId, hit);
      return hit.lookup;
    }
    const loaded = await source.load(orgId);
    const lookup = createLookup(mergeProviderSets(set, loaded.set), 'org');
    cache.delete(orgId);
    cache.set(orgId, { version: loaded.version, lookup });
    while (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
    return lookup;
  }

  const registry: ProviderRegistry = { ...host, forOrg };
  return registry;
}

/**
 * Refuses a hosting + database pair whose apps could not reach their database at run time (the
 * deploy would go live with an API that cannot query anything).
 */
export function assertDatabaseReachable(
  hosting: HostingProvider,
  database: DatabaseProvider,
): void {
  if ((database.runtimeAccess ?? 'http') !== 'tcp' || hosting.tcpDatabases) return;
  throw new AppError(
    'PRECONDITION_FAILED',
    `Apps on ${hosting.label} reach their database over HTTP (Turso/libSQL, Neon), but ${database.label} needs a direct PostgreSQL connection, which they cannot open. Choose Neon or Turso for this app's database, or a host that connects to PostgreSQL directly.`,
    { details: { hosting: hosting.identifier, database: database.identifier } },
  );
}
