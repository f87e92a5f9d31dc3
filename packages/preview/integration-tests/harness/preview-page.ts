import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import type { TPreviewEvent, TPreviewUpdateResult } from '../../src/index.js';

/** <repo>/artifacts/preview/ — screenshots of what the preview shows. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../../artifacts/preview/', import.meta.url));
mkdirSync(ARTIFACTS_DIR, { recursive: true });

export interface TPreviewPage {
  page: Page;
  /** The preview iframe, whichever document it holds now. */
  app: FrameLocator;
  /** The preview iframe's frame, for evaluating code inside it. */
  frame(): Frame;
  update(files: Record<string, string>): Promise<TPreviewUpdateResult>;
  events(): Promise<TPreviewEvent[]>;
  /** Waits until `text` is visible in the app. */
  see(text: string | RegExp, timeout?: number): Promise<void>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openPreview(browser: Browser, baseUrl: string, query = ''): Promise<TPreviewPage> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${baseUrl}${query}`);
  await page.evaluate(() => window.preview.ready);
  const app = page.frameLocator('#preview iframe');
  return {
    page,
    app,
    frame() {
      const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
      if (!frame) throw new Error('The preview has no frame.');
      return frame;
    },
    update: (files) => page.evaluate((f) => window.preview.update(f), files),
    events: () => page.evaluate(() => window.previewEvents),
    async see(text, timeout = 20_000) {
      await app.getByText(text).first().waitFor({ state: 'visible', timeout });
    },
    async screenshot(name) {
      await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png` });
    },
    async close() {
      if (pageErrors.length > 0) console.warn(`Host page errors: ${pageErrors.join('; ')}`);
      await page.close();
    },
  };
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(source: string, needle: string): number {
  const index = source.split('\n').findIndex((l) => l.includes(needle));
  if (index === -1) throw new Error(`"${needle}" is not in the source.`);
  return index + 1;
}
