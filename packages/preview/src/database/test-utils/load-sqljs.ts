import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TInitSqlJs, TSqlJsStatic } from '../sqljs.js';

const require = createRequire(import.meta.url);

/**
 * sql.js in Node, with the same WebAssembly binary the browser assets ship
 * (scripts/build-assets.mjs copies dist/sql-wasm-browser.wasm, byte-identical to this one).
 */
export async function loadSqlJs(): Promise<TSqlJsStatic> {
  const init = require('sql.js') as TInitSqlJs;
  const wasm = readFileSync(require.resolve('sql.js/dist/sql-wasm-browser.wasm'));
  return init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
}
