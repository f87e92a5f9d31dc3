import { Resolver } from 'node:dns/promises';
import type { DomainProvider, TAppRef, TDnsRecord } from './types';

export const VERIFICATION_LABEL = '_shipyard-verify';

export interface TDnsLookups {
  resolveTxt(name: string): Promise<string[][]>;
  resolveCname(name: string): Promise<string[]>;
  resolve4(name: string): Promise<string[]>;
}

export interface TDnsDomainOptions {
  /**
   * Where an app's custom domain must point when the caller does not say (the hosting provider's
   * target, passed as `target`, wins): the host name apps are served at, e.g. `apps.example.com`.
   */
  target(app: TAppRef): string;
  /** The host's public IPv4 addresses, for apex domains that cannot hold a CNAME. */
  apexAddresses?: string[];
  /** Public DNS lookups; tests pass their own. Default: the system resolver. */
  lookups?: TDnsLookups;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENODATA' || code === 'ENOTFOUND' || code === 'ENONAME' || code === 'NXDOMAIN';
}

/**
 * Verifies custom domains by reading public DNS: a TXT record proves ownership, and a CNAME (or
 * A records, for an apex) must point at the host. No registrar: the user creates the records at
 * their DNS provider.
 */
export function createDnsDomainProvider(
  options: TDnsDomainOptions,
): DomainProvider & { identifier: 'dns' } {
  const lookups: TDnsLookups = options.lookups ?? new Resolver({ timeout: 3000, tries: 2 });
  const isApex = (domain: string) => domain.split('.').length === 2;
  return {
    identifier: 'dns',
    label: 'DNS records (any DNS provider)',
    recordsFor({ domain, app, verificationToken, target }): TDnsRecord[] {
      const pointing: TDnsRecord[] =
        isApex(domain) && options.apexAddresses?.length
          ? options.apexAddresses.map((value) => ({ type: 'A' as const, name: domain, value }))
          : [{ type: 'CNAME', name: domain, value: target ?? options.target(app) }];
      return [
        ...pointing,
        {
          type: 'TXT',
          name: `${VERIFICATION_LABEL}.${domain}`,
          value: `shipyard-verify=${verificationToken}`,
        },
      ];
    },
    async verify({ domain, verificationToken, app, target: hostTarget }) {
      const problems: string[] = [];
      const txtName = `${VERIFICATION_LABEL}.${domain}`;
      try {
        const values = (await lookups.resolveTxt(txtName)).map((chunks) => chunks.join(''));
        if (!values.includes(`shipyard-verify=${verificationToken}`)) {
          problems.push(
            `The TXT record ${txtName} does not hold shipyard-verify=${verificationToken} yet (found: ${values.join(', ') || 'nothing'}).`,
          );
        }
      } catch (error) {
        problems.push(
          isNotFound(error)
            ? `There is no TXT record at ${txtName}. Create it, then verify again (DNS changes can take a few minutes).`
            : `DNS lookup of ${txtName} failed (${(error as Error).message}). Try again in a minute.`,
        );
      }
      try {
        const cnames = await lookups
          .resolveCname(domain)
          .catch((error: unknown) => (isNotFound(error) ? [] : Promise.reject(error)));
        const addresses = cnames.length
          ? []
          : await lookups
              .resolve4(domain)
              .catch((error: unknown) => (isNotFound(error) ? [] : Promise.reject(error)));
        const target = (hostTarget ?? (app ? options.target(app) : null))?.toLowerCase() ?? null;
        const cnameOk = cnames.some(
          (c) => target === null || c.toLowerCase().replace(/\.$/, '') === target,
        );
        const pointsAtHost = cnameOk || addresses.some((a) => options.apexAddresses?.includes(a));
        if (!pointsAtHost) {
          problems.push(
            cnames.length === 0 && addresses.length === 0
              ? `${domain} has no CNAME or A record yet. Point it at the host as shown, then verify again.`
              : `${domain} points at ${[...cnames, ...addresses].join(', ')}, not at ${target ?? 'this host'}.`,
          );
        }
      } catch (error) {
        problems.push(
          `DNS lookup of ${domain} failed (${(error as Error).message}). Try again in a minute.`,
        );
      }
      return { verified: problems.length === 0, problems };
    },
  };
}
