import type { TPreviewBuildError } from '../protocol.js';
import { lineAt, normalizeProjectPath } from './paths.js';

/** `shipyard.json` as the preview reads it. */
export interface TAppManifest {
  name: string;
  entry: string;
  api: string | null;
  database: { schema: string; seed: string | null } | null;
  env: string[];
}

const ENV_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Reads shipyard.json. The preview is forgiving where the deploy build is strict, because it runs
 * while the model is still writing files: without a manifest, the conventional paths are used
 * (index.html, api/index.ts, db/schema.sql, db/seed.sql) when they exist. Invalid JSON and paths
 * to missing files are errors, with a line when JSON.parse gives a position.
 */
export function readAppManifest(files: ReadonlyMap<string, string>): { manifest: TAppManifest; errors: TPreviewBuildError[] } {
  const errors: TPreviewBuildError[] = [];
  const error = (message: string, line: number | null = null) =>
    errors.push({ kind: 'build', message, file: 'shipyard.json', line, column: null });
  const fallback: TAppManifest = {
    name: 'App',
    entry: 'index.html',
    api: files.has('api/index.ts') ? 'api/index.ts' : null,
    database: files.has('db/schema.sql') ? { schema: 'db/schema.sql', seed: files.has('db/seed.sql') ? 'db/seed.sql' : null } : null,
    env: [],
  };
  const raw = files.get('shipyard.json');
  if (raw === undefined) return { manifest: fallback, errors };

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    error(`shipyard.json is not valid JSON: ${message}.`, position ? lineAt(raw, Number(position[1])) : null);
    return { manifest: fallback, errors };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    error('shipyard.json must be an object like {"name": "My app", "entry": "index.html"}.');
    return { manifest: fallback, errors };
  }
  const m = json as Record<string, unknown>;
  const path = (field: string, value: unknown): string | null => {
    if (value === undefined || value === null) return null;
    const normalized = typeof value === 'string' ? normalizeProjectPath(value) : null;
    if (normalized === null) {
      error(`"${field}" must be a path inside the project, like "api/index.ts".`);
      return null;
    }
    if (!files.has(normalized)) {
      error(`"${field}" names ${normalized}, but the app has no such file.`);
      return null;
    }
    return normalized;
  };

  const entry = m.entry === undefined ? 'index.html' : path('entry', m.entry);
  const api = path('api', m.api);
  let database: TAppManifest['database'] = null;
  if (m.database !== undefined && m.database !== null) {
    const db = m.database as Record<string, unknown>;
    if (typeof db !== 'object' || typeof db.schema !== 'string') {
      error('"database" must be {"schema": "db/schema.sql", "seed": "db/seed.sql"}.');
    } else {
      const schema = path('database.schema', db.schema);
      const seed = path('database.seed', db.seed);
      if (schema) database = { schema, seed };
    }
  }
  const env: string[] = [];
  if (Array.isArray(m.env)) {
    for (const variable of m.env) {
      const name = (variable as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && ENV_NAME.test(name)) env.push(name);
      else error(`"env" entries need a "name" in UPPER_SNAKE_CASE; got ${JSON.stringify(name ?? variable)}.`);
    }
  }
  return {
    manifest: {
      name: typeof m.name === 'string' && m.name.trim() ? m.name.trim() : fallback.name,
      entry: entry ?? fallback.entry,
      api: api ?? (m.api === undefined ? fallback.api : null),
      database: database ?? (m.database === undefined ? fallback.database : null),
      env,
    },
    errors,
  };
}
