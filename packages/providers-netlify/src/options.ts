import { retryPolicyOptions } from '@shipyard/deploy-core/provider-kit';
import { z } from 'zod';

export const NETLIFY_API_BASE_URL = 'https://api.netlify.com/api/v1';

const connection = {
  /** A Netlify personal access token (User settings → Applications → Personal access tokens). */
  accessToken: z
    .string()
    .trim()
    .min(10, 'accessToken must be a Netlify personal access token (User settings → Applications → New access token).'),
  /**
   * The team sites are created in (the slug in app.netlify.com/teams/<slug>). Without it, sites go
   * to the token owner's default team.
   */
  accountSlug: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'accountSlug must be the team slug from app.netlify.com/teams/<slug>.')
    .optional(),
  apiBaseUrl: z.url({ message: 'apiBaseUrl must be a URL such as https://api.netlify.com/api/v1.' }).default(NETLIFY_API_BASE_URL),
  // A 429 waits for Retry-After, then X-RateLimit-Reset.
  ...retryPolicyOptions({ requestTimeoutMs: 60_000 }),
};

export const ZNetlifyConnectionOptionsSchema = z.object(connection);
export type TNetlifyConnectionOptions = z.output<typeof ZNetlifyConnectionOptionsSchema>;
export type TNetlifyConnectionInput = z.input<typeof ZNetlifyConnectionOptionsSchema>;

export const ZNetlifyHostingOptionsSchema = z.object({
  ...connection,
  /** Site names are `<sitePrefix><app slug>`; the live URL is `https://<site name>.netlify.app`. */
  sitePrefix: z
    .string()
    .regex(/^[a-z0-9-]{0,20}$/, 'sitePrefix may use a–z, 0–9 and "-" (at most 20 characters).')
    .default('shipyard-'),
  /** File and function uploads in flight at once. */
  uploadConcurrency: z.number().int().min(1).max(32).default(8),
  /** How long a deploy may take to reach `ready` after its files are uploaded. */
  deployTimeoutMs: z.number().int().min(1_000).max(60 * 60_000).default(5 * 60_000),
  /** First interval between deploy state polls (grows to 5 s). */
  pollIntervalMs: z.number().int().min(10).max(30_000).default(1_000),
});
export type TNetlifyHostingOptions = z.output<typeof ZNetlifyHostingOptionsSchema>;
export type TNetlifyHostingInput = z.input<typeof ZNetlifyHostingOptionsSchema>;
