import { defineEnvPreset } from '@shipyard/core/config';
import type { TProviderSet } from '@shipyard/deploy-core';
import {
  checkCredentials as checkCloudflare,
  cloudflareDns,
  cloudflarePagesHosting,
} from '@shipyard/providers-cloudflare';
import { checkCredentials as checkNeon, neonDatabases } from '@shipyard/providers-neon';
import { checkCredentials as checkNetlify, netlifyHosting } from '@shipyard/providers-netlify';
import { postgresTenantDatabases } from '@shipyard/providers-postgres';
import { checkCredentials as checkTurso, tursoDatabases } from '@shipyard/providers-turso';
import { checkCredentials as checkVercel, vercelHosting } from '@shipyard/providers-vercel';
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * Cloud providers an operator turns on by setting their tokens. Each one that is configured is
 * registered next to the local providers; `shipyard providers check` verifies them.
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
  },
  {
    check(env, report) {
      const pairs: [keyof typeof env, keyof typeof env][] = [
        ['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN'],
        ['TURSO_ORGANIZATION', 'TURSO_API_TOKEN'],
        ['POSTGRES_TENANT_ADMIN_URL', 'POSTGRES_TENANT_HOST'],
      ];
      for (const [a, b] of pairs) {
        if (env[a] && !env[b])
          report(String(b), `required with ${String(a)} — set both or neither`);
        if (env[b] && !env[a])
          report(String(a), `required with ${String(b)} — set both or neither`);
      }
    },
  },
);

export type TCloudProvidersEnv = ReturnType<typeof cloudProvidersEnvPreset.schema.parse>;

export interface TConfiguredProvider {
  kind: 'hosting' | 'database' | 'domain';
  id: string;
  label: string;
  /** One cheap authenticated call; never reveals the token. */
  check(): Promise<{ ok: boolean; message: string }>;
}

/** The cloud providers the environment configures, ready to register. */
export function createCloudProviders(env: TCloudProvidersEnv): {
  set: TProviderSet;
  configured: TConfiguredProvider[];
} {
  const set: Required<Pick<TProviderSet, 'hosting' | 'database' | 'domain'>> = {
    hosting: [],
    database: [],
    domain: [],
  };
  const configured: TConfiguredProvider[] = [];
  if (env.CLOUDFLARE_ACCOUNT_ID && env.CLOUDFLARE_API_TOKEN) {
    const connection = { accountId: env.CLOUDFLARE_ACCOUNT_ID, apiToken: env.CLOUDFLARE_API_TOKEN };
    set.hosting.push(
      cloudflarePagesHosting.create(cloudflarePagesHosting.optionsSchema.parse(connection)),
    );
    set.domain.push(cloudflareDns.create(cloudflareDns.optionsSchema.parse(connection)));
    configured.push(
      {
        kind: 'hosting',
        id: 'cloudflare',
        label: 'Cloudflare Pages',
        check: () => checkCloudflare(connection, { scopes: ['pages'] }),
      },
      {
        kind: 'domain',
        id: 'cloudflare',
        label: 'Cloudflare DNS and Registrar',
        check: () => checkCloudflare(connection, { scopes: ['zone'] }),
      },
    );
  }
  if (env.NETLIFY_AUTH_TOKEN) {
    const connection = {
      accessToken: env.NETLIFY_AUTH_TOKEN,
      ...(env.NETLIFY_ACCOUNT_SLUG ? { accountSlug: env.NETLIFY_ACCOUNT_SLUG } : {}),
    };
    set.hosting.push(netlifyHosting.create(netlifyHosting.optionsSchema.parse(connection)));
    configured.push({
      kind: 'hosting',
      id: 'netlify',
      label: 'Netlify',
      check: () => checkNetlify(connection),
    });
  }
  if (env.VERCEL_TOKEN) {
    const connection = {
      token: env.VERCEL_TOKEN,
      ...(env.VERCEL_TEAM_ID ? { teamId: env.VERCEL_TEAM_ID } : {}),
    };
    set.hosting.push(vercelHosting.create(vercelHosting.optionsSchema.parse(connection)));
    configured.push({
      kind: 'hosting',
      id: 'vercel',
      label: 'Vercel',
      check: () => checkVercel(connection),
    });
  }
  if (env.TURSO_ORGANIZATION && env.TURSO_API_TOKEN) {
    const connection = { organization: env.TURSO_ORGANIZATION, apiToken: env.TURSO_API_TOKEN };
    set.database.push(
      tursoDatabases.create(
        tursoDatabases.optionsSchema.parse({ ...connection, group: env.TURSO_GROUP }),
      ),
    );
    configured.push({
      kind: 'database',
      id: 'turso',
      label: 'Turso',
      check: () => checkTurso({ ...connection, group: env.TURSO_GROUP }),
    });
  }
  if (env.NEON_API_KEY) {
    const connection = { apiKey: env.NEON_API_KEY };
    set.database.push(
      neonDatabases.create(
        neonDatabases.optionsSchema.parse({ ...connection, regionId: env.NEON_REGION }),
      ),
    );
    configured.push({
      kind: 'database',
      id: 'neon',
      label: 'Neon',
      check: () => checkNeon(connection),
    });
  }
  if (env.POSTGRES_TENANT_ADMIN_URL && env.POSTGRES_TENANT_HOST) {
    const provider = postgresTenantDatabases.create(
      postgresTenantDatabases.optionsSchema.parse({
        adminUrl: env.POSTGRES_TENANT_ADMIN_URL,
        tenantHost: env.POSTGRES_TENANT_HOST,
      }),
    );
    set.database.push(provider);
    configured.push({
      kind: 'database',
      id: provider.identifier,
      label: 'PostgreSQL (one database per app)',
      check: () => provider.check(),
    });
  }
  return { set, configured };
}
