import { z } from 'zod';
import type { TLookup } from './network';
import { parsePostgresUrl } from './url';

const sslMode = z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']);

const postgresUrl = (what: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const parsed = parsePostgresUrl(value);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${what}: ${parsed.message}` });
    });

const lookup = z
  .custom<TLookup>((v) => typeof v === 'function', 'lookup must be a function like dns.promises.lookup(host, { all: true }).')
  .optional();

/** Bring-your-own PostgreSQL: the org gives a database URL; Shipyard only checks and uses it. */
export const ZPostgresUrlOptionsSchema = z.object({
  /** `postgresql://user:password@host:5432/database?sslmode=require`. */
  url: postgresUrl('url'),
  /**
   * Allow hosts that resolve to private, loopback or link-local addresses. Off by default: a
   * user-supplied URL must not reach the platform's internal network (SSRF). Operators turn it on
   * for databases on their own network.
   */
  allowPrivateNetworks: z.boolean().default(false),
  /** SSL mode when the URL has no `sslmode`. */
  defaultSslMode: sslMode.default('require'),
  /** Connection (and connection test) timeout. */
  connectTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /** DNS resolver used for the address check (default: the system resolver). */
  lookup,
  /**
   * The host's SQL gateway (`createPostgresSqlGateway` with `publicHosts`): set by the operator,
   * never by a team. With it, apps on hosts without TCP reach the database over HTTP.
   */
  sqlGatewayUrl: z.url({ protocol: /^https?$/, error: 'sqlGatewayUrl must be an http(s) URL.' }).optional(),
});
export type TPostgresUrlOptions = z.output<typeof ZPostgresUrlOptionsSchema>;
export type TPostgresUrlInput = z.input<typeof ZPostgresUrlOptionsSchema>;

/** Self-hosted tenant databases: one database and one role per app on the operator's server. */
export const ZPostgresTenantOptionsSchema = z.object({
  /** A superuser (or CREATEROLE + CREATEDB) URL for the server, e.g. postgresql://postgres@10.0.0.5:5432/postgres. */
  adminUrl: postgresUrl('adminUrl'),
  /** Host name the tenants (deployed apps) use to reach the server. */
  tenantHost: z.string().trim().min(1, 'tenantHost must be the host name apps use to reach the server.'),
  tenantPort: z.number().int().min(1).max(65535).default(5432),
  /** `sslmode` written into the tenants' URLs. */
  tenantSslMode: sslMode.default('require'),
  /** Most connections one app's role may hold at once (`CONNECTION LIMIT`). */
  connectionLimit: z.number().int().min(1).max(10_000).default(20),
  /**
   * The public base URL of a SQL gateway (`createPostgresSqlGateway`) in front of this server.
   * With it, apps on hosts that cannot open TCP connections (workerd, Cloudflare, Vercel Edge)
   * reach their databases over HTTP; without it, only hosts with `tcpDatabases` can use them.
   */
  sqlGatewayUrl: z.url({ protocol: /^https?$/, error: 'sqlGatewayUrl must be an http(s) URL.' }).optional(),
  /** Database and role name prefix: `<prefix><app database name>`, at most 63 bytes in all. */
  namePrefix: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,19}$/, 'namePrefix must be lower-case letters, digits and "_" (at most 20), starting with a letter or "_".')
    .default('sy_'),
  connectTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
});
export type TPostgresTenantOptions = z.output<typeof ZPostgresTenantOptionsSchema>;
export type TPostgresTenantInput = z.input<typeof ZPostgresTenantOptionsSchema>;
