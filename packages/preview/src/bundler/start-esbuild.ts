import type * as esbuildTypes from 'esbuild-wasm';
import { MemoryFileSystem } from './memory-fs.js';

export interface TEsbuildRuntime {
  esbuild: typeof esbuildTypes;
  fs: MemoryFileSystem;
}

let started: Promise<TEsbuildRuntime> | null = null;

/**
 * Starts esbuild-wasm in this thread (a Web Worker in the browser; Node in tests) over an
 * in-memory file system. esbuild's Go runtime reads `globalThis.fs`, so the file system is
 * installed before esbuild loads. Once per realm.
 */
export function startEsbuild(wasmModule: WebAssembly.Module): Promise<TEsbuildRuntime> {
  started ??= (async () => {
    const fs = new MemoryFileSystem();
    const scope = globalThis as unknown as { fs?: unknown };
    if (scope.fs !== undefined) throw new Error('globalThis.fs is already defined; the preview bundler needs it for its in-memory file system.');
    scope.fs = fs.nodeFs();
    const esbuild = (await import('esbuild-wasm/esm/browser.js')) as typeof esbuildTypes;
    await esbuild.initialize({ wasmModule, worker: false });
    return { esbuild, fs };
  })();
  return started;
}
