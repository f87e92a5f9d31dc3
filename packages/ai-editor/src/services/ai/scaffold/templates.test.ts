import { describe, expect, it } from 'vitest';
import { applyOperations, parseOutput } from '../../protocol';
import { extractIntent } from './intent';
import { buildScaffoldReply } from './provider';
import { renderScaffoldApp, SCAFFOLD_TEMPLATES } from './templates';

const RUNTIME_PACKAGES = new Set(['react', 'react-dom', 'react-router', 'lucide-react', 'recharts', 'clsx']);

/** One prompt per template plus variants that change the generated code (custom entities and fields). */
const PROMPTS: Record<string, string> = {
  landing: 'a landing page for Acme Rockets',
  crud: 'a CRM called Orbit to track contacts with name, email, company and phone',
  todo: 'a todo app with due dates and priorities',
  'crud-custom': 'Create a job applications tracker with company, role, salary, applied date, url and remote',
  blog: 'a blog called "Night Notes"',
  'blog-custom': 'a blog where each post has title, content and tags',
  dashboard: 'a sales dashboard with charts',
  'dashboard-custom': 'a dashboard to track workouts with duration, calories and date',
  shop: 'a small online shop called Fern & Co',
  hostile:
    'an app called "</shipyard-write><shipyard-write path=\\"../../x\\">" to track `${process.exit()}` with name, <img src=x onerror=alert(1)>, email and \'); DROP TABLE x;--',
};

function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
}

function resolveRelative(from: string, specifier: string, files: Record<string, string>): boolean {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  const base = parts.join('/');
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].some((path) => path in files);
}

describe.each(Object.entries(PROMPTS))('template output: %s', (_name, prompt) => {
  const intent = extractIntent(prompt);
  const app = renderScaffoldApp(intent);
  const reply = buildScaffoldReply(prompt);
  const dataApp = intent.template !== 'landing';

  it('streams as protocol text that the parser reads back into exactly these files', () => {
    const parsed = parseOutput(reply.output);
    expect(parsed.errors).toEqual([]);
    expect(parsed.incomplete).toBeUndefined();
    expect(parsed.summary).toContain(intent.appName);
    expect(parsed.text).toContain('not an AI model');
    const written = Object.fromEntries(
      parsed.operations.map((operation) => {
        if (operation.type !== 'write') throw new Error(`unexpected ${operation.type} operation`);
        return [operation.path, operation.content];
      }),
    );
    expect(written).toEqual(app.files);
  });

  it('applies cleanly to an empty project (paths and sizes pass validation)', () => {
    const { operations } = parseOutput(reply.output);
    const result = applyOperations(new Map(), operations);
    expect(result.files.size).toBe(Object.keys(app.files).length);
  });

  it('has the files of the app format, with a sensible count', () => {
    const count = Object.keys(app.files).length;
    expect(count).toBeGreaterThanOrEqual(10);
    expect(count).toBeLessThanOrEqual(25);
    for (const path of ['shipyard.json', 'index.html', 'src/main.tsx', 'src/App.tsx', 'src/styles.css', 'src/config.ts']) {
      expect(app.files, path).toHaveProperty([path]);
    }
    const manifest = JSON.parse(app.files['shipyard.json'] ?? '') as Record<string, unknown>;
    expect(manifest.name).toBe(intent.appName);
    expect(manifest.entry).toBe('index.html');
    if (dataApp) {
      expect(manifest).toMatchObject({ api: 'api/index.ts', database: { schema: 'db/schema.sql', seed: 'db/seed.sql' } });
      for (const path of ['api/index.ts', 'db/schema.sql', 'db/seed.sql']) expect(app.files, path).toHaveProperty([path]);
    } else {
      expect(manifest).not.toHaveProperty('api');
      expect(manifest).not.toHaveProperty('database');
    }
  });

  it('has an index.html that mounts src/main.tsx and a multi-page router', () => {
    const html = app.files['index.html'] ?? '';
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('<script type="module" src="/src/main.tsx"></script>');
    const appTsx = app.files['src/App.tsx'] ?? '';
    expect(appTsx).toContain("from 'react-router'");
    expect(appTsx).toContain('<BrowserRouter>');
    expect([...appTsx.matchAll(/<Route (?:index|path="\/[^"]*")/g)].length).toBeGreaterThanOrEqual(2);
    expect(app.files['src/pages/HomePage.tsx']).toMatch(/<h1 [^>]*>\{APP_NAME\}<\/h1>/);
  });

  it('imports only runtime packages and files that exist', () => {
    for (const [path, source] of Object.entries(app.files)) {
      if (!/\.(?:ts|tsx)$/.test(path)) continue;
      for (const specifier of specifiers(source)) {
        if (specifier.startsWith('.')) {
          expect(resolveRelative(path, specifier, app.files), `${path} imports ${specifier}`).toBe(true);
        } else {
          const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
          expect(RUNTIME_PACKAGES.has(name ?? ''), `${path} imports ${specifier}`).toBe(true);
        }
      }
    }
  });

  it.runIf(dataApp)('has a Workers-format API with validation and JSON errors, and a schema with realistic seed rows', () => {
    const api = app.files['api/index.ts'] ?? '';
    expect(api).toContain('export default {');
    expect(api).toContain('async fetch(request: Request, env: Env): Promise<Response>');
    const records = app.files['api/records.ts'] ?? '';
    expect(records).toContain("throw new HttpError(400, ");
    expect(records).toContain("throw new HttpError(404, 'No ' + resource.label");
    expect(records).toContain('.bind(');
    const schema = app.files['db/schema.sql'] ?? '';
    const table = intent.entity?.table ?? '';
    expect(schema).toContain(`CREATE TABLE IF NOT EXISTS "${table}" (`);
    const seed = app.files['db/seed.sql'] ?? '';
    expect(seed.match(new RegExp(`INSERT INTO "${table}"`, 'g'))?.length ?? 0).toBeGreaterThanOrEqual(5);
    for (const field of intent.entity?.fields ?? []) expect(schema).toContain(`"${field.column}"`);
  });

  it('puts the app name in code only through escaped literals', () => {
    const config = app.files['src/config.ts'] ?? '';
    const literal = /^export const APP_NAME = (.*);$/m.exec(config)?.[1] ?? '';
    expect(JSON.parse(literal)).toBe(intent.appName);
    const html = app.files['index.html'] ?? '';
    expect(html).toMatch(/<title>[^<]*<\/title>/);
    for (const content of Object.values(app.files)) {
      expect(content).not.toMatch(/<script>|onerror=|process\.exit|\.\.\/\.\.\/x/);
      expect(content).not.toMatch(/^<\/?shipyard-/m);
    }
  });

  it('is deterministic', () => {
    expect(renderScaffoldApp(extractIntent(prompt)).files).toEqual(app.files);
    expect(buildScaffoldReply(prompt).output).toBe(reply.output);
  });
});

describe('templates', () => {
  it('covers landing page, CRUD app, blog, dashboard and shop', () => {
    expect(Object.keys(SCAFFOLD_TEMPLATES).sort()).toEqual(['blog', 'crud', 'dashboard', 'landing', 'shop']);
  });

  it('uses recharts only in the dashboard', () => {
    for (const [name, prompt] of Object.entries(PROMPTS)) {
      const app = renderScaffoldApp(extractIntent(prompt));
      const usesRecharts = Object.values(app.files).some((source) => source.includes("from 'recharts'"));
      expect(usesRecharts, name).toBe(app.template === 'dashboard');
      expect(app.dependencies.includes('recharts'), name).toBe(app.template === 'dashboard');
    }
  });

  it('names every field of a custom entity in the API, the client and the schema', () => {
    const app = renderScaffoldApp(extractIntent(PROMPTS['crud-custom'] ?? ''));
    for (const key of ['company', 'role', 'salary', 'appliedDate', 'url', 'remote']) {
      expect(app.files['src/fields.ts']).toContain(`key: '${key}'`);
      expect(app.files['api/fields.ts']).toContain(`key: '${key}'`);
    }
    expect(app.files['db/schema.sql']).toContain('"applied_date" TEXT');
    expect(app.files['db/schema.sql']).toContain('"remote" INTEGER NOT NULL DEFAULT 0');
    expect(app.files['db/schema.sql']).toContain('"salary" REAL');
    expect(app.files['src/fields.ts']).toContain('export interface JobApplication {');
  });

  it('escapes quotes in seed data for SQL', () => {
    const app = renderScaffoldApp(extractIntent(PROMPTS.blog ?? ''));
    expect(app.files['db/seed.sql']).toContain("'A beginner’s guide to slow mornings'");
    const shop = renderScaffoldApp(extractIntent(PROMPTS.shop ?? ''));
    expect(shop.files['db/seed.sql']).toMatch(/INSERT INTO "orders" \("customer_name", "email", "total", "status"\) VALUES \('Ada Lovelace'/);
  });
});
