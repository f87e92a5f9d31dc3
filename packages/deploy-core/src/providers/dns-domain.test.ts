import { describe, expect, it } from 'vitest';
import { createDnsDomainProvider, type TDnsLookups } from './dns-domain';

function zone(records: {
  txt?: Record<string, string[][]>;
  cname?: Record<string, string[]>;
  a?: Record<string, string[]>;
}): TDnsLookups {
  const notFound = (name: string) =>
    Object.assign(new Error(`queryX ENODATA ${name}`), { code: 'ENODATA' });
  return {
    resolveTxt: async (n) => records.txt?.[n] ?? Promise.reject(notFound(n)),
    resolveCname: async (n) => records.cname?.[n] ?? Promise.reject(notFound(n)),
    resolve4: async (n) => records.a?.[n] ?? Promise.reject(notFound(n)),
  };
}

const app = { id: 'app_1', orgId: 'org_1', slug: 'notes' };
const target = () => 'notes.apps.example.net';

describe('DNS domain verification', () => {
  it('lists the records to create: a CNAME to the app, and the TXT proof', () => {
    const dns = createDnsDomainProvider({ target, lookups: zone({}) });
    expect(dns.recordsFor({ domain: 'www.acme.com', app, verificationToken: 'tok' })).toEqual([
      { type: 'CNAME', name: 'www.acme.com', value: 'notes.apps.example.net' },
      { type: 'TXT', name: '_shipyard-verify.www.acme.com', value: 'shipyard-verify=tok' },
    ]);
  });

  it('verifies when the TXT proof and the CNAME are in place', async () => {
    const dns = createDnsDomainProvider({
      target,
      lookups: zone({
        txt: { '_shipyard-verify.www.acme.com': [['shipyard-', 'verify=tok']] },
        cname: { 'www.acme.com': ['notes.apps.example.net.'] },
      }),
    });
    expect(await dns.verify({ domain: 'www.acme.com', verificationToken: 'tok', app })).toEqual({
      verified: true,
      problems: [],
    });
  });

  it("points the domain at the hosting provider's target when one is given", async () => {
    const dns = createDnsDomainProvider({
      target,
      lookups: zone({
        txt: { '_shipyard-verify.www.acme.com': [['shipyard-verify=tok']] },
        cname: { 'www.acme.com': ['notes.apps.example.net'] },
      }),
    });
    const hostTarget = 'notes-site.netlify.app';
    expect(
      dns.recordsFor({ domain: 'www.acme.com', app, verificationToken: 'tok', target: hostTarget })[0],
    ).toEqual({ type: 'CNAME', name: 'www.acme.com', value: hostTarget });
    // Still pointing at the default host is now wrong: the app is served elsewhere.
    const result = await dns.verify({
      domain: 'www.acme.com',
      verificationToken: 'tok',
      app,
      target: hostTarget,
    });
    expect(result.verified).toBe(false);
    expect(result.problems).toEqual([
      'www.acme.com points at notes.apps.example.net, not at notes-site.netlify.app.',
    ]);
  });

  it('says what is missing or wrong, record by record', async () => {
    const missing = createDnsDomainProvider({ target, lookups: zone({}) });
    const r1 = await missing.verify({ domain: 'www.acme.com', verificationToken: 'tok', app });
    expect(r1.verified).toBe(false);
    expect(r1.problems.join(' ')).toMatch(
      /no TXT record at _shipyard-verify\.www\.acme\.com[\s\S]*no CNAME or A record/,
    );

    const wrong = createDnsDomainProvider({
      target,
      lookups: zone({
        txt: { '_shipyard-verify.www.acme.com': [['shipyard-verify=other']] },
        cname: { 'www.acme.com': ['elsewhere.example.org'] },
      }),
    });
    const r2 = await wrong.verify({ domain: 'www.acme.com', verificationToken: 'tok', app });
    expect(r2.problems).toEqual([
      'The TXT record _shipyard-verify.www.acme.com does not hold shipyard-verify=tok yet (found: shipyard-verify=other).',
      'www.acme.com points at elsewhere.example.org, not at notes.apps.example.net.',
    ]);
  });

  it('accepts A records for an apex domain when the host lists its addresses', async () => {
    const dns = createDnsDomainProvider({
      target,
      apexAddresses: ['203.0.113.7'],
      lookups: zone({
        txt: { '_shipyard-verify.acme.com': [['shipyard-verify=tok']] },
        a: { 'acme.com': ['203.0.113.7'] },
      }),
    });
    expect(dns.recordsFor({ domain: 'acme.com', app, verificationToken: 'tok' })[0]).toEqual({
      type: 'A',
      name: 'acme.com',
      value: '203.0.113.7',
    });
    expect((await dns.verify({ domain: 'acme.com', verificationToken: 'tok', app })).verified).toBe(
      true,
    );
  });
});
