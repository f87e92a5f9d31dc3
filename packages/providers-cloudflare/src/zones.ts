import type { TCallOptions } from '@shipyard/deploy-core/provider-kit';
import type { CloudflareApi } from './api';

export interface TZone {
  id: string;
  name: string;
}

export interface TZoneRecord {
  id: string;
  type: string;
  name: string;
  content: string;
  comment: string | null;
}

/** Records Shipyard creates carry this comment, so it only ever changes or deletes its own. */
export const MANAGED_COMMENT = 'Managed by Shipyard';

type TCtx = Pick<TCallOptions<unknown>, 'signal' | 'log'>;

/** TXT contents come back quoted; compare without the quotes. */
export function unquoteTxt(content: string): string {
  const t = content.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/"\s+"/g, '') : t;
}

/**
 * The zone in this account that holds `domain` (the longest matching zone name), or null when the
 * domain's DNS is elsewhere.
 */
export async function findZone(api: CloudflareApi, domain: string, ctx: TCtx): Promise<TZone | null> {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i <= labels.length - 2; i++) {
    const candidate = labels.slice(i).join('.');
    const page = await api.call(
      { action: `look up the Cloudflare zone for ${domain}`, scope: 'zone' },
      (req) => api.sdk.zones.list({ name: candidate, account: { id: api.accountId }, per_page: 5 }, req),
      ctx,
    );
    const zone = page.result.find((z) => z.name.toLowerCase() === candidate);
    if (zone) return { id: zone.id, name: zone.name };
  }
  return null;
}

export async function listRecords(api: CloudflareApi, zone: TZone, name: string, ctx: TCtx): Promise<TZoneRecord[]> {
  const page = await api.call(
    { action: `read the DNS records of ${name}`, scope: 'dns', resource: `the zone ${zone.name}` },
    (req) => api.sdk.dns.records.list({ zone_id: zone.id, name: { exact: name }, per_page: 100 }, req),
    ctx,
  );
  return page.result
    .filter((r) => r.name.toLowerCase() === name.toLowerCase())
    .map((r) => ({ id: r.id, type: r.type, name: r.name, content: r.content ?? '', comment: r.comment ?? null }));
}

/**
 * Makes `name` have exactly one record of `type` with `content`: creates it, or updates the one
 * that is there. Returns what it did.
 */
export async function upsertRecord(
  api: CloudflareApi,
  zone: TZone,
  record: { type: 'CNAME' | 'TXT'; name: string; content: string; proxied?: boolean; comment: string },
  ctx: TCtx,
): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = (await listRecords(api, zone, record.name, ctx)).filter((r) => r.type === record.type);
  const same = (r: TZoneRecord) =>
    record.type === 'TXT' ? unquoteTxt(r.content) === unquoteTxt(record.content) : r.content.toLowerCase() === record.content.toLowerCase();
  if (record.type === 'TXT' ? existing.some(same) : existing.length === 1 && same(existing[0]!)) return 'unchanged';
  const body = {
    zone_id: zone.id,
    type: record.type,
    name: record.name,
    content: record.content,
    ttl: 1,
    comment: record.comment,
    ...(record.type === 'CNAME' ? { proxied: record.proxied ?? true } : {}),
  } as const;
  // A name holds one CNAME; TXT names can hold several, so only our own TXT is replaced.
  const target = record.type === 'CNAME' ? existing[0] : existing.find((r) => r.comment?.startsWith(MANAGED_COMMENT));
  if (target) {
    await api.call(
      { action: `update the ${record.type} record ${record.name}`, scope: 'dns', resource: `the DNS record ${record.name}` },
      (req) => api.sdk.dns.records.update(target.id, body, req),
      ctx,
    );
    return 'updated';
  }
  await api.call(
    { action: `create the ${record.type} record ${record.name}`, scope: 'dns', resource: `the zone ${zone.name}` },
    (req) => api.sdk.dns.records.create(body, req),
    ctx,
  );
  return 'created';
}

/** Deletes the records Shipyard created at `name` (those carrying MANAGED_COMMENT). */
export async function deleteManagedRecords(api: CloudflareApi, zone: TZone, name: string, ctx: TCtx): Promise<number> {
  const ours = (await listRecords(api, zone, name, ctx)).filter((r) => r.comment?.startsWith(MANAGED_COMMENT));
  for (const r of ours) {
    await api.find(
      { action: `delete the ${r.type} record ${r.name}`, scope: 'dns', resource: `the DNS record ${r.name}` },
      (req) => api.sdk.dns.records.delete(r.id, { zone_id: zone.id }, req),
      ctx,
    );
  }
  return ours.length;
}
