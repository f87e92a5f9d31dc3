import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as DeployCore from '../../deploy-core/src/providers/types';
import { cloudflareDns, cloudflarePagesHosting } from '../src/index';

// Checked by `tsc` (pnpm typecheck): if deploy-core changes an interface this package no longer
// satisfies, this file stops compiling.
describe('provider contract', () => {
  it('satisfies deploy-core’s interfaces', () => {
    expectTypeOf<ReturnType<typeof cloudflarePagesHosting.create>>().toExtend<DeployCore.HostingProvider>();
    expectTypeOf<ReturnType<typeof cloudflareDns.create>>().toExtend<DeployCore.DomainProvider>();
    expectTypeOf(cloudflarePagesHosting).toExtend<DeployCore.TProviderDefinition<typeof cloudflarePagesHosting.optionsSchema, DeployCore.HostingProvider>>();
    expectTypeOf(cloudflareDns).toExtend<DeployCore.TProviderDefinition<typeof cloudflareDns.optionsSchema, DeployCore.DomainProvider>>();
    expect(cloudflarePagesHosting.identifier).toBe('cloudflare');
    expect(cloudflareDns.identifier).toBe('cloudflare');
  });
});
