import { describe, expect, it } from 'vitest';
import {
  createProviderRegistry,
  mergeProviderSets,
  type TOrgProviderSource,
  type TProviderSet,
} from './registry';
import type { HostingProvider } from './types';

function hosting(identifier: string, label = identifier): HostingProvider {
  return {
    identifier,
    label,
    deploy: async () => ({ providerDeploymentId: 'd', url: 'http://x.test' }),
    promote: async () => ({ url: 'http://x.test' }),
    liveUrl: () => 'http://x.test',
    removeApp: async () => undefined,
  };
}

/** An org source over a mutable map, counting loads. */
function memorySource() {
  const sets = new Map<string, { version: number; set: TProviderSet }>();
  const loads: string[] = [];
  const source: TOrgProviderSource = {
    version: async (orgId) => String(sets.get(orgId)?.version ?? 0),
    load: async (orgId) => {
      loads.push(orgId);
      const entry = sets.get(orgId);
      return { version: String(entry?.version ?? 0), set: entry?.set ?? {} };
    },
  };
  return {
    source,
    loads,
    put(orgId: string, set: TProviderSet) {
      sets.set(orgId, { version: (sets.get(orgId)?.version ?? 0) + 1, set });
    },
  };
}

describe('provider registry', () => {
  it('names the configured providers when an id is unknown', () => {
    const registry = createProviderRegistry({ hosting: [hosting('local')] });
    expect(() => registry.hosting('netlfy')).toThrow(
      /"netlfy" is not configured on this server\. Configured: local/,
    );
    expect(() => registry.database('local')).toThrow(/No database provider is configured/);
  });

  it('without an org source, forOrg is the host registry', async () => {
    const registry = createProviderRegistry({ hosting: [hosting('local')] });
    expect(await registry.forOrg('org_a')).toBe(registry);
  });

  it("merges an org's providers over the host's: the org's wins for the same id", () => {
    const host = { hosting: [hosting('local'), hosting('netlify', 'host netlify')] };
    const org = { hosting: [hosting('netlify', 'org netlify'), hosting('vercel')] };
    const merged = mergeProviderSets(host, org);
    expect(merged.hosting?.map((p) => `${p.identifier}:${p.label}`)).toEqual([
      'local:local',
      'netlify:org netlify',
      'vercel:vercel',
    ]);
    expect(merged.database).toEqual([]);
  });

  it('keeps orgs apart, caches per org, and reloads when the org version changes', async () => {
    const mem = memorySource();
    const registry = createProviderRegistry(
      { hosting: [hosting('local')] },
      { orgProviders: mem.source },
    );
    mem.put('org_a', { hosting: [hosting('netlify', 'A netlify')] });

    const a1 = await registry.forOrg('org_a');
    const b1 = await registry.forOrg('org_b');
    expect(a1.hosting('netlify').label).toBe('A netlify');
    expect(a1.list('hosting').map((p) => p.identifier)).toEqual(['local', 'netlify']);
    expect(b1.list('hosting').map((p) => p.identifier)).toEqual(['local']);
    expect(() => b1.hosting('netlify')).toThrow(
      /not configured for this team[\s\S]*Settings → Providers/,
    );
    // The host registry itself never sees org providers.
    expect(registry.list('hosting').map((p) => p.identifier)).toEqual(['local']);

    expect(await registry.forOrg('org_a')).toBe(a1);
    expect(mem.loads).toEqual(['org_a', 'org_b']);

    mem.put('org_a', { hosting: [hosting('netlify', 'A netlify, new token')] });
    const a2 = await registry.forOrg('org_a');
    expect(a2).not.toBe(a1);
    expect(a2.hosting('netlify').label).toBe('A netlify, new token');
    expect(await registry.forOrg('org_b')).toBe(b1);
    expect(mem.loads).toEqual(['org_a', 'org_b', 'org_a']);
  });

  it('drops the least recently used org when the cache is full', async () => {
    const mem = memorySource();
    const registry = createProviderRegistry({}, { orgProviders: mem.source, maxCachedOrgs: 2 });
    await registry.forOrg('a');
    await registry.forOrg('b');
    await registry.forOrg('a'); // a is now the most recent
    await registry.forOrg('c'); // evicts b
    await registry.forOrg('a');
    await registry.forOrg('b');
    expect(mem.loads).toEqual(['a', 'b', 'c', 'b']);
  });
});
