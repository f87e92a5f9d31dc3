#!/usr/bin/env node
// Live preview benchmark for @shipyard/preview, headless Chromium, one run:
//  1. files → first rendered frame for the 15-file Team Board app (API + D1 database), the
//     engine cold (page load: workers, esbuild-wasm, sql.js and frame start included) and warm
//     (engine started, as when the builder is open before the files arrive);
//  2. a chat edit (one file changed) applied → updated frame, p50/p90 over N edits;
//  3. Vite's dev server (vite@7 from the catalog) on the same app written to a temp dir:
//     cold start (server start, dependency optimization, page load) → first frame, with the
//     same API and database (the app's api/index.ts through ssrLoadModule, D1 over sql.js);
//  and the ratio. "First frame" = the page's heading painted; "data" = the seed rows painted.
//  Times are taken in the browser with requestAnimationFrame polling, on one clock (epoch ms).
//
//   pnpm --filter @shipyard/preview build
//   node bench/preview.mjs [edits=20] [coldRuns=3] [--write]   (--write updates bench/RESULTS.md)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = join(root, 'packages/preview');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const edits = Number(args[0] ?? 20);
const coldRuns = Number(args[1] ?? 3);
const write = process.argv.includes('--write');

if (!existsSync(join(pkg, 'dist/assets/manifest.json')) || !existsSync(join(pkg, 'dist/d1.js'))) {
  console.error('Build the package first: pnpm --filter @shipyard/preview build');
  process.exit(1);
}
const { startHostServer } = await import(pathToFileURL(join(pkg, 'integration-tests/harness/server.mjs')).href);
const { launchChromium } = await import(pathToFileURL(join(pkg, 'integration-tests/harness/browser.mjs')).href);
const { createD1Database } = await import(pathToFileURL(join(pkg, 'dist/d1.js')).href);
const requireFromPreview = createRequire(join(pkg, 'package.json'));
const { createServer: createViteServer, version: viteVersion } = await import(pathToFileURL(requireFromPreview.resolve('vite')).href);
const initSqlJs = requireFromPreview('sql.js');

const appDir = join(pkg, 'integration-tests/fixtures/team-board');
const files = {};
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else files[relative(appDir, path).split(sep).join('/')] = readFileSync(path, 'utf8');
  }
})(appDir);

const HEADING = 'Dashboard';
const SEED_ROW = 'Write the launch post';
const now = () => performance.timeOrigin + performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (x) => `${Math.round(x)} ms`;

/** Epoch ms at which `text` is first painted in `frame` (rAF polling inside the page). */
function painted(frame, text, timeout = 60_000) {
  return frame
    .waitForFunction((t) => document.body?.innerText.includes(t) && performance.timeOrigin + performance.now(), text, { polling: 'raf', timeout })
    .then((handle) => handle.jsonValue());
}

const loads = [];
const sampleLoad = setInterval(() => loads.push(loadavg()[0]), 1000);

const browser = await launchChromium();
const host = await startHostServer();

// ---------------------------------------------------------------------------------------------
// 1 + 2. The preview engine

async function previewFrame(page) {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
    if (frame) return frame;
    await page.waitForTimeout(10);
  }
  throw new Error('The preview iframe did not appear.');
}

const cold = [];
const warm = [];
for (let run = 0; run < coldRuns; run++) {
  const context = await browser.newContext(); // empty HTTP cache: nothing compiled or cached
  const page = await context.newPage();
  const t0 = now();
  await page.goto(host.url);
  const readyAt = await page.evaluate(async () => {
    await window.preview.ready;
    return performance.timeOrigin + performance.now();
  });
  const frame = await previewFrame(page);
  const heading = painted(frame, HEADING);
  const data = painted(frame, SEED_ROW);
  const { start, result } = await page.evaluate(async (f) => {
    const start = performance.timeOrigin + performance.now();
    const result = await window.preview.update(f);
    return { start, result };
  }, files);
  if (!result.ok) throw new Error(`The preview failed: ${JSON.stringify(result.errors)}`);
  const [headingAt, dataAt] = await Promise.all([heading, data]);
  cold.push({ ready: readyAt - t0, heading: headingAt - t0, data: dataAt - t0 });
  warm.push({ heading: headingAt - start, data: dataAt - start, timings: result.timings });
  if (run === coldRuns - 1) {
    // 2. Chat edits on the last page: one file changes, the frame swaps in place.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    const editTimes = [];
    const editTimings = [];
    for (let i = 1; i <= edits; i++) {
      const marker = `Dashboard edit ${i}`;
      const edited = { ...files, 'src/pages/Dashboard.tsx': files['src/pages/Dashboard.tsx'].replace('<h1>Dashboard</h1>', `<h1>${marker}</h1>`) };
      const shown = painted(await previewFrame(page), marker);
      const { start: editStart, result: editResult } = await page.evaluate(async (f) => {
        const start = performance.timeOrigin + performance.now();
        const result = await window.preview.update(f);
        return { start, result };
      }, edited);
      if (!editResult.ok) throw new Error(`Edit ${i} failed: ${JSON.stringify(editResult.errors)}`);
      editTimes.push((await shown) - editStart);
      editTimings.push(editResult.timings);
    }
    warm.edits = { editTimes, editTimings };
  }
  await context.close();
}

// ---------------------------------------------------------------------------------------------
// 3. Vite dev server, cold, same app, same API and database

const depsFrom = join(root, 'packages/deploy-core/node_modules');
const RUNTIME = ['react', 'react-dom', 'react-router', 'lucide-react', 'recharts', 'clsx'];
const SQL = await initSqlJs();

function freePort() {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs the app's api/index.ts (Workers format) for /api/* with env.DB = D1 over sql.js, as the preview does. */
function apiPlugin() {
  let db = null;
  return {
    name: 'shipyard-api',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        if (!req.url?.startsWith('/api/') && req.url !== '/api') return next();
        try {
          if (!db) {
            const sqlite = new SQL.Database();
            sqlite.exec(files['db/schema.sql']);
            sqlite.exec(files['db/seed.sql']);
            db = createD1Database(sqlite);
          }
          const chunks = [];
          for await (const chunk of req) chunks.push(chunk);
          const request = new Request(new URL(req.url, 'http://localhost'), {
            method: req.method,
            headers: req.headers,
            body: ['GET', 'HEAD'].includes(req.method) ? undefined : Buffer.concat(chunks),
          });
          const { default: app } = await server.ssrLoadModule('/api/index.ts');
          const response = await app.fetch(request, { DB: db, SUPPORT_EMAIL: 'help@team-board.test' });
          res.statusCode = response.status;
          response.headers.forEach((value, key) => res.setHeader(key, value));
          res.end(Buffer.from(await response.arrayBuffer()));
        } catch (error) {
          res.statusCode = 500;
          res.end(String(error));
        }
      });
    },
  };
}

const vite = [];
for (let run = 0; run < (process.argv.includes('--no-vite') ? 0 : coldRuns); run++) {
  const dir = mkdtempSync(join(tmpdir(), 'shipyard-preview-vite-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    mkdirSync(join(dir, 'node_modules'));
    for (const name of RUNTIME) symlinkSync(join(depsFrom, name), join(dir, 'node_modules', name), 'dir');
    const port = await freePort();
    const context = await browser.newContext();
    const page = await context.newPage();
    const t0 = now();
    const server = await createViteServer({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      clearScreen: false,
      cacheDir: join(dir, 'node_modules/.vite'),
      optimizeDeps: { force: true },
      esbuild: { jsx: 'automatic' },
      server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
      plugins: [apiPlugin()],
    });
    await server.listen();
    const listening = now();
    await page.goto(`http://127.0.0.1:${port}/`);
    const [headingAt, dataAt] = await Promise.all([painted(page.mainFrame(), HEADING), painted(page.mainFrame(), SEED_ROW)]);
    vite.push({ listen: listening - t0, heading: headingAt - t0, data: dataAt - t0 });
    await context.close();
    await server.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

clearInterval(sampleLoad);
await browser.close();
await host.close();

// ---------------------------------------------------------------------------------------------
// Report

const editTimes = warm.edits.editTimes;
const editTimings = warm.edits.editTimings;
const coldHeading = median(cold.map((r) => r.heading));
const coldData = median(cold.map((r) => r.data));
const warmHeading = median(warm.map((r) => r.heading));
const warmData = median(warm.map((r) => r.data));
const viteHeading = median(vite.map((r) => r.heading));
const viteData = median(vite.map((r) => r.data));
const manifest = JSON.parse(readFileSync(join(pkg, 'dist/assets/manifest.json'), 'utf8'));
const chromium = browser.version();
const load = loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` : 'n/a';

const report = `## @shipyard/preview — live preview (files → frame, chat edit → frame, vs Vite)

- Date: 2026-11-21
- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, Chromium ${chromium} headless; shared with other engineers' work (1-min load average ${load} during this run)
- Command: \`pnpm --filter @shipyard/preview build && node bench/preview.mjs ${edits} ${coldRuns}\`
- App: the 15-file Team Board fixture (React 19 + react-router + lucide-react + recharts + clsx, \`api/index.ts\` on D1, schema + seed). Engine: esbuild-wasm ${manifest.esbuild} in a Web Worker over an in-memory file system, sql.js ${manifest.sqlJs} in a second worker, sandboxed srcdoc iframe, runtime packages prebundled. Vite ${viteVersion} dev server, \`optimizeDeps.force\`, same app, the same API and database (api/index.ts through ssrLoadModule, D1 over sql.js).
- "First frame": the page heading painted; "data": the seed rows from the API painted (rAF polling in the page, epoch clock). Medians of ${coldRuns} runs, each in a fresh browser context (empty HTTP cache).

| measure | preview | Vite dev | Vite ÷ preview |
|---|---|---|---|
| cold: page/server start → first frame | ${ms(coldHeading)} | ${ms(viteHeading)} | ${(viteHeading / coldHeading).toFixed(1)}× |
| cold: page/server start → data rows | ${ms(coldData)} | ${ms(viteData)} | ${(viteData / coldData).toFixed(1)}× |
| engine started: \`update(files)\` → first frame | ${ms(warmHeading)} | — | ${(viteHeading / warmHeading).toFixed(1)}× vs Vite cold |
| engine started: \`update(files)\` → data rows | ${ms(warmData)} | — | ${(viteData / warmData).toFixed(1)}× vs Vite cold |

Chat edit (one file changed, \`update()\` → the new heading painted, frame swapped in place, route and database kept), ${edits} edits: **p50 ${ms(median(editTimes))}**, p90 ${ms(pct(editTimes, 0.9))}, min ${ms(Math.min(...editTimes))}; of which bundling p50 ${ms(median(editTimings.map((t) => t.buildMs)))}, frame swap p50 ${ms(median(editTimings.map((t) => t.frameMs)))}.

Notes: the fully cold figure is mostly the engine start (compiling the 12 MB esbuild.wasm, and esbuild's first build, whose Go code V8 compiles lazily on first use); the builder starts the engine when it opens, before a project's files arrive, so \`update(files)\` → frame is what a user waits for. Every figure here includes CPU contention from the other work on the machine; the min values are closest to the uncontended cost.

First \`update()\` with the engine started, inside the engine (median): bundling ${ms(median(warm.map((r) => r.timings.buildMs)))}, database created ${ms(median(warm.map((r) => r.timings.databaseMs)))}, frame ${ms(median(warm.map((r) => r.timings.frameMs)))}.

Cold runs (preview: engine ready / first frame / data; Vite: listening / first frame / data): ${cold.map((r) => `${ms(r.ready)} / ${ms(r.heading)} / ${ms(r.data)}`).join('; ')} — Vite ${vite.map((r) => `${ms(r.listen)} / ${ms(r.heading)} / ${ms(r.data)}`).join('; ')}.
`;

console.log(report);
if (write) {
  const file = join(root, 'bench/RESULTS.md');
  const start = '<!-- @shipyard/preview:start -->';
  const end = '<!-- @shipyard/preview:end -->';
  const section = `${start}\n${report}${end}\n`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const at = current.indexOf(start);
  const next = at === -1 ? `${current.replace(/\n*$/, '\n\n')}${section}` : `${current.slice(0, at)}${section}${current.slice(current.indexOf(end) + end.length + 1)}`;
  writeFileSync(file, next);
  console.log(`Updated ${relative(process.cwd(), file)}`);
}
