import type { z } from 'zod';

/*
 * The deploy-core provider contract this package implements, copied type for type from
 * packages/deploy-core/src/providers/types.ts. deploy-core's public entry does not export its
 * provider interfaces yet; TypeScript compares structurally, so these are interchangeable with
 * deploy-core's own, and integration-tests/contract.test.ts fails to compile if they drift.
 * Replace this file with `export type { … } from '@shipyard/deploy-core'` once it exports them.
 */

export interface TBuildArtifact {
  hash: string;
  assets: Map<string, Uint8Array>;
  worker: string;
}

export interface TAppRef {
  id: string;
  orgId: string;
  slug: string;
}

export interface TDatabaseConnection {
  provider: string;
  externalId: string;
  name: string;
  url: string;
  authToken?: string;
}

export interface THostedDeployment {
  providerDeploymentId: string;
  url: string;
}

export interface TProviderDefinition<TOptions extends z.ZodType, TProvider> {
  identifier: string;
  optionsSchema: TOptions;
  create(options: z.output<TOptions>): TProvider;
}

export interface TStepContext {
  signal: AbortSignal;
  log(message: string): void;
}

export interface TRequestLog {
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  error?: string;
}

export interface HostingProvider {
  readonly identifier: string;
  readonly label: string;
  deploy(
    input: {
      app: TAppRef;
      deploymentId: string;
      artifact: TBuildArtifact;
      env: Record<string, string>;
      database: TDatabaseConnection | null;
    },
    ctx: TStepContext,
  ): Promise<THostedDeployment>;
  promote(input: { app: TAppRef; providerDeploymentId: string }, ctx: TStepContext): Promise<{ url: string }>;
  liveUrl(app: TAppRef): string;
  removeApp(app: TAppRef, ctx: TStepContext): Promise<void>;
  addDomain?(input: { app: TAppRef; domain: string }, ctx: TStepContext): Promise<void>;
  removeDomain?(input: { app: TAppRef; domain: string }, ctx: TStepContext): Promise<void>;
  requestLogs?(app: TAppRef, limit: number): Promise<TRequestLog[]>;
}

export interface TDnsRecord {
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT';
  name: string;
  value: string;
}

export interface TDomainOffer {
  domain: string;
  available: boolean;
  yearlyPriceUsd?: number;
}

export interface DomainProvider {
  readonly identifier: string;
  readonly label: string;
  recordsFor(input: { domain: string; app: TAppRef; verificationToken: string }): TDnsRecord[];
  verify(input: { domain: string; verificationToken: string }): Promise<{ verified: boolean; problems: string[] }>;
  search?(query: string): Promise<TDomainOffer[]>;
  purchase?(input: { domain: string; autoRenew: boolean }): Promise<{ orderId: string; status: 'pending' | 'active' }>;
}
