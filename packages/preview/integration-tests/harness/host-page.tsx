// The page the browser tests drive: one preview, its events recorded on window. With ?react=1
// the preview is mounted through the <LivePreview> component instead of createPreview().
import { createRoot } from 'react-dom/client';
import { createPreview, type TPreview, type TPreviewEvent, type TPreviewUpdateResult } from '../../src/index.js';
import { LivePreview } from '../../src/react/index.js';

declare global {
  interface Window {
    preview: TPreview;
    previewEvents: TPreviewEvent[];
    previewUpdates: TPreviewUpdateResult[];
    setFiles(files: Record<string, string> | null): void;
  }
}

const params = new URLSearchParams(location.search);
const container = document.getElementById('preview')!;
const env = { SUPPORT_EMAIL: 'help@team-board.test' };
window.previewEvents = [];
window.previewUpdates = [];

if (params.get('react') === '1') {
  const root = createRoot(container);
  let resolveReady: (preview: TPreview) => void;
  const ready = new Promise<TPreview>((resolve) => (resolveReady = resolve));
  window.setFiles = (files) =>
    root.render(
      <LivePreview
        files={files}
        assetsBaseUrl="/_preview/"
        env={env}
        onEvent={(event) => window.previewEvents.push(event)}
        onUpdate={(result) => window.previewUpdates.push(result)}
        onReady={(preview) => {
          if (preview) {
            window.preview = preview;
            resolveReady(preview);
          }
        }}
      />,
    );
  window.setFiles(null);
  // Tests wait on window.preview.ready; give them a promise-shaped stand-in until the component mounts.
  window.preview = { ready: ready.then((p) => p.ready) } as unknown as TPreview;
} else {
  window.preview = createPreview({ container, assetsBaseUrl: '/_preview/', env, frameTimeoutMs: Number(params.get('frameTimeoutMs') ?? 10_000) });
  window.preview.onEvent((event) => window.previewEvents.push(event));
}
