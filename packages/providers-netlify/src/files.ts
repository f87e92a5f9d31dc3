import { createHash } from 'node:crypto';
import { AppError } from '@shipyard/core';
import type { TBuildArtifact } from '@shipyard/deploy-core';
import { buildNetlifyFunction, type TNetlifyFunctionBundle } from './function-adapter';

/** The SPA fallback: any path without a static file is answered with the app shell (a rewrite, not a redirect). */
export const SPA_FALLBACK_RULE = '/*    /index.html    200';

/** Limits Netlify applies to what a deploy carries. */
export const NETLIFY_LIMITS = {
  /** A zipped function may be at most 50 MB. */
  maxFunctionZipBytes: 50 * 1024 * 1024,
  /** Netlify rejects deploy paths with these characters. */
  forbiddenPathChars: /[#?]/,
} as const;

/** Build outputs that are not static files on Netlify: the worker runs as a function. */
const NOT_STATIC = new Set(['_worker.js', '_routes.json']);

export interface TNetlifyFile {
  /** Deploy path with a leading slash, e.g. `/assets/app.js`. */
  path: string;
  sha1: string;
  bytes: Uint8Array;
}

export interface TPreparedDeploy {
  /** `/path` → sha1: the deploy's `files`. */
  files: Record<string, string>;
  /** One file per distinct sha1: what an upload of that digest sends. */
  bySha: Map<string, TNetlifyFile>;
  fn: TNetlifyFunctionBundle | null;
  warnings: string[];
}

export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * Turns the build into a Netlify file-digest deploy: static files keyed by sha1, a `_redirects`
 * with the SPA fallback after any rules the app wrote, and the API as a function bundle.
 */
export function prepareNetlifyDeploy(artifact: TBuildArtifact, envNames: readonly string[]): TPreparedDeploy {
  const files: Record<string, string> = {};
  const bySha = new Map<string, TNetlifyFile>();
  const warnings: string[] = [];
  const enc = new TextEncoder();
  let redirects = '';

  const add = (path: string, bytes: Uint8Array) => {
    const sha1 = sha1Hex(bytes);
    files[path] = sha1;
    if (!bySha.has(sha1)) bySha.set(sha1, { path, sha1, bytes });
  };

  for (const [rawPath, bytes] of artifact.assets) {
    const path = rawPath.replace(/^\/+/, '');
    const segments = path.split('/');
    if (!path || segments.some((s) => s === '..' || s === '.' || s === '')) {
      throw new AppError('VALIDATION', `The build produced an invalid asset path "${rawPath}"; asset paths must be relative, like "assets/app.js".`);
    }
    if (NETLIFY_LIMITS.forbiddenPathChars.test(path)) {
      throw new AppError('VALIDATION', `Netlify cannot deploy "${path}": file names may not contain "#" or "?". Rename the file and deploy again.`);
    }
    if (NOT_STATIC.has(path)) continue;
    if (path === '_redirects') {
      redirects = new TextDecoder().decode(bytes);
      continue;
    }
    if (segments[0] === 'api' && artifact.worker) {
      warnings.push(`The static file ${path} is hidden by the app's API, which answers every /api/* path on Netlify.`);
    }
    add(`/${path}`, bytes);
  }

  const rules = redirects.trimEnd();
  add('/_redirects', enc.encode(`${rules ? `${rules}\n` : ''}# Shipyard: single-page app fallback\n${SPA_FALLBACK_RULE}\n`));

  let fn: TNetlifyFunctionBundle | null = null;
  if (artifact.worker) {
    fn = buildNetlifyFunction(artifact.worker, envNames);
    if (fn.zip.byteLength > NETLIFY_LIMITS.maxFunctionZipBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The app's API bundles to ${(fn.zip.byteLength / 1024 / 1024).toFixed(1)} MB zipped; Netlify Functions accept at most 50 MB. Remove large dependencies from the API.`,
      );
    }
  }
  return { files, bySha, fn, warnings };
}
