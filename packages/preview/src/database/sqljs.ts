/**
 * The part of sql.js (SQLite compiled to WebAssembly) the preview uses. The same sql.js build runs
 * in the browser (database worker) and in Node (unit tests).
 */
export type TSqlJsValue = number | string | Uint8Array | null;

export interface TSqlJsStatement {
  bind(values?: TSqlJsValue[]): boolean;
  step(): boolean;
  get(): TSqlJsValue[];
  getColumnNames(): string[];
  getSQL(): string;
  free(): boolean;
}

export interface TSqlJsStatementIterator extends Iterable<TSqlJsStatement> {
  getRemainingSQL(): string;
}

export interface TSqlJsDatabase {
  prepare(sql: string): TSqlJsStatement;
  exec(sql: string, params?: TSqlJsValue[]): { columns: string[]; values: TSqlJsValue[][] }[];
  run(sql: string, params?: TSqlJsValue[]): TSqlJsDatabase;
  iterateStatements(sql: string): TSqlJsStatementIterator;
  getRowsModified(): number;
  export(): Uint8Array;
  close(): void;
}

export interface TSqlJsStatic {
  Database: new (data?: Uint8Array | null) => TSqlJsDatabase;
}

export type TInitSqlJs = (config?: { locateFile?: (file: string) => string; wasmBinary?: ArrayBuffer }) => Promise<TSqlJsStatic>;
