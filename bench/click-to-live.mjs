#!/usr/bin/env node
// Click-to-live benchmark: from the deploy call (the deploy router's `deployWeb`, as the UI
// calls it) to the first 200 from the app's live URL, for the reference app (React +
// react-router + recharts, D1 API, schema + seed, 28 files), with a per-step breakdown.
//
// The embedded default, as `pnpm dev` runs it without REDIS_URL: one process, the local host in
// workerd, the local database provider, the inline job queue. With `--queue bullmq` the deploy
// job goes through Redis (127.0.0.1:6379) to a BullMQ worker in the same process instead.
//
//   pnpm --filter @shipyard/services build   # and its workspace dependencies, if not built
//   node bench/click-to-live.mjs [deploys=10] [--queue inline|bullmq] [--build-cache warm|cold|vary]
//
// The deploy build links the app against prebundled runtime layers (React, recharts, …) cached in
// memory and under the OS temp directory. `--build-cache` says what that cache holds:
//   warm (default) emptied once at start: the warm-up deploy builds every layer, the rest reuse them
//   cold           emptied before every deploy: every build builds every layer (a new machine)
//   vary           every deploy imports an icon no earlier deploy used: the lucide-react layer is
//                  rebuilt each time, the others are reused (new apps with their own imports)
//
// Fresh: each deploy is a new project (new app: database provisioned, schema, seed, first
// build). Redeploy: the same app again with a changed file (the database is reused and the seed
// is not applied again); "live" means the page carries the new version's marker.
// One fresh deploy and one redeploy run first as warm-up and are reported separately.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const queueMode = args.includes('--queue') ? args[args.indexOf('--queue') + 1] : 'inline';
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const buildCacheMode = args.includes('--build-cache')
  ? args[args.indexOf('--build-cache') + 1]
  : 'warm';
if (!['inline', 'bullmq'].includes(queueMode)) {
  console.error('--queue must be inline or bullmq');
  process.exit(1);
}
if (!['warm', 'cold', 'vary'].includes(buildCacheMode)) {
  console.error('--build-cache must be warm, cold or vary');
  process.exit(1);
}

const load = (p) => import(pathToFileURL(join(root, p)).href);
let services, core, crypto, jobs, editor, deployCore;
try {
  [services, core, crypto, jobs, editor, deployCore] = await Promise.all([
    load('packages/services/dist/index.js'),
    load('packages/core/dist/index.js'),
    load('packages/core/dist/crypto/index.js'),
    load('packages/core/dist/jobs/index.js'),
    load('packages/ai-editor/dist/index.js'),
    load('packages/deploy-core/dist/index.js'),
  ]);
} catch (error) {
  console.error(
    `Build the packages first (pnpm --filter @shipyard/services... build): ${error.message}`,
  );
  process.exit(1);
}

const appDir = join(root, 'packages/deploy-core/integration-tests/fixtures/reference-app');
const appFiles = {};
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else appFiles[relative(appDir, p).split(sep).join('/')] = readFileSync(p, 'utf8');
  }
})(appDir);
// With --build-cache vary: icons no earlier deploy imported, one per deploy.
const ICONS = [
  'Star',
  'Bell',
  'Camera',
  'Cloud',
  'Flag',
  'Gift',
  'Heart',
  'Key',
  'Lock',
  'Map',
  'Moon',
  'Music',
  'Phone',
  'Rocket',
  'Sun',
  'Tag',
  'Truck',
  'Umbrella',
  'Wifi',
  'Zap',
  'Anchor',
  'Award',
  'Battery',
  'Bike',
  'Book',
];
if (buildCacheMode === 'vary' && 2 * runs + 2 > ICONS.length) {
  console.error(`--build-cache vary: at most ${Math.floor((ICONS.length - 2) / 2)} deploys`);
  process.exit(1);
}
let nextIcon = 0;
/** The reference app with a marker in its <title>, so the page tells which version serves it. */
const withMarker = (marker) => {
  const files = {
    ...appFiles,
    'index.html': appFiles['index.html'].replace(
      '<title>Team Tasks</title>',
      `<title>Team Tasks ${marker}</title>`,
    ),
  };
  if (buildCacheMode !== 'vary') return files;
  const icon = ICONS[nextIcon++];
  files['src/components/Extra.tsx'] =
    `import { ${icon} } from 'lucide-react';\nexport const Extra = () => <${icon} size={12} />;\n`;
  files['src/components/NavBar.tsx'] = `import { Extra } from './Extra';\n${appFiles[
    'src/components/NavBar.tsx'
  ].replace('</nav>', '<Extra /></nav>')}`;
  return files;
};
// The cache the deploy build uses when the host passes none (as services does).
const buildCache = deployCore.defaultBuildCache();
await buildCache.clear();

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(port, host, path) {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { host, accept: 'text/html' }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

const logger = core.createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const dataDir = mkdtempSync(join(tmpdir(), 'shipyard-click-to-live-'));
const port = await freePort();
const urls = {
  editorDatabaseUrl: `file:${join(dataDir, 'ai-editor.db')}`,
  deployDatabaseUrl: `file:${join(dataDir, 'deploy-core.db')}`,
};
await services.migrateDomainDatabases({ ...urls, logger });
const host = services.createHostHandle({
  dataDir,
  port,
  baseDomain: 'localhost',
  controlUrl: null,
  controlToken: `bench-control-${randomUUID()}`,
  serveControlOnPort: null,
  logger,
});
await host.start();
const domain = services.createDomainServices({
  ...urls,
  keyring: crypto.createKeyring({ currentKeyId: 'k1', keys: { k1: crypto.generateKey() } }),
  logger,
  aiProviders: [editor.createScaffoldProvider({ chunkDelayMs: 0 })],
  localHost: host.control,
});
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `shipyard-bench-${randomUUID().slice(0, 8)}`;
let queue;
let workers = null;
if (queueMode === 'bullmq') {
  queue = jobs.createBullMQQueue({ redisUrl, jobs: domain.jobs, logger, prefix });
  workers = await jobs.startBullMQWorkers({ redisUrl, jobs: domain.jobs, logger, prefix });
} else {
  queue = jobs.createInlineQueue({ jobs: domain.jobs, logger });
}
const routers = domain.createRouters(queue);
const caller = core.createCallerFactory(core.router({ deploy: routers.deploy }))({
  requestId: 'bench',
  session: { userId: 'bench-user', email: 'bench@example.com', name: 'Bench' },
  logger,
  membership: { getRole: async () => 'owner' },
});

/** One click-to-live measurement: the deploy call, then GET / on the live URL until 200 with `marker`. */
async function measure({ projectId, marker, slug }) {
  if (buildCacheMode === 'cold') await buildCache.clear();
  const started = performance.now();
  const res = await caller.deploy.deployWeb({
    orgId: 'org1',
    projectId,
    hostingProvider: 'local',
    databaseProvider: 'local',
    importPreviewData: false,
  });
  const callMs = performance.now() - started;
  const liveHost = `${slug ?? res.slug}.localhost:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const page = await get(port, liveHost, '/');
    if (page.status === 200 && page.body.includes(`<title>Team Tasks ${marker}</title>`)) break;
    const row = await domain.deployDb.deployment.findUnique({ where: { id: res.deploymentId } });
    if (row?.status === 'failed' || row?.status === 'cancelled')
      throw new Error(`deployment ${row.status} at ${row.errorStep}: ${row.error}`);
    if (Date.now() > deadline) throw new Error(`${liveHost} did not serve ${marker} within 120 s`);
    await sleep(5);
  }
  const liveMs = performance.now() - started;
  // Let the job's last writes land before reading the record.
  for (let i = 0; i < 400; i++) {
    const row = await domain.deployDb.deployment.findUnique({
      where: { id: res.deploymentId },
      include: { steps: true },
    });
    if (row?.status === 'succeeded') {
      const steps = Object.fromEntries(
        row.steps.sort((a, b) => a.position - b.position).map((s) => [s.name, s.durationMs ?? 0]),
      );
      const stepsMs = Object.values(steps).reduce((a, b) => a + b, 0);
      return {
        liveMs,
        callMs,
        steps,
        queueMs: row.startedAt.getTime() - row.createdAt.getTime(),
        runMs: row.finishedAt.getTime() - row.startedAt.getTime(),
        bookkeepingMs: row.finishedAt.getTime() - row.startedAt.getTime() - stepsMs,
        appId: res.appId,
        slug: res.slug,
      };
    }
    await sleep(5);
  }
  throw new Error(`deployment ${res.deploymentId} served but is not recorded as succeeded`);
}

async function newProject(i) {
  const project = await routers.projects.create({
    orgId: 'org1',
    userId: 'bench-user',
    name: `Bench App ${i}`,
    files: withMarker(`f${i}`),
  });
  return project;
}

const load0 = loadavg();
const t0 = Date.now();
console.log(
  `click-to-live: ${runs} fresh deploys + ${runs} redeploys, queue=${queueMode}, build cache=${buildCacheMode}, ${cpus().length} cores, Node ${process.version}, load average ${load0.map((l) => l.toFixed(2)).join(' ')}`,
);

// Warm-up: esbuild's service, the first workerd cell, Prisma's first queries.
const warmProject = await newProject('w');
const warmFresh = await measure({ projectId: warmProject.id, marker: 'fw' });
await editor.commitVersion(domain.editorDb, {
  projectId: warmProject.id,
  parentVersionId: warmProject.currentVersionId,
  files: new Map(Object.entries(withMarker('rw'))),
  message: 'warm-up redeploy',
  authorId: 'bench-user',
  kind: 'manual',
});
const warmRedeploy = await measure({
  projectId: warmProject.id,
  marker: 'rw',
  slug: warmFresh.slug,
});

const fresh = [];
for (let i = 0; i < runs; i++) {
  const project = await newProject(i);
  fresh.push({
    ...(await measure({ projectId: project.id, marker: `f${i}` })),
    projectId: project.id,
    versionId: project.currentVersionId,
  });
}
// Redeploys of the first fresh app, one changed file each.
const redeploys = [];
let parent = fresh[0].versionId;
for (let i = 0; i < runs; i++) {
  const { version } = await editor.commitVersion(domain.editorDb, {
    projectId: fresh[0].projectId,
    parentVersionId: parent,
    files: new Map(Object.entries(withMarker(`r${i}`))),
    message: `redeploy ${i}`,
    authorId: 'bench-user',
    kind: 'manual',
  });
  parent = version.id;
  redeploys.push(
    await measure({ projectId: fresh[0].projectId, marker: `r${i}`, slug: fresh[0].slug }),
  );
}
const load1 = loadavg();

const stepNames = Object.keys(fresh[0].steps);
const fmt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const row = (label, pick) =>
  `| ${label} | ${fmt(median(fresh.map(pick)))} | ${fmt(median(redeploys.map(pick)))} |`;
console.log('');
const live = { fresh: fresh.map((r) => r.liveMs), redeploy: redeploys.map((r) => r.liveMs) };
const cells = (fn) => `${fn(live.fresh)} | ${fn(live.redeploy)}`;
console.log('| click → first 200 | fresh app | redeploy |');
console.log('|---|---|---|');
console.log(`| **p50** | ${cells((xs) => `**${fmt(median(xs))} ms**`)} |`);
console.log(`| p90 | ${cells((xs) => `${fmt(quantile(xs, 0.9))} ms`)} |`);
console.log(
  `| min / max | ${cells((xs) => `${fmt(Math.min(...xs))} / ${fmt(Math.max(...xs))} ms`)} |`,
);
console.log(`| p50 ÷ 2 s target | ${cells((xs) => (median(xs) / 2000).toFixed(2))} |`);
console.log(
  `| warm-up (first after start) | ${fmt(warmFresh.liveMs)} ms | ${fmt(warmRedeploy.liveMs)} ms |`,
);
console.log('');
console.log('| median ms | fresh app | redeploy |');
console.log('|---|---|---|');
console.log(row('deploy call (router → deployment + job queued)', (r) => r.callMs));
console.log(row('queued → running (job pickup, lease)', (r) => r.queueMs));
for (const name of stepNames) console.log(row(`step: ${name}`, (r) => r.steps[name]));
console.log(row('bookkeeping between steps (records, logs, progress)', (r) => r.bookkeepingMs));
console.log(row('deployment running (started → finished)', (r) => r.runMs));
// Negative: the host served the new version (promote) before the deployment record was closed.
console.log(
  row(
    'client saw 200 − (call + queued + running), 5 ms polling',
    (r) => r.liveMs - r.callMs - r.queueMs - r.runMs,
  ),
);
console.log('');
const cacheStats = buildCache.stats();
console.log(
  `build cache: ${cacheStats.builds} layer builds, ${cacheStats.memoryHits} memory hits, ${cacheStats.diskHits} disk hits (${cacheStats.dir ?? 'memory only'})`,
);
console.log(
  `total ${((Date.now() - t0) / 1000).toFixed(1)} s; load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`,
);

await workers?.close({ graceMs: 5000 });
await queue.close();
await domain.close();
await host.close();
if (queueMode === 'bullmq') {
  // Remove this run's keys.
  const { Redis } = createRequire(join(root, 'packages/services/package.json'))('ioredis');
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}
rmSync(dataDir, { recursive: true, force: true });
