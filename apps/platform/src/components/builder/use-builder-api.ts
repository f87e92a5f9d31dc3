'use client';

import type { TBuilderApi } from '@shipyard/ai-editor/react';
import { useMemo } from 'react';
import { useTRPCClient } from '@/lib/trpc';

/**
 * The builder's data adapter for one project: each `TBuilderApi` method is one `editor`
 * procedure, called with the org and project bound. Errors pass through untouched (the builder
 * reads `error.data.appCode` for CONFLICT and BUSY).
 */
export function useBuilderApi(orgId: string, projectId: string): TBuilderApi {
  const trpc = useTRPCClient();
  return useMemo<TBuilderApi>(() => {
    const p = { orgId, projectId };
    return {
      getProject: () => trpc.editor.projects.get.query(p),
      listFiles: (versionId) => trpc.editor.files.list.query({ ...p, versionId }),
      readAll: (versionId) => trpc.editor.files.readAll.query({ ...p, versionId }),
      writeFiles: (input) => trpc.editor.files.write.mutate({ ...p, ...input }),
      generate: (input) => trpc.editor.generate.mutate({ ...p, ...input }),
      cancelGeneration: (generationId) => trpc.editor.cancelGeneration.mutate({ orgId, generationId }),
      getGeneration: (generationId) => trpc.editor.generation.query({ orgId, generationId }),
      subscribeGeneration: (generationId, onEvent, onError) => {
        const subscription = trpc.editor.generationProgress.subscribe(
          { orgId, generationId },
          { onData: onEvent, onError: (error) => onError?.(error) },
        );
        return () => subscription.unsubscribe();
      },
      listMessages: () => trpc.editor.messages.query(p),
      listVersions: () => trpc.editor.versions.list.query(p),
      diffVersions: (fromVersionId, toVersionId) => trpc.editor.versions.diff.query({ ...p, fromVersionId, toVersionId }),
      restoreVersion: (versionId, parentVersionId) => trpc.editor.versions.restore.mutate({ ...p, versionId, parentVersionId }),
      exportZip: (versionId) => trpc.editor.exportZip.query({ ...p, versionId }),
      importZip: (base64, parentVersionId) => trpc.editor.importZip.mutate({ ...p, base64, parentVersionId }),
      providers: () => trpc.editor.providers.query({ orgId }),
    };
  }, [trpc, orgId, projectId]);
}
