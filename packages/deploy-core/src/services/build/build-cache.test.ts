import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildCache, type TVendorLayer } from './build-cache.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipyard-build-cache-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const KEY = (n: number) => createHash('sha256').update(`layer-${n}`).digest('hex');

function layer(key: string, size = 1024, inputs: [string, number, number][] = [], fill = 7): TVendorLayer {
  const bytes = new Uint8Array(size).fill(fill);
  return {
    key,
    packages: ['react'],
    files: [{ path: `assets/vendor-${key.slice(0, 8)}.js`, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }],
    exports: { react: [['useState', '$0']] },
    resolved: { react: '/x/react/index.js' },
    inputs,
    warnings: [],
  };
}

function counting(make: () => TVendorLayer) {
  const calls = { n: 0 };
  const build = async () => {
    calls.n++;
    await new Promise((r) => setTimeout(r, 5));
    return make();
  };
  return { calls, build };
}

function inputFile(dir: string, text: string): [string, number, number] {
  const path = join(dir, `input-${text.length}-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(path, text);
  const { size, mtimeMs } = statSync(path);
  return [path, size, mtimeMs];
}

describe('BuildCache', () => {
  it('builds a layer once, then serves it from memory; concurrent requests share the build', async () => {
    const cache = new BuildCache({ dir: null });
    const { calls, build } = counting(() => layer(KEY(1)));
    const results = await Promise.all(Array.from({ length: 8 }, () => cache.layer(KEY(1), build)));
    expect(calls.n).toBe(1);
    expect(new Set(results.map((r) => r.layer)).size).toBe(1);
    expect((await cache.layer(KEY(1), build)).source).toBe('memory');
    expect(calls.n).toBe(1);
  });

  it('keeps memory under its byte limit, evicting the least recently used layer', async () => {
    const cache = new BuildCache({ dir: null, maxMemoryBytes: 2500 });
    await cache.layer(KEY(1), async () => layer(KEY(1), 1000));
    await cache.layer(KEY(2), async () => layer(KEY(2), 1000));
    await cache.layer(KEY(1), async () => layer(KEY(1), 1000)); // KEY(1) is now the most recent
    await cache.layer(KEY(3), async () => layer(KEY(3), 1000));
    expect(cache.stats()).toMatchObject({ memoryEntries: 2, memoryBytes: 2000 });
    expect((await cache.layer(KEY(1), async () => layer(KEY(1), 1000))).source).toBe('memory');
    expect((await cache.layer(KEY(2), async () => layer(KEY(2), 1000))).source).toBe('built');
  });

  it('reads a layer another process wrote, byte for byte', async () => {
    const dir = tempDir();
    const written = layer(KEY(1), 4096);
    await new BuildCache({ dir }).layer(KEY(1), async () => written);
    const other = new BuildCache({ dir });
    const { layer: read, source } = await other.layer(KEY(1), async () => {
      throw new Error('must come from disk');
    });
    expect(source).toBe('disk');
    expect(read.files[0]?.bytes).toEqual(written.files[0]?.bytes);
    expect(read).toMatchObject({ exports: written.exports, resolved: written.resolved, packages: written.packages });
  });

  it('rejects a corrupted or truncated entry and rebuilds it', async () => {
    const dir = tempDir();
    await new BuildCache({ dir }).layer(KEY(1), async () => layer(KEY(1), 4096));
    const path = join(dir, `${KEY(1)}.layer`);
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    const cache = new BuildCache({ dir });
    const { calls, build } = counting(() => layer(KEY(1), 4096));
    expect((await cache.layer(KEY(1), build)).source).toBe('built');
    expect(calls.n).toBe(1);
    expect(cache.stats().rejected).toBe(1);

    writeFileSync(path, readFileSync(path).subarray(0, 100));
    expect((await new BuildCache({ dir }).layer(KEY(1), build)).source).toBe('built');
  });

  it('never serves a layer whose source files changed since it was built (memory or disk)', async () => {
    const dir = tempDir();
    const source = inputFile(dir, 'export const v = 1;');
    const cache = new BuildCache({ dir });
    await cache.layer(KEY(1), async () => layer(KEY(1), 64, [source], 1));
    writeFileSync(source[0], 'export const v = 22;'); // a dependency changed, its version did not
    const rebuilt = await cache.layer(KEY(1), async () => layer(KEY(1), 64, [inputFile(dir, 'x')], 2));
    expect(rebuilt.source).toBe('built');
    expect(rebuilt.layer.files[0]?.bytes[0]).toBe(2);

    const second = inputFile(dir, 'export const w = 1;');
    const dir2 = tempDir();
    await new BuildCache({ dir: dir2 }).layer(KEY(2), async () => layer(KEY(2), 64, [second], 3));
    utimesSync(second[0], new Date(), new Date(Date.now() + 5000));
    const fromOtherProcess = await new BuildCache({ dir: dir2 }).layer(KEY(2), async () => layer(KEY(2), 64, [], 4));
    expect(fromOtherProcess.source).toBe('built');
    expect(fromOtherProcess.layer.files[0]?.bytes[0]).toBe(4);
  });

  it('keeps the disk under its entry and byte limits, dropping the least recently used', async () => {
    const dir = tempDir();
    const cache = new BuildCache({ dir, maxDiskEntries: 3, maxDiskBytes: 1_000_000 });
    for (let n = 1; n <= 5; n++) {
      await cache.layer(KEY(n), async () => layer(KEY(n)));
      const used = new Date(Date.now() - (10 - n) * 1000); // written (and last used) in this order
      utimesSync(join(dir, `${KEY(n)}.layer`), used, used);
    }
    await cache.layer(KEY(6), async () => layer(KEY(6)));
    const left = readdirSync(dir).sort();
    expect(left).toEqual([KEY(4), KEY(5), KEY(6)].map((k) => `${k}.layer`).sort());

    const small = new BuildCache({ dir: tempDir(), maxDiskBytes: 5000 });
    for (let n = 1; n <= 4; n++) await small.layer(KEY(n), async () => layer(KEY(n), 2000));
    expect(readdirSync(small.dir as string).length).toBe(2);
  });

  it('remembers a build that failed because of its inputs, but retries one that failed by accident', async () => {
    const cache = new BuildCache({ dir: null });
    const failing = counting(() => {
      throw Object.assign(new Error('No matching export'), { deterministic: true });
    });
    await expect(cache.layer(KEY(1), failing.build)).rejects.toThrow('No matching export');
    await expect(cache.layer(KEY(1), failing.build)).rejects.toMatchObject({ message: 'No matching export', deterministic: true });
    expect(failing.calls.n).toBe(1);

    let calls = 0;
    const flaky = async () => {
      if (++calls === 1) throw new Error('EMFILE: too many open files');
      return layer(KEY(2));
    };
    await expect(cache.layer(KEY(2), flaky)).rejects.toThrow('EMFILE');
    expect((await cache.layer(KEY(2), flaky)).source).toBe('built');
  });

  it('works from memory alone when the directory cannot be used', async () => {
    const dir = tempDir();
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    const cache = new BuildCache({ dir: file });
    expect(cache.dir).toBeNull();
    expect((await cache.layer(KEY(1), async () => layer(KEY(1)))).source).toBe('built');
  });

  it('stays consistent when several processes build, read and prune the same directory at once', async () => {
    const dir = tempDir();
    // The real module, compiled for plain node, in each child process.
    const bundled = join(dir, 'cache.mjs');
    await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./build-cache.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundled,
      logLevel: 'silent',
    });
    const cacheDir = join(dir, 'cache');
    const child = join(dir, 'child.mjs');
    writeFileSync(
      child,
      `import { createHash } from 'node:crypto';
import { BuildCache } from ${JSON.stringify(bundled)};
const [cacheDir, id] = process.argv.slice(2);
const key = (n) => createHash('sha256').update('layer-' + n).digest('hex');
const make = (n) => {
  const bytes = new Uint8Array(200_000 + n * 1000).fill(n);
  return { key: key(n), packages: ['p' + n], files: [{ path: 'assets/v' + n + '.js', bytes, sha256: createHash('sha256').update(bytes).digest('hex') }], exports: {}, resolved: {}, inputs: [], warnings: [] };
};
let wrong = 0, rejected = 0, errors = 0;
for (let i = 0; i < 40; i++) {
  const n = (i * 7 + Number(id)) % 6;
  // A fresh instance each time: no memory, every lookup goes to the shared directory.
  const cache = new BuildCache({ dir: cacheDir, maxDiskEntries: 3 });
  const { layer } = await cache.layer(key(n), async () => make(n));
  const expected = make(n).files[0];
  if (layer.files[0].sha256 !== expected.sha256 || Buffer.compare(Buffer.from(layer.files[0].bytes), Buffer.from(expected.bytes)) !== 0) wrong++;
  rejected += cache.stats().rejected;
  errors += cache.stats().diskErrors;
}
process.stdout.write(JSON.stringify({ wrong, rejected, errors }));
`,
    );
    const run = (id: number) =>
      new Promise<{ wrong: number; rejected: number; errors: number }>((resolve, reject) => {
        const proc = spawn(process.execPath, [child, cacheDir, String(id)], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
        proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
        proc.on('error', reject);
        proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { wrong: number; rejected: number; errors: number }) : reject(new Error(`child ${id} exited ${code}: ${err}`))));
      });
    const results = await Promise.all([1, 2, 3, 4].map(run));
    for (const r of results) expect(r).toEqual({ wrong: 0, rejected: 0, errors: 0 });
    const left = readdirSync(cacheDir);
    expect(left.every((n) => /^[0-9a-f]{64}\.layer$/.test(n))).toBe(true);
    expect(left.length).toBeLessThanOrEqual(3);
  }, 60_000);
});
