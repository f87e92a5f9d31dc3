#!/usr/bin/env node
// Benchmarks the model output protocol of @shipyard/ai-editor:
//   1. streaming parser throughput (MB/s) on 10 MB of realistic tagged output in 4 KB chunks;
//   2. search/replace application time on a 100 KB file (p50/p95 over 200 runs);
//   3. line diff of a 100 KB file (version stats), same statistics.
// Run after `pnpm --filter @shipyard/ai-editor build`:  node bench/ai-editor-protocol.mjs
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const dist = new URL('../packages/ai-editor/dist/', import.meta.url);
if (!existsSync(new URL('protocol/index.js', dist))) {
  console.error('dist not found: run `pnpm --filter @shipyard/ai-editor build` first.');
  process.exit(1);
}
const { createOutputParser, applyOperations } = await import(new URL('protocol/index.js', dist).href);
const { diffText } = await import(new URL('files/index.js', dist).href);

const MB = 1024 * 1024;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0], max: sorted.at(-1) };
}

// ---------------------------------------------------------------------------------------------
// Realistic output: prose, whole-file writes (some fenced), multi-block edits, small ops.

function component(n) {
  const lines = [
    `import { useState, useEffect } from 'react';`,
    `import { Card } from './ui/Card';`,
    ``,
    `type Item${n} = { id: string; title: string; done: boolean; createdAt: string };`,
    ``,
    `export function List${n}({ initial }: { initial: Item${n}[] }) {`,
    `  const [items, setItems] = useState<Item${n}[]>(initial);`,
    `  const [filter, setFilter] = useState<'all' | 'open' | 'done'>('all');`,
    `  useEffect(() => {`,
    `    fetch('/api/items?list=${n}').then((r) => r.json()).then(setItems);`,
    `  }, []);`,
    `  const visible = items.filter((i) => filter === 'all' || (filter === 'done') === i.done);`,
    `  return (`,
    `    <Card title="List ${n}">`,
    `      <div className="flex gap-2">`,
    `        {(['all', 'open', 'done'] as const).map((f) => (`,
    `          <button key={f} onClick={() => setFilter(f)} className={f === filter ? 'font-bold' : ''}>{f}</button>`,
    `        ))}`,
    `      </div>`,
    `      <ul>`,
    `        {visible.map((item) => (`,
    `          <li key={item.id} className={item.done ? 'line-through' : ''}>{item.title} <small>{item.createdAt}</small></li>`,
    `        ))}`,
    `      </ul>`,
    `    </Card>`,
    `  );`,
    `}`,
  ];
  return `${lines.join('\n')}\n`;
}

function realisticOutput(targetBytes) {
  const parts = [];
  let size = 0;
  for (let n = 0; size < targetBytes; n++) {
    const fenced = n % 3 === 0;
    const piece = [
      `Next I'll add list ${n} with filtering, and wire it into the page. Comparisons like a < b stay prose.\n\n`,
      `<shipyard-write path="src/components/List${n}.tsx">\n`,
      fenced ? '```tsx\n' : '',
      component(n),
      fenced ? '```\n' : '',
      `</shipyard-write>\n\n`,
      `<shipyard-edit path="src/App.tsx">\n`,
      `<<<<<<< SEARCH\n      <List${n - 1} initial={[]} />\n=======\n      <List${n - 1} initial={[]} />\n      <List${n} initial={[]} />\n>>>>>>> REPLACE\n`,
      `<<<<<<< SEARCH\nimport { List${n - 1} } from './components/List${n - 1}';\n=======\nimport { List${n - 1} } from './components/List${n - 1}';\nimport { List${n} } from './components/List${n}';\n>>>>>>> REPLACE\n`,
      `</shipyard-edit>\n`,
      n % 10 === 0 ? `<shipyard-delete path="src/components/Old${n}.tsx" />\n` : '',
      n % 25 === 0 ? `<shipyard-dependency name="recharts" action="add" />\n` : '',
      '\n',
    ].join('');
    parts.push(piece);
    size += piece.length;
  }
  parts.push('<shipyard-summary>Added the lists and wired them into the app.</shipyard-summary>\n');
  return parts.join('');
}

function benchParser() {
  const output = realisticOutput(10 * MB);
  const bytes = Buffer.byteLength(output);
  const chunks = [];
  for (let i = 0; i < output.length; i += 4096) chunks.push(output.slice(i, i + 4096));
  const runs = [];
  let operations = 0;
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    const parser = createOutputParser();
    let ops = 0;
    let errors = 0;
    for (const chunk of chunks) {
      for (const event of parser.push(chunk)) {
        if (event.type === 'operation') ops++;
        else if (event.type === 'error') errors++;
      }
    }
    const end = parser.end();
    const elapsed = performance.now() - started;
    if (end.at(-1)?.type !== 'complete' || errors > 0) throw new Error('benchmark output did not parse cleanly');
    if (run > 0) runs.push(elapsed); // first run warms the JIT
    operations = ops;
  }
  const { p50, min } = stats(runs);
  return { bytes, chunks: chunks.length, operations, mbPerSecMedian: bytes / MB / (p50 / 1000), mbPerSecBest: bytes / MB / (min / 1000), msMedian: p50 };
}

// ---------------------------------------------------------------------------------------------
// Search/replace on a 100 KB file.

function hundredKbFile() {
  const lines = [];
  let size = 0;
  for (let i = 0; size < 100 * 1024; i++) {
    const block = [
      `export function handler${i}(request: Request, env: Env): Promise<Response> {`,
      `  const url = new URL(request.url);`,
      `  if (url.pathname === '/api/items/${i}') {`,
      `    return env.DB.prepare('SELECT * FROM items WHERE list = ?').bind(${i}).all().then((r) => Response.json(r.results));`,
      `  }`,
      `  return Promise.resolve(new Response('Not found', { status: 404 }));`,
      `}`,
      ``,
    ];
    lines.push(...block);
    size += block.join('\n').length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function benchSearchReplace(runs = 200) {
  const file = hundredKbFile();
  const files = new Map([['api/index.ts', file]]);
  const lines = file.split('\n');
  const middle = Math.floor(lines.length / 2 / 8) * 8; // start of a handler block
  const searchLines = lines.slice(middle, middle + 7);
  const replaceLines = searchLines.map((l) => l.replace('404', '410'));
  const variants = {
    exact: { search: `${searchLines.join('\n')}\n`, replace: `${replaceLines.join('\n')}\n` },
    whitespace: { search: `${searchLines.map((l) => `${l}  `).join('\n')}\n`, replace: `${replaceLines.join('\n')}\n` },
    indentation: { search: `${searchLines.map((l) => `    ${l}`).join('\n')}\n`, replace: `${replaceLines.map((l) => `    ${l}`).join('\n')}\n` },
  };
  const results = {};
  for (const [name, block] of Object.entries(variants)) {
    const op = [{ type: 'edit', path: 'api/index.ts', blocks: [block] }];
    for (let i = 0; i < 20; i++) applyOperations(files, op); // warm-up
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const result = applyOperations(files, op);
      samples.push(performance.now() - started);
      if (result.editMatches[0].strategy !== name) throw new Error(`expected ${name}, got ${result.editMatches[0].strategy}`);
    }
    results[name] = stats(samples);
  }
  // Five blocks spread over the file, exact matches.
  const five = [];
  for (let k = 1; k <= 5; k++) {
    const at = Math.floor((lines.length * k) / 6 / 8) * 8;
    five.push({ search: `${lines.slice(at, at + 3).join('\n')}\n`, replace: `${lines.slice(at, at + 3).join('\n')}\n// touched\n` });
  }
  const fiveOp = [{ type: 'edit', path: 'api/index.ts', blocks: five }];
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    applyOperations(files, fiveOp);
    samples.push(performance.now() - started);
  }
  results['exact, 5 blocks'] = stats(samples);
  return { bytes: Buffer.byteLength(file), lines: lines.length, results };
}

function benchDiff(runs = 200) {
  const file = hundredKbFile();
  const lines = file.split('\n');
  for (let k = 1; k <= 10; k++) lines[Math.floor((lines.length * k) / 11)] += ' // changed';
  const changed = lines.join('\n');
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    diffText(file, changed, { oldPath: 'api/index.ts', newPath: 'api/index.ts' });
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

const fmt = (n) => n.toFixed(3);
const cpu = os.cpus();
const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / MB / 1024)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`;

const loadAtStart = os.loadavg();
const parser = benchParser();
const sr = benchSearchReplace();
const diff = benchDiff();

console.log(`# @shipyard/ai-editor protocol benchmark\n`);
console.log(`Machine: ${machine}`);
console.log(`Load average (1/5/15 min) at start: ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')}`);
console.log(`Script: ${fileURLToPath(import.meta.url).split('/').slice(-2).join('/')}\n`);
console.log(
  `Parser: ${(parser.bytes / MB).toFixed(1)} MB in ${parser.chunks} chunks of 4 KB, ${parser.operations} operations: ` +
    `${parser.mbPerSecMedian.toFixed(1)} MB/s median (${parser.msMedian.toFixed(0)} ms), ${parser.mbPerSecBest.toFixed(1)} MB/s best, 5 runs after warm-up`,
);
console.log(`\nSearch/replace on a ${(sr.bytes / 1024).toFixed(0)} KB file (${sr.lines} lines), applyOperations, 200 runs:`);
console.log('| match | p50 ms | p95 ms | max ms |');
console.log('|---|---|---|---|');
for (const [name, s] of Object.entries(sr.results)) console.log(`| ${name} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.max)} |`);
console.log(`\nLine diff of the same file with 10 changed lines (unified patch), 200 runs: p50 ${fmt(diff.p50)} ms, p95 ${fmt(diff.p95)} ms`);
