import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { AppError } from '@shipyard/core';
import type { TBuildArtifact } from '@shipyard/deploy-core';
import { FUNCTION_FILE, VERCEL_CONFIG_FILE, vercelAdapterSource, vercelConfigSource, WORKER_FILE } from './function-adapter';

/** Limits Vercel applies to what a deployment carries. */
export const VERCEL_LIMITS = {
  /** Edge Functions may be at most 4 MB gzipped (Enterprise); Hobby allows 1 MB, Pro 2 MB. */
  maxEdgeFunctionGzipBytes: 4 * 1024 * 1024,
  hobbyEdgeFunctionGzipBytes: 1024 * 1024,
} as const;

/** Build outputs that are not static files on Vercel: the worker runs as a function. */
const NOT_STATIC = new Set(['_worker.js', '_routes.json', '_headers', '_redirects']);

export interface TVercelFile {
  /** Path in the deployment, without a leading slash. */
  file: string;
  sha: string;
  size: number;
  bytes: Uint8Array;
}

export interface TPreparedDeployment {
  /** Every file of the deployment, as `files: [{ file, sha, size }]` lists them. */
  files: TVercelFile[];
  /** One file per distinct sha1: what an upload of that digest sends. */
  bySha: Map<string, TVercelFile>;
  hasApi: boolean;
  warnings: string[];
}

export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * Turns the build into a Vercel deployment's files: the static assets at the root, the API as
 * `api/[...path].js` (Edge adapter) + `api/_worker.js`, and `vercel.json` with the SPA fallback.
 */
export function prepareVercelDeployment(artifact: TBuildArtifact, envNames: readonly string[]): TPreparedDeployment {
  const files: TVercelFile[] = [];
  const bySha = new Map<string, TVercelFile>();
  const warnings: string[] = [];
  const enc = new TextEncoder();
  const add = (file: string, bytes: Uint8Array) => {
    const entry = { file, sha: sha1Hex(bytes), size: bytes.byteLength, bytes };
    files.push(entry);
    if (!bySha.has(entry.sha)) bySha.set(entry.sha, entry);
  };

  for (const [rawPath, bytes] of artifact.assets) {
    const path = rawPath.replace(/^\/+/, '');
    const segments = path.split('/');
    if (!path || segments.some((s) => s === '..' || s === '.' || s === '')) {
      throw new AppError('VALIDATION', `The build produced an invalid asset path "${rawPath}"; asset paths must be relative, like "assets/app.js".`);
    }
    if (NOT_STATIC.has(path)) {
      if (path === '_headers' || path === '_redirects') warnings.push(`${path} is a Cloudflare/Netlify file; Vercel ignores it (use vercel.json).`);
      continue;
    }
    if (segments[0] === 'api') {
      // On Vercel every file under api/ may become a function: static files cannot live there.
      throw new AppError('VALIDATION', `The build has a static file at ${path}; on Vercel api/ is reserved for the app's API. Move the file out of api/ and deploy again.`);
    }
    if (path === VERCEL_CONFIG_FILE) {
      warnings.push('The build has its own vercel.json; Shipyard replaces it with the SPA fallback configuration.');
      continue;
    }
    add(path, bytes);
  }
  add(VERCEL_CONFIG_FILE, enc.encode(vercelConfigSource()));

  if (artifact.worker) {
    const adapter = enc.encode(vercelAdapterSource(envNames));
    const worker = enc.encode(artifact.worker);
    const gzipped = gzipSync(Buffer.concat([adapter, worker])).byteLength;
    if (gzipped > VERCEL_LIMITS.maxEdgeFunctionGzipBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The app's API is ${(gzipped / 1024 / 1024).toFixed(1)} MB gzipped; Vercel Edge Functions accept at most 4 MB (1 MB on Hobby). Remove large dependencies from the API.`,
      );
    }
    if (gzipped > VERCEL_LIMITS.hobbyEdgeFunctionGzipBytes) {
      warnings.push(`The app's API is ${(gzipped / 1024).toFixed(0)} KB gzipped: over the 1 MB Edge Function limit of Vercel's Hobby plan.`);
    }
    add(FUNCTION_FILE, adapter);
    add(WORKER_FILE, worker);
  }
  return { files, bySha, hasApi: Boolean(artifact.worker), warnings };
}
