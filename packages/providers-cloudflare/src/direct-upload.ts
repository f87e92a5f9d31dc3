import { AppError } from '@shipyard/core';
import { formatBytes } from '@shipyard/deploy-core/provider-kit';
import type { CloudflareApi } from './api';
import { assetContentType } from './content-type';
import type { TCallMeta } from './errors';
import { pagesAssetHash } from './hash';

/** Limits of the Pages Direct Upload protocol, as wrangler applies them. */
export const PAGES_LIMITS = {
  /** Largest single asset. */
  maxAssetBytes: 25 * 1024 * 1024,
  /** Files per deployment unless the upload token's `max_file_count_allowed` claim says otherwise. */
  defaultMaxFiles: 20_000,
  /** One `/pages/assets/upload` request carries at most this many bytes (before base64)… */
  maxBucketBytes: 40 * 1024 * 1024,
  /** …and at most this many files. */
  maxBucketFiles: 2_000,
  /** Upload requests in flight at once. */
  uploadConcurrency: 3,
} as const;

/** Files Pages reads from the deployment form instead of serving as assets. */
export const PAGES_CONFIG_FILES = ['_headers', '_redirects', '_routes.json'] as const;
const NOT_ASSETS = new Set<string>(['_worker.js', ...PAGES_CONFIG_FILES]);

export interface TPagesAsset {
  /** Path without a leading slash, e.g. `assets/app-3f2a.js`. */
  path: string;
  hash: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface TPreparedAssets {
  assets: TPagesAsset[];
  /** `_headers`, `_redirects`, `_routes.json` when the build produced them. */
  configFiles: Map<string, Uint8Array>;
}

/** Hashes the build's assets and separates the files Pages takes as deployment form parts. */
export function prepareAssets(files: ReadonlyMap<string, Uint8Array>): TPreparedAssets {
  const assets: TPagesAsset[] = [];
  const configFiles = new Map<string, Uint8Array>();
  for (const [rawPath, bytes] of files) {
    const path = rawPath.replace(/^\/+/, '');
    const segments = path.split('/');
    if (!path || segments.some((s) => s === '..' || s === '.' || s === '')) {
      throw new AppError('VALIDATION', `The build produced an invalid asset path "${rawPath}"; asset paths must be relative, like "assets/app.js".`);
    }
    if (NOT_ASSETS.has(path)) {
      if (path !== '_worker.js') configFiles.set(path, bytes);
      continue;
    }
    // The same files wrangler never uploads.
    if (segments.includes('node_modules') || segments.includes('.git') || segments.at(-1) === '.DS_Store') continue;
    if (bytes.byteLength > PAGES_LIMITS.maxAssetBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `${path} is ${formatBytes(bytes.byteLength)}; Cloudflare Pages serves files up to 25 MiB. Make it smaller or load it from storage.`,
        { details: { path, bytes: bytes.byteLength } },
      );
    }
    assets.push({ path, bytes, hash: pagesAssetHash(path, bytes), contentType: assetContentType(path) });
  }
  return { assets, configFiles };
}

/**
 * Groups files into upload requests the way wrangler does: largest first, spread across at least
 * `uploadConcurrency` buckets, each under the byte and file-count limits.
 */
export function planBuckets(
  assets: readonly TPagesAsset[],
  limits: { maxBucketBytes: number; maxBucketFiles: number; uploadConcurrency: number } = PAGES_LIMITS,
): TPagesAsset[][] {
  const sorted = [...assets].sort((a, b) => b.bytes.byteLength - a.bytes.byteLength);
  const buckets = Array.from({ length: limits.uploadConcurrency }, () => ({ files: [] as TPagesAsset[], remaining: limits.maxBucketBytes }));
  let offset = 0;
  for (const file of sorted) {
    let placed = false;
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[(i + offset) % buckets.length]!;
      if (bucket.remaining >= file.bytes.byteLength && bucket.files.length < limits.maxBucketFiles) {
        bucket.files.push(file);
        bucket.remaining -= file.bytes.byteLength;
        placed = true;
        break;
      }
    }
    if (!placed) buckets.push({ files: [file], remaining: limits.maxBucketBytes - file.bytes.byteLength });
    offset++;
  }
  return buckets.map((b) => b.files).filter((files) => files.length > 0);
}

/** Reads a claim from the upload JWT without verifying it (Cloudflare verifies it on every use). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (!payload) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface TUploadResult {
  /** `/<path>` → content hash: the deployment's manifest. */
  manifest: Record<string, string>;
  /** Distinct files Cloudflare did not have and that were uploaded. */
  uploaded: number;
  /** Distinct files Cloudflare already had. */
  reused: number;
  requests: number;
}

/**
 * The Direct Upload protocol, as wrangler speaks it: upload token (JWT) → check-missing → upload
 * the missing files in buckets → upsert-hashes. Returns the manifest for the deployment.
 */
export async function uploadAssets(
  api: CloudflareApi,
  projectName: string,
  assets: readonly TPagesAsset[],
  ctx: { signal?: AbortSignal; log: (message: string) => void },
): Promise<TUploadResult> {
  const pagesMeta = (action: string): TCallMeta => ({ action, scope: 'pages', resource: `the Pages project ${projectName}` });

  let jwt = '';
  const fetchJwt = async () => {
    const res = await api.call(
      pagesMeta(`get an upload token for the Pages project ${projectName}`),
      (req) => api.sdk.pages.projects.getUploadToken(projectName, { account_id: api.accountId }, req),
      ctx,
    );
    jwt = res.jwt;
  };
  const expiresSoon = () => {
    const exp = jwtClaims(jwt).exp;
    return typeof exp === 'number' && exp * 1000 - Date.now() < 30_000;
  };
  /** Calls an asset endpoint with the JWT, fetching a fresh one when it expired (401). */
  async function withJwt<T>(meta: TCallMeta, fn: (client: ReturnType<CloudflareApi['withToken']>, req: { signal?: AbortSignal }) => Promise<T>): Promise<T> {
    if (!jwt || expiresSoon()) await fetchJwt();
    try {
      return await api.call(meta, (req) => fn(api.withToken(jwt), req), ctx);
    } catch (error) {
      const status = AppError.is(error) ? (error.details?.status as number | null | undefined) : undefined;
      if (status !== 401) throw error;
      ctx.log('The Pages upload token expired; fetching a new one.');
      await fetchJwt();
      return api.call(meta, (req) => fn(api.withToken(jwt), req), ctx);
    }
  }

  await fetchJwt();
  const claimed = jwtClaims(jwt).max_file_count_allowed;
  const maxFiles = typeof claimed === 'number' && claimed > 0 ? claimed : PAGES_LIMITS.defaultMaxFiles;
  if (assets.length > maxFiles) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The build has ${assets.length} files; Cloudflare Pages accepts at most ${maxFiles} per deployment on this account's plan. Remove unused files or bundle them.`,
    );
  }

  // Paths with identical contents and extension share a hash: upload each once.
  const byHash = new Map<string, TPagesAsset>();
  for (const a of assets) if (!byHash.has(a.hash)) byHash.set(a.hash, a);
  const hashes = [...byHash.keys()];

  const missing = hashes.length
    ? await withJwt({ action: 'check which files Cloudflare Pages already has', scope: 'pages' }, async (client, req) => {
        const page = await client.pages.assets.checkMissing({ hashes }, req);
        return page.result;
      })
    : [];
  const missingSet = new Set(missing);
  const toUpload = [...byHash.values()].filter((a) => missingSet.has(a.hash));
  const buckets = planBuckets(toUpload);
  ctx.log(
    `${byHash.size} distinct file(s): ${toUpload.length} to upload (${formatBytes(toUpload.reduce((n, a) => n + a.bytes.byteLength, 0))}) in ${buckets.length} request(s), ${byHash.size - toUpload.length} already on Cloudflare.`,
  );

  let requests = 0;
  let next = 0;
  const worker = async () => {
    while (next < buckets.length) {
      const bucket = buckets[next++]!;
      await withJwt({ action: `upload ${bucket.length} file(s) to Cloudflare Pages`, scope: 'pages' }, (client, req) =>
        client.pages.assets.upload(
          {
            body: bucket.map((a) => ({
              key: a.hash,
              value: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).toString('base64'),
              metadata: { contentType: a.contentType },
              base64: true,
            })),
          },
          req,
        ),
      );
      requests++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PAGES_LIMITS.uploadConcurrency, buckets.length) }, worker));

  if (hashes.length) {
    try {
      await withJwt({ action: 'record the uploaded file hashes', scope: 'pages' }, (client, req) => client.pages.assets.upsertHashes({ hashes }, req));
    } catch (error) {
      // wrangler treats this as a warning too: the deployment is complete, the next one re-uploads.
      if (ctx.signal?.aborted) throw error;
      ctx.log(`Warning: Cloudflare did not record the uploaded file hashes (${error instanceof Error ? error.message : String(error)}); the next deploy may upload them again.`);
    }
  }

  const manifest: Record<string, string> = {};
  for (const a of assets) manifest[`/${a.path}`] = a.hash;
  return { manifest, uploaded: toUpload.length, reused: byHash.size - toUpload.length, requests };
}
