import { AppError } from '@shipyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../src/credentials';
import { createCloudflareDns, type CloudflareDns } from '../src/dns';
import type { TDnsResolver } from '../src/options';
import { ACCOUNT_ID, FakeCloudflare, TOKEN } from '../src/testing';
import { APP, testOptions } from './helpers';

/** Public DNS as a map, for domains whose zone is not in the account. */
function mapResolver(txt: Record<string, string[][]>, cname: Record<string, string[]>): TDnsResolver {
  const missing = (name: string) => Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return {
    resolveTxt: async (name) => txt[name] ?? Promise.reject(missing(name)),
    resolveCname: async (name) => cname[name] ?? Promise.reject(missing(name)),
  };
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(AppError.is(error)).toBe(true);
  return error as AppError;
}

describe('Cloudflare DNS and Registrar against the fake API', () => {
  let fake: FakeCloudflare;
  let dns: CloudflareDns;

  beforeEach(async () => {
    fake = await new FakeCloudflare().start();
    dns = createCloudflareDns({ ...testOptions(fake), registrationPollIntervalMs: 10, registrationPollTimeoutMs: 2_000, resolver: mapResolver({}, {}) } as never);
  });
  afterEach(async () => {
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('lists the records to create: CNAME to the project and the verification TXT', () => {
    expect(dns.recordsFor({ domain: 'notes.example.com', app: APP, verificationToken: 'tok123' })).toEqual([
      { type: 'CNAME', name: 'notes.example.com', value: 'shipyard-notes.pages.dev' },
      { type: 'TXT', name: '_shipyard-verify.notes.example.com', value: 'shipyard-verify=tok123' },
    ]);
  });

  it('verifies a domain whose zone is in the account by writing the TXT record itself (once)', async () => {
    fake.addZone('example.com');
    const first = await dns.verify({ domain: 'notes.example.com', verificationToken: 'tok123' });
    expect(first).toEqual({ verified: true, problems: [] });
    const txt = fake.recordsAt('_shipyard-verify.notes.example.com');
    expect(txt).toHaveLength(1);
    expect(txt[0]).toMatchObject({ type: 'TXT', content: '"shipyard-verify=tok123"', proxied: false });
    expect(txt[0]!.comment).toMatch(/^Managed by Shipyard/);

    // Verifying again changes nothing; a new token replaces Shipyard's record, not the user's.
    fake.addRecord('example.com', { type: 'TXT', name: '_shipyard-verify.notes.example.com', content: '"user-owned"' });
    expect(await dns.verify({ domain: 'notes.example.com', verificationToken: 'tok123' })).toEqual({ verified: true, problems: [] });
    expect(fake.recordsAt('_shipyard-verify.notes.example.com')).toHaveLength(2);
    expect(await dns.verify({ domain: 'notes.example.com', verificationToken: 'tok456' })).toEqual({ verified: true, problems: [] });
    expect(fake.recordsAt('_shipyard-verify.notes.example.com').map((r) => r.content).sort()).toEqual(['"shipyard-verify=tok456"', '"user-owned"']);
  });

  it('reports an A record that would block the CNAME', async () => {
    fake.addZone('example.com');
    fake.addRecord('example.com', { type: 'A', name: 'example.com', content: '192.0.2.7' });
    const result = await dns.verify({ domain: 'example.com', verificationToken: 't' });
    expect(result.verified).toBe(false);
    expect(result.problems.join(' ')).toMatch(/example\.com has A 192\.0\.2\.7 in the zone example\.com; delete it/);
  });

  it('names the missing DNS scope when the token cannot edit the zone', async () => {
    fake.addZone('example.com');
    fake.tokens.set('cf-zone-read-only-000000000000000', new Set(['zone']));
    const limited = createCloudflareDns({ ...testOptions(fake, { apiToken: 'cf-zone-read-only-000000000000000' }), resolver: mapResolver({}, {}) } as never);
    const result = await limited.verify({ domain: 'notes.example.com', verificationToken: 'tok' });
    expect(result.verified).toBe(false);
    expect(result.problems[0]).toMatch(/Cloudflare token invalid or missing scope Zone\.DNS:Edit/);
    expect(result.problems[1]).toMatch(/create the TXT record _shipyard-verify\.notes\.example\.com with the value shipyard-verify=tok yourself/);
  });

  it('verifies a domain hosted elsewhere through public DNS', async () => {
    const missing = await dns.verify({ domain: 'app.other.org', verificationToken: 'abc' });
    expect(missing.verified).toBe(false);
    expect(missing.problems).toHaveLength(2);
    expect(missing.problems[0]).toMatch(/No TXT record _shipyard-verify\.app\.other\.org with the value shipyard-verify=abc/);
    expect(missing.problems[1]).toMatch(/has no CNAME record/);

    const good = createCloudflareDns({
      ...testOptions(fake),
      resolver: mapResolver({ '_shipyard-verify.app.other.org': [['shipyard-', 'verify=abc']] }, { 'app.other.org': ['shipyard-notes.pages.dev.'] }),
    } as never);
    expect(await good.verify({ domain: 'app.other.org', verificationToken: 'abc' })).toEqual({ verified: true, problems: [] });
    // Looked for the zone in the account first (app.other.org, other.org), found none.
    expect(fake.requests.filter((r) => r.path === '/zones').length).toBeGreaterThanOrEqual(2);
  });

  it('searches with authoritative availability and price', async () => {
    fake.searchSuggestions.set('acme notes', ['acmenotes.com', 'acmenotes.dev', 'acme.ai']);
    fake.registrar.set('acmenotes.com', { registrable: true, price: '10.44' });
    fake.registrar.set('acmenotes.dev', { registrable: true, price: '12.20' });
    fake.registrar.set('acme.ai', { registrable: false, reason: 'domain_premium', tier: 'premium' });
    expect(await dns.search('Acme Notes')).toEqual([
      { domain: 'acmenotes.com', available: true, yearlyPriceUsd: 10.44 },
      { domain: 'acmenotes.dev', available: true, yearlyPriceUsd: 12.2 },
      { domain: 'acme.ai', available: false },
    ]);
    // A full domain is checked even when search does not suggest it.
    fake.registrar.set('exact-name.app', { registrable: true, price: '14.00' });
    expect(await dns.search('exact-name.app')).toEqual([{ domain: 'exact-name.app', available: true, yearlyPriceUsd: 14 }]);
  });

  it('purchases a domain: synchronous (201) and asynchronous (202, polled) registration, auto-renew', async () => {
    fake.registrar.set('fast.com', { registrable: true });
    expect(await dns.purchase({ domain: 'fast.com', autoRenew: true })).toEqual({ orderId: 'fast.com', status: 'active' });
    expect(fake.registrations.get('fast.com')).toMatchObject({ auto_renew: true, privacy_mode: 'redaction' });

    fake.registrar.set('slow.com', { registrable: true });
    fake.registrationPolls = 3;
    expect(await dns.purchase({ domain: 'slow.com', autoRenew: false })).toEqual({ orderId: 'slow.com', status: 'active' });
    expect(fake.requests.filter((r) => r.path.endsWith('/slow.com/registration-status')).length).toBe(3);

    // Buying again is idempotent and applies the auto-renew choice.
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/registrations')).length;
    expect(await dns.purchase({ domain: 'slow.com', autoRenew: true })).toEqual({ orderId: 'slow.com', status: 'active' });
    expect(fake.registrations.get('slow.com')!.auto_renew).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/registrations')).length).toBe(posts);
    await dns.setAutoRenew('slow.com', false);
    expect(fake.registrations.get('slow.com')!.auto_renew).toBe(false);
  });

  it('returns pending when the registration outlasts the poll bound, and reports its status later', async () => {
    const quick = createCloudflareDns({ ...testOptions(fake), registrationPollIntervalMs: 10, registrationPollTimeoutMs: 50 } as never);
    fake.registrar.set('queued.com', { registrable: true });
    fake.registrationPolls = 1000;
    expect(await quick.purchase({ domain: 'queued.com', autoRenew: false })).toEqual({ orderId: 'queued.com', status: 'pending' });
    expect((await quick.registrationStatus('queued.com')).status).toBe('pending');
    fake.registrations.get('queued.com')!.pollsLeft = 0;
    expect(await quick.registrationStatus('queued.com')).toMatchObject({ status: 'active', message: 'queued.com is registered.' });
  });

  it('explains why a domain cannot be bought, and surfaces failed and action-required workflows', async () => {
    fake.registrar.set('taken.com', { registrable: false, reason: 'domain_unavailable' });
    const taken = await appError(dns.purchase({ domain: 'taken.com', autoRenew: false }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toMatch(/taken\.com cannot be registered through Cloudflare: It is already registered or reserved/);
    expect(fake.requests.some((r) => r.method === 'POST' && r.path.endsWith('/registrations'))).toBe(false);

    fake.registrar.set('rejected.com', { registrable: true });
    fake.registrationOutcome = 'failed';
    const failed = await appError(dns.purchase({ domain: 'rejected.com', autoRenew: false }));
    expect(failed.code).toBe('PROVIDER_ERROR');
    expect(failed.message).toMatch(/could not register rejected\.com: The registry rejected the registration\. \(registry_rejected\)/);

    fake.registrar.set('verify-me.com', { registrable: true });
    fake.registrationOutcome = 'action_required';
    const action = await appError(dns.purchase({ domain: 'verify-me.com', autoRenew: false }));
    expect(action.code).toBe('PRECONDITION_FAILED');
    expect(action.message).toMatch(/complete email verification of the registrant contact before verify-me\.com can be registered/);
  });

  it('a token without the Registrar permission names it', async () => {
    fake.tokens.set('cf-pages-only-token-0000000000000', new Set(['pages']));
    const limited = createCloudflareDns(testOptions(fake, { apiToken: 'cf-pages-only-token-0000000000000' }) as never);
    const error = await appError(limited.search('acme'));
    expect(error.message).toMatch(/missing scope Account\.Registrar: Domains:Edit/);
  });

  it('checks credentials with one cheap call per scope', async () => {
    expect(await checkCredentials({ accountId: ACCOUNT_ID, apiToken: TOKEN, apiBaseUrl: fake.baseUrl })).toEqual({
      ok: true,
      message: `The token works for account ${ACCOUNT_ID}: Account.Cloudflare Pages:Edit.`,
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: `/accounts/${ACCOUNT_ID}/pages/projects` });

    const all = await checkCredentials({ accountId: ACCOUNT_ID, apiToken: TOKEN, apiBaseUrl: fake.baseUrl }, { scopes: ['pages', 'zone', 'registrar'] });
    expect(all.ok).toBe(true);

    const bad = await checkCredentials({ accountId: ACCOUNT_ID, apiToken: 'cf-wrong-token-000000000000000000', apiBaseUrl: fake.baseUrl });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/^Cloudflare token invalid or missing scope Account\.Cloudflare Pages:Edit/);
    expect(bad.message).not.toContain('cf-wrong-token');

    fake.tokens.set('cf-pages-only-token-0000000000000', new Set(['pages']));
    const partial = await checkCredentials({ accountId: ACCOUNT_ID, apiToken: 'cf-pages-only-token-0000000000000', apiBaseUrl: fake.baseUrl }, { scopes: ['pages', 'zone'] });
    expect(partial).toMatchObject({ ok: false });
    expect(partial.message).toMatch(/missing scope Zone\.Zone:Read/);

    const wrongAccount = await checkCredentials({ accountId: 'ffffffffffffffffffffffffffffffff', apiToken: TOKEN, apiBaseUrl: fake.baseUrl });
    expect(wrongAccount.ok).toBe(false);
    expect(wrongAccount.message).toMatch(/could not find account ffffffffffffffffffffffffffffffff.*Check the accountId/);

    const invalid = await checkCredentials({ accountId: 'x', apiToken: '', apiBaseUrl: fake.baseUrl });
    expect(invalid.ok).toBe(false);
    expect(invalid.message).toMatch(/accountId: .*32-character/);
  });
});
