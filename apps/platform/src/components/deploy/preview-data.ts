'use client';

import { countSqlRows } from './app-files';

/**
 * Preview data handed from the builder to the deploy modal. The preview's database lives in the
 * builder page's worker, so the builder exports it when Deploy is clicked
 * (`await preview.exportPreviewData()`) and stores it here before routing to
 * `/dashboard?deploy=<projectId>`. Kept in memory (client-side navigation keeps it) and in
 * sessionStorage (a reload keeps it, within the tab only); never sent anywhere until the user
 * deploys with "import data from preview".
 */

export type TPreviewData = {
  projectId: string;
  /** The version the preview was showing, when the builder knows it. */
  versionId: string | null;
  /** INSERT statements from `exportPreviewData()`. */
  sql: string;
  rows: number;
  bytes: number;
  exportedAt: string;
};

const KEY_PREFIX = 'shipyard:preview-data:';
const memory = new Map<string, TPreviewData>();

/** Called by the builder before it opens the deploy modal. Empty SQL clears what was stored. */
export function storePreviewData(
  projectId: string,
  sql: string,
  options: { versionId?: string | null } = {},
): TPreviewData | null {
  if (!sql.trim() || countSqlRows(sql) === 0) {
    clearPreviewData(projectId);
    return null;
  }
  const data: TPreviewData = {
    projectId,
    versionId: options.versionId ?? null,
    sql,
    rows: countSqlRows(sql),
    bytes: new TextEncoder().encode(sql).length,
    exportedAt: new Date().toISOString(),
  };
  memory.set(projectId, data);
  try {
    sessionStorage.setItem(KEY_PREFIX + projectId, JSON.stringify(data));
  } catch {
    // Over the storage quota (large data) or storage disabled: memory still has it for this visit.
  }
  return data;
}

function isPreviewData(value: unknown): value is TPreviewData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.projectId === 'string' &&
    typeof v.sql === 'string' &&
    typeof v.rows === 'number' &&
    typeof v.exportedAt === 'string'
  );
}

/** The preview data the builder left for this project in this tab, if any. */
export function readPreviewData(projectId: string): TPreviewData | null {
  const held = memory.get(projectId);
  if (held) return held;
  try {
    const raw = sessionStorage.getItem(KEY_PREFIX + projectId);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    return isPreviewData(parsed) && parsed.projectId === projectId ? parsed : null;
  } catch {
    return null;
  }
}

export function clearPreviewData(projectId: string): void {
  memory.delete(projectId);
  try {
    sessionStorage.removeItem(KEY_PREFIX + projectId);
  } catch {
    // storage disabled
  }
}
