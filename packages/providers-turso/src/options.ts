import { retryPolicyOptions } from '@shipyard/deploy-core/provider-kit';
import { z } from 'zod';

export const TURSO_API_BASE_URL = 'https://api.turso.tech';

const connection = {
  /** The organization slug (`turso org list`), e.g. `acme`. */
  organization: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'organization must be the Turso organization slug (lower-case letters, digits and "-"), as `turso org list` shows it.'),
  /** A Platform API token (`turso auth api-tokens mint <name>`). Never logged. */
  apiToken: z.string().trim().min(10, 'apiToken must be a Turso Platform API token (create one with `turso auth api-tokens mint shipyard`).'),
  apiBaseUrl: z.url({ message: 'apiBaseUrl must be a URL such as https://api.turso.tech.' }).default(TURSO_API_BASE_URL),
  ...retryPolicyOptions({ requestTimeoutMs: 30_000 }),
};

export const ZTursoConnectionOptionsSchema = z.object(connection);
export type TTursoConnectionOptions = z.output<typeof ZTursoConnectionOptionsSchema>;
export type TTursoConnectionInput = z.input<typeof ZTursoConnectionOptionsSchema>;

export const ZTursoOptionsSchema = z.object({
  ...connection,
  /** The group databases are created in (it fixes their location). */
  group: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'group must be a Turso group name, e.g. "default".').default('default'),
  /** Lifetime of the database tokens Shipyard mints: `never`, or a duration such as `90d` / `2w1d30m`. */
  tokenExpiration: z
    .string()
    .regex(/^(never|(\d+[wdhms])+)$/, 'tokenExpiration must be "never" or a duration such as 90d or 2w1d30m.')
    .default('never'),
  /**
   * Use TLS to reach the databases (`libsql://host`). Only a local `sqld` or a test server
   * without TLS needs false; the URLs then carry `?tls=0`.
   */
  tls: z.boolean().default(true),
});
export type TTursoOptions = z.output<typeof ZTursoOptionsSchema>;
export type TTursoInput = z.input<typeof ZTursoOptionsSchema>;
