import 'server-only';
import { getAppErrorCode } from '@shipyard/core';
import { headers } from 'next/headers';
import { createContext } from '@/server/context';
import { getDomain } from '@/server/domain';
import { getPlatform } from '@/server/platform';

/** The app router called in-process for this request (same session and role checks as /api/trpc). */
async function caller() {
  const platform = getPlatform();
  const { router } = await getDomain();
  const ctx = await createContext({ headers: await headers(), platform });
  return router.createCaller(ctx);
}

/** What the docs page reads: the project, its current files, and its web app if deployed. Null: no such project. */
export async function loadProjectDocs(orgId: string, projectId: string) {
  const api = await caller();
  let project;
  try {
    project = await api.editor.projects.get({ orgId, projectId });
  } catch (error) {
    if (getAppErrorCode(error) === 'NOT_FOUND') return null;
    throw error;
  }
  const [files, versions, apps] = await Promise.all([
    api.editor.files.readAll({ orgId, projectId }),
    api.editor.versions.list({ orgId, projectId, limit: 1 }),
    api.deploy.apps({ orgId }),
  ]);
  const app = apps.find((a) => a.projectId === projectId && a.platform === 'web') ?? null;
  let liveUrl: string | null = null;
  if (app?.liveDeploymentId) {
    try {
      const { services } = await getDomain();
      liveUrl = services.providers
        .hosting(app.hostingProvider)
        .liveUrl({ id: app.id, orgId, slug: app.slug });
    } catch {
      // The host that served it is no longer configured: the docs say "deployed" without a link.
    }
  }
  const version = versions.items.find((v) => v.id === files.versionId) ?? null;
  return { project, files: files.files, version, app, liveUrl };
}
