import { z } from 'zod';
import { BuildError, type TBuildDiagnostic } from './build-error.js';

const ZProjectPath = z
  .string()
  .min(1)
  .max(255)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), 'use a path inside the project, e.g. "api/index.ts"');

/** `shipyard.json`, the generated app's manifest (contract between editor, preview and deploy). */
export const ZShipyardJsonSchema = z.object({
  name: z.string().trim().min(1).max(80),
  entry: ZProjectPath.default('index.html'),
  api: ZProjectPath.optional(),
  database: z.object({ schema: ZProjectPath, seed: ZProjectPath.optional() }).optional(),
  env: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'environment variable names are UPPER_SNAKE_CASE, at most 64 characters'),
        required: z.boolean().default(false),
        description: z.string().max(500).default(''),
      }),
    )
    .max(100)
    .optional(),
});

export type TShipyardJson = z.output<typeof ZShipyardJsonSchema>;

/**
 * Parses and checks `shipyard.json` against the files it names. Throws a {@link BuildError} whose
 * diagnostics point at `shipyard.json`.
 */
export function parseShipyardJson(files: ReadonlyMap<string, string>): TShipyardJson {
  const raw = files.get('shipyard.json');
  const fail = (text: string, line: number | null = null): never => {
    throw new BuildError([{ file: 'shipyard.json', line, column: null, text }]);
  };
  if (raw === undefined) return fail('The app has no shipyard.json. Add one with at least {"name": "My app", "entry": "index.html"}.');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return fail(`shipyard.json is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = ZShipyardJsonSchema.safeParse(json);
  if (!parsed.success) {
    const errors: TBuildDiagnostic[] = parsed.error.issues.map((issue) => ({
      file: 'shipyard.json',
      line: null,
      column: null,
      text: `"${issue.path.join('.') || '(root)'}": ${issue.message}.`,
    }));
    throw new BuildError(errors);
  }
  const manifest = parsed.data;
  const missing: TBuildDiagnostic[] = [];
  const named: [string, string | undefined][] = [
    ['entry', manifest.entry],
    ['api', manifest.api],
    ['database.schema', manifest.database?.schema],
    ['database.seed', manifest.database?.seed],
  ];
  for (const [field, path] of named) {
    if (path !== undefined && !files.has(path)) {
      missing.push({ file: 'shipyard.json', line: null, column: null, text: `"${field}" names ${path}, but the app has no such file.` });
    }
  }
  const envNames = new Set<string>();
  for (const variable of manifest.env ?? []) {
    if (envNames.has(variable.name)) {
      missing.push({ file: 'shipyard.json', line: null, column: null, text: `"env" declares ${variable.name} twice.` });
    }
    envNames.add(variable.name);
  }
  if (missing.length > 0) throw new BuildError(missing);
  return manifest;
}
