import { Resolver } from 'node:dns/promises';
import { AppError } from '@shipyard/core';
import type { WorkflowStatus } from 'cloudflare/resources/registrar/registrar';
import { sleep } from '@shipyard/deploy-core/provider-kit';
import { createCloudflareApi } from './api';
import type { DomainProvider, TDnsRecord, TDomainOffer, TProviderDefinition } from './contract';
import { pagesProjectName } from './names';
import { ZCloudflareDnsOptionsSchema, type TCloudflareDnsOptions, type TDnsResolver } from './options';
import { findZone, listRecords, MANAGED_COMMENT, unquoteTxt, upsertRecord } from './zones';

/** The verification record deploy-core's domain flow uses: `_shipyard-verify.<domain>` TXT. */
export const VERIFY_PREFIX = '_shipyard-verify';
export const verificationValue = (token: string) => `shipyard-verify=${token}`;

/** The Registrar's check endpoint takes at most 20 names per request. */
const CHECK_LIMIT = 20;

export type TRegistrationStatus = { orderId: string; status: 'pending' | 'active' | 'action_required' | 'failed'; message: string };

export type CloudflareDns = DomainProvider &
  Required<Pick<DomainProvider, 'search' | 'purchase'>> & {
    /** Turns auto-renew of a domain registered through Cloudflare on or off. */
    setAutoRenew(domain: string, enabled: boolean): Promise<void>;
    /** The state of a registration `purchase` returned as pending. */
    registrationStatus(orderId: string): Promise<TRegistrationStatus>;
  };

const ctxFor = (signal?: AbortSignal) => ({ signal, log: () => undefined });

const UNREGISTRABLE: Record<string, string> = {
  extension_not_supported_via_api: 'Cloudflare Registrar sells this extension only in its dashboard, not through the API; register it at dash.cloudflare.com.',
  extension_not_supported: 'Cloudflare Registrar does not sell this extension.',
  extension_disallows_registration: "The extension's registry is not accepting new registrations.",
  domain_premium: 'It is a premium domain, which the Registrar API cannot register.',
  domain_unavailable: 'It is already registered or reserved.',
};

/**
 * Cloudflare DNS and Registrar behind deploy-core's `DomainProvider`:
 * - `recordsFor`: a CNAME to the app's `<project>.pages.dev` and the `_shipyard-verify` TXT;
 * - `verify`: when the domain's zone is in the account, writes the TXT record itself and reads it
 *   back through the API; otherwise looks both records up in public DNS;
 * - `search` / `purchase`: Registrar domain-search + domain-check (authoritative availability and
 *   price), registration with the async workflow poll, and auto-renew.
 */
export function createCloudflareDns(input: TCloudflareDnsOptions): CloudflareDns {
  const options = ZCloudflareDnsOptionsSchema.parse(input);
  const api = createCloudflareApi(options);
  const account_id = options.accountId;
  const resolver: TDnsResolver = options.resolver ?? new Resolver();

  async function publicTxt(name: string): Promise<string[]> {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    } catch {
      return [];
    }
  }
  async function publicCname(name: string): Promise<string[]> {
    try {
      return (await resolver.resolveCname(name)).map((n) => n.toLowerCase().replace(/\.$/, ''));
    } catch {
      return [];
    }
  }

  async function check(domains: string[]) {
    const res = await api.call(
      { action: `check the availability of ${domains.join(', ')}`, scope: 'registrar' },
      (req) => api.sdk.registrar.check({ account_id, domains }, req),
      ctxFor(),
    );
    return res.domains;
  }

  async function readRegistration(domain: string) {
    return api.find(
      { action: `read the registration of ${domain}`, scope: 'registrar', resource: `the registration of ${domain}` },
      (req) => api.sdk.registrar.registrations.get(domain, { account_id }, req),
      ctxFor(),
    );
  }

  async function workflowStatus(domain: string): Promise<WorkflowStatus> {
    return api.call(
      { action: `read the registration status of ${domain}`, scope: 'registrar', resource: `the registration of ${domain}` },
      (req) => api.sdk.registrar.registrationStatus.get(domain, { account_id }, req),
      ctxFor(),
    );
  }

  async function updateStatus(domain: string): Promise<WorkflowStatus> {
    return api.call(
      { action: `read the update status of ${domain}`, scope: 'registrar', resource: `the registration of ${domain}` },
      (req) => api.sdk.registrar.updateStatus.get(domain, { account_id }, req),
      ctxFor(),
    );
  }

  /** Polls a registrar workflow until it completes, needs the user, or the bound runs out. */
  async function settle(domain: string, first: WorkflowStatus, read = workflowStatus): Promise<WorkflowStatus> {
    const deadline = Date.now() + options.registrationPollTimeoutMs;
    let status = first;
    let interval = options.registrationPollIntervalMs;
    while (!status.completed && status.state !== 'action_required' && Date.now() + interval <= deadline) {
      await sleep(interval);
      interval = Math.min(interval * 2, 10_000);
      status = await read(domain);
    }
    return status;
  }

  function describe(domain: string, status: WorkflowStatus): TRegistrationStatus {
    if (status.state === 'succeeded') return { orderId: domain, status: 'active', message: `${domain} is registered.` };
    if (status.state === 'failed') {
      return {
        orderId: domain,
        status: 'failed',
        message: `Cloudflare could not register ${domain}: ${status.error?.message ?? 'the registry refused it'}${status.error?.code ? ` (${status.error.code})` : ''}. Nothing was charged for a failed registration; check the domain and try again.`,
      };
    }
    if (status.state === 'action_required') {
      const action = typeof status.context?.action === 'string' ? status.context.action : 'an action in the Cloudflare dashboard';
      return {
        orderId: domain,
        status: 'action_required',
        message: `Cloudflare needs you to complete ${action} before ${domain} can be registered (see dash.cloudflare.com → Domains). Do not start the purchase again.`,
      };
    }
    return {
      orderId: domain,
      status: 'pending',
      message: `The registration of ${domain} is ${status.state === 'blocked' ? 'waiting on the registry' : 'in progress'}; check again in a few minutes.`,
    };
  }

  const provider: CloudflareDns = {
    identifier: 'cloudflare',
    label: 'Cloudflare DNS & Registrar',

    recordsFor({ domain, app, verificationToken, target: hostTarget }): TDnsRecord[] {
      // Where the app's hosting serves it; Cloudflare Pages (`<project>.pages.dev`) by default.
      const target = hostTarget ?? `${pagesProjectName(options.projectPrefix, app.slug)}.pages.dev`;
      return [
        { type: 'CNAME', name: domain, value: target },
        { type: 'TXT', name: `${VERIFY_PREFIX}.${domain}`, value: verificationValue(verificationToken) },
      ];
    },

    async verify({ domain, verificationToken, target }) {
      // Hosting elsewhere (Netlify, Vercel, …) says where the domain must point; Pages by default.
      const external = target && !target.endsWith('.pages.dev') ? target.toLowerCase() : null;
      const txtName = `${VERIFY_PREFIX}.${domain}`;
      const expected = verificationValue(verificationToken);
      const ctx = ctxFor();
      let zone = null;
      let zoneNote: string | null = null;
      try {
        zone = await findZone(api, domain, ctx);
      } catch (error) {
        if (!(AppError.is(error) && error.code === 'PRECONDITION_FAILED')) throw error;
        zoneNote = error.message;
      }

      if (zone) {
        // The zone is in this account: write the TXT record ourselves, then read it back.
        try {
          await upsertRecord(api, zone, { type: 'TXT', name: txtName, content: `"${expected}"`, comment: MANAGED_COMMENT }, ctx);
          // Pages attaches its own record; another host needs the CNAME written here.
          // Not proxied: the other host provisions the domain's certificate and must see its traffic.
          if (external) await upsertRecord(api, zone, { type: 'CNAME', name: domain, content: external, proxied: false, comment: MANAGED_COMMENT }, ctx);
        } catch (error) {
          if (!(AppError.is(error) && error.code === 'PRECONDITION_FAILED')) throw error;
          return { verified: false, problems: [error.message, `Or create the TXT record ${txtName} with the value ${expected} yourself, then verify again.`] };
        }
        const problems: string[] = [];
        const txt = (await listRecords(api, zone, txtName, ctx)).filter((r) => r.type === 'TXT');
        if (!txt.some((r) => unquoteTxt(r.content) === expected)) problems.push(`The TXT record ${txtName} with the value ${expected} is missing from the zone ${zone.name}.`);
        const blocking = (await listRecords(api, zone, domain, ctx)).filter((r) => r.type === 'A' || r.type === 'AAAA');
        if (blocking.length) {
          problems.push(
            `${domain} has ${blocking.map((r) => `${r.type} ${r.content}`).join(', ')} in the zone ${zone.name}; delete ${blocking.length > 1 ? 'them' : 'it'} so the domain can point at ${external ?? 'Cloudflare Pages'}.`,
          );
        }
        return { verified: problems.length === 0, problems };
      }

      // DNS is hosted elsewhere: check what the world sees.
      const problems: string[] = [];
      if (!(await publicTxt(txtName)).includes(expected)) {
        problems.push(`No TXT record ${txtName} with the value ${expected} was found in public DNS. Create it at your DNS provider; new records can take up to an hour to appear.`);
      }
      const cnames = await publicCname(domain);
      const pointsAtHost = (c: string) => (external ? c.toLowerCase().replace(/\.$/, '') === external : c.endsWith('.pages.dev'));
      if (!cnames.some(pointsAtHost)) {
        problems.push(
          cnames.length
            ? `${domain} is a CNAME to ${cnames.join(', ')}, not to ${external ?? "the app's *.pages.dev name"}. Point it at the target shown for this domain.`
            : `${domain} has no CNAME record. Create a CNAME to the target shown for this domain (apex domains need their zone on Cloudflare).`,
        );
      }
      if (zoneNote && problems.length) problems.push(`Shipyard could not look for the zone in your Cloudflare account: ${zoneNote}`);
      return { verified: problems.length === 0, problems };
    },

    async search(query): Promise<TDomainOffer[]> {
      const q = query.trim().toLowerCase();
      if (!q) return [];
      const names: string[] = [];
      if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(q)) names.push(q);
      const suggestions = await api.call(
        { action: `search domain names for "${q}"`, scope: 'registrar' },
        (req) => api.sdk.registrar.search({ account_id, q }, req),
        ctxFor(),
      );
      for (const d of suggestions.domains) if (!names.includes(d.name) && names.length < CHECK_LIMIT) names.push(d.name);
      if (!names.length) return [];
      // Search results come from a cache; domain-check is authoritative for availability and price.
      const checked = new Map((await check(names)).map((d) => [d.name, d]));
      return names.flatMap((name) => {
        const d = checked.get(name);
        if (!d) return [];
        const available = d.registrable && d.tier !== 'premium';
        const price = d.pricing && d.pricing.currency.toUpperCase() === 'USD' ? Number(d.pricing.registration_cost) : undefined;
        return [{ domain: name, available, ...(available && price !== undefined && Number.isFinite(price) ? { yearlyPriceUsd: price } : {}) }];
      });
    },

    async purchase({ domain: raw, autoRenew }) {
      const domain = raw.trim().toLowerCase().replace(/\.$/, '');
      const existing = await readRegistration(domain);
      if (existing) {
        // Registration is keyed by domain name: a repeated purchase returns the one in the account.
        if (existing.auto_renew !== autoRenew) await provider.setAutoRenew(domain, autoRenew);
        return { orderId: domain, status: existing.status === 'active' ? 'active' : 'pending' };
      }
      const [result] = (await check([domain])).filter((d) => d.name === domain);
      if (!result || !result.registrable || result.tier === 'premium') {
        const reason = result?.reason ?? (result?.tier === 'premium' ? 'domain_premium' : 'domain_unavailable');
        throw new AppError('CONFLICT', `${domain} cannot be registered through Cloudflare: ${UNREGISTRABLE[reason] ?? reason}`, {
          details: { provider: 'cloudflare', domain, reason },
        });
      }
      const first = await api.call(
        {
          action: `register ${domain}`,
          scope: 'registrar',
          conflictHint: `${domain} was registered by someone else a moment ago; search again for another name.`,
        },
        (req) => api.sdk.registrar.registrations.create({ account_id, domain_name: domain, auto_renew: autoRenew, privacy_mode: options.privacyMode }, req),
        {
          // The domain name is the registration's idempotency key: after a failed attempt, adopt
          // the workflow it may have started rather than registering twice.
          recover: async () => {
            try {
              return await workflowStatus(domain);
            } catch {
              return undefined;
            }
          },
        },
      );
      const settled = describe(domain, await settle(domain, first));
      if (settled.status === 'failed') throw new AppError('PROVIDER_ERROR', settled.message, { details: { provider: 'cloudflare', orderId: domain } });
      if (settled.status === 'action_required') throw new AppError('PRECONDITION_FAILED', settled.message, { details: { provider: 'cloudflare', orderId: domain } });
      return { orderId: domain, status: settled.status };
    },

    async setAutoRenew(raw, enabled) {
      const domain = raw.trim().toLowerCase().replace(/\.$/, '');
      const first = await api.call(
        { action: `turn auto-renew ${enabled ? 'on' : 'off'} for ${domain}`, scope: 'registrar', resource: `the registration of ${domain}` },
        (req) => api.sdk.registrar.registrations.edit(domain, { account_id, auto_renew: enabled }, req),
        ctxFor(),
      );
      const status = await settle(domain, first, updateStatus);
      if (status.state === 'failed') {
        throw new AppError('PROVIDER_ERROR', `Cloudflare could not change auto-renew for ${domain}: ${status.error?.message ?? 'unknown error'}.`);
      }
    },

    async registrationStatus(orderId) {
      return describe(orderId, await workflowStatus(orderId));
    },
  };
  return provider;
}

/** `{ identifier, optionsSchema, create }` for the host's provider registry. */
export const cloudflareDns: TProviderDefinition<typeof ZCloudflareDnsOptionsSchema, CloudflareDns> = {
  identifier: 'cloudflare',
  optionsSchema: ZCloudflareDnsOptionsSchema,
  create: createCloudflareDns,
};
