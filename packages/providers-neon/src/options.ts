import { retryPolicyOptions } from '@shipyard/deploy-core/provider-kit';
import { z } from 'zod';

export const NEON_API_BASE_URL = 'https://console.neon.tech/api/v2';

const connection = {
  /** A Neon API key (personal, or organization-scoped). Never logged. */
  apiKey: z.string().trim().min(10, 'apiKey must be a Neon API key (Account settings → API keys, or the organization’s API keys).'),
  /** The organization that owns the projects; required for organization API keys and personal keys in several orgs. */
  orgId: z
    .string()
    .trim()
    .regex(/^org-[a-z0-9-]+$/, 'orgId must look like org-example-12345678 (Organization settings → General).')
    .optional(),
  apiBaseUrl: z.url({ message: 'apiBaseUrl must be a URL such as https://console.neon.tech/api/v2.' }).default(NEON_API_BASE_URL),
  // A 423 (operations still running) is retried like a 5xx.
  ...retryPolicyOptions({ requestTimeoutMs: 30_000 }),
};

export const ZNeonConnectionOptionsSchema = z.object(connection);
export type TNeonConnectionOptions = z.output<typeof ZNeonConnectionOptionsSchema>;
export type TNeonConnectionInput = z.input<typeof ZNeonConnectionOptionsSchema>;

export const ZNeonOptionsSchema = z.object({
  ...connection,
  /** Where projects are created, e.g. `aws-us-east-2`, `aws-eu-central-1`, `azure-eastus2`. */
  regionId: z.string().trim().regex(/^[a-z]+-[a-z0-9-]+$/, 'regionId must be a Neon region id such as aws-us-east-2.'),
  pgVersion: z.union([z.literal(14), z.literal(15), z.literal(16), z.literal(17)]).default(17),
  /**
   * Scale to zero: seconds of inactivity before the compute suspends. 0 uses Neon's default
   * (5 minutes); -1 never suspends (paid plans); 60–604800 otherwise.
   */
  suspendTimeoutSeconds: z
    .number()
    .int()
    .refine((s) => s === 0 || s === -1 || (s >= 60 && s <= 604_800), 'suspendTimeoutSeconds must be 0 (Neon default), -1 (never) or 60–604800.')
    .default(300),
  /** The database and its owner role created in each project. */
  databaseName: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'databaseName must be a lower-case PostgreSQL name.').default('app'),
  roleName: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'roleName must be a lower-case PostgreSQL name.').default('app_owner'),
  /** How long provision waits for the project's create operations to finish. */
  operationTimeoutMs: z.number().int().min(1_000).max(30 * 60_000).default(120_000),
  /** First interval between operation polls (grows to 5 s). */
  pollIntervalMs: z.number().int().min(10).max(30_000).default(500),
  connectTimeoutMs: z.number().int().min(1_000).max(120_000).default(15_000),
});
export type TNeonOptions = z.output<typeof ZNeonOptionsSchema>;
export type TNeonInput = z.input<typeof ZNeonOptionsSchema>;
