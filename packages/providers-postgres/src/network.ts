import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** How a host name is resolved; tests pass their own. Same shape as `dns.promises.lookup(host, { all: true })`. */
export type TLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: TLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

interface TRange {
  subnet: string;
  prefix: number;
  type: 'ipv4' | 'ipv6';
  /** Said in the error: why the address is refused. */
  label: string;
}

// Addresses a user-supplied database URL must not reach unless the operator allows private networks:
// anything that is not the public internet (RFC 6890 special-purpose registries).
const RANGES: TRange[] = [
  { subnet: '0.0.0.0', prefix: 8, type: 'ipv4', label: '"this network" (0.0.0.0/8)' },
  { subnet: '10.0.0.0', prefix: 8, type: 'ipv4', label: 'private (10.0.0.0/8)' },
  { subnet: '100.64.0.0', prefix: 10, type: 'ipv4', label: 'carrier-grade NAT (100.64.0.0/10)' },
  { subnet: '127.0.0.0', prefix: 8, type: 'ipv4', label: 'loopback (127.0.0.0/8)' },
  { subnet: '169.254.0.0', prefix: 16, type: 'ipv4', label: 'link-local (169.254.0.0/16, includes cloud metadata services)' },
  { subnet: '172.16.0.0', prefix: 12, type: 'ipv4', label: 'private (172.16.0.0/12)' },
  { subnet: '192.0.0.0', prefix: 24, type: 'ipv4', label: 'IETF protocol assignments (192.0.0.0/24)' },
  { subnet: '192.0.2.0', prefix: 24, type: 'ipv4', label: 'documentation (192.0.2.0/24)' },
  { subnet: '192.168.0.0', prefix: 16, type: 'ipv4', label: 'private (192.168.0.0/16)' },
  { subnet: '198.18.0.0', prefix: 15, type: 'ipv4', label: 'benchmarking (198.18.0.0/15)' },
  { subnet: '198.51.100.0', prefix: 24, type: 'ipv4', label: 'documentation (198.51.100.0/24)' },
  { subnet: '203.0.113.0', prefix: 24, type: 'ipv4', label: 'documentation (203.0.113.0/24)' },
  { subnet: '224.0.0.0', prefix: 4, type: 'ipv4', label: 'multicast (224.0.0.0/4)' },
  { subnet: '240.0.0.0', prefix: 4, type: 'ipv4', label: 'reserved (240.0.0.0/4, includes broadcast)' },
  { subnet: '::', prefix: 128, type: 'ipv6', label: 'unspecified (::)' },
  { subnet: '::1', prefix: 128, type: 'ipv6', label: 'loopback (::1)' },
  { subnet: '100::', prefix: 64, type: 'ipv6', label: 'discard (100::/64)' },
  { subnet: '2001:db8::', prefix: 32, type: 'ipv6', label: 'documentation (2001:db8::/32)' },
  { subnet: 'fc00::', prefix: 7, type: 'ipv6', label: 'unique local (fc00::/7)' },
  { subnet: 'fe80::', prefix: 10, type: 'ipv6', label: 'link-local (fe80::/10)' },
  { subnet: 'fec0::', prefix: 10, type: 'ipv6', label: 'site-local (fec0::/10)' },
  { subnet: 'ff00::', prefix: 8, type: 'ipv6', label: 'multicast (ff00::/8)' },
];

const lists = RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.subnet, range.prefix, range.type);
  return { range, list };
});

/** IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96). */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return null;
}

/** Why an IP address is not on the public internet, or null when it is. */
export function nonPublicReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) {
      const inner = nonPublicReason(v4);
      return inner === null ? null : `${inner}, embedded in an IPv6 address`;
    }
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { range, list } of lists) {
    if (range.type === type && list.check(address, type)) return range.label;
  }
  return null;
}

export interface TResolvedHost {
  hostname: string;
  /** Every address the name resolved to, in resolver order. */
  addresses: string[];
}

/**
 * Resolves a database host and refuses it when any address it resolves to is private, loopback,
 * link-local or otherwise not public — unless `allowPrivateNetworks`. Every address is checked
 * (not only the first), so a name with one public and one internal address is refused.
 * Returns the addresses so the caller connects to exactly what was checked (no DNS rebinding).
 */
export async function resolvePublicHost(
  hostname: string,
  opts: { allowPrivateNetworks: boolean; lookup?: TLookup },
): Promise<{ ok: true; host: TResolvedHost } | { ok: false; message: string }> {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(bare)) {
    addresses = [bare];
  } else {
    try {
      addresses = (await (opts.lookup ?? systemLookup)(bare)).map((a) => a.address);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why = code === 'ENOTFOUND' || code === 'ENODATA' ? 'the name does not exist in DNS' : `DNS lookup failed (${code ?? String(error)})`;
      return { ok: false, message: `Cannot resolve the database host ${bare}: ${why}. Check the host name in the database URL.` };
    }
    if (addresses.length === 0) {
      return { ok: false, message: `The database host ${bare} has no addresses in DNS. Check the host name in the database URL.` };
    }
  }
  if (!opts.allowPrivateNetworks) {
    for (const address of addresses) {
      const reason = nonPublicReason(address);
      if (reason !== null) {
        const via = address === bare ? '' : ` (${bare} resolves to ${address})`;
        return {
          ok: false,
          message:
            `Refusing to connect to ${address}${via}: it is a ${reason} address, not a public one. ` +
            `Shipyard connects only to databases reachable on the public internet; use your database's public host name. ` +
            `(An operator can allow private networks with the allowPrivateNetworks option.)`,
        };
      }
    }
  }
  return { ok: true, host: { hostname: bare, addresses } };
}
