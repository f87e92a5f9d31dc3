import type { HostingProvider, TProviderDefinition } from '@shipyard/deploy-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { vercelHosting } from '../src/index';

// Checked by `tsc` (pnpm typecheck) as well as at run time: the definition is what a host's
// provider registry takes, and the provider is deploy-core's HostingProvider.
describe('provider contract', () => {
  it('is a deploy-core hosting provider definition', () => {
    expectTypeOf(vercelHosting).toExtend<TProviderDefinition<typeof vercelHosting.optionsSchema, HostingProvider>>();
    expectTypeOf<ReturnType<typeof vercelHosting.create>>().toExtend<HostingProvider>();
    expect(vercelHosting.identifier).toBe('vercel');
    const provider = vercelHosting.create(vercelHosting.optionsSchema.parse({ token: 'vercel_0123456789abcdef' }));
    expect(provider.identifier).toBe('vercel');
    expect(provider.liveUrl({ id: 'a', orgId: 'o', slug: 'My App' })).toBe('https://shipyard-my-app.vercel.app');
  });
});
