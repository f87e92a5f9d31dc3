import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { parseOutput } from '../protocol/parser';
import { applySearchReplace } from '../protocol/search-replace';
import {
  buildContinuationMessages,
  buildSystemPrompt,
  CONTINUE_INSTRUCTION,
  CREATE_EXAMPLE_OUTPUT,
  EDIT_EXAMPLE_OUTPUT,
  formatProjectFiles,
} from './system-prompt';

const RUNTIME = [
  { name: 'react', version: '19.2.0' },
  { name: 'react-dom', version: '19.2.0' },
  { name: 'react-router', version: '7.9.4' },
  'lucide-react',
  'recharts',
  'clsx',
];

describe('buildSystemPrompt', () => {
  const create = buildSystemPrompt({ runtimePackages: RUNTIME, mode: 'create' });
  const edit = buildSystemPrompt({ runtimePackages: RUNTIME, mode: 'edit', projectSummary: 'A notes app with an API.' });

  it('teaches every tag of the protocol with closing tags on their own lines', () => {
    for (const prompt of [create, edit]) {
      for (const tag of [
        '<shipyard-write path="src/App.tsx">',
        '</shipyard-write>',
        '<shipyard-edit path="src/App.tsx">',
        '<<<<<<< SEARCH',
        '=======',
        '>>>>>>> REPLACE',
        '</shipyard-edit>',
        '<shipyard-delete path="src/old.tsx" />',
        '<shipyard-rename from="src/a.tsx" to="src/b.tsx" />',
        '<shipyard-dependency name="recharts" action="add" />',
        '<shipyard-summary>',
      ]) {
        expect(prompt).toContain(tag);
      }
      expect(prompt).toContain('Every opening and closing tag stands on its own line');
      expect(prompt).toContain('Never write outside the project');
    }
  });

  it('states the app format and the runtime package set with versions', () => {
    expect(create).toContain('<div id="root"></div>');
    expect(create).toContain('<script type="module" src="/src/main.tsx"></script>');
    expect(create).toContain('"database"?: { "schema": "db/schema.sql", "seed"?: "db/seed.sql" }');
    expect(create).toContain('env.DB.prepare(sql).bind(...args).all()');
    expect(create).toContain('CREATE TABLE IF NOT EXISTS');
    expect(create).toContain('- react-router (7.9.4)');
    expect(create).toContain('- clsx');
    expect(create).toContain('Only these names are allowed: react, react-dom, react-router, lucide-react, recharts, clsx.');
    expect(create).toMatch(/no Tailwind/i);
  });

  it('differs by mode: a whole app for create, small edits and the summary for edit', () => {
    expect(create).toContain('Build a complete, working app');
    expect(create).toContain(CREATE_EXAMPLE_OUTPUT);
    expect(create).not.toContain('# The project so far');
    expect(edit).toContain('Prefer <shipyard-edit> for small changes');
    expect(edit).toContain('<current-file path="…">');
    expect(edit).toContain(EDIT_EXAMPLE_OUTPUT);
    expect(edit).toContain('# The project so far\nA notes app with an API.');
  });

  it('needs the runtime package set', () => {
    expect(() => buildSystemPrompt({ runtimePackages: [], mode: 'create' })).toThrow(/runtime package set/);
  });
});

describe('the prompt examples', () => {
  const created = parseOutput(CREATE_EXAMPLE_OUTPUT);
  const files = new Map(
    created.operations.flatMap((op) => (op.type === 'write' ? [[op.path, op.content] as const] : [])),
  );

  it('parse cleanly into a complete app of the documented format', () => {
    expect(created.errors).toEqual([]);
    expect(created.incomplete).toBeUndefined();
    expect(created.summary).toMatch(/^Created Notes/);
    expect([...files.keys()].sort()).toEqual([
      'api/index.ts',
      'db/schema.sql',
      'db/seed.sql',
      'index.html',
      'shipyard.json',
      'src/App.tsx',
      'src/main.tsx',
      'src/pages/AboutPage.tsx',
      'src/pages/NotesPage.tsx',
      'src/styles.css',
    ]);
    expect(JSON.parse(files.get('shipyard.json')!)).toEqual({
      name: 'Notes',
      entry: 'index.html',
      api: 'api/index.ts',
      database: { schema: 'db/schema.sql', seed: 'db/seed.sql' },
    });
    expect(files.get('index.html')).toContain('<div id="root"></div>');
  });

  it('contain TypeScript without syntax errors that imports only runtime packages', () => {
    const allowed = new Set(['react', 'react-dom', 'react-router', 'lucide-react', 'recharts', 'clsx']);
    for (const [path, content] of files) {
      if (!/\.tsx?$/.test(path)) continue;
      const out = ts.transpileModule(content, {
        fileName: path,
        reportDiagnostics: true,
        compilerOptions: { jsx: ts.JsxEmit.ReactJSX, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      });
      expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? [], path).toEqual([]);
      for (const [, specifier] of content.matchAll(/from '([^']+)'/g)) {
        const bare = specifier!.startsWith('.') ? null : specifier!.split('/')[0]!;
        if (bare) expect(allowed.has(bare), `${path} imports ${specifier}`).toBe(true);
      }
    }
  });

  it('include an edit whose SEARCH block applies to the created files', () => {
    const edited = parseOutput(EDIT_EXAMPLE_OUTPUT);
    expect(edited.errors).toEqual([]);
    expect(edited.operations).toHaveLength(1);
    const op = edited.operations[0]!;
    expect(op.type).toBe('edit');
    if (op.type !== 'edit') return;
    const result = applySearchReplace(files.get(op.path)!, op.blocks[0]!);
    expect(result).toMatchObject({ kind: 'applied', strategy: 'exact' });
    if (result.kind === 'applied') expect(result.content).toContain('<h1>My notes</h1>');
  });
});

describe('buildContinuationMessages', () => {
  it('replays the partial output as the assistant turn and asks to continue without repeating', () => {
    const partial = `Intro\n<shipyard-write path="src/App.tsx">\n${'x'.repeat(1000)}\nexport default function Ap`;
    const [assistant, user] = buildContinuationMessages(partial);
    expect(assistant).toEqual({ role: 'assistant', content: partial });
    expect(user?.role).toBe('user');
    expect(user?.content.startsWith(CONTINUE_INSTRUCTION)).toBe(true);
    expect(CONTINUE_INSTRUCTION).toMatch(/continue exactly where you stopped/i);
    expect(CONTINUE_INSTRUCTION).toMatch(/do not repeat/i);
    expect(user?.content).toContain('export default function Ap\n</previous-output-tail>');
    expect(user!.content.length).toBeLessThan(CONTINUE_INSTRUCTION.length + 400);
  });
});

describe('formatProjectFiles', () => {
  it('wraps each file and lists the files left out', () => {
    expect(
      formatProjectFiles(
        [
          { path: 'src/App.tsx', content: 'export default 1;' },
          { path: 'src/a.css', content: 'a {}\n' },
        ],
        ['db/seed.sql'],
      ),
    ).toBe(
      '<current-file path="src/App.tsx">\nexport default 1;\n</current-file>\n' +
        '<current-file path="src/a.css">\na {}\n</current-file>\n' +
        'Other files in the project, not shown here (you cannot see them, so do not <shipyard-edit> them; replace one with <shipyard-write> only if the request needs it rewritten):\n- db/seed.sql',
    );
  });
});
