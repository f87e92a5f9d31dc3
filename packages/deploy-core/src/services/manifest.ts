import { z } from 'zod';
import { AppError } from '@shipyard/core';

const ZEnvVarName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'Environment variable names are UPPER_SNAKE_CASE, at most 64 characters.');

const ZProjectPath = z
  .string()
  .min(1)
  .max(255)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), 'Use a path inside the project.');

/** `shipyard.json`: the generated app's manifest, the contract between editor, preview and deploy. */
export const ZAppManifestSchema = z.object({
  name: z.string().trim().min(1).max(80),
  entry: ZProjectPath.default('index.html'),
  api: ZProjectPath.optional(),
  database: z
    .object({
      schema: ZProjectPath,
      seed: ZProjectPath.optional(),
    })
    .optional(),
  env: z
    .array(
      z.object({
        name: ZEnvVarName,
        required: z.boolean().default(false),
        description: z.string().max(500).default(''),
      }),
    )
    .max(100)
    .optional(),
});

export type TAppManifest = z.output<typeof ZAppManifestSchema>;

/** Reads and validates `shipyard.json`, checking that the files it names exist. */
export function readManifest(files: Record<string, string>): TAppManifest {
  const raw = files['shipyard.json'];
  if (raw === undefined) {
    throw new AppError('VALIDATION', 'The app has no shipyard.json manifest. Add one with at least a "name".');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new AppError('VALIDATION', `shipyard.json is not valid JSON (${(error as Error).message}). Fix it and deploy again.`);
  }
  const parsed = ZAppManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('VALIDATION', `shipyard.json is invalid: ${problems.join('; ')}.`, { details: { problems } });
  }
  const manifest = parsed.data;
  for (const path of [manifest.entry, manifest.api, manifest.database?.schema, manifest.database?.seed]) {
    if (path && files[path] === undefined) {
      throw new AppError('VALIDATION', `shipyard.json names ${path}, but the app has no such file.`);
    }
  }
  return manifest;
}
