// The deploy-core provider contract this package implements.
export type {
  DomainProvider,
  HostingProvider,
  TAppRef,
  TBuildArtifact,
  TDatabaseConnection,
  TDnsRecord,
  TDomainOffer,
  THostedDeployment,
  TProviderDefinition,
  TStepContext,
} from '@shipyard/deploy-core';
