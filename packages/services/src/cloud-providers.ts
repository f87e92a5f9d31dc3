import { defineEnvPreset } from '@shipyard/core/config';
import {
  mergeProviderSets,
  type TCredentialFields,
  type TCredentialKind,
  type TProviderCatalogEntry,
  type TProviderSet,
} from '@shipyard/deploy-core';
import {
  checkCredentials as checkCloudflare,
  cloudflareDns,
  cloudflarePagesHosting,
  ZCloudflareConnectionOptionsSchema,
} from '@shipyard/providers-cloudflare';
import {
  checkCredentials as checkNeon,
  neonDatabases,
  ZNeonOptionsSchema,
} from '@shipyard/providers-neon';
import {
  checkCredentials as checkNetlify,
  netlifyHosting,
  ZNetlifyConnectionOptionsSchema,
} from '@shipyard/providers-netlify';
import {
  checkDatabaseUrl,
  postgresTenantDatabases,
  postgresUrlDatabase,
  ZPostgresTenantOptionsSchema,
  ZPostgresUrlOptionsSchema,
} from '@shipyard/providers-postgres';
import {
  checkCredentials as checkTurso,
  tursoDatabases,
  ZTursoOptionsSchema,
} from '@shipyard/providers-turso';
import {
  checkCredentials as checkVercel,
  vercelHosting,
  ZVercelConnectionOptionsSchema,
} from '@shipyard/providers-vercel';
import { z } from 'zod';

/** Vendors whose API base URL a host may point elsewhere (a fake in tests, a proxy in an enterprise). */
export const CLOUD_API_VENDORS = ['cloudflare', 'netlify', 'vercel', 'turso', 'neon'] as const;
export type TCloudApiVendor = (typeof CLOUD_API_VENDORS)[number];

/** What only the operator decides — never a team: where vendor API calls go. */
export interface TCloudProviderHostOptions {
  /** Vendor API base URLs. Default: each vendor's public API. */
  apiBaseUrls?: Partial<Record<TCloudApiVendor, string>>;
  /** The SQL gateway teams' own PostgreSQL databases are reached through (`--public-hosts`). */
  postgresSqlGatewayUrl?: string;
}

/**
 * One cloud provider, described once for both ways it can be configured: by the operator through
 * environment variables (`env`), and by a team in Settings → Providers (`forOrgs`).
 */
export interface TCloudProviderEntry extends TProviderCatalogEntry {
  /** Field name → environment variable, for the operator's own configuration. */
  env?: Record<string, string>;
  /** Offered to teams. Off for providers that reach the operator's own network. */
  forOrgs: boolean;
  /** Labels per kind, for `shipyard providers check`. */
  kindLabels?: Partial<Record<TCredentialKind, string>>;
}

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const apiUrl = z.url({ protocol: /^https?$/ }).optional();

/**
 * Cloud providers an operator turns on by setting their tokens. Each one that is configured is
 * registered next to the local providers; `shipyard providers check` verifies them. The field
 * rules are the catalog's (`createCloudProviderCatalog`), reported per variable.
 */
export const cloudProvidersEnvPreset = defineEnvPreset(
  'cloud-providers',
  {
    /** Cloudflare account id (dashboard → Workers & Pages → Account ID). */
    CLOUDFLARE_ACCOUNT_ID: optional,
    /** Cloudflare API token: Account.Cloudflare Pages:Edit (and Zone.DNS:Edit, Registrar for domains). */
    CLOUDFLARE_API_TOKEN: optional,
    /** Netlify personal access token. */
    NETLIFY_AUTH_TOKEN: optional,
    /** Netlify team slug to create sites in (default: the token's own). */
    NETLIFY_ACCOUNT_SLUG: optional,
    /** Vercel access token. */
    VERCEL_TOKEN: optional,
    /** Vercel team id (default: the token's personal account). */
    VERCEL_TEAM_ID: optional,
    /** Turso organization slug. */
    TURSO_ORGANIZATION: optional,
    /** Turso Platform API token. */
    TURSO_API_TOKEN: optional,
    /** Turso group to create databases in. */
    TURSO_GROUP: z.string().trim().default('default'),
    /** Neon API key. */
    NEON_API_KEY: optional,
    /** Neon region for new projects. */
    NEON_REGION: z.string().trim().default('aws-us-east-2'),
    /** PostgreSQL superuser (or CREATEROLE + CREATEDB) URL for one database and role per app. */
    POSTGRES_TENANT_ADMIN_URL: optional,
    /** Host name apps use to reach that server. */
    POSTGRES_TENANT_HOST: optional,
    /**
     * Public URL of the SQL gateway in front of that server (`shipyard-sql-gateway`): apps on
     * hosts without TCP (workerd, Cloudflare, Vercel Edge) reach their databases through it.
     */
    POSTGRES_SQL_GATEWAY_URL: optional,
    /**
     * Vendor API base URLs, for tests against local fake vendors and enterprise egress proxies
     * only. They apply to the operator's providers and to every team's; a team can never set one.
     */
    SHIPYARD_CLOUDFLARE_API_URL: apiUrl,
    SHIPYARD_NETLIFY_API_URL: apiUrl,
    SHIPYARD_VERCEL_API_URL: apiUrl,
    SHIPYARD_TURSO_API_URL: apiUrl,
    SHIPYARD_NEON_API_URL: apiUrl,
  },
  {
    check(env, report) {
      const vars = env as Record<string, string | undefined>;
      for (const entry of createCloudProviderCatalog()) {
        if (!entry.env) continue;
        const required = entry.fields.filter((f) => f.required && entry.env?.[f.name]);
        const set = required.filter((f) => vars[entry.env![f.name]!]);
        if (!set.length) continue;
        if (set.length < required.length) {
          const given = set.map((f) => entry.env![f.name]).join(', ');
          for (const f of required)
            if (!set.includes(f))
              report(entry.env[f.name]!, `required with ${given} — set both or neither`);
          continue;
        }
        const parsed = entry.optionsSchema.safeParse(fieldsFromEnv(entry, vars));
        if (parsed.success) continue;
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          report(entry.env[field] ?? entry.id, issue.message);
        }
      }
    },
  },
);

export type TCloudProvidersEnv = ReturnType<typeof cloudProvidersEnvPreset.schema.parse>;

/** The host options the environment sets (vendor API base URLs). */
export function cloudProviderHostOptions(env: TCloudProvidersEnv): TCloudProviderHostOptions {
  const apiBaseUrls: Partial<Record<TCloudApiVendor, string>> = {};
  const byVendor: Record<TCloudApiVendor, string | undefined> = {
    cloudflare: env.SHIPYARD_CLOUDFLARE_API_URL,
    netlify: env.SHIPYARD_NETLIFY_API_URL,
    vercel: env.SHIPYARD_VERCEL_API_URL,
    turso: env.SHIPYARD_TURSO_API_URL,
    neon: env.SHIPYARD_NEON_API_URL,
  };
  for (const vendor of CLOUD_API_VENDORS) {
    const url = byVendor[vendor];
    if (url) apiBaseUrls[vendor] = url.replace(/\/+$/, '');
  }
  return {
    apiBaseUrls,
    ...(env.POSTGRES_SQL_GATEWAY_URL
      ? { postgresSqlGatewayUrl: env.POSTGRES_SQL_GATEWAY_URL }
      : {}),
  };
}

function fieldsFromEnv(
  entry: TCloudProviderEntry,
  vars: Record<string, string | undefined>,
): TCredentialFields {
  const fields: TCredentialFields = {};
  for (const [field, variable] of Object.entries(entry.env ?? {})) {
    const value = vars[variable]?.trim();
    if (value) fields[field] = value;
  }
  return fields;
}

/**
 * Every cloud provider Shipyard ships, each described once: its form fields, validation, one
 * cheap authenticated check, and how to build its providers. Host options (API base URLs) are
 * closed over here; the fields a team or an env var gives can never override them.
 */
export function createCloudProviderCatalog(
  host: TCloudProviderHostOptions = {},
): TCloudProviderEntry[] {
  const base = (vendor: TCloudApiVendor) =>
    host.apiBaseUrls?.[vendor] ? { apiBaseUrl: host.apiBaseUrls[vendor] } : {};

  const entries: TCloudProviderEntry[] = [
    {
      id: 'cloudflare',
      label: 'Cloudflare',
      description:
        'Hosting on Cloudflare Pages, and DNS and domain registration for custom domains.',
      kinds: ['hosting', 'domain'],
      kindLabels: { hosting: 'Cloudflare Pages', domain: 'Cloudflare DNS and Registrar' },
      fields: [
        {
          name: 'accountId',
          label: 'Account ID',
          secret: false,
          required: true,
          help: 'Cloudflare dashboard → Workers & Pages → Account ID (32 characters).',
          placeholder: '0123456789abcdef0123456789abcdef',
        },
        {
          name: 'apiToken',
          label: 'API token',
          secret: true,
          required: true,
          help: 'My Profile → API Tokens. Permissions: Account · Cloudflare Pages · Edit, and Zone · DNS · Edit.',
        },
      ],
      env: { accountId: 'CLOUDFLARE_ACCOUNT_ID', apiToken: 'CLOUDFLARE_API_TOKEN' },
      forOrgs: true,
      optionsSchema: ZCloudflareConnectionOptionsSchema.pick({
        accountId: true,
        apiToken: true,
      }).strict(),
      check: (fields, opts) =>
        checkCloudflare(
          { accountId: fields.accountId!, apiToken: fields.apiToken!, ...base('cloudflare') },
          {
            scopes:
              opts?.kind === 'hosting'
                ? ['pages']
                : opts?.kind === 'domain'
                  ? ['zone']
                  : ['pages', 'zone'],
          },
        ),
      create: (fields) => {
        const connection = { ...fields, ...base('cloudflare') };
        return {
          hosting: [
            cloudflarePagesHosting.create(cloudflarePagesHosting.optionsSchema.parse(connection)),
          ],
          domain: [cloudflareDns.create(cloudflareDns.optionsSchema.parse(connection))],
        };
      },
    },
    {
      id: 'netlify',
      label: 'Netlify',
      description: 'Hosting on Netlify: static files on its CDN, the API as a Netlify Function.',
      kinds: ['hosting'],
      fields: [
        {
          name: 'accessToken',
          label: 'Personal access token',
          secret: true,
          required: true,
          help: 'Netlify → User settings → Applications → Personal access tokens → New access token.',
        },
        {
          name: 'accountSlug',
          label: 'Team slug',
          secret: false,
          required: false,
          help: 'The <slug> in app.netlify.com/teams/<slug>. Empty: the token owner’s default team.',
          placeholder: 'acme-team',
        },
      ],
      env: { accessToken: 'NETLIFY_AUTH_TOKEN', accountSlug: 'NETLIFY_ACCOUNT_SLUG' },
      forOrgs: true,
      optionsSchema: ZNetlifyConnectionOptionsSchema.pick({
        accessToken: true,
        accountSlug: true,
      }).strict(),
      check: (fields) =>
        checkNetlify({
          accessToken: fields.accessToken!,
          ...(fields.accountSlug ? { accountSlug: fields.accountSlug } : {}),
          ...base('netlify'),
        }),
      create: (fields) => ({
        hosting: [
          netlifyHosting.create(
            netlifyHosting.optionsSchema.parse({ ...fields, ...base('netlify') }),
          ),
        ],
      }),
    },
    {
      id: 'vercel',
      label: 'Vercel',
      description:
        'Hosting on Vercel: static files on its edge network, the API as a Vercel Function.',
      kinds: ['hosting'],
      fields: [
        {
          name: 'token',
          label: 'Access token',
          secret: true,
          required: true,
          help: 'Vercel → Account settings → Tokens → Create, scoped to the team below.',
        },
        {
          name: 'teamId',
          label: 'Team ID',
          secret: false,
          required: false,
          help: 'Team settings → General (starts with "team_"). Empty: the personal account.',
          placeholder: 'team_…',
        },
      ],
      env: { token: 'VERCEL_TOKEN', teamId: 'VERCEL_TEAM_ID' },
      forOrgs: true,
      optionsSchema: ZVercelConnectionOptionsSchema.pick({ token: true, teamId: true }).strict(),
      check: (fields) =>
        checkVercel({
          token: fields.token!,
          ...(fields.teamId ? { teamId: fields.teamId } : {}),
          ...base('vercel'),
        }),
      create: (fields) => ({
        hosting: [
          vercelHosting.create(vercelHosting.optionsSchema.parse({ ...fields, ...base('vercel') })),
        ],
      }),
    },
    {
      id: 'turso',
      label: 'Turso',
      description: 'A libSQL (SQLite) database per app on Turso.',
      kinds: ['database'],
      fields: [
        {
          name: 'organization',
          label: 'Organization',
          secret: false,
          required: true,
          help: 'The organization slug, as `turso org list` shows it.',
          placeholder: 'acme',
        },
        {
          name: 'apiToken',
          label: 'Platform API token',
          secret: true,
          required: true,
          help: 'Create one with `turso auth api-tokens mint shipyard`.',
        },
        {
          name: 'group',
          label: 'Group',
          secret: false,
          required: false,
          help: 'The group databases are created in (it fixes their location). Default: default.',
          placeholder: 'default',
        },
      ],
      env: {
        organization: 'TURSO_ORGANIZATION',
        apiToken: 'TURSO_API_TOKEN',
        group: 'TURSO_GROUP',
      },
      forOrgs: true,
      optionsSchema: ZTursoOptionsSchema.pick({
        organization: true,
        apiToken: true,
        group: true,
      }).strict(),
      check: (fields) =>
        checkTurso({
          organization: fields.organization!,
          apiToken: fields.apiToken!,
          group: fields.group ?? 'default',
          ...base('turso'),
        }),
      create: (fields) => ({
        database: [
          tursoDatabases.create(
            tursoDatabases.optionsSchema.parse({ ...fields, ...base('turso') }),
          ),
        ],
      }),
    },
    {
      id: 'neon',
      label: 'Neon',
      description: 'A serverless PostgreSQL project per app on Neon.',
      kinds: ['database'],
      fields: [
        {
          name: 'apiKey',
          label: 'API key',
          secret: true,
          required: true,
          help: 'Neon → Account settings → API keys (or the organization’s API keys).',
        },
        {
          name: 'orgId',
          label: 'Organization ID',
          secret: false,
          required: false,
          help: 'Organization settings → General. Needed for organization keys.',
          placeholder: 'org-example-12345678',
        },
        {
          name: 'regionId',
          label: 'Region',
          secret: false,
          required: false,
          help: 'Where new projects are created. Default: aws-us-east-2.',
          placeholder: 'aws-us-east-2',
        },
      ],
      env: { apiKey: 'NEON_API_KEY', regionId: 'NEON_REGION' },
      forOrgs: true,
      optionsSchema: ZNeonOptionsSchema.pick({ apiKey: true, orgId: true })
        .extend({ regionId: ZNeonOptionsSchema.shape.regionId.optional() })
        .strict(),
      check: (fields) =>
        checkNeon({
          apiKey: fields.apiKey!,
          ...(fields.orgId ? { orgId: fields.orgId } : {}),
          ...base('neon'),
        }),
      create: (fields) => ({
        database: [
          neonDatabases.create(
            neonDatabases.optionsSchema.parse({
              regionId: 'aws-us-east-2',
              ...fields,
              ...base('neon'),
            }),
          ),
        ],
      }),
    },
    {
      id: 'postgres',
      label: 'PostgreSQL (your database)',
      description: host.postgresSqlGatewayUrl
        ? "Your own PostgreSQL database, reachable from the internet. Apps deploy their schema and data into it and query it through this server's SQL gateway; Shipyard never deletes it."
        : 'Your own PostgreSQL database, reachable from the internet. Apps deploy their schema and data into it; Shipyard never deletes it. Apps query it over a direct connection, so it needs a host that opens one (the built-in hosts reach databases over HTTP: use Neon or Turso there).',
      kinds: ['database'],
      fields: [
        {
          name: 'url',
          label: 'Database URL',
          secret: true,
          required: true,
          help: 'postgresql://user:password@host:5432/database?sslmode=require — the host must be public.',
          placeholder: 'postgresql://user:password@db.example.com:5432/app',
        },
      ],
      forOrgs: true,
      // Private, loopback and link-local addresses are refused (allowPrivateNetworks stays false).
      optionsSchema: z.object({ url: ZPostgresUrlOptionsSchema.shape.url }).strict(),
      check: (fields) => checkDatabaseUrl(fields.url!),
      create: (fields) => ({
        database: [
          postgresUrlDatabase.create(
            postgresUrlDatabase.optionsSchema.parse({
              url: fields.url,
              ...(host.postgresSqlGatewayUrl ? { sqlGatewayUrl: host.postgresSqlGatewayUrl } : {}),
            }),
          ),
        ],
      }),
    },
    {
      id: 'postgres-tenants',
      label: 'PostgreSQL (one database per app)',
      description: 'A database and a role per app on the operator’s PostgreSQL server.',
      kinds: ['database'],
      fields: [
        { name: 'adminUrl', label: 'Admin URL', secret: true, required: true },
        { name: 'tenantHost', label: 'Host for apps', secret: false, required: true },
        { name: 'sqlGatewayUrl', label: 'SQL gateway URL', secret: false, required: false },
      ],
      env: {
        adminUrl: 'POSTGRES_TENANT_ADMIN_URL',
        tenantHost: 'POSTGRES_TENANT_HOST',
        sqlGatewayUrl: 'POSTGRES_SQL_GATEWAY_URL',
      },
      // The admin URL is not SSRF-checked (it is the operator's own server): operators only.
      forOrgs: false,
      optionsSchema: ZPostgresTenantOptionsSchema.pick({
        adminUrl: true,
        tenantHost: true,
        sqlGatewayUrl: true,
      }).strict(),
      check: (fields) =>
        postgresTenantDatabases.create(postgresTenantDatabases.optionsSchema.parse(fields)).check(),
      create: (fields) => ({
        database: [
          postgresTenantDatabases.create(postgresTenantDatabases.optionsSchema.parse(fields)),
        ],
      }),
    },
  ];
  // Only declared fields ever reach a provider: whatever else a caller passes (a base URL, a
  // retry policy) is dropped here, whether or not it was validated first.
  return entries.map((entry) => {
    const declared = (fields: TCredentialFields): TCredentialFields =>
      Object.fromEntries(
        entry.fields.flatMap((f) => (fields[f.name] ? [[f.name, fields[f.name]!]] : [])),
      );
    return {
      ...entry,
      check: (fields, opts) => entry.check(declared(fields), opts),
      create: (fields) => entry.create(declared(fields)),
    };
  });
}

/** The entries teams may connect themselves (Settings → Providers). */
export function orgProviderCatalog(
  catalog: readonly TCloudProviderEntry[],
): TProviderCatalogEntry[] {
  return catalog.filter((entry) => entry.forOrgs);
}

export interface TConfiguredProvider {
  kind: 'hosting' | 'database' | 'domain';
  id: string;
  label: string;
  /** One cheap authenticated call; never reveals the token. */
  check(): Promise<{ ok: boolean; message: string }>;
}

/** The cloud providers the environment configures, ready to register. */
export function createCloudProviders(
  env: TCloudProvidersEnv,
  catalog: readonly TCloudProviderEntry[] = createCloudProviderCatalog(
    cloudProviderHostOptions(env),
  ),
): {
  set: TProviderSet;
  configured: TConfiguredProvider[];
} {
  let set: TProviderSet = { hosting: [], database: [], domain: [] };
  const configured: TConfiguredProvider[] = [];
  const vars = env as Record<string, string | undefined>;
  for (const entry of catalog) {
    if (!entry.env) continue;
    const fields = fieldsFromEnv(entry, vars);
    const required = entry.fields.filter((f) => f.required);
    if (!required.every((f) => fields[f.name])) continue;
    set = mergeProviderSets(set, entry.create(fields));
    for (const kind of entry.kinds) {
      configured.push({
        kind,
        id: entry.id,
        label: entry.kindLabels?.[kind] ?? entry.label,
        check: () => entry.check(fields, { kind }),
      });
    }
  }
  return { set, configured };
}
