import type { TChatMessage } from '../ai';

/** Rough token estimate (≈4 characters a token for code and English). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const ALWAYS_INCLUDE = ['shipyard.json', 'src/App.tsx', 'src/main.tsx'];
const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\s*['"](\.{1,2}\/[^'"]+)['"]/g;
/** Per-file overhead of the <current-file> wrapper, in tokens. */
const FILE_OVERHEAD_TOKENS = 20;

/** "TaskList.tsx" is named by "task list", "tasklist", "task-list" or "task lists". */
function fileNamePattern(fileName: string): RegExp | null {
  const stem = fileName.replace(/\.[^.]+$/, '');
  const words = stem
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.join('').length <= 3) return null;
  return new RegExp(`\\b${words.join('[\\s_-]*')}s?\\b`);
}

function resolveImport(
  from: string,
  spec: string,
  files: ReadonlyMap<string, string>,
): string | null {
  const dir = from.split('/').slice(0, -1);
  for (const part of spec.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') dir.pop();
    else dir.push(part);
  }
  const base = dir.join('/');
  for (const candidate of [
    base,
    `${base}.tsx`,
    `${base}.ts`,
    `${base}.css`,
    `${base}/index.tsx`,
    `${base}/index.ts`,
  ]) {
    if (files.has(candidate)) return candidate;
  }
  return null;
}

export interface TContextSelection {
  included: { path: string; content: string }[];
  omitted: string[];
  tokens: number;
}

/**
 * Chooses which files go to the model for a request, within a token budget. A project that fits
 * is sent whole. Otherwise only relevant files are sent: those the request names (by path, file
 * name or the words of a file name), the files they import, the entry points, then the most
 * recently changed — never the whole project, and never unrelated files as padding.
 */
export function selectContextFiles(
  files: ReadonlyMap<string, string>,
  request: string,
  options: { budgetTokens: number; recentPaths?: readonly string[] },
): TContextSelection {
  const cost = (content: string) => estimateTokens(content) + FILE_OVERHEAD_TOKENS;
  let total = 0;
  for (const content of files.values()) total += cost(content);
  if (total <= options.budgetTokens) {
    // A project that fits is sent whole: the model sees everything it might touch.
    const included = [...files]
      .map(([path, content]) => ({ path, content }))
      .sort((a, b) => a.path.localeCompare(b.path));
    return { included, omitted: [], tokens: total };
  }

  const scores = new Map<string, number>();
  const lower = request.toLowerCase();
  const bump = (path: string, score: number) =>
    scores.set(path, Math.max(scores.get(path) ?? 0, score));
  for (const path of files.keys()) {
    const name = path.split('/').at(-1)!;
    if (lower.includes(path.toLowerCase())) bump(path, 100);
    else if (lower.includes(name.toLowerCase())) bump(path, 90);
    else if (fileNamePattern(name)?.test(lower)) bump(path, 70);
  }
  // Imports of the named files come next.
  for (const [path, score] of [...scores]) {
    const content = files.get(path) ?? '';
    for (const m of content.matchAll(IMPORT_RE)) {
      const target = resolveImport(path, (m[1] ?? m[2] ?? m[3])!, files);
      if (target) bump(target, score - 20);
    }
  }
  for (const path of ALWAYS_INCLUDE) if (files.has(path)) bump(path, 60);
  (options.recentPaths ?? []).forEach(
    (path, i) => files.has(path) && bump(path, 50 - Math.min(i, 40)),
  );

  // Only files with a reason to be there: a large project is never padded with unrelated files,
  // which would cost tokens and distract the model. The rest are listed by path.
  const ordered = [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const included: { path: string; content: string }[] = [];
  const omitted: string[] = [...files.keys()].filter((path) => !scores.has(path));
  let tokens = 0;
  for (const [path] of ordered) {
    const content = files.get(path)!;
    if (tokens + cost(content) <= options.budgetTokens) {
      included.push({ path, content });
      tokens += cost(content);
    } else omitted.push(path);
  }
  included.sort((a, b) => a.path.localeCompare(b.path));
  return { included, omitted: omitted.sort(), tokens };
}

/** The last chat turns that fit the budget, oldest first. */
export function recentTurns(
  messages: readonly TChatMessage[],
  budgetTokens: number,
): TChatMessage[] {
  const out: TChatMessage[] = [];
  let tokens = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const cost = estimateTokens(messages[i]!.content);
    if (tokens + cost > budgetTokens) break;
    out.unshift(messages[i]!);
    tokens += cost;
  }
  return out;
}
