/**
 * The dashboard's view of projects: editor projects joined with deploy-core apps and their
 * deployments, then searched, filtered, sorted and paged on the client. Pure functions.
 */

export type TDeployStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type TProjectInput = {
  id: string;
  name: string;
  description: string;
  currentVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type TAppInput = {
  id: string;
  projectId: string;
  platform: string;
  slug: string;
  hostingProvider: string;
  liveDeploymentId: string | null;
  domains: { id: string; name: string; status: string }[];
};

export type TDeploymentInput = {
  id: string;
  appId: string;
  status: TDeployStatus;
  url: string | null;
  createdAt: Date;
};

export type TPlatformKey = 'web' | 'ios' | 'android' | 'desktop';
export const PLATFORM_KEYS: TPlatformKey[] = ['web', 'ios', 'android', 'desktop'];
export const PLATFORM_LABELS: Record<TPlatformKey, string> = {
  web: 'Web',
  ios: 'iOS',
  android: 'Android',
  desktop: 'Desktop',
};

/** live: serving; deploying: a deployment is under way; failed: the last deployment failed. */
export type TPlatformState = 'live' | 'deploying' | 'failed' | 'cancelled' | 'not-live';

export type TPlatformStatus = {
  platform: TPlatformKey;
  appId: string;
  slug: string;
  state: TPlatformState;
  /** True when a deployment is serving (also while a newer one runs or after one failed). */
  live: boolean;
  liveUrl: string | null;
  lastDeployment: TDeploymentInput | null;
};

export type TProjectRow = {
  id: string;
  name: string;
  description: string;
  hasVersion: boolean;
  createdAt: Date;
  updatedAt: Date;
  platforms: TPlatformStatus[];
  web: TPlatformStatus | null;
  /** Verified custom domains of the project's apps. */
  domains: string[];
  /** Lower-cased name, description, app names and domains (verified or not), for search. */
  haystack: string;
};

export type TStatusFilter = 'all' | 'draft' | 'deployed' | 'failed';
export type TPlatformFilter = 'all' | TPlatformKey;
export type TSortKey = 'updated' | 'created' | 'name';

export type TProjectQuery = {
  search: string;
  status: TStatusFilter;
  platform: TPlatformFilter;
  sort: TSortKey;
};

export function platformOf(appPlatform: string): TPlatformKey | null {
  if (appPlatform === 'web' || appPlatform === 'ios' || appPlatform === 'android')
    return appPlatform;
  if (appPlatform === 'windows' || appPlatform === 'macos' || appPlatform === 'linux')
    return 'desktop';
  return null;
}

/**
 * Joins projects with their apps and deployments. `deployments` is newest first and may be a
 * prefix of the org's history: an app none of whose deployments is in it falls back to its alias.
 */
export function buildProjectRows(
  projects: TProjectInput[],
  apps: TAppInput[],
  deployments: TDeploymentInput[],
  liveUrlOf: (app: TAppInput) => string | null,
): TProjectRow[] {
  const latestByApp = new Map<string, TDeploymentInput>();
  const byId = new Map<string, TDeploymentInput>();
  for (const d of deployments) {
    byId.set(d.id, d);
    const seen = latestByApp.get(d.appId);
    if (!seen || d.createdAt > seen.createdAt) latestByApp.set(d.appId, d);
  }
  const appsByProject = new Map<string, TAppInput[]>();
  for (const app of apps) {
    const list = appsByProject.get(app.projectId) ?? [];
    list.push(app);
    appsByProject.set(app.projectId, list);
  }
  return projects.map((project) => {
    const platforms: TPlatformStatus[] = [];
    for (const app of appsByProject.get(project.id) ?? []) {
      const platform = platformOf(app.platform);
      if (!platform) continue;
      const last = latestByApp.get(app.id) ?? null;
      const live = Boolean(app.liveDeploymentId);
      let state: TPlatformState = live ? 'live' : 'not-live';
      if (last?.status === 'queued' || last?.status === 'running') state = 'deploying';
      else if (last?.status === 'failed') state = 'failed';
      else if (last?.status === 'cancelled' && !live) state = 'cancelled';
      const liveDeployment = app.liveDeploymentId ? byId.get(app.liveDeploymentId) : undefined;
      platforms.push({
        platform,
        appId: app.id,
        slug: app.slug,
        state,
        live,
        liveUrl: live ? (liveDeployment?.url ?? liveUrlOf(app)) : null,
        lastDeployment: last,
      });
    }
    platforms.sort((a, b) => PLATFORM_KEYS.indexOf(a.platform) - PLATFORM_KEYS.indexOf(b.platform));
    const projectApps = appsByProject.get(project.id) ?? [];
    const domains = projectApps.flatMap((a) =>
      a.domains.filter((d) => d.status === 'verified').map((d) => d.name),
    );
    return {
      id: project.id,
      name: project.name,
      description: project.description,
      hasVersion: Boolean(project.currentVersionId),
      createdAt: project.createdAt,
      updatedAt: project.updatedAt,
      platforms,
      web: platforms.find((p) => p.platform === 'web') ?? null,
      domains,
      haystack: [
        project.name,
        project.description,
        ...projectApps.map((a) => a.slug),
        ...projectApps.flatMap((a) => a.domains.map((d) => d.name)),
      ]
        .join(' ')
        .toLowerCase(),
    };
  });
}

/** draft: nothing live; deployed: something live; failed: a platform's last deployment failed. */
export function matchesStatus(row: TProjectRow, status: TStatusFilter): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'draft':
      return !row.platforms.some((p) => p.live);
    case 'deployed':
      return row.platforms.some((p) => p.live);
    case 'failed':
      return row.platforms.some((p) => p.state === 'failed');
  }
}

export function matchesPlatform(row: TProjectRow, platform: TPlatformFilter): boolean {
  return platform === 'all' || row.platforms.some((p) => p.platform === platform);
}

/** Every word of the search must appear (in any order) in the name, description, app names or domains. */
export function matchesSearch(row: TProjectRow, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => row.haystack.includes(w));
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function queryProjects(rows: TProjectRow[], query: TProjectQuery): TProjectRow[] {
  const filtered = rows.filter(
    (row) =>
      matchesStatus(row, query.status) &&
      matchesPlatform(row, query.platform) &&
      matchesSearch(row, query.search),
  );
  const by: Record<TSortKey, (a: TProjectRow, b: TProjectRow) => number> = {
    updated: (a, b) =>
      b.updatedAt.getTime() - a.updatedAt.getTime() || collator.compare(a.name, b.name),
    created: (a, b) =>
      b.createdAt.getTime() - a.createdAt.getTime() || collator.compare(a.name, b.name),
    name: (a, b) =>
      collator.compare(a.name, b.name) || b.updatedAt.getTime() - a.updatedAt.getTime(),
  };
  return filtered.sort(by[query.sort]);
}

export type TPage<T> = {
  items: T[];
  page: number;
  pageCount: number;
  from: number;
  to: number;
  total: number;
};

/** One page of `items` (1-based page, clamped into range). */
export function paginate<T>(items: T[], page: number, pageSize: number): TPage<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * pageSize;
  const slice = items.slice(start, start + pageSize);
  return {
    items: slice,
    page: current,
    pageCount,
    from: slice.length ? start + 1 : 0,
    to: start + slice.length,
    total: items.length,
  };
}

/** Page numbers to show around `page`: first, last, neighbours, and gaps as null. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const pages = new Set(
    [1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount),
  );
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const p of sorted) {
    const prev = out.at(-1);
    if (typeof prev === 'number' && p - prev > 1) out.push(null);
    out.push(p);
  }
  return out;
}

export type TDashboardStats = {
  projects: number;
  deployedApps: number;
  deploymentsThisMonth: number;
  /** True when the history fetched may not reach the start of the month. */
  deploymentsTruncated: boolean;
  verifiedDomains: number;
  pendingDomains: number;
  liveSubdomains: number;
  generationsThisMonth: number;
  tokensThisMonth: number;
  costThisMonthUsd: number;
  /** True when the generations fetched may not reach the start of the month. */
  generationsTruncated: boolean;
};

export function startOfMonth(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), 1);
}

export function computeStats(input: {
  projects: number;
  apps: TAppInput[];
  deployments: TDeploymentInput[];
  deploymentsComplete: boolean;
  generations: { createdAt: Date; inputTokens: number; outputTokens: number; costUsd: number }[];
  generationsComplete: boolean;
  now: Date;
}): TDashboardStats {
  const since = startOfMonth(input.now);
  const monthDeployments = input.deployments.filter((d) => d.createdAt >= since);
  const monthGenerations = input.generations.filter((g) => g.createdAt >= since);
  const oldestDeployment = input.deployments.at(-1);
  const oldestGeneration = input.generations.at(-1);
  const domains = input.apps.flatMap((a) => a.domains);
  return {
    projects: input.projects,
    deployedApps: input.apps.filter((a) => a.liveDeploymentId).length,
    deploymentsThisMonth: monthDeployments.length,
    deploymentsTruncated:
      !input.deploymentsComplete &&
      Boolean(oldestDeployment && oldestDeployment.createdAt >= since),
    verifiedDomains: domains.filter((d) => d.status === 'verified').length,
    pendingDomains: domains.filter((d) => d.status !== 'verified').length,
    liveSubdomains: input.apps.filter((a) => a.liveDeploymentId).length,
    generationsThisMonth: monthGenerations.length,
    tokensThisMonth: monthGenerations.reduce((sum, g) => sum + g.inputTokens + g.outputTokens, 0),
    costThisMonthUsd: monthGenerations.reduce((sum, g) => sum + g.costUsd, 0),
    generationsTruncated:
      !input.generationsComplete &&
      Boolean(oldestGeneration && oldestGeneration.createdAt >= since),
  };
}
