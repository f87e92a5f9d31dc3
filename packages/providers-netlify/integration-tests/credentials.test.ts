import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../src/credentials';
import { ACCOUNT_SLUG, FakeNetlify, TOKEN } from '../src/testing';

describe('checkCredentials (Netlify)', () => {
  let fake: FakeNetlify;
  beforeEach(async () => {
    fake = await new FakeNetlify().start();
  });
  afterEach(async () => {
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('confirms a working token with one call and names the team', async () => {
    expect(await checkCredentials({ accessToken: TOKEN, accountSlug: ACCOUNT_SLUG, apiBaseUrl: fake.baseUrl })).toEqual({
      ok: true,
      message: `The token works and can deploy to team Acme Team (${ACCOUNT_SLUG}).`,
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /accounts']);
  });

  it('explains a bad token, a team the user is not in, and bad options — never echoing the token', async () => {
    const bad = await checkCredentials({ accessToken: 'nfp_wrong_token_000000000', apiBaseUrl: fake.baseUrl, retryBaseDelayMs: 1 });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/^Netlify token invalid or missing scope .*HTTP 401/);
    expect(bad.message).not.toContain('nfp_wrong_token_000000000');
    const team = await checkCredentials({ accessToken: TOKEN, accountSlug: 'other-team', apiBaseUrl: fake.baseUrl });
    expect(team).toEqual({ ok: false, message: expect.stringMatching(/not a member of team other-team \(it can reach: acme-team\)/) });
    expect((await checkCredentials({ accessToken: 'x', apiBaseUrl: fake.baseUrl })).message).toMatch(/^accessToken: /);
  });
});
