import { loadConfig } from '@shipyard/core/config';
import { FakeNetlify, TOKEN } from '@shipyard/providers-netlify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cloudProviderHostOptions,
  cloudProvidersEnvPreset,
  createCloudProviderCatalog,
  createCloudProviders,
  orgProviderCatalog,
} from './cloud-providers';

describe('cloud providers from the environment', () => {
  it('registers nothing without tokens', () => {
    const { set, configured } = createCloudProviders(loadConfig([cloudProvidersEnvPreset], {}));
    expect(configured).toEqual([]);
    expect(set.hosting).toEqual([]);
  });

  it('registers each provider whose tokens are set, with the right kind and id', () => {
    const env = loadConfig([cloudProvidersEnvPreset], {
      CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef',
      CLOUDFLARE_API_TOKEN: 'cf-token-0123456789',
      VERCEL_TOKEN: 'vercel-token-0123456789',
      NEON_API_KEY: 'neon-key-0123456789',
      TURSO_ORGANIZATION: 'acme',
      TURSO_API_TOKEN: 'turso-token-0123456789',
    });
    const { set, configured } = createCloudProviders(env);
    expect(set.hosting?.map((p) => p.identifier)).toEqual(['cloudflare', 'vercel']);
    expect(set.database?.map((p) => p.identifier)).toEqual(['turso', 'neon']);
    expect(set.domain?.map((p) => p.identifier)).toEqual(['cloudflare']);
    expect(configured.map((c) => `${c.kind}:${c.id}`)).toEqual([
      'hosting:cloudflare',
      'domain:cloudflare',
      'hosting:vercel',
      'database:turso',
      'database:neon',
    ]);
  });

  it('reports a half-configured provider with every other problem', () => {
    expect(() =>
      loadConfig([cloudProvidersEnvPreset], {
        CLOUDFLARE_API_TOKEN: 'x'.repeat(20),
        TURSO_ORGANIZATION: 'acme',
      }),
    ).toThrow(/CLOUDFLARE_ACCOUNT_ID[\s\S]*TURSO_API_TOKEN/);
  });
});

describe('the provider catalog (one description for env and teams)', () => {
  let fake: FakeNetlify;
  beforeAll(async () => {
    fake = await new FakeNetlify().start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('points env providers and team providers at the host-level API URL, never a team-given one', async () => {
    const env = loadConfig([cloudProvidersEnvPreset], {
      NETLIFY_AUTH_TOKEN: TOKEN,
      SHIPYARD_NETLIFY_API_URL: fake.baseUrl,
    });
    const { configured } = createCloudProviders(env);
    expect(configured.map((c) => `${c.kind}:${c.id}`)).toEqual(['hosting:netlify']);
    expect(await configured[0]!.check()).toMatchObject({ ok: true });

    const catalog = orgProviderCatalog(createCloudProviderCatalog(cloudProviderHostOptions(env)));
    expect(catalog.map((e) => e.id)).toEqual([
      'cloudflare',
      'netlify',
      'vercel',
      'turso',
      'neon',
      'postgres',
    ]);
    const netlify = catalog.find((e) => e.id === 'netlify')!;
    expect(
      netlify.optionsSchema.safeParse({ accessToken: TOKEN, apiBaseUrl: 'http://169.254.169.254' })
        .success,
    ).toBe(false);
    const before = fake.requests.length;
    // Even a caller that skips validation cannot redirect the calls.
    const checked = await netlify.check({
      accessToken: TOKEN,
      apiBaseUrl: 'http://127.0.0.1:1/evil',
    });
    expect(checked).toMatchObject({ ok: true });
    expect(fake.requests.length).toBeGreaterThan(before);

    const wrong = 'nfp_wrong_token_000000000000000000000';
    const refused = await netlify.check({ accessToken: wrong });
    expect(refused.ok).toBe(false);
    expect(refused.message).not.toContain(wrong);
    expect(netlify.create({ accessToken: TOKEN }).hosting?.map((p) => p.identifier)).toEqual([
      'netlify',
    ]);
    expect(fake.failures).toEqual([]);
  });

  it('reports a bad value under its variable name', () => {
    expect(() =>
      loadConfig([cloudProvidersEnvPreset], {
        CLOUDFLARE_ACCOUNT_ID: 'not-an-account-id',
        CLOUDFLARE_API_TOKEN: 'x'.repeat(20),
        NETLIFY_AUTH_TOKEN: 'short',
      }),
    ).toThrow(
      /CLOUDFLARE_ACCOUNT_ID: accountId must be the 32-character account ID[\s\S]*NETLIFY_AUTH_TOKEN: accessToken must be/,
    );
    expect(() =>
      loadConfig([cloudProvidersEnvPreset], { SHIPYARD_NETLIFY_API_URL: 'ftp://example.com' }),
    ).toThrow(/SHIPYARD_NETLIFY_API_URL: must be a URL/);
  });

  it('keeps operator-only providers out of the team catalog', () => {
    const all = createCloudProviderCatalog();
    expect(all.find((e) => e.id === 'postgres-tenants')?.forOrgs).toBe(false);
    expect(orgProviderCatalog(all).some((e) => e.id === 'postgres-tenants')).toBe(false);
    for (const entry of orgProviderCatalog(all)) {
      expect(entry.fields.some((f) => f.secret)).toBe(true);
      expect(entry.fields.map((f) => f.name)).not.toContain('apiBaseUrl');
    }
  });
});
