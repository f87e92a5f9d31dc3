import { retryPolicyOptions } from '@shipyard/deploy-core/provider-kit';
import { z } from 'zod';

export const VERCEL_API_BASE_URL = 'https://api.vercel.com';

const connection = {
  /** A Vercel access token (Account settings → Tokens), scoped to the team projects are created in. */
  token: z.string().trim().min(10, 'token must be a Vercel access token (Account settings → Tokens → Create).'),
  /** The team projects live in (`team_…`, Team settings → General). Without it, the token owner's personal account. */
  teamId: z
    .string()
    .trim()
    .regex(/^team_[A-Za-z0-9]{6,64}$/, 'teamId must be the team ID from Team settings → General (it starts with "team_").')
    .optional(),
  apiBaseUrl: z.url({ message: 'apiBaseUrl must be a URL such as https://api.vercel.com.' }).default(VERCEL_API_BASE_URL),
  // A 429 waits for Retry-After, then X-RateLimit-Reset.
  ...retryPolicyOptions({ requestTimeoutMs: 60_000 }),
};

export const ZVercelConnectionOptionsSchema = z.object(connection);
export type TVercelConnectionOptions = z.output<typeof ZVercelConnectionOptionsSchema>;
export type TVercelConnectionInput = z.input<typeof ZVercelConnectionOptionsSchema>;

export const ZVercelHostingOptionsSchema = z.object({
  ...connection,
  /** Project names are `<projectPrefix><app slug>`; the live URL is `https://<project>.vercel.app`. */
  projectPrefix: z
    .string()
    .regex(/^[a-z0-9-]{0,20}$/, 'projectPrefix may use a–z, 0–9 and "-" (at most 20 characters).')
    .default('shipyard-'),
  /** File uploads in flight at once. */
  uploadConcurrency: z.number().int().min(1).max(32).default(8),
  /** How long a deployment may take to reach READY (Vercel builds the function). */
  deploymentTimeoutMs: z.number().int().min(1_000).max(60 * 60_000).default(10 * 60_000),
  /** First interval between readyState polls (grows to 5 s). */
  pollIntervalMs: z.number().int().min(10).max(30_000).default(1_000),
});
export type TVercelHostingOptions = z.output<typeof ZVercelHostingOptionsSchema>;
export type TVercelHostingInput = z.input<typeof ZVercelHostingOptionsSchema>;
