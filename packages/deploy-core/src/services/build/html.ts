/** A local script or stylesheet that index.html loads. */
export interface THtmlRef {
  kind: 'script' | 'classic-script' | 'style';
  /** The src/href as written. */
  url: string;
  /** Where the whole tag is in the HTML. */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
}

const SCRIPT_TAG = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const LINK_TAG = /<link\b([^>]*?)\/?>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

function attributes(source: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1];
    if (name !== undefined) result.set(name.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return result;
}

function isLocal(url: string): boolean {
  return url !== '' && !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Finds the local `<script src>` and `<link rel="stylesheet">` tags, skipping HTML comments. */
export function scanHtml(html: string): THtmlRef[] {
  const comments = [...html.matchAll(COMMENT)].map((m) => [m.index, m.index + m[0].length] as const);
  const inComment = (i: number) => comments.some(([a, b]) => i >= a && i < b);
  const refs: THtmlRef[] = [];
  for (const m of html.matchAll(SCRIPT_TAG)) {
    if (inComment(m.index)) continue;
    const attrs = attributes(m[1] ?? '');
    const src = attrs.get('src');
    if (src === undefined || !isLocal(src)) continue;
    const kind = attrs.get('type') === 'module' ? 'script' : 'classic-script';
    refs.push({ kind, url: src, start: m.index, end: m.index + m[0].length, line: lineAt(html, m.index) });
  }
  for (const m of html.matchAll(LINK_TAG)) {
    if (inComment(m.index)) continue;
    const attrs = attributes(m[1] ?? '');
    const href = attrs.get('href');
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('stylesheet') || href === undefined || !isLocal(href)) continue;
    refs.push({ kind: 'style', url: href, start: m.index, end: m.index + m[0].length, line: lineAt(html, m.index) });
  }
  return refs.sort((a, b) => a.start - b.start);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * Points each bundled tag at its output and adds `headTags` (stylesheets, modulepreload) before
 * `</head>`. Tags are rewritten from the end so earlier offsets stay valid.
 */
export function rewriteHtml(html: string, replacements: Map<THtmlRef, string>, headTags: string[]): string {
  let out = html;
  const ordered = [...replacements.entries()].sort(([a], [b]) => b.start - a.start);
  for (const [ref, url] of ordered) {
    const tag =
      ref.kind === 'style'
        ? `<link rel="stylesheet" crossorigin href="${escapeAttribute(url)}">`
        : `<script type="module" crossorigin src="${escapeAttribute(url)}"></script>`;
    out = out.slice(0, ref.start) + tag + out.slice(ref.end);
  }
  if (headTags.length === 0) return out;
  const injected = headTags.map((t) => `    ${t}\n`).join('');
  const headClose = out.search(/<\/head\s*>/i);
  if (headClose !== -1) return `${out.slice(0, headClose)}${injected.trimStart()}  ${out.slice(headClose)}`;
  const bodyOpen = out.search(/<body\b[^>]*>/i);
  if (bodyOpen !== -1) return out.slice(0, bodyOpen) + injected + out.slice(bodyOpen);
  return injected + out;
}
