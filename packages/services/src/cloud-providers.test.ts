import { loadConfig } from '@shipyard/core/config';
import { describe, expect, it } from 'vitest';
import { cloudProvidersEnvPreset, createCloudProviders } from './cloud-providers';

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
