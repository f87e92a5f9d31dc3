import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const e2eDir = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.resolve(e2eDir, '..');

/** False when the command line filters files (`vitest run src`) and no filter matches an e2e file. */
function runIncludesE2e(project: TestProject): boolean {
  const filters = (project.vitest as { filenamePattern?: string[] }).filenamePattern ?? [];
  if (filters.length === 0) return true;
  const files = readdirSync(e2eDir)
    .filter((name) => name.endsWith('.e2e.test.ts'))
    .map((name) => path.join(e2eDir, name));
  return files.some((file) => filters.some((filter) => file.includes(filter) || path.relative(appDir, file).includes(filter)));
}

/**
 * The browser suite runs against the production build (`next start`). Build once when there is
 * none; after changing the app, run `pnpm --filter @shipyard/platform build` (or delete .next).
 */
export default function setup(project: TestProject): void {
  if (!runIncludesE2e(project)) return;
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('The e2e suite needs Debian Chromium at /usr/bin/chromium: run `apt-get install -y chromium`.');
  }
  if (existsSync(path.join(appDir, '.next', 'BUILD_ID'))) return;
  console.log('[e2e] no production build found (.next/BUILD_ID); running `next build` once…');
  const result = spawnSync(path.join(appDir, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: appDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`next build failed with exit code ${String(result.status)}; see its output above.`);
  }
}
