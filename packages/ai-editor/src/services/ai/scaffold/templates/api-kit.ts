/**
 * The generated app's server side: D1 types, HTTP helpers, a validated CRUD resource, and the
 * SQL schema and seed for an entity. Static files are raw strings (no backticks or `${` in them).
 */
import { type TScaffoldEntity, type TScaffoldField } from '../entities';
import { type TSeedRow, type TSeedValue } from '../seed-values';
import { sqlIdent, sqlString, tsQuote } from '../text';

export const API_HTTP_TS = String.raw`/** An error with an HTTP status and a message for the person using the app. */
export class HttpError extends Error {
  readonly status: number;
  readonly fields: Record<string, string> | undefined;

  constructor(status: number, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.fields = fields;
  }
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Turns anything thrown by a route into a JSON error response. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    return json(error.fields ? { error: error.message, fields: error.fields } : { error: error.message }, error.status);
  }
  console.error(error);
  return json({ error: 'Something went wrong on the server. Try again in a moment.' }, 500);
}

export function methodNotAllowed(allowed: string[]): Response {
  return json({ error: 'Use one of: ' + allowed.join(', ') + '.' }, 405, { allow: allowed.join(', ') });
}

const MAX_BODY_CHARS = 100_000;

/** Reads a JSON object body, or throws a 400 that says what is wrong with it. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) throw new HttpError(413, 'The request body is too large (the limit is 100 KB).');
  if (!text.trim()) throw new HttpError(400, 'Send a JSON object in the request body.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** A positive integer id from a path segment. */
export function parseId(raw: string): number {
  const id = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(400, 'Ids are positive whole numbers.');
  return id;
}

/** An integer query parameter within bounds; absent → fallback, invalid → 400. */
export function intParam(url: URL, name: string, min: number, max: number, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^-?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError(400, name + ' must be a whole number from ' + min + ' to ' + max + '.');
  }
  return value;
}
`;

export const API_RECORDS_TS = String.raw`import { HttpError, intParam, json, methodNotAllowed, parseId, readJsonObject } from './http';

/**
 * The parts of Cloudflare's D1 API this app uses. The platform provides env.DB:
 * workerd's D1 when deployed, SQLite in WebAssembly in the preview.
 */
export interface D1Result<T = Record<string, unknown>> {
  results: T[];
  success: boolean;
  meta: { changes?: number; last_row_id?: number; duration?: number };
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>;
}

export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}

/** Bindings the platform passes to the API. */
export interface Env {
  DB: D1Database;
}

export type FieldType = 'text' | 'longtext' | 'email' | 'url' | 'tel' | 'number' | 'date' | 'boolean';
export type RecordValue = string | number | boolean | null;

/** One column of a resource: its JSON key, SQL column and validation rules. */
export interface ApiField {
  key: string;
  column: string;
  label: string;
  type: FieldType;
  required: boolean;
}

/** A table exposed as JSON CRUD routes. Everything here is written in code, never taken from a request. */
export interface Resource {
  table: string;
  /** Singular, for messages: "No contact with id 7." */
  label: string;
  fields: ApiField[];
  /** The column ?q= searches. */
  searchColumn: string;
  /** ORDER BY clause. */
  orderBy: string;
}

export type ApiRecord = { id: number; createdAt: string; [key: string]: RecordValue };

const MAX_LENGTH: Record<FieldType, number> = {
  text: 200,
  longtext: 20_000,
  email: 254,
  url: 2048,
  tel: 32,
  number: 0,
  date: 10,
  boolean: 0,
};
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const TEL = /^[0-9+()\-.\s]{5,32}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function quote(identifier: string): string {
  return '"' + identifier.replace(/"/g, '""') + '"';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function checkField(field: ApiField, raw: unknown): { value: RecordValue } | { error: string } {
  const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (empty) {
    if (field.required) return { error: field.label + ' is required.' };
    return { value: field.type === 'boolean' ? 0 : null };
  }
  switch (field.type) {
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw ? 1 : 0 } : { error: field.label + ' must be true or false.' };
    case 'number': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) return { error: field.label + ' must be a number.' };
      if (Math.abs(value) > 1e12) return { error: field.label + ' is too large.' };
      return { value };
    }
    case 'date': {
      const valid =
        typeof raw === 'string' && DATE.test(raw) && new Date(raw + 'T00:00:00Z').toISOString().slice(0, 10) === raw;
      return valid ? { value: raw } : { error: field.label + ' must be a date like 2026-01-31.' };
    }
    default: {
      if (typeof raw !== 'string') return { error: field.label + ' must be text.' };
      const value = raw.trim();
      const max = MAX_LENGTH[field.type];
      if (value.length > max) return { error: field.label + ' must be at most ' + max + ' characters.' };
      if (field.type === 'email' && !EMAIL.test(value)) return { error: 'Enter a valid email address, like name@example.com.' };
      if (field.type === 'url' && !isHttpUrl(value)) {
        return { error: field.label + ' must be a web address starting with http:// or https://.' };
      }
      if (field.type === 'tel' && !TEL.test(value)) {
        return { error: field.label + ' must be a phone number (digits, spaces and + - ( ) only).' };
      }
      return { value };
    }
  }
}

/**
 * Checks a request body against the resource's fields. Returns values keyed by column, or
 * throws a 400 whose ` + "`fields`" + String.raw` map says what is wrong with each field.
 */
export function validateInput(resource: Resource, input: Record<string, unknown>, partial: boolean): Record<string, RecordValue> {
  const values: Record<string, RecordValue> = {};
  const errors: Record<string, string> = {};
  const known = new Set(resource.fields.map((field) => field.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key) && key !== 'id' && key !== 'createdAt') errors[key.slice(0, 60)] = 'Unknown field.';
  }
  for (const field of resource.fields) {
    if (partial && !(field.key in input)) continue;
    const result = checkField(field, input[field.key]);
    if ('error' in result) errors[field.key] = result.error;
    else values[field.column] = result.value;
  }
  const invalid = Object.keys(errors);
  if (invalid.length > 0) {
    const first = errors[invalid[0] as string];
    throw new HttpError(400, invalid.length === 1 && first ? first : 'Some fields need attention: ' + invalid.join(', ') + '.', errors);
  }
  if (Object.keys(values).length === 0) throw new HttpError(400, 'Send at least one field to save.');
  return values;
}

/** A database row as JSON: camelCase keys, real booleans and numbers. */
export function toRecord(resource: Resource, row: Record<string, unknown>): ApiRecord {
  const record: ApiRecord = { id: Number(row.id), createdAt: String(row.created_at ?? '') };
  for (const field of resource.fields) {
    const value = row[field.column];
    if (field.type === 'boolean') record[field.key] = value === 1 || value === true || value === '1';
    else if (value === null || value === undefined) record[field.key] = null;
    else if (field.type === 'number') record[field.key] = Number(value);
    else record[field.key] = String(value);
  }
  return record;
}

export async function listRecords(db: D1Database, resource: Resource, url: URL): Promise<{ items: ApiRecord[]; total: number }> {
  const search = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const limit = intParam(url, 'limit', 1, 200, 100);
  const offset = intParam(url, 'offset', 0, 1_000_000, 0);
  const where = search ? ' WHERE ' + quote(resource.searchColumn) + " LIKE ? ESCAPE '!'" : '';
  const args: unknown[] = search ? ['%' + search.replace(/[!%_]/g, '!$&') + '%'] : [];
  const table = quote(resource.table);
  const [rows, count] = await Promise.all([
    db
      .prepare('SELECT * FROM ' + table + where + ' ORDER BY ' + resource.orderBy + ' LIMIT ? OFFSET ?')
      .bind(...args, limit, offset)
      .all<Record<string, unknown>>(),
    db
      .prepare('SELECT COUNT(*) AS total FROM ' + table + where)
      .bind(...args)
      .first<{ total: number }>(),
  ]);
  return { items: rows.results.map((row) => toRecord(resource, row)), total: Number(count?.total ?? 0) };
}

export async function getRecord(db: D1Database, resource: Resource, id: number): Promise<ApiRecord> {
  const row = await db
    .prepare('SELECT * FROM ' + quote(resource.table) + ' WHERE "id" = ?')
    .bind(id)
    .first<Record<string, unknown>>();
  if (!row) throw new HttpError(404, 'No ' + resource.label + ' with id ' + id + '.');
  return toRecord(resource, row);
}

export async function createRecord(db: D1Database, resource: Resource, input: Record<string, unknown>): Promise<ApiRecord> {
  const values = validateInput(resource, input, false);
  const columns = Object.keys(values);
  const row = await db
    .prepare(
      'INSERT INTO ' + quote(resource.table) + ' (' + columns.map(quote).join(', ') + ') VALUES (' +
        columns.map(() => '?').join(', ') + ') RETURNING *',
    )
    .bind(...columns.map((column) => values[column]))
    .first<Record<string, unknown>>();
  if (!row) throw new HttpError(500, 'The ' + resource.label + ' was not saved. Try again.');
  return toRecord(resource, row);
}

export async function updateRecord(
  db: D1Database,
  resource: Resource,
  id: number,
  input: Record<string, unknown>,
  partial: boolean,
): Promise<ApiRecord> {
  const values = validateInput(resource, input, partial);
  const columns = Object.keys(values);
  const row = await db
    .prepare(
      'UPDATE ' + quote(resource.table) + ' SET ' + columns.map((column) => quote(column) + ' = ?').join(', ') +
        ' WHERE "id" = ? RETURNING *',
    )
    .bind(...columns.map((column) => values[column]), id)
    .first<Record<string, unknown>>();
  if (!row) throw new HttpError(404, 'No ' + resource.label + ' with id ' + id + '.');
  return toRecord(resource, row);
}

export async function deleteRecord(db: D1Database, resource: Resource, id: number): Promise<void> {
  const row = await db
    .prepare('DELETE FROM ' + quote(resource.table) + ' WHERE "id" = ? RETURNING "id"')
    .bind(id)
    .first<{ id: number }>();
  if (!row) throw new HttpError(404, 'No ' + resource.label + ' with id ' + id + '.');
}

/**
 * JSON CRUD routes for a resource under basePath:
 * GET list (?q, ?limit, ?offset) · POST create · GET/PUT/PATCH/DELETE one by id.
 * Returns null when the path is not this resource's.
 */
export async function handleResource(request: Request, db: D1Database, resource: Resource, basePath: string): Promise<Response | null> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === basePath) {
    if (request.method === 'GET') return json(await listRecords(db, resource, url));
    if (request.method === 'POST') return json(await createRecord(db, resource, await readJsonObject(request)), 201);
    return methodNotAllowed(['GET', 'POST']);
  }
  if (!path.startsWith(basePath + '/')) return null;
  const rest = path.slice(basePath.length + 1);
  if (rest.includes('/')) return null;
  const id = parseId(rest);
  switch (request.method) {
    case 'GET':
      return json(await getRecord(db, resource, id));
    case 'PUT':
      return json(await updateRecord(db, resource, id, await readJsonObject(request), false));
    case 'PATCH':
      return json(await updateRecord(db, resource, id, await readJsonObject(request), true));
    case 'DELETE':
      await deleteRecord(db, resource, id);
      return new Response(null, { status: 204 });
    default:
      return methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']);
  }
}
`;

/** One line of api/fields.ts's FIELDS array (also used by the add-field edit). */
export function apiFieldLine(field: TScaffoldField): string {
  return `  { key: ${tsQuote(field.key)}, column: ${tsQuote(field.column)}, label: ${tsQuote(field.label)}, type: ${tsQuote(field.type)}, required: ${field.required} },`;
}

export function apiFieldsTs(entity: TScaffoldEntity, orderBy: string): string {
  const display = entity.fields.find((field) => field.key === entity.displayField) ?? entity.fields[0];
  return `import { type ApiField, type Resource } from './records';

/** The ${entity.label}'s columns. Keep in step with src/fields.ts and db/schema.sql. */
export const FIELDS: ApiField[] = [
${entity.fields.map(apiFieldLine).join('\n')}
];

export const RESOURCE: Resource = {
  table: ${tsQuote(entity.table)},
  label: ${tsQuote(entity.label)},
  fields: FIELDS,
  searchColumn: ${tsQuote(display?.column ?? 'id')},
  orderBy: ${tsQuote(orderBy)},
};
`;
}

/** The SQL type and constraints of a column (also used by the add-field edit). */
export function schemaColumnLine(field: TScaffoldField): string {
  const column = sqlIdent(field.column);
  switch (field.type) {
    case 'boolean':
      return `  ${column} INTEGER NOT NULL DEFAULT 0 CHECK (${column} IN (0, 1)),`;
    case 'number':
      return `  ${column} REAL${field.required ? ' NOT NULL' : ''},`;
    default:
      return `  ${column} TEXT${field.required ? ' NOT NULL' : ''},`;
  }
}

export function entityTableSql(entity: TScaffoldEntity): string {
  const display = entity.fields.find((field) => field.key === entity.displayField);
  const dateField = entity.fields.find((field) => field.type === 'date');
  const indexes = [display, dateField]
    .filter((field): field is TScaffoldField => field !== undefined)
    .map(
      (field) =>
        `CREATE INDEX IF NOT EXISTS ${sqlIdent(`${entity.table}_${field.column}_idx`)} ON ${sqlIdent(entity.table)} (${sqlIdent(field.column)});`,
    );
  return `-- ${entity.labelPlural}: one row per ${entity.label}. Columns mirror api/fields.ts.
CREATE TABLE IF NOT EXISTS ${sqlIdent(entity.table)} (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
${entity.fields.map(schemaColumnLine).join('\n')}
  "created_at" TEXT NOT NULL DEFAULT (datetime('now'))
);

${indexes.join('\n')}
`;
}

export function sqlValue(value: TSeedValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return sqlString(value);
}

export function seedInsertSql(table: string, columns: readonly string[], rows: readonly TSeedValue[][]): string {
  return rows
    .map(
      (row) =>
        `INSERT INTO ${sqlIdent(table)} (${columns.map(sqlIdent).join(', ')}) VALUES (${row.map(sqlValue).join(', ')});`,
    )
    .join('\n');
}

export function entitySeedSql(entity: TScaffoldEntity, rows: readonly TSeedRow[]): string {
  return `-- Sample ${entity.labelPlural} so the app has something to show on first run.
${seedInsertSql(
  entity.table,
  entity.fields.map((field) => field.column),
  rows.map((row) => entity.fields.map((field) => row[field.key] ?? null)),
)}
`;
}

/** api/index.ts for apps whose API is one resource plus optional extra routes. */
export function apiIndexTs(entity: TScaffoldEntity, options: { extraImports?: string[]; extraRoutes?: string } = {}): string {
  return `import { RESOURCE } from './fields';
import { HttpError, errorResponse, json } from './http';
import { handleResource, type Env } from './records';
${(options.extraImports ?? []).join('\n')}${options.extraImports?.length ? '\n' : ''}
/** JSON API for ${entity.labelPlural}, served under /api/*. */
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await route(request, env);
    } catch (error) {
      return errorResponse(error);
    }
  },
};

async function route(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/api/health') return json({ ok: true });
${options.extraRoutes ?? ''}
  const resource = await handleResource(request, env.DB, RESOURCE, ${tsQuote(`/api/${entity.path}`)});
  if (resource) return resource;

  throw new HttpError(404, 'No API route for ' + request.method + ' ' + url.pathname + '.');
}
`;
}
