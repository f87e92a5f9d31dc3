import { z } from 'zod';

/** Text file types a project may hold. Binary assets are not stored as project files. */
export const DEFAULT_ALLOWED_EXTENSIONS: readonly string[] = [
  'ts',
  'tsx',
  'mts',
  'cts',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'css',
  'scss',
  'html',
  'htm',
  'json',
  'jsonc',
  'webmanifest',
  'md',
  'mdx',
  'sql',
  'svg',
  'txt',
  'csv',
  'tsv',
  'xml',
  'yaml',
  'yml',
  'toml',
  'graphql',
  'gql',
  'prisma',
];

/** Extension-less (or dot-) files that are still plain text and safe to keep. */
export const DEFAULT_ALLOWED_FILE_NAMES: readonly string[] = [
  '.gitignore',
  '.editorconfig',
  '.prettierrc',
  '.prettierignore',
  '.npmrc',
  '.env.example',
  '_redirects',
  '_headers',
  'LICENSE',
];

export const ZProjectLimitsSchema = z.object({
  /** Largest single file, in UTF-8 bytes. */
  maxFileBytes: z.number().int().positive(),
  /** Largest project (sum of all files), in UTF-8 bytes. */
  maxProjectBytes: z.number().int().positive(),
  maxFiles: z.number().int().positive(),
  /** Longest path, in characters. */
  maxPathLength: z.number().int().positive(),
  /** Deepest folder nesting (number of path segments). */
  maxPathDepth: z.number().int().positive(),
  /** Lower-case extensions without the dot. */
  allowedExtensions: z.array(z.string().min(1)).readonly(),
  /** Exact file names allowed even without an allowed extension. */
  allowedFileNames: z.array(z.string().min(1)).readonly(),
});

export type TProjectLimits = z.infer<typeof ZProjectLimitsSchema>;

const resolvedLimits = new WeakSet<TProjectLimits>();

export const DEFAULT_PROJECT_LIMITS: TProjectLimits = Object.freeze({
  maxFileBytes: 512 * 1024,
  maxProjectBytes: 8 * 1024 * 1024,
  maxFiles: 500,
  maxPathLength: 240,
  maxPathDepth: 16,
  allowedExtensions: DEFAULT_ALLOWED_EXTENSIONS,
  allowedFileNames: DEFAULT_ALLOWED_FILE_NAMES,
});
resolvedLimits.add(DEFAULT_PROJECT_LIMITS);

/** Fills in defaults for any limit not given. */
export function resolveProjectLimits(limits?: Partial<TProjectLimits>): TProjectLimits {
  if (!limits) return DEFAULT_PROJECT_LIMITS;
  if (resolvedLimits.has(limits as TProjectLimits)) return limits as TProjectLimits;
  const merged: TProjectLimits = { ...DEFAULT_PROJECT_LIMITS };
  for (const [key, value] of Object.entries(limits) as [keyof TProjectLimits, unknown][]) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  const parsed = Object.freeze(ZProjectLimitsSchema.parse(merged));
  resolvedLimits.add(parsed);
  return parsed;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  const mib = bytes / (1024 * 1024);
  return `${mib.toFixed(Number.isInteger(mib) ? 0 : 1)} MiB`;
}
