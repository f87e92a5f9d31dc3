'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTRPC, useTRPCClient } from '@/lib/trpc';
import { startOfMonth } from './project-model';
import type { TDeploymentSummary, TProject } from './types';

/** The editor lists at most 200 projects a call; the dashboard pages through all of them. */
const PROJECT_PAGE = 200;
const HISTORY_PAGE = 100;
/** History pages fetched at most (1,000 deployments) for statuses and this month's count. */
const HISTORY_MAX_PAGES = 10;
const GENERATIONS_LIMIT = 100;

export function dashboardKeys(orgId: string) {
  return {
    all: ['dashboard', orgId] as const,
    projects: ['dashboard', orgId, 'projects'] as const,
    history: ['dashboard', orgId, 'history'] as const,
  };
}

/**
 * Everything the dashboard shows, from the existing procedures: all projects (paged through),
 * the org's apps, enough deployment history to know each app's last deployment and this month's
 * count, the latest generations and the members (for "who").
 */
export function useDashboardData(orgId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const keys = dashboardKeys(orgId);

  const projects = useQuery({
    queryKey: keys.projects,
    queryFn: async (): Promise<TProject[]> => {
      const all: TProject[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await client.editor.projects.list.query({
          orgId,
          limit: PROJECT_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        all.push(...page.items);
        if (!page.nextCursor) return all;
        cursor = page.nextCursor;
      }
    },
  });

  const apps = useQuery(trpc.deploy.apps.queryOptions({ orgId }));
  const appIds = useMemo(() => new Set((apps.data ?? []).map((a) => a.id)), [apps.data]);

  const history = useQuery({
    queryKey: [...keys.history, [...appIds].sort().join(',')],
    enabled: apps.isSuccess,
    queryFn: async (): Promise<{ items: TDeploymentSummary[]; complete: boolean }> => {
      const items: TDeploymentSummary[] = [];
      const seen = new Set<string>();
      const monthStart = startOfMonth(new Date());
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
        const result = await client.deploy.history.query({
          orgId,
          limit: HISTORY_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        items.push(...result.items);
        for (const item of result.items) seen.add(item.appId);
        if (!result.nextCursor) return { items, complete: true };
        const oldest = result.items.at(-1);
        const everyAppSeen = [...appIds].every((id) => seen.has(id));
        if (everyAppSeen && oldest && oldest.createdAt < monthStart)
          return { items, complete: false };
        cursor = result.nextCursor;
      }
      return { items, complete: false };
    },
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === 'queued' || d.status === 'running')
        ? 2000
        : false,
  });

  const generations = useQuery(
    trpc.editor.generations.queryOptions({ orgId, limit: GENERATIONS_LIMIT }),
  );
  const members = useQuery(trpc.org.members.queryOptions({ orgId }));

  // A deployment that finished moves an app's alias: refresh the apps when the running set shrinks.
  const running = useMemo(
    () =>
      (history.data?.items ?? [])
        .filter((d) => d.status === 'queued' || d.status === 'running')
        .map((d) => d.id)
        .join(','),
    [history.data],
  );
  const previousRunning = useRef(running);
  useEffect(() => {
    if (previousRunning.current && previousRunning.current !== running) {
      void queryClient.invalidateQueries({ queryKey: trpc.deploy.apps.queryKey({ orgId }) });
      void queryClient.invalidateQueries({
        queryKey: trpc.editor.generations.queryKey({ orgId, limit: GENERATIONS_LIMIT }),
      });
    }
    previousRunning.current = running;
  }, [running, queryClient, trpc, orgId]);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of members.data?.members ?? []) map.set(m.userId, m.name || m.email);
    return map;
  }, [members.data]);

  const nameOf = useCallback(
    (userId: string | null | undefined) =>
      userId ? (names.get(userId) ?? 'A former member') : 'Someone',
    [names],
  );

  const refresh = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.all }),
      queryClient.invalidateQueries({ queryKey: trpc.deploy.apps.queryKey({ orgId }) }),
      queryClient.invalidateQueries({
        queryKey: trpc.editor.generations.queryKey({ orgId, limit: GENERATIONS_LIMIT }),
      }),
    ]);
  }, [queryClient, keys.all, trpc, orgId]);

  return {
    projects,
    apps,
    history,
    generations,
    generationsComplete: (generations.data?.length ?? 0) < GENERATIONS_LIMIT,
    members,
    nameOf,
    refresh,
  };
}
