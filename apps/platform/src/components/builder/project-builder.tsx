'use client';

import type { TBuilderApi, TBuilderProps } from '@shipyard/ai-editor/react';
import { ChevronRightIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useRef } from 'react';
import { storePreviewData } from '@/components/deploy/preview-data';
import { LogoMark } from '@/components/logo';
import { BuilderSkeleton } from './builder-skeleton';
import { PREVIEW_ASSETS_URL } from './preview-assets';
import { useBuilderApi } from './use-builder-api';

type TPreviewHandle = { exportPreviewData(): Promise<string> };
type TLiveBuilderProps = Omit<TBuilderProps, 'preview'> & { previewTitle: string; onPreviewCreated: (preview: TPreviewHandle) => void };

/**
 * The builder and the preview engine are browser-only (workers, WebAssembly, localStorage,
 * CodeMirror): loaded on the client, after the page shell, and never rendered on the server.
 */
const LiveBuilder = dynamic(
  async () => {
    const [{ Builder }, { createPreview }] = await Promise.all([import('@shipyard/ai-editor/react'), import('@shipyard/preview')]);
    function LoadedBuilder({ previewTitle, onPreviewCreated, ...props }: TLiveBuilderProps) {
      const preview = useCallback(
        (container: HTMLElement) => {
          const instance = createPreview({ container, assetsBaseUrl: PREVIEW_ASSETS_URL, title: previewTitle });
          onPreviewCreated(instance);
          return instance;
        },
        [previewTitle, onPreviewCreated],
      );
      return <Builder {...props} preview={preview} />;
    }
    return LoadedBuilder;
  },
  { ssr: false, loading: () => <BuilderSkeleton /> },
);

const ReadOnlyProject = dynamic(async () => (await import('./read-only-project')).ReadOnlyProject, {
  ssr: false,
  loading: () => <BuilderSkeleton />,
});

/** Logo (home) › Projects — the start of the builder's header. */
export function BuilderBreadcrumb() {
  return (
    <nav aria-label="Breadcrumb" className="flex shrink-0 items-center gap-1.5">
      <Link href="/dashboard" aria-label="Shipyard home" className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring">
        <LogoMark className="size-6" />
      </Link>
      <Link
        href="/projects"
        className="hidden rounded px-1 text-[13px] text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring sm:inline"
      >
        Projects
      </Link>
      <ChevronRightIcon aria-hidden className="size-3.5 text-subtle-foreground" />
    </nav>
  );
}

export type TProjectBuilderProps = {
  orgId: string;
  projectId: string;
  projectName: string;
  /** Viewers: no chat, no edits, no restore, no deploy — the API refuses them anyway. */
  readOnly: boolean;
  /** Display names of the team's members by user id, for the version history. */
  authors: Record<string, string>;
};

/** /projects/[id]: the full-height builder for members, a read-only view for viewers. */
export function ProjectBuilder({ orgId, projectId, projectName, readOnly, authors }: TProjectBuilderProps) {
  const router = useRouter();
  const api: TBuilderApi = useBuilderApi(orgId, projectId);
  const authorName = useCallback((authorId: string) => authors[authorId] ?? null, [authors]);
  const previewRef = useRef<TPreviewHandle | null>(null);
  const onPreviewCreated = useCallback((preview: TPreviewHandle) => {
    previewRef.current = preview;
  }, []);
  // The deploy modal offers "import data from preview": hand it what the preview's database holds.
  const onDeploy = useCallback(async () => {
    const preview = previewRef.current;
    if (preview) {
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000));
      const sql = await Promise.race([preview.exportPreviewData().catch(() => null), timeout]);
      if (sql) storePreviewData(projectId, sql);
    }
    router.push(`/dashboard?deploy=${encodeURIComponent(projectId)}`);
  }, [router, projectId]);
  const previewTitle = `Preview of ${projectName}`;

  if (readOnly) {
    return <ReadOnlyProject key={projectId} api={api} previewTitle={previewTitle} authorName={authorName} headerStart={<BuilderBreadcrumb />} />;
  }
  return (
    <LiveBuilder
      key={projectId}
      api={api}
      previewTitle={previewTitle}
      onPreviewCreated={onPreviewCreated}
      onDeploy={() => void onDeploy()}
      authorName={authorName}
      headerStart={<BuilderBreadcrumb />}
    />
  );
}
