import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as DeployCore from '../../deploy-core/src/providers/types';
import type * as Mirror from '../src/contract';
import { cloudflareDns, cloudflarePagesHosting } from '../src/index';

// src/contract.ts mirrors deploy-core's provider interfaces (deploy-core's entry does not export
// them yet). These assertions are checked by `tsc` (pnpm typecheck): if deploy-core changes an
// interface, this file stops compiling.
describe('provider contract', () => {
  it('is exactly deploy-core’s interfaces', () => {
    expectTypeOf<ReturnType<typeof cloudflarePagesHosting.create>>().toExtend<DeployCore.HostingProvider>();
    expectTypeOf<ReturnType<typeof cloudflareDns.create>>().toExtend<DeployCore.DomainProvider>();
    // Method parameters are bivariant, so `toExtend` would miss a changed argument: compare exactly.
    expectTypeOf<Mirror.HostingProvider>().toEqualTypeOf<DeployCore.HostingProvider>();
    expectTypeOf<Mirror.DomainProvider>().toEqualTypeOf<DeployCore.DomainProvider>();
    expectTypeOf<Mirror.TAppRef>().toEqualTypeOf<DeployCore.TAppRef>();
    expectTypeOf<Mirror.TDatabaseConnection>().toEqualTypeOf<DeployCore.TDatabaseConnection>();
    expectTypeOf<Mirror.THostedDeployment>().toEqualTypeOf<DeployCore.THostedDeployment>();
    expectTypeOf<DeployCore.TBuildArtifact>().toEqualTypeOf<Mirror.TBuildArtifact>();
    expectTypeOf<DeployCore.TStepContext>().toEqualTypeOf<Mirror.TStepContext>();
    expectTypeOf(cloudflarePagesHosting).toExtend<DeployCore.TProviderDefinition<typeof cloudflarePagesHosting.optionsSchema, DeployCore.HostingProvider>>();
    expectTypeOf(cloudflareDns).toExtend<DeployCore.TProviderDefinition<typeof cloudflareDns.optionsSchema, DeployCore.DomainProvider>>();
    expect(cloudflarePagesHosting.identifier).toBe('cloudflare');
    expect(cloudflareDns.identifier).toBe('cloudflare');
  });
});
