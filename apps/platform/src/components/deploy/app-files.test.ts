import { describe, expect, it } from 'vitest';
import {
  countSqlRows,
  envNamesUsedInApi,
  listApiRoutes,
  listPages,
  parseSchema,
  readManifest,
  splitSqlStatements,
} from './app-files';

// Excerpts of what the scaffold provider generates (a CRUD app and an online shop).
const RECORDS_TS = `
export async function handleResource(request: Request, db: D1Database, resource: Resource, basePath: string): Promise<Response | null> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\\/+$/, '');
  if (path === basePath) {
    if (request.method === 'GET') return json(await listRecords(db, resource, url));
    if (request.method === 'POST') return json(await createRecord(db, resource, await readJsonObject(request)), 201);
    return methodNotAllowed(['GET', 'POST']);
  }
  if (!path.startsWith(basePath + '/')) return null;
  switch (request.method) {
    case 'GET':
      return json(await getRecord(db, resource, id));
    default:
      return methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']);
  }
}
`;

const INDEX_TS = `
async function route(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/api/health') return json({ ok: true });
  if (url.pathname === '/api/stats') {
    if (request.method !== 'GET') return methodNotAllowed(['GET']);
    return json(await loadStats(env.DB, env.REPORT_TIMEZONE));
  }
  const resource = await handleResource(request, env.DB, RESOURCE, '/api/tasks');
  if (resource) return resource;
  throw new HttpError(404, 'No API route');
}
`;

const ORDERS_TS = `
export async function handleOrders(request: Request, db: D1Database): Promise<Response | null> {
  const path = new URL(request.url).pathname.replace(/\\/+$/, '');
  if (path === '/api/orders') {
    if (request.method === 'GET') return json({ items: await listOrders(db) });
    if (request.method === 'POST') return json(await placeOrder(db, await readJsonObject(request)), 201);
    return methodNotAllowed(['GET', 'POST']);
  }
  if (!path.startsWith('/api/orders/')) return null;
  const rest = path.slice('/api/orders/'.length);
  if (request.method !== 'GET') return methodNotAllowed(['GET']);
  return json(await getOrder(db, parseId(rest)));
}
`;

const APP_TSX = `import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { HomePage } from './pages/HomePage';
import { RecordsPage } from './pages/RecordsPage';
import { RecordPage } from './pages/RecordPage';
import { NotFoundPage } from './pages/NotFoundPage';

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="/tasks" element={<RecordsPage />} />
          <Route path="/tasks/:id" element={<RecordPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
`;

const SCHEMA = `-- tasks: one row per task.
CREATE TABLE IF NOT EXISTS "tasks" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "title" TEXT NOT NULL,
  "done" INTEGER NOT NULL DEFAULT 0 CHECK ("done" IN (0, 1)),
  "created_at" TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS "tasks_title_idx" ON "tasks" ("title");
CREATE TABLE order_items (
  id INTEGER,
  order_id INTEGER NOT NULL REFERENCES "orders" ("id") ON DELETE CASCADE,
  note TEXT DEFAULT 'a;b',
  PRIMARY KEY (id)
);
`;

describe('readManifest', () => {
  it('reads name, database and declared env vars', () => {
    const m = readManifest({
      'shipyard.json': JSON.stringify({
        name: 'Acme',
        entry: 'index.html',
        api: 'api/index.ts',
        database: { schema: 'db/schema.sql', seed: 'db/seed.sql' },
        env: [{ name: 'STRIPE_KEY', required: true, description: 'Payments' }, { name: 'TZ' }],
      }),
    });
    expect(m).toMatchObject({
      name: 'Acme',
      api: 'api/index.ts',
      database: { schema: 'db/schema.sql', seed: 'db/seed.sql' },
      problem: null,
    });
    expect(m.env).toEqual([
      { name: 'STRIPE_KEY', required: true, description: 'Payments' },
      { name: 'TZ', required: false, description: '' },
    ]);
  });

  it('says what is wrong instead of throwing', () => {
    expect(readManifest({}).problem).toBe('The app has no shipyard.json.');
    expect(readManifest({ 'shipyard.json': '{nope' }).problem).toBe(
      'shipyard.json is not valid JSON.',
    );
  });
});

describe('SQL', () => {
  it('splits statements outside strings and comments', () => {
    expect(splitSqlStatements("INSERT INTO t VALUES ('a;b'); -- x; y\nSELECT 1;")).toEqual([
      "INSERT INTO t VALUES ('a;b')",
      'SELECT 1',
    ]);
  });

  it('counts the rows of seed INSERTs, multi-row VALUES included', () => {
    const seed = `INSERT INTO "tasks" ("title") VALUES ('One (1)');\nINSERT INTO "tasks" ("title") VALUES ('Two'), ('Three, four');`;
    expect(countSqlRows(seed)).toBe(3);
    expect(countSqlRows('INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING;')).toBe(1);
  });

  it("trusts the preview export's own row count", () => {
    expect(
      countSqlRows(
        '-- Shipyard preview data, exported 2026-11-21T10:00:00.000Z: 12 row(s) in 2 table(s).\nINSERT INTO "t" ("a") VALUES\n  (1);',
      ),
    ).toBe(12);
  });

  it('parses tables, columns, rules and indexes', () => {
    const [tasks, items] = parseSchema(SCHEMA);
    expect(tasks!.name).toBe('tasks');
    expect(tasks!.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'INTEGER'],
      ['title', 'TEXT'],
      ['done', 'INTEGER'],
      ['created_at', 'TEXT'],
    ]);
    expect(tasks!.columns[0]).toMatchObject({ primaryKey: true, autoIncrement: true });
    expect(tasks!.columns[2]).toMatchObject({
      notNull: true,
      defaultValue: '0',
      check: '"done" IN (0, 1)',
    });
    expect(tasks!.columns[3]!.defaultValue).toBe("(datetime('now'))");
    expect(tasks!.indexes).toEqual([
      { name: 'tasks_title_idx', unique: false, columns: ['title'] },
    ]);
    expect(items!.columns[0]!.primaryKey).toBe(true);
    expect(items!.columns[1]!.references).toEqual({ table: 'orders', column: 'id' });
    expect(items!.columns[2]!.defaultValue).toBe("'a;b'");
  });
});

describe('pages and API routes', () => {
  it('lists client routes with their menu labels and files', () => {
    const files = {
      'src/App.tsx': APP_TSX,
      'src/config.ts':
        "export const NAV_LINKS = [\n  { to: '/', label: 'Overview' },\n  { to: '/tasks', label: 'Tasks' },\n];",
      'src/pages/HomePage.tsx': '',
      'src/pages/RecordsPage.tsx': '',
      'src/pages/RecordPage.tsx': '',
      'src/pages/NotFoundPage.tsx': '',
    };
    expect(listPages(files)).toEqual([
      { path: '/', component: 'HomePage', file: 'src/pages/HomePage.tsx', label: 'Overview' },
      {
        path: '/tasks',
        component: 'RecordsPage',
        file: 'src/pages/RecordsPage.tsx',
        label: 'Tasks',
      },
      {
        path: '/tasks/:id',
        component: 'RecordPage',
        file: 'src/pages/RecordPage.tsx',
        label: null,
      },
      { path: '/*', component: 'NotFoundPage', file: 'src/pages/NotFoundPage.tsx', label: null },
    ]);
  });

  it('finds fetch-handler routes, helper-served resources and their methods', () => {
    const routes = listApiRoutes({
      'api/index.ts': INDEX_TS,
      'api/records.ts': RECORDS_TS,
      'api/orders.ts': ORDERS_TS,
    });
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'ANY /api/health',
      'GET /api/orders',
      'POST /api/orders',
      'GET /api/orders/:id',
      'GET /api/stats',
      'GET /api/tasks',
      'POST /api/tasks',
      'GET /api/tasks/:id',
      'PUT /api/tasks/:id',
      'PATCH /api/tasks/:id',
      'DELETE /api/tasks/:id',
    ]);
    expect(routes.find((r) => r.path === '/api/stats')).toMatchObject({
      file: 'api/index.ts',
      line: 5,
    });
  });

  it('reads router-style definitions', () => {
    const routes = listApiRoutes({
      'api/index.ts': "app.get('/api/items', list);\napp.post('/api/items', create);",
    });
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/items',
      'POST /api/items',
    ]);
  });

  it('lists env vars the API reads, apart from the platform bindings', () => {
    expect(envNamesUsedInApi({ 'api/index.ts': INDEX_TS })).toEqual(['REPORT_TIMEZONE']);
  });
});
