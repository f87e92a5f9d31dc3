import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../src/credentials';
import { FakeVercel, TEAM_ID, TOKEN } from './fake-vercel';

describe('checkCredentials (Vercel)', () => {
  let fake: FakeVercel;
  beforeEach(async () => {
    fake = await new FakeVercel().start();
  });
  afterEach(async () => {
    await fake.stop();
    expect(fake.failures).toEqual([]);
  });

  it('confirms a working token with one team-scoped call', async () => {
    expect(await checkCredentials({ token: TOKEN, teamId: TEAM_ID, apiBaseUrl: fake.baseUrl })).toEqual({ ok: true, message: `The token works for team ${TEAM_ID}.` });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v10/projects']);
  });

  it('explains an invalid token and a token without the team in its scope, never echoing the token', async () => {
    const bad = await checkCredentials({ token: 'vercel_wrong_token_00000', teamId: TEAM_ID, apiBaseUrl: fake.baseUrl });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/^Vercel token invalid or missing scope .*rejected the token/);
    expect(bad.message).not.toContain('vercel_wrong_token_00000');
    fake.tokens.set('vercel_personal_token_0000', false);
    const scope = await checkCredentials({ token: 'vercel_personal_token_0000', teamId: TEAM_ID, apiBaseUrl: fake.baseUrl });
    expect(scope.message).toMatch(new RegExp(`not allowed to list the projects in team ${TEAM_ID}`));
    expect((await checkCredentials({ token: TOKEN, teamId: 'acme', apiBaseUrl: fake.baseUrl })).message).toMatch(/^teamId: /);
  });
});
