import type { TAppDocument, TPreviewBuildError, TPreviewProblem } from '../protocol.js';
import { lineAt, resolveProjectPath } from './paths.js';

/** index.html, read for the preview: what to bundle, and what the frame puts in its document. */
export interface TParsedDocument {
  document: TAppDocument;
  /** Project paths of module scripts and stylesheets, in document order. */
  imports: string[];
  errors: TPreviewBuildError[];
  warnings: TPreviewProblem[];
}

const COMMENT = /<!--[\s\S]*?-->/g;
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

function attributes(source: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1];
    if (name !== undefined) result[name.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return result;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'nbsp' ? '\u00a0' : "'",
  );
}

function isLocal(url: string): boolean {
  return url !== '' && !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
}

function section(html: string, tag: 'head' | 'body'): { attrs: string; inner: string; start: number } | null {
  const open = new RegExp(`<${tag}\\b([^>]*)>`, 'i').exec(html);
  if (!open) return null;
  const start = open.index + open[0].length;
  const closeIndex = html.slice(start).search(new RegExp(`</${tag}\\s*>`, 'i'));
  const inner = closeIndex === -1 ? html.slice(start) : html.slice(start, start + closeIndex);
  return { attrs: open[1] ?? '', inner, start };
}

/**
 * Reads index.html without a DOM (this runs in a worker): module scripts and stylesheets become
 * bundle entries; the title, other head tags and the body markup go to the frame as they are.
 */
export function parseAppDocument(html: string, files: ReadonlyMap<string, string>, entry: string): TParsedDocument {
  const errors: TPreviewBuildError[] = [];
  const warnings: TPreviewProblem[] = [];
  const imports: string[] = [];
  // Blank out comments but keep offsets, so reported lines stay right.
  const source = html.replace(COMMENT, (c) => c.replace(/[^\n]/g, ' '));

  const htmlOpen = /<html\b([^>]*)>/i.exec(source);
  const htmlAttributes = htmlOpen ? attributes(htmlOpen[1] ?? '') : {};
  const title = decodeEntities(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(source)?.[1]?.trim() ?? '');

  const resolve = (url: string, offset: number, what: string): string | null => {
    const path = resolveProjectPath(files, url, entry);
    if (path === null) {
      errors.push({ kind: 'build', message: `${what}="${url}"> names a file the app does not have.`, file: entry, line: lineAt(source, offset), column: null });
    }
    return path;
  };

  const strip = (markup: string, base: number): string => {
    let out = markup.replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (tag, attrText: string, body: string, offset: number) => {
      const attrs = attributes(attrText);
      const at = base + offset;
      if (attrs.src !== undefined && isLocal(attrs.src)) {
        if (attrs.type === 'module') {
          const path = resolve(attrs.src, at, '<script src');
          if (path) imports.push(path);
        } else {
          errors.push({ kind: 'build', message: `<script src="${attrs.src}"> must have type="module" to be bundled.`, file: entry, line: lineAt(source, at), column: null });
        }
        return '';
      }
      if (attrs.type === 'module' && body.trim()) {
        warnings.push({ kind: 'build', message: 'Inline module scripts in index.html are not run in the preview; move the code into src/.', file: entry, line: lineAt(source, at), column: null });
        return '';
      }
      return attrs.src === undefined && !body.trim() ? '' : tag;
    });
    out = out.replace(/<link\b([^>]*?)\/?>/gi, (tag, attrText: string, offset: number) => {
      const attrs = attributes(attrText);
      const href = attrs.href ?? '';
      if (!isLocal(href)) return tag;
      const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      if (rel.includes('stylesheet')) {
        const path = resolveProjectPath(files, href, entry);
        if (path) imports.push(path);
        else if (!files.has(`public/${href.replace(/^\.?\//, '')}`)) resolve(href, base + offset, '<link href');
      }
      // Icons, manifests and other local links have no server to load from inside the preview.
      return '';
    });
    return out;
  };

  const head = section(source, 'head');
  const body = section(source, 'body');
  let headMarkup = head ? strip(head.inner, head.start) : '';
  headMarkup = headMarkup
    .replace(/<title\b[^>]*>[\s\S]*?<\/title\s*>/gi, '')
    .replace(/<meta\b[^>]*charset[^>]*>/gi, '')
    .replace(/<base\b[^>]*>/gi, '');
  const bodyMarkup = body ? strip(body.inner, body.start) : '';

  if (!imports.some((p) => !p.endsWith('.css')) && errors.length === 0) {
    errors.push({
      kind: 'build',
      message: 'index.html loads no module script. Add <script type="module" src="/src/main.tsx"></script> to its body.',
      file: entry,
      line: null,
      column: null,
    });
  }

  return {
    document: {
      title,
      lang: htmlAttributes.lang ?? 'en',
      head: headMarkup.trim(),
      body: bodyMarkup.trim(),
      bodyAttributes: body ? attributes(body.attrs) : {},
      htmlAttributes,
    },
    imports,
    errors,
    warnings,
  };
}
