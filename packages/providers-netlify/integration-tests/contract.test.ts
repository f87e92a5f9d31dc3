import type { HostingProvider, TProviderDefinition } from '@shipyard/deploy-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { netlifyHosting } from '../src/index';

// Checked by `tsc` (pnpm typecheck) as well as at run time: the definition is what a host's
// provider registry takes, and the provider is deploy-core's HostingProvider.
describe('provider contract', () => {
  it('is a deploy-core hosting provider definition', () => {
    expectTypeOf(netlifyHosting).toExtend<TProviderDefinition<typeof netlifyHosting.optionsSchema, HostingProvider>>();
    expectTypeOf<ReturnType<typeof netlifyHosting.create>>().toExtend<HostingProvider>();
    expect(netlifyHosting.identifier).toBe('netlify');
    const provider = netlifyHosting.create(netlifyHosting.optionsSchema.parse({ accessToken: 'nfp_0123456789abcdef' }));
    expect(provider.identifier).toBe('netlify');
    expect(provider.liveUrl({ id: 'a', orgId: 'o', slug: 'My App' })).toBe('https://shipyard-my-app.netlify.app');
  });
});
