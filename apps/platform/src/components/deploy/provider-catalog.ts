/**
 * What the modal knows about each provider package, configured or not: what it is, what an
 * operator must give it, and the assumptions behind a cost estimate. The list of providers that
 * are actually usable comes from `deploy.providers`; this only describes them.
 */

export type TCostEstimate = {
  /** Estimated monthly cost in USD for a small app; null when it depends on the user's own server. */
  monthlyUsd: number | null;
  /** The assumptions, in words (shown next to the figure). */
  assumptions: string;
};

export type TProviderInfo = {
  id: string;
  name: string;
  /** One line: what it is. */
  summary: string;
  /** What the operator must configure (package and credentials), for unconfigured providers. */
  needs: string;
  /** The live URL of an app on this host, `{slug}` standing for the app's name. */
  urlPattern?: string;
  cost: TCostEstimate;
};

export const HOSTING_PROVIDERS: TProviderInfo[] = [
  {
    id: 'local',
    name: 'This machine',
    summary:
      'Runs the app in workerd (Cloudflare’s open-source runtime) on the Shipyard server itself.',
    needs: 'Built in.',
    cost: {
      monthlyUsd: 0,
      assumptions: 'Runs on this Shipyard server; the server’s own cost is not counted.',
    },
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare Pages',
    summary: 'Static assets and the API as a Pages Function on Cloudflare’s network.',
    needs:
      'A team admin connects a Cloudflare account (account ID and an API token with Pages edit rights) in Settings → Providers.',
    urlPattern: 'https://{slug}.pages.dev',
    cost: {
      monthlyUsd: 0,
      assumptions: 'Workers Free plan: up to 100,000 API requests a day; static requests are free.',
    },
  },
  {
    id: 'netlify',
    name: 'Netlify',
    summary: 'Static assets on Netlify’s CDN and the API as a Netlify Function.',
    needs: 'A team admin connects a Netlify personal access token in Settings → Providers.',
    urlPattern: 'https://{slug}.netlify.app',
    cost: {
      monthlyUsd: 0,
      assumptions:
        'Free plan within its monthly credit allowance (bandwidth and function invocations).',
    },
  },
  {
    id: 'vercel',
    name: 'Vercel',
    summary: 'Static assets on Vercel’s edge network and the API as a Vercel Function.',
    needs: 'A team admin connects a Vercel access token in Settings → Providers.',
    urlPattern: 'https://{slug}.vercel.app',
    cost: {
      monthlyUsd: 0,
      assumptions:
        'Hobby plan (non-commercial use only); commercial apps need Pro, billed per seat.',
    },
  },
];

export const DATABASE_PROVIDERS: TProviderInfo[] = [
  {
    id: 'local',
    name: 'SQLite on this machine',
    summary:
      'A SQLite database (D1 API) on the Shipyard server, one per app, kept across redeploys.',
    needs: 'Built in.',
    cost: {
      monthlyUsd: 0,
      assumptions: 'A file on this Shipyard server; backups are the server’s.',
    },
  },
  {
    id: 'turso',
    name: 'Turso',
    summary: 'Hosted libSQL (SQLite-compatible): the schema runs as written.',
    needs:
      'A team admin connects a Turso organization and a platform API token in Settings → Providers.',
    cost: {
      monthlyUsd: 0,
      assumptions: 'Free plan: within its storage and monthly row-read limits.',
    },
  },
  {
    id: 'neon',
    name: 'Neon',
    summary: 'Serverless PostgreSQL; the SQLite schema is translated on deploy.',
    needs: 'A team admin connects a Neon API key in Settings → Providers.',
    cost: {
      monthlyUsd: 0,
      assumptions: 'Free plan: 0.5 GB storage per project and a monthly compute allowance.',
    },
  },
  {
    id: 'postgres',
    name: 'Your PostgreSQL',
    summary: 'Bring your own PostgreSQL URL; the SQLite schema is translated on deploy.',
    needs:
      'A team admin adds the URL of a PostgreSQL database reachable from the internet in Settings → Providers.',
    cost: { monthlyUsd: null, assumptions: 'Whatever your own PostgreSQL server costs.' },
  },
  {
    id: 'postgres-tenants',
    name: 'Shared PostgreSQL',
    summary: 'One database and role per app on a PostgreSQL server the operator runs.',
    needs:
      'An operator registers @shipyard/providers-postgres with an admin URL for the tenant server.',
    cost: {
      monthlyUsd: 0,
      assumptions: 'Runs on the operator’s PostgreSQL server; its cost is not counted here.',
    },
  },
];

export function providerInfo(
  kind: 'hosting' | 'database',
  id: string,
  label?: string,
): TProviderInfo {
  const list = kind === 'hosting' ? HOSTING_PROVIDERS : DATABASE_PROVIDERS;
  return (
    list.find((p) => p.id === id) ?? {
      id,
      name: label ?? id,
      summary: label ?? `The "${id}" provider configured on this server.`,
      needs: 'Configured by the operator.',
      cost: {
        monthlyUsd: null,
        assumptions: 'No estimate for this provider: see its pricing page.',
      },
    }
  );
}

/** The free address an app gets on a host, `{slug}` standing for the app's name. */
export function liveUrlFor(pattern: string, slug: string): string {
  return pattern.replace('{slug}', slug);
}
