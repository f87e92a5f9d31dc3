#!/usr/bin/env node
// Hosting benchmark for @shipyard/providers-local, same machine, same run, same client (wrk):
//  1. requests/s for the reference app's page through the local host vs nginx (Debian's)
//     serving the same built files (with the same SPA fallback);
//  2. memory per hosted app with N apps deployed (default 200);
//  3. first-request latency of an idle app, and host restart time with N apps.
//
//   apt-get install -y nginx wrk
//   pnpm --filter @shipyard/deploy-core build && pnpm --filter @shipyard/providers-local build
//   node bench/hosting.mjs [apps=200] [wrkSeconds=10]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const appCount = Number(process.argv[2] ?? 200);
const wrkSeconds = Number(process.argv[3] ?? 10);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);

for (const tool of ['nginx', 'wrk']) {
  if (spawnSync('which', [tool]).status !== 0) {
    console.error(`${tool} is missing: apt-get install -y nginx wrk`);
    process.exit(1);
  }
}

let buildApp, createLocalHost;
try {
  ({ buildApp } = await import(pathToFileURL(join(root, 'packages/deploy-core/dist/build/index.js')).href));
  ({ createLocalHost } = await import(pathToFileURL(join(root, 'packages/providers-local/dist/index.js')).href));
} catch (error) {
  console.error(`Build the packages first (pnpm --filter @shipyard/deploy-core build && pnpm --filter @shipyard/providers-local build): ${error.message}`);
  process.exit(1);
}

const appDir = join(root, 'packages/deploy-core/integration-tests/fixtures/reference-app');
const files = {};
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else files[relative(appDir, p).split(sep).join('/')] = readFileSync(p, 'utf8');
  }
})(appDir);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function get(port, host, path) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get({ host: '127.0.0.1', port, path, headers: { host, accept: 'text/html' }, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      })
      .on('error', reject);
  });
}

/** Runs wrk without blocking this process: the local host under test runs in it. */
async function wrk(url, host) {
  const args = ['-t2', '-c64', `-d${wrkSeconds}s`, '--latency', url];
  if (host) args.splice(3, 0, '-H', `Host: ${host}`);
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => child.on('exit', resolve));
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = /50%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const p99 = /99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors:[^\n]*/.exec(out)?.[0] ?? null;
  return { rps: Math.round(rps), p50, p99, non2xx, errors };
}

/** Memory of this process's workerd children: RSS and PSS (shared pages split between processes), MB. */
function workerdMemory() {
  let rss = 0;
  let pss = 0;
  let processes = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid || !stat.includes('(workerd)')) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      processes++;
    } catch {
      // process went away
    }
  }
  return { processes, rssMB: round(rss / 1024), pssMB: round(pss / 1024) };
}

const work = mkdtempSync(join(tmpdir(), 'shipyard-hosting-bench-'));
chmodSync(work, 0o755); // nginx workers run as www-data and must read the files
const result = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
let nginx;
let host;
try {
  const build = await buildApp({ files });
  const schema = files['db/schema.sql'];
  const seed = files['db/seed.sql'];
  host = await createLocalHost({ dataDir: join(work, 'host'), port: 0 });
  await host.dbExec('bench', schema);
  await host.dbImport('bench', seed);
  const deployStarted = performance.now();
  await host.deploy({ appSlug: 'bench', deploymentId: 'v1', build, promote: true });
  const firstOk = await get(host.port, 'bench.localhost', '/');
  result.deployToFirst200Ms = round(performance.now() - deployStarted);
  if (firstOk.status !== 200) throw new Error(`the app answered ${firstOk.status}`);

  // nginx serving the same files, with the same SPA fallback.
  const staticDir = join(work, 'static');
  for (const [path, bytes] of build.assets) {
    mkdirSync(dirname(join(staticDir, path)), { recursive: true });
    writeFileSync(join(staticDir, path), bytes);
  }
  const nginxPort = 20000 + Math.floor(Math.random() * 20000);
  const conf = join(work, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 2;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path ${work}/nginx-body;
  proxy_temp_path ${work}/nginx-proxy;
  fastcgi_temp_path ${work}/nginx-fastcgi;
  uwsgi_temp_path ${work}/nginx-uwsgi;
  scgi_temp_path ${work}/nginx-scgi;
  server {
    listen 127.0.0.1:${nginxPort};
    root ${staticDir};
    location / { try_files $uri /index.html; }
    location /assets/ { expires max; }
  }
}
`,
  );
  nginx = spawn('nginx', ['-c', conf, '-p', work, '-e', `${work}/nginx-error.log`], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try {
      if ((await get(nginxPort, 'localhost', '/')).status === 200) break;
    } catch {
      await sleep(100);
    }
  }

  const hostUrl = `http://127.0.0.1:${host.port}/`;
  const nginxUrl = `http://127.0.0.1:${nginxPort}/`;
  const rounds = [];
  for (let i = 0; i < 2; i++) {
    rounds.push({ host: await wrk(hostUrl, 'bench.localhost'), nginx: await wrk(nginxUrl, null) });
  }
  const best = (k) => rounds.map((r) => r[k]).sort((a, b) => b.rps - a.rps)[0];
  result.page = { localHost: best('host'), nginx: best('nginx') };
  result.page.ratioNginxOverHost = round(result.page.nginx.rps / result.page.localHost.rps);
  result.apiReadThroughHost = await wrk(`${hostUrl}api/tasks`, 'bench.localhost');
  nginx.kill('SIGTERM');
  nginx = undefined;

  // Density: N apps deployed, each with its database created, seeded and read once.
  const baseline = { node: process.memoryUsage().rss / 1048576, workerd: workerdMemory() };
  const deployMs = [];
  const densityStarted = performance.now();
  for (let i = 0; i < appCount; i++) {
    const slug = `app-${i}`;
    const started = performance.now();
    await host.deploy({ appSlug: slug, deploymentId: 'v1', build, env: { SUPPORT_EMAIL: `${slug}@example.com` }, promote: true });
    deployMs.push(performance.now() - started);
    await host.dbExec(slug, schema);
    await host.dbImport(slug, seed);
    const page = await get(host.port, `${slug}.localhost`, '/');
    const api = await get(host.port, `${slug}.localhost`, '/api/tasks');
    if (page.status !== 200 || api.status !== 200) throw new Error(`${slug} answered ${page.status}/${api.status}`);
  }
  const loaded = { node: process.memoryUsage().rss / 1048576, workerd: workerdMemory() };
  const apps = appCount + 1;
  result.density = {
    apps,
    cells: loaded.workerd.processes,
    deployMsP50: round(quantile(deployMs, 0.5)),
    deployMsP90: round(quantile(deployMs, 0.9)),
    deployAllSeconds: round((performance.now() - densityStarted) / 1000),
    workerdRssMB: loaded.workerd.rssMB,
    workerdPssMB: loaded.workerd.pssMB,
    nodeRssMB: round(loaded.node),
    perAppPssMB: round(loaded.workerd.pssMB / apps, 2),
    perAppRssMB: round(loaded.workerd.rssMB / apps, 2),
    perAppIncludingNodeMB: round((loaded.workerd.pssMB + loaded.node) / apps, 2),
    baseline: { workerdRssMB: baseline.workerd.rssMB, nodeRssMB: round(baseline.node) },
  };

  // First request to apps nobody has called for a while.
  await sleep(idleSeconds * 1000);
  const idlePage = [];
  const idleApi = [];
  for (let i = 0; i < 20; i++) {
    const slug = `app-${Math.floor((i * appCount) / 20)}`;
    idlePage.push((await get(host.port, `${slug}.localhost`, '/')).ms);
    idleApi.push((await get(host.port, `${slug}.localhost`, '/api/tasks')).ms);
  }
  result.idleFirstRequest = {
    idleSeconds,
    pageMsP50: round(quantile(idlePage, 0.5), 2),
    pageMsMax: round(Math.max(...idlePage), 2),
    apiMsP50: round(quantile(idleApi, 0.5), 2),
    apiMsMax: round(Math.max(...idleApi), 2),
  };

  // Host restart with every app: time to serve again, then the first request of one app.
  await host.close();
  const restartStarted = performance.now();
  host = await createLocalHost({ dataDir: join(work, 'host'), port: 0 });
  result.restart = { seconds: round((performance.now() - restartStarted) / 1000, 2) };
  const afterRestart = await get(host.port, 'app-7.localhost', '/api/tasks');
  result.restart.firstApiRequestMs = round(afterRestart.ms, 2);
  result.restart.status = afterRestart.status;
} finally {
  nginx?.kill('SIGTERM');
  await host?.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
