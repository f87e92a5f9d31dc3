import { retryPolicyOptions } from '@shipyard/deploy-core/provider-kit';
import { z } from 'zod';

export const CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

/** How domain verification resolves public DNS for zones that are not in the Cloudflare account. */
export interface TDnsResolver {
  resolveTxt(name: string): Promise<string[][]>;
  resolveCname(name: string): Promise<string[]>;
}

const connection = {
  /** The Cloudflare account id (32 hex characters, on the dashboard's overview page). */
  accountId: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{32}$/i, 'accountId must be the 32-character account ID shown in the Cloudflare dashboard.'),
  /** An API token (not the global API key); see the README for the scopes it needs. */
  apiToken: z.string().trim().min(10, 'apiToken must be a Cloudflare API token (create one under My Profile → API Tokens).'),
  apiBaseUrl: z.url({ message: 'apiBaseUrl must be a URL such as https://api.cloudflare.com/client/v4.' }).default(CLOUDFLARE_API_BASE_URL),
  /** Pages project names are `<projectPrefix><app slug>`. */
  projectPrefix: z
    .string()
    .regex(/^[a-z0-9-]{0,20}$/, 'projectPrefix may use a–z, 0–9 and "-" (at most 20 characters).')
    .default('shipyard-'),
  ...retryPolicyOptions({ requestTimeoutMs: 60_000 }),
};

export const ZCloudflareConnectionOptionsSchema = z.object(connection);
export type TCloudflareConnectionOptions = z.output<typeof ZCloudflareConnectionOptionsSchema>;
export type TCloudflareConnectionInput = z.input<typeof ZCloudflareConnectionOptionsSchema>;

export const ZCloudflarePagesOptionsSchema = z.object({
  ...connection,
  /** The branch name Shipyard's deployments use; it is the project's production branch. */
  productionBranch: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,64}$/, 'productionBranch must be a branch name such as "main".')
    .default('main'),
  /** How long a deployment may take to reach `deploy: success` before the upload step fails. */
  deploymentTimeoutMs: z.number().int().min(1_000).max(60 * 60_000).default(5 * 60_000),
  /** First interval between deployment status polls (grows to 5 s). */
  pollIntervalMs: z.number().int().min(10).max(30_000).default(1_000),
});
export type TCloudflarePagesOptions = z.output<typeof ZCloudflarePagesOptionsSchema>;

export const ZCloudflareDnsOptionsSchema = z.object({
  ...connection,
  /** WHOIS privacy for registered domains. */
  privacyMode: z.enum(['redaction', 'off']).default('redaction'),
  /** How long `purchase` polls a registration workflow before returning `pending`. */
  registrationPollTimeoutMs: z.number().int().min(0).max(15 * 60_000).default(60_000),
  /** First interval between registration status polls (doubles, at most 10 s). */
  registrationPollIntervalMs: z.number().int().min(10).max(60_000).default(2_000),
  /** Resolver for zones outside the account. Default: the system resolver (node:dns). */
  resolver: z
    .custom<TDnsResolver>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as TDnsResolver).resolveTxt === 'function' &&
        typeof (v as TDnsResolver).resolveCname === 'function',
      'resolver must have resolveTxt and resolveCname functions (like node:dns/promises).',
    )
    .optional(),
});
export type TCloudflareDnsOptions = z.output<typeof ZCloudflareDnsOptionsSchema>;
