import { describe, expect, it } from 'vitest';
import { nonPublicReason, resolvePublicHost, type TLookup } from './network';

const fakeDns =
  (table: Record<string, string[]>): TLookup =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
  ])('refuses %s (%s)', (address, label) => {
    expect(nonPublicReason(address)).toContain(label);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001::200e'])(
    'accepts the public address %s',
    (address) => {
      expect(nonPublicReason(address)).toBeNull();
    },
  );
});

describe('resolvePublicHost', () => {
  const lookup = fakeDns({
    'db.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'sneaky.example.com': ['93.184.216.34', '10.0.0.7'],
    'metadata.example.com': ['169.254.169.254'],
    'v6-internal.example.com': ['2606:4700::1', 'fd00::5'],
    'localhost': ['127.0.0.1', '::1'],
  });

  it('returns every address of a public host', async () => {
    const result = await resolvePublicHost('db.example.com', { allowPrivateNetworks: false, lookup });
    expect(result).toEqual({ ok: true, host: { hostname: 'db.example.com', addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] } });
  });

  it('refuses a name when any of its addresses is private, and says which', async () => {
    const result = await resolvePublicHost('sneaky.example.com', { allowPrivateNetworks: false, lookup });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/Refusing to connect to 10\.0\.0\.7 \(sneaky\.example\.com resolves to 10\.0\.0\.7\): it is a private/);
  });

  it('refuses cloud metadata, IPv6 unique-local, localhost and literal addresses', async () => {
    for (const host of ['metadata.example.com', 'v6-internal.example.com', 'localhost', '127.0.0.1', '[::1]', '[fe80::1]']) {
      const result = await resolvePublicHost(host, { allowPrivateNetworks: false, lookup });
      expect(result.ok, host).toBe(false);
      if (!result.ok) expect(result.message).toContain('allowPrivateNetworks');
    }
  });

  it('lets an operator allow private networks', async () => {
    const result = await resolvePublicHost('localhost', { allowPrivateNetworks: true, lookup });
    expect(result).toEqual({ ok: true, host: { hostname: 'localhost', addresses: ['127.0.0.1', '::1'] } });
  });

  it('says when a name does not resolve', async () => {
    const result = await resolvePublicHost('nope.example.com', { allowPrivateNetworks: false, lookup });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('does not exist in DNS') });
  });
});
