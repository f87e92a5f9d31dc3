/**
 * Reads a generated app's files (the contract in ARCHITECTURE.md: shipyard.json, index.html,
 * src/**, api/index.ts, db/schema.sql + seed) into what the deploy modal and the docs page
 * show. Pure functions: they never throw on odd input, they report less.
 */

export type TAppFiles = Record<string, string>;

export type TManifestEnvVar = { name: string; required: boolean; description: string };

export type TAppManifest = {
  name: string | null;
  entry: string;
  api: string | null;
  database: { schema: string; seed: string | null } | null;
  env: TManifestEnvVar[];
  /** Why shipyard.json could not be read, when it could not. */
  problem: string | null;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** shipyard.json, leniently: the build is the strict reader; this one shows what it can. */
export function readManifest(files: TAppFiles): TAppManifest {
  const empty: TAppManifest = {
    name: null,
    entry: 'index.html',
    api: null,
    database: null,
    env: [],
    problem: null,
  };
  const raw = files['shipyard.json'];
  if (raw === undefined) return { ...empty, problem: 'The app has no shipyard.json.' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ...empty, problem: 'shipyard.json is not valid JSON.' };
  }
  if (!isRecord(json)) return { ...empty, problem: 'shipyard.json is not an object.' };
  const database =
    isRecord(json.database) && typeof json.database.schema === 'string'
      ? {
          schema: json.database.schema,
          seed: typeof json.database.seed === 'string' ? json.database.seed : null,
        }
      : null;
  const env: TManifestEnvVar[] = [];
  if (Array.isArray(json.env)) {
    for (const item of json.env) {
      if (isRecord(item) && typeof item.name === 'string') {
        env.push({
          name: item.name,
          required: item.required === true,
          description: typeof item.description === 'string' ? item.description : '',
        });
      }
    }
  }
  return {
    name: typeof json.name === 'string' ? json.name : null,
    entry: typeof json.entry === 'string' ? json.entry : 'index.html',
    api: typeof json.api === 'string' ? json.api : null,
    database,
    env,
    problem: null,
  };
}

// ---------------------------------------------------------------------------------------------
// SQL

/** Statements of a SQL script, split on top-level semicolons (strings and comments respected). */
export function splitSqlStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      current += ' ';
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      current += ' ';
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j += 1;
      }
      current += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      i += 1;
      continue;
    }
    current += ch;
    i += 1;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Splits `text` on `separator` at parenthesis depth 0, outside quotes. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) {
        if (text[i + 1] === quote) i += 1;
        else quote = null;
      }
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function unquote(identifier: string): string {
  const t = identifier.trim();
  if (/^(["`[]).*(["`\]])$/.test(t)) return t.slice(1, -1).replace(/""/g, '"');
  return t;
}

/** The text inside the first balanced parentheses starting at or after `from`. */
function parenthesized(text: string, from: number): { inner: string; end: number } | null {
  const open = text.indexOf('(', from);
  if (open === -1) return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') {
      depth -= 1;
      if (depth === 0) return { inner: text.slice(open + 1, i), end: i };
    }
  }
  return null;
}

/**
 * Rows an SQL script inserts: the value tuples of its INSERT … VALUES statements. The preview's
 * export states its own count in its first line; that count wins when present.
 */
export function countSqlRows(sql: string): number {
  const stated = /^--\s*Shipyard preview data.*?:\s*(\d+)\s+row\(s\)/m.exec(sql);
  if (stated) return Number(stated[1]);
  let rows = 0;
  for (const statement of splitSqlStatements(sql)) {
    if (!/^\s*(INSERT|REPLACE)\b/i.test(statement)) continue;
    const values = /\bVALUES\b/i.exec(statement);
    if (!values) {
      rows += 1; // INSERT … SELECT: at least one row, count unknown
      continue;
    }
    const tail = statement.slice(values.index + values[0].length);
    const tuples = splitTopLevel(tail.replace(/\bON\s+CONFLICT\b[\s\S]*$/i, ''), ',').filter((t) =>
      t.startsWith('('),
    );
    rows += tuples.length;
  }
  return rows;
}

export type TSchemaColumn = {
  name: string;
  type: string;
  primaryKey: boolean;
  notNull: boolean;
  unique: boolean;
  autoIncrement: boolean;
  defaultValue: string | null;
  references: { table: string; column: string | null } | null;
  check: string | null;
};

export type TSchemaTable = {
  name: string;
  columns: TSchemaColumn[];
  /** Table-level PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK clauses, as written. */
  constraints: string[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
};

const TABLE_CONSTRAINT = /^(CONSTRAINT|PRIMARY\s+KEY|FOREIGN\s+KEY|UNIQUE|CHECK)\b/i;
const COLUMN_CONSTRAINT =
  /\b(CONSTRAINT|PRIMARY|NOT|NULL|UNIQUE|CHECK|DEFAULT|COLLATE|REFERENCES|GENERATED|AS)\b/i;

function parseColumn(definition: string): TSchemaColumn | null {
  const nameMatch = /^("(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_][\w$]*)\s*/.exec(definition);
  if (!nameMatch) return null;
  const rest = definition.slice(nameMatch[0].length);
  const constraintAt = rest.search(COLUMN_CONSTRAINT);
  const type = (constraintAt === -1 ? rest : rest.slice(0, constraintAt)).trim();
  const constraints = constraintAt === -1 ? '' : rest.slice(constraintAt);
  let defaultValue: string | null = null;
  const def = /\bDEFAULT\s+/i.exec(constraints);
  if (def) {
    const after = constraints.slice(def.index + def[0].length);
    if (after.startsWith('(')) defaultValue = `(${parenthesized(after, 0)?.inner ?? ''})`;
    else defaultValue = /^('(?:[^']|'')*'|[^\s,]+)/.exec(after)?.[1] ?? null;
  }
  let check: string | null = null;
  const checkAt = /\bCHECK\s*\(/i.exec(constraints);
  if (checkAt) check = parenthesized(constraints, checkAt.index)?.inner.trim() ?? null;
  const ref =
    /\bREFERENCES\s+("(?:[^"]|"")+"|`[^`]+`|[\w$]+)\s*(?:\(\s*("(?:[^"]|"")+"|[\w$]+)\s*\))?/i.exec(
      constraints,
    );
  return {
    name: unquote(nameMatch[1]!),
    type: type.toUpperCase(),
    primaryKey: /\bPRIMARY\s+KEY\b/i.test(constraints),
    notNull: /\bNOT\s+NULL\b/i.test(constraints),
    unique: /\bUNIQUE\b/i.test(constraints),
    autoIncrement: /\bAUTOINCREMENT\b/i.test(constraints),
    defaultValue,
    references: ref ? { table: unquote(ref[1]!), column: ref[2] ? unquote(ref[2]) : null } : null,
    check,
  };
}

/** Tables, columns and indexes of a SQLite schema script (CREATE TABLE / CREATE INDEX). */
export function parseSchema(sql: string): TSchemaTable[] {
  const tables: TSchemaTable[] = [];
  const byName = new Map<string, TSchemaTable>();
  const pendingIndexes: { table: string; index: TSchemaTable['indexes'][number] }[] = [];
  for (const statement of splitSqlStatements(sql)) {
    const create =
      /^CREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[\w$.]+)/i.exec(
        statement,
      );
    if (create) {
      const body = parenthesized(statement, create[0].length);
      if (!body) continue;
      const table: TSchemaTable = {
        name: unquote(create[1]!),
        columns: [],
        constraints: [],
        indexes: [],
      };
      for (const item of splitTopLevel(body.inner, ',')) {
        if (TABLE_CONSTRAINT.test(item)) {
          table.constraints.push(item.replace(/\s+/g, ' '));
          const pk = /^PRIMARY\s+KEY\s*\(([^)]*)\)/i.exec(item);
          if (pk) {
            for (const col of pk[1]!
              .split(',')
              .map((c) => unquote(c.trim().split(/\s+/)[0] ?? ''))) {
              const column = table.columns.find((c) => c.name === col);
              if (column) column.primaryKey = true;
            }
          }
          const fk =
            /^FOREIGN\s+KEY\s*\(([^)]*)\)\s*REFERENCES\s+("(?:[^"]|"")+"|[\w$]+)\s*(?:\(([^)]*)\))?/i.exec(
              item,
            );
          if (fk) {
            const column = table.columns.find((c) => c.name === unquote(fk[1]!.trim()));
            if (column)
              column.references = {
                table: unquote(fk[2]!),
                column: fk[3] ? unquote(fk[3].trim()) : null,
              };
          }
          continue;
        }
        const column = parseColumn(item);
        if (column) table.columns.push(column);
      }
      tables.push(table);
      byName.set(table.name.toLowerCase(), table);
      continue;
    }
    const index =
      /^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[\w$.]+)\s+ON\s+("(?:[^"]|"")+"|[\w$.]+)\s*\(([^)]*)\)/i.exec(
        statement,
      );
    if (index) {
      pendingIndexes.push({
        table: unquote(index[3]!),
        index: {
          name: unquote(index[2]!),
          unique: Boolean(index[1]),
          columns: index[4]!
            .split(',')
            .map((c) => unquote(c.trim().split(/\s+/)[0] ?? ''))
            .filter(Boolean),
        },
      });
    }
  }
  for (const { table, index } of pendingIndexes)
    byName.get(table.toLowerCase())?.indexes.push(index);
  return tables;
}

// ---------------------------------------------------------------------------------------------
// Pages and API routes

export type TAppPage = {
  path: string;
  component: string | null;
  file: string | null;
  label: string | null;
};

function importMap(source: string, fromFile: string): Map<string, string> {
  const map = new Map<string, string>();
  const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const parts = `${dir}/${m[2]!}`.split('/');
    const resolved: string[] = [];
    for (const part of parts) {
      if (part === '..') resolved.pop();
      else if (part !== '.' && part !== '') resolved.push(part);
    }
    for (const name of m[1]!.split(',').map((n) =>
      n
        .trim()
        .split(/\s+as\s+/)
        .pop()!
        .trim(),
    )) {
      if (name) map.set(name, resolved.join('/'));
    }
  }
  return map;
}

function joinRoute(parent: string, child: string): string {
  if (child.startsWith('/')) return child;
  const base = parent.endsWith('/') ? parent : `${parent}/`;
  return `${base}${child}`;
}

/** The app's client routes (react-router `<Route>` elements), with their nav labels. */
export function listPages(files: TAppFiles): TAppPage[] {
  const labels = new Map<string, string>();
  for (const [path, source] of Object.entries(files)) {
    if (!path.startsWith('src/') || !/\.(t|j)sx?$/.test(path)) continue;
    for (const m of source.matchAll(/\{\s*to:\s*['"]([^'"]+)['"]\s*,\s*label:\s*['"]([^'"]+)['"]/g))
      labels.set(m[1]!, m[2]!);
  }
  const pages: TAppPage[] = [];
  const seen = new Set<string>();
  for (const [path, source] of Object.entries(files)) {
    if (!path.startsWith('src/') || !/\.(t|j)sx$/.test(path) || !source.includes('<Route'))
      continue;
    const imports = importMap(source, path);
    const stack: string[] = [''];
    for (const tag of source.matchAll(
      /<Route\b((?:[^>"'{}]|"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\})*?)(\/?)>|<\/Route>/g,
    )) {
      if (tag[0] === '</Route>') {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const attrs = tag[1] ?? '';
      const selfClosing = tag[2] === '/';
      const pathAttr = /\bpath=(?:"([^"]*)"|'([^']*)'|\{\s*['"`]([^'"`]*)['"`]\s*\})/.exec(attrs);
      const routePath = pathAttr ? (pathAttr[1] ?? pathAttr[2] ?? pathAttr[3] ?? '') : null;
      const isIndex = /\bindex\b/.test(attrs.replace(/element=\{[\s\S]*\}/, ''));
      const parent = stack.at(-1) ?? '';
      const full =
        routePath !== null ? joinRoute(parent || '/', routePath) : isIndex ? parent || '/' : null;
      const component = /element=\{\s*<\s*([A-Z][\w.]*)/.exec(attrs)?.[1] ?? null;
      if (full !== null && (routePath !== null || isIndex) && (selfClosing || component)) {
        const key = full;
        if (!seen.has(key)) {
          seen.add(key);
          const module = component ? imports.get(component) : undefined;
          const file = module
            ? (Object.keys(files).find(
                (f) => f === module || f.replace(/\.(t|j)sx?$/, '') === module,
              ) ?? null)
            : null;
          pages.push({ path: full, component, file, label: labels.get(full) ?? null });
        }
      }
      if (!selfClosing) stack.push(full ?? parent);
    }
  }
  return pages;
}

export type TApiRoute = { method: string; path: string; file: string; line: number };

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < source.length; i++) if (source.charCodeAt(i) === 10) line += 1;
  return line;
}

/** `request.method === 'X'` checks in `text`. */
function methodsIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\bmethod\s*={2,3}\s*['"]([A-Z]+)['"]/g))
    if (METHODS.includes(m[1]!)) found.add(m[1]!);
  for (const m of text.matchAll(/['"]([A-Z]+)['"]\s*={2,3}\s*(?:request|req)\.method/g))
    if (METHODS.includes(m[1]!)) found.add(m[1]!);
  if (/switch\s*\(\s*(?:request|req)\.method\s*\)/.test(text)) {
    for (const m of text.matchAll(/\bcase\s+['"]([A-Z]+)['"]\s*:/g))
      if (METHODS.includes(m[1]!)) found.add(m[1]!);
  }
  return [...found];
}

/** The methods a route block answers: explicit checks, else what its 405 answer allows. */
function methodsOfBlock(block: string): string[] {
  const explicit = methodsIn(block);
  if (explicit.length) return explicit;
  const allowed = /methodNotAllowed\(\s*\[([^\]]*)\]/.exec(block);
  if (allowed) return [...allowed[1]!.matchAll(/['"]([A-Z]+)['"]/g)].map((x) => x[1]!);
  const only = /\bmethod\s*!==?\s*['"]([A-Z]+)['"]/.exec(block);
  return only ? [only[1]!] : [];
}

/** The code block that follows a condition at `index`: the braces after it, or the rest of the line. */
function blockAfter(source: string, index: number): string {
  const lineEnd = source.indexOf('\n', index);
  const line = source.slice(index, lineEnd === -1 ? undefined : lineEnd);
  const brace = line.lastIndexOf('{');
  if (brace === -1 || !/\)\s*\{\s*$/.test(line)) return line;
  let depth = 0;
  const start = index + brace;
  for (let i = start; i < source.length; i++) {
    if (source[i] === '{') depth += 1;
    else if (source[i] === '}') {
      depth -= 1;
      if (depth === 0) return source.slice(index, i + 1);
    }
  }
  return source.slice(index);
}

function regexToPath(pattern: string): string {
  return pattern
    .replace(/^\^/, '')
    .replace(/\/?\$$/, '')
    .replace(/\\\//g, '/')
    .replace(/\((?:\?<(\w+)>)?[^)]*\)/g, (_m, name: string | undefined) => `:${name ?? 'param'}`)
    .replace(/\\/g, '');
}

/**
 * The app's API routes, found by reading `api/**` (Workers `fetch` handlers, itty/Hono-style
 * `app.get('/api/…')`, and the scaffold's resource helpers). Routes computed at run time are
 * missed; the docs page says so.
 */
export function listApiRoutes(files: TAppFiles): TApiRoute[] {
  const routes: TApiRoute[] = [];
  const add = (method: string, path: string, file: string, line: number) => {
    if (!routes.some((r) => r.method === method && r.path === path))
      routes.push({ method, path, file, line });
  };
  const apiFiles = Object.entries(files).filter(
    ([path]) => path.startsWith('api/') && /\.(t|j)s$/.test(path),
  );
  // Helpers like handleResource(request, db, RESOURCE, '/api/tasks') serve a collection and its items.
  const helperMethods = new Map<string, { collection: string[]; item: string[] }>();
  for (const [, source] of apiFiles) {
    for (const fn of source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)\s*\(([^)]*)\)/g)) {
      if (!/basePath|base|prefix/i.test(fn[2]!)) continue;
      const body = source.slice(
        fn.index,
        source.indexOf('\nexport ', fn.index + 1) === -1
          ? undefined
          : source.indexOf('\nexport ', fn.index + 1),
      );
      const allowed = [...body.matchAll(/methodNotAllowed\(\s*\[([^\]]*)\]/g)].map((m) =>
        [...m[1]!.matchAll(/['"]([A-Z]+)['"]/g)].map((x) => x[1]!),
      );
      helperMethods.set(fn[1]!, { collection: allowed[0] ?? ['GET'], item: allowed[1] ?? [] });
    }
  }
  for (const [file, source] of apiFiles) {
    for (const m of source.matchAll(/\b(?:pathname|path)\s*={2,3}\s*['"`](\/[^'"`]*)['"`]/g)) {
      const methods = methodsOfBlock(blockAfter(source, m.index));
      for (const method of methods.length ? methods : ['ANY'])
        add(method, m[1]!, file, lineOf(source, m.index));
    }
    for (const m of source.matchAll(
      /(!?)\s*\b(?:pathname|path)\.startsWith\(\s*['"`](\/[^'"`]*)['"`]\s*\)/g,
    )) {
      const base = m[2]!.replace(/\/$/, '');
      let block = blockAfter(source, m.index);
      if (m[1] === '!') {
        // A guard (`if (!path.startsWith('/api/x/')) return null;`): the rest of the function serves it.
        const end = source.indexOf('\n}', m.index);
        block = source.slice(m.index, end === -1 ? undefined : end);
      }
      const methods = methodsOfBlock(block);
      const itemPath = /\bparseId\(|\bid\b/.test(block) ? `${base}/:id` : `${base}/*`;
      for (const method of methods.length ? methods : ['ANY'])
        add(method, itemPath, file, lineOf(source, m.index));
    }
    for (const m of source.matchAll(
      /\.(?:match|exec|test)\(\s*\/\^?(\\\/api[^/]*?(?:\\\/[^/]*?)*)\/[gimsuy]*\s*\)|\/\^?(\\\/api(?:[^/\n]|\\\/)*)\/[gimsuy]*\s*\.(?:exec|test)\(/g,
    )) {
      const pattern = m[1] ?? m[2];
      if (!pattern) continue;
      const methods = methodsOfBlock(blockAfter(source, m.index));
      for (const method of methods.length ? methods : ['ANY'])
        add(method, regexToPath(pattern), file, lineOf(source, m.index));
    }
    for (const m of source.matchAll(
      /\b(?:app|router|api|hono)\.(get|post|put|patch|delete|all)\(\s*['"`](\/[^'"`]*)['"`]/gi,
    )) {
      const method = m[1]!.toUpperCase();
      add(method === 'ALL' ? 'ANY' : method, m[2]!, file, lineOf(source, m.index));
    }
    for (const m of source.matchAll(
      /\b(\w+)\(\s*request\b[^()]*?['"`](\/api\/[^'"`]*)['"`]\s*\)/g,
    )) {
      const helper = helperMethods.get(m[1]!);
      if (!helper) continue;
      const line = lineOf(source, m.index);
      for (const method of helper.collection) add(method, m[2]!, file, line);
      for (const method of helper.item) add(method, `${m[2]!}/:id`, file, line);
    }
  }
  const order = (method: string) => (METHODS.indexOf(method) === -1 ? 99 : METHODS.indexOf(method));
  return routes.sort((a, b) => a.path.localeCompare(b.path) || order(a.method) - order(b.method));
}

/** `env.NAME` reads in the API code (other than the platform's DB and ASSETS bindings). */
export function envNamesUsedInApi(files: TAppFiles): string[] {
  const names = new Set<string>();
  for (const [path, source] of Object.entries(files)) {
    if (!path.startsWith('api/')) continue;
    for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g))
      if (m[1] !== 'DB' && m[1] !== 'ASSETS') names.add(m[1]!);
  }
  return [...names].sort();
}

/** `<meta name="description">` of index.html. */
export function htmlDescription(files: TAppFiles, entry = 'index.html'): string | null {
  const html = files[entry];
  if (!html) return null;
  const m = /<meta\s+name=["']description["']\s+content=["']([^"']*)["']/i.exec(html);
  return (
    m?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'") ?? null
  );
}

/** `--primary` (or theme-color) of the app, for thumbnails. */
export function themeColor(files: TAppFiles): string | null {
  const meta = /<meta\s+name=["']theme-color["']\s+content=["'](#[0-9a-f]{3,8})["']/i.exec(
    files['index.html'] ?? '',
  );
  if (meta) return meta[1]!;
  for (const [path, css] of Object.entries(files)) {
    if (!path.endsWith('.css')) continue;
    const m = /--primary:\s*(#[0-9a-f]{3,8})\b/i.exec(css);
    if (m) return m[1]!;
  }
  return null;
}
