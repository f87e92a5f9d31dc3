import { describe, expect, it } from 'vitest';
import {
  buildProjectRows,
  computeStats,
  pageWindow,
  paginate,
  queryProjects,
  type TAppInput,
  type TDeploymentInput,
  type TProjectInput,
} from './project-model';

const at = (iso: string) => new Date(iso);

function project(
  id: string,
  name: string,
  updated: string,
  created = '2026-01-01T00:00:00Z',
): TProjectInput {
  return {
    id,
    name,
    description: '',
    currentVersionId: `ver_${id}`,
    createdAt: at(created),
    updatedAt: at(updated),
  };
}

const projects = [
  project('p1', 'Acme Tasks', '2026-11-20T10:00:00Z', '2026-11-01T00:00:00Z'),
  project('p2', 'Bean Shop', '2026-11-21T09:00:00Z', '2026-10-01T00:00:00Z'),
  project('p3', 'Zeta Blog', '2026-11-19T08:00:00Z', '2026-11-15T00:00:00Z'),
  project('p4', 'acme crm', '2026-11-18T08:00:00Z', '2026-09-01T00:00:00Z'),
];

const apps: TAppInput[] = [
  {
    id: 'a1',
    projectId: 'p1',
    platform: 'web',
    slug: 'acme-tasks',
    hostingProvider: 'local',
    liveDeploymentId: 'd1',
    domains: [{ id: 'dm1', name: 'tasks.acme.org', status: 'verified' }],
  },
  // Live before, but its last deployment failed: deployed AND failed.
  {
    id: 'a2',
    projectId: 'p2',
    platform: 'web',
    slug: 'bean-shop',
    hostingProvider: 'local',
    liveDeploymentId: 'd2',
    domains: [{ id: 'dm2', name: 'shop.bean.org', status: 'pending' }],
  },
  // Never went live.
  {
    id: 'a3',
    projectId: 'p3',
    platform: 'web',
    slug: 'zeta-blog',
    hostingProvider: 'local',
    liveDeploymentId: null,
    domains: [],
  },
  {
    id: 'a4',
    projectId: 'p3',
    platform: 'ios',
    slug: 'zeta-blog-ios',
    hostingProvider: 'local',
    liveDeploymentId: null,
    domains: [],
  },
];

const deployments: TDeploymentInput[] = [
  { id: 'd4', appId: 'a3', status: 'failed', url: null, createdAt: at('2026-11-21T08:00:00Z') },
  { id: 'd3', appId: 'a2', status: 'failed', url: null, createdAt: at('2026-11-20T08:00:00Z') },
  {
    id: 'd2',
    appId: 'a2',
    status: 'succeeded',
    url: 'http://bean-shop.localhost:8787',
    createdAt: at('2026-11-10T08:00:00Z'),
  },
  {
    id: 'd1',
    appId: 'a1',
    status: 'succeeded',
    url: 'http://acme-tasks.localhost:8787',
    createdAt: at('2026-10-30T08:00:00Z'),
  },
];

const rows = buildProjectRows(
  projects,
  apps,
  deployments,
  (app) => `http://${app.slug}.localhost:8787`,
);
const ids = (list: { id: string }[]) => list.map((r) => r.id);
const base = { search: '', status: 'all', platform: 'all', sort: 'updated' } as const;

describe('project rows', () => {
  it('joins apps and deployments into per-platform states', () => {
    const [p1, p2, p3, p4] = rows;
    expect(p1!.web).toMatchObject({
      state: 'live',
      live: true,
      liveUrl: 'http://acme-tasks.localhost:8787',
    });
    expect(p2!.web).toMatchObject({ state: 'failed', live: true });
    expect(p3!.platforms.map((p) => [p.platform, p.state])).toEqual([
      ['web', 'failed'],
      ['ios', 'not-live'],
    ]);
    expect(p4!.platforms).toEqual([]);
    expect(p1!.domains).toEqual(['tasks.acme.org']);
  });

  it('falls back to the host address when the live deployment is older than the fetched history', () => {
    const [row] = buildProjectRows(
      [projects[0]!],
      [apps[0]!],
      [],
      () => 'http://fallback.localhost:8787',
    );
    expect(row!.web).toMatchObject({ state: 'live', liveUrl: 'http://fallback.localhost:8787' });
  });

  it('marks a running deployment as deploying', () => {
    const [row] = buildProjectRows(
      [projects[0]!],
      [apps[0]!],
      [
        {
          id: 'd9',
          appId: 'a1',
          status: 'running',
          url: null,
          createdAt: at('2026-11-21T10:00:00Z'),
        },
        ...deployments,
      ],
      () => null,
    );
    expect(row!.web?.state).toBe('deploying');
  });
});

describe('search, filters and sort', () => {
  it('filters by status: draft, deployed, failed', () => {
    expect(ids(queryProjects(rows, { ...base, status: 'draft' }))).toEqual(['p3', 'p4']);
    expect(ids(queryProjects(rows, { ...base, status: 'deployed' }))).toEqual(['p2', 'p1']);
    expect(ids(queryProjects(rows, { ...base, status: 'failed' }))).toEqual(['p2', 'p3']);
  });

  it('filters by platform', () => {
    expect(ids(queryProjects(rows, { ...base, platform: 'web' }))).toEqual(['p2', 'p1', 'p3']);
    expect(ids(queryProjects(rows, { ...base, platform: 'ios' }))).toEqual(['p3']);
    expect(ids(queryProjects(rows, { ...base, platform: 'android' }))).toEqual([]);
  });

  it('searches names, addresses and domains, case-insensitively, every word', () => {
    expect(ids(queryProjects(rows, { ...base, search: 'ACME' }))).toEqual(['p1', 'p4']);
    expect(ids(queryProjects(rows, { ...base, search: 'acme tasks' }))).toEqual(['p1']);
    expect(ids(queryProjects(rows, { ...base, search: 'shop.bean' }))).toEqual(['p2']);
    expect(ids(queryProjects(rows, { ...base, search: 'acme', status: 'draft' }))).toEqual(['p4']);
  });

  it('sorts by updated, created and name', () => {
    expect(ids(queryProjects(rows, { ...base, sort: 'updated' }))).toEqual([
      'p2',
      'p1',
      'p3',
      'p4',
    ]);
    expect(ids(queryProjects(rows, { ...base, sort: 'created' }))).toEqual([
      'p3',
      'p1',
      'p2',
      'p4',
    ]);
    expect(ids(queryProjects(rows, { ...base, sort: 'name' }))).toEqual(['p4', 'p1', 'p2', 'p3']);
  });
});

describe('pages', () => {
  const items = Array.from({ length: 300 }, (_, i) => i + 1);
  it('slices and clamps', () => {
    expect(paginate(items, 1, 12)).toMatchObject({
      page: 1,
      pageCount: 25,
      from: 1,
      to: 12,
      total: 300,
    });
    expect(paginate(items, 25, 12).items).toEqual(items.slice(288));
    expect(paginate(items, 99, 12).page).toBe(25);
    expect(paginate([], 3, 12)).toMatchObject({ page: 1, pageCount: 1, from: 0, to: 0 });
  });
  it('shows first, last and neighbours with gaps', () => {
    expect(pageWindow(1, 25)).toEqual([1, 2, null, 25]);
    expect(pageWindow(10, 25)).toEqual([1, null, 9, 10, 11, null, 25]);
    expect(pageWindow(2, 3)).toEqual([1, 2, 3]);
  });
});

describe('figures', () => {
  it('counts this month and says when the fetched history may not reach its start', () => {
    const now = at('2026-11-21T12:00:00Z');
    const stats = computeStats({
      projects: 4,
      apps,
      deployments,
      deploymentsComplete: true,
      generations: [
        {
          createdAt: at('2026-11-20T00:00:00Z'),
          inputTokens: 1000,
          outputTokens: 500,
          costUsd: 0.01,
        },
        {
          createdAt: at('2026-10-20T00:00:00Z'),
          inputTokens: 9000,
          outputTokens: 9000,
          costUsd: 1,
        },
      ],
      generationsComplete: true,
      now,
    });
    expect(stats).toMatchObject({
      projects: 4,
      deployedApps: 2,
      deploymentsThisMonth: 3,
      deploymentsTruncated: false,
      verifiedDomains: 1,
      pendingDomains: 1,
      generationsThisMonth: 1,
      tokensThisMonth: 1500,
      generationsTruncated: false,
    });
    const partial = computeStats({
      projects: 4,
      apps,
      deployments: deployments.slice(0, 2),
      deploymentsComplete: false,
      generations: [],
      generationsComplete: false,
      now,
    });
    expect(partial.deploymentsTruncated).toBe(true);
  });
});
