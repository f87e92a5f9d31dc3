/**
 * The database worker: the preview session's SQLite database (sql.js). The host manages it
 * (schema, reset, export); the frame's `env.DB` talks to it over its own port, so API calls do
 * not pass through the builder page's main thread.
 */
import initSqlJs from 'sql.js/dist/sql-wasm-browser.js';
import { readD1Request, type TD1Request, type TDatabaseRequest } from '../protocol.js';
import { serveRequests } from '../worker-rpc.js';
import { executeBatch, executeScript, executeStatement } from './d1-engine.js';
import { PreviewDatabase } from './preview-database.js';
import type { TInitSqlJs } from './sqljs.js';

let database: PreviewDatabase | null = null;
const NO_DATABASE = 'D1_ERROR: This app has no database: add db/schema.sql and "database": {"schema": "db/schema.sql"} to shipyard.json.';

function runD1(request: TD1Request): unknown {
  const db = database?.current;
  if (!db) throw new Error(NO_DATABASE);
  switch (request.op) {
    case 'statement':
      return executeStatement(db, request.statement, request.mode, { column: request.column, columnNames: request.columnNames });
    case 'batch':
      return executeBatch(db, request.statements);
    case 'exec':
      return executeScript(db, request.sql);
  }
}

function serveFrame(port: MessagePort): void {
  port.onmessage = (event: MessageEvent) => {
    const data = event.data as { id?: unknown } | null;
    const id = typeof data?.id === 'number' ? data.id : null;
    if (id === null) return;
    const request = readD1Request(data);
    try {
      if (!request) throw new Error('D1_ERROR: malformed request.');
      port.postMessage({ id, ok: true, result: runD1(request) });
    } catch (error) {
      port.postMessage({ id, ok: false, error: { message: error instanceof Error ? error.message : String(error) } });
    }
  };
}

serveRequests<TDatabaseRequest>(async (request, ports) => {
  switch (request.op) {
    case 'init': {
      if (database) return null;
      const response = await fetch(request.sqliteWasmUrl);
      if (!response.ok) throw new Error(`Could not load SQLite (sql-wasm.wasm) from ${request.sqliteWasmUrl} (HTTP ${response.status}). Serve @shipyard/preview's dist/assets at assetsBaseUrl.`);
      const SQL = await (initSqlJs as unknown as TInitSqlJs)({ wasmBinary: await response.arrayBuffer() });
      database = new PreviewDatabase(SQL);
      // Run SQLite once so its code is compiled before the app's schema arrives.
      const warmUp = new SQL.Database();
      warmUp.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('x'); SELECT * FROM t;");
      warmUp.close();
      return null;
    }
    case 'ensure':
      return database!.ensure(request);
    case 'drop':
      database?.drop();
      return null;
    case 'reset':
      return database!.reset();
    case 'export':
      return database?.exportSql() ?? '';
    case 'connect': {
      const port = ports[0];
      if (!port) throw new Error('connect needs a MessagePort.');
      serveFrame(port);
      return null;
    }
  }
});
