/**
 * The few honest edits the scaffold provider can make to a project it generated: rename the
 * app, change the primary colour, add a field to the main entity, add a page. Each edit is a
 * SEARCH/REPLACE against the project's current files, checked here to match exactly once
 * before it is emitted. Anything else gets a plain answer that says so — never a fake change.
 */
import { COLOR_WORD_PATTERN, describeColor, resolveColor } from './colors';
import { makeField, type TScaffoldField } from './entities';
import { type TScaffoldOperation } from './output';
import { apiFieldLine, schemaColumnLine } from './templates/api-kit';
import { clientFieldLine, clientInterfaceLine } from './templates/entity-kit';
import { extraPageTsx } from './templates/pages';
import {
  asciiWords,
  cleanDisplayName,
  htmlEscape,
  jsString,
  proseQuote,
  singularize,
  toKebabCase,
  toPascalCase,
  tsQuote,
} from './text';

export type TScaffoldEditIntent =
  | { kind: 'rename'; name: string }
  | { kind: 'color'; color: string }
  | { kind: 'add-field'; words: string[]; target: string | null }
  | { kind: 'add-page'; words: string[] };

export interface TScaffoldEditPlan {
  /** Operations to emit; empty when nothing could be done. */
  operations: TScaffoldOperation[];
  /** One line per change made, for prose and summary. */
  done: string[];
  /** One line per requested change that was not made, with the reason. */
  declined: string[];
  /** Parts of the request that are none of the supported edits. */
  unsupported: string[];
}

export const SUPPORTED_EDITS_HELP =
  'rename the app ("rename the app to Acme"), change its primary colour ("make it green" or "#0ea5e9"), ' +
  'add a field to its records ("add a priority field") and add a page ("add an about page")';

const VERB = '(?:please\\s+)?(?:make|change|set|add|rename|use|turn|create|call|switch|update|paint|give|retitle)\\b';
const CLAUSE_SPLIT = new RegExp(
  `(?:[.;!?](?=\\s|$)|\\n+|,?\\s+(?:and|then|also|plus)\\s+(?=${VERB})|,\\s*(?=${VERB})|,?\\s+and\\s+(?=(?:an?|the|another)\\s+[\\w\\s-]{1,30}?\\s+(?:page|field|column)\\b))`,
  'i',
);

const COLOR = `(?<![\\w#])(${COLOR_WORD_PATTERN})(?![\\w-])`;
const RENAME_PATTERNS = [
  /\b(?:rename|retitle)\s+(?:the\s+|my\s+|this\s+)?(?:app|application|site|website|project|page|blog|shop|store|dashboard|it|title|name)?\s*(?:to|as|into)\s+(.+)$/i,
  /\b(?:change|set|update|make|switch)\s+(?:the\s+|my\s+|this\s+)?(?:(?:app|site|website|page|shop|store|blog|dashboard|project)(?:'s)?\s+)?(?:title|name|heading|brand(?:ing)?|app\s+name)\s+(?:to|as|into|=|:)\s*(.+)$/i,
  /\bcall\s+(?:it|the\s+(?:app|site|website|project|blog|shop|store|dashboard))\s+(.+)$/i,
  /\b(?:the\s+)?(?:app|site|website)\s+(?:should\s+be\s+)?(?:called|named)\s+(.+)$/i,
];
const COLOR_PATTERNS = [
  new RegExp(`\\b(?:make|turn|paint)\\s+(?:it|everything|the\\s+(?:app|site|website|theme|design|page|ui|buttons?|accents?|colou?rs?|brand|header|links?))\\s+${COLOR}`, 'i'),
  new RegExp(
    `\\b(?:change|set|switch|update|make)\\s+(?:the\\s+|its\\s+)?(?:(?:primary|main|accent|brand|theme|button|buttons|link|links|app|site|header|title)\\s+)*colou?r(?:s|\\s+scheme)?\\s+(?:to|into|=|:)?\\s*${COLOR}`,
    'i',
  ),
  new RegExp(`\\buse\\s+(?:a\\s+)?${COLOR}(?:\\s+(?:as\\s+the\\s+(?:primary|main|accent|brand)\\s+colou?r|theme|colou?r|colou?r\\s+scheme|accents?|palette))?`, 'i'),
  new RegExp(`${COLOR}\\s+(?:theme|colou?r\\s+scheme|accents?|palette|primary\\s+colou?r)\\b`, 'i'),
];
const FIELD_PATTERNS = [
  /\badd\s+(?:an?\s+|the\s+|one\s+more\s+|another\s+)?(?:new\s+)?(?:field|column|property|attribute)\s+(?:called\s+|named\s+|for\s+)?["'“]?([a-z][\w\s-]{0,40}?)["'”]?(?:\s+(?:to|on|for)\s+(?:the\s+|each\s+|every\s+|all\s+)?([a-z]+))?\s*$/i,
  /\badd\s+(?:an?\s+|the\s+|one\s+more\s+|another\s+)?(?:new\s+)?["'“]?([a-z][\w\s-]{0,40}?)["'”]?\s+(?:field|column|property|attribute)(?:\s+(?:to|on|for)\s+(?:the\s+|each\s+|every\s+|all\s+)?([a-z]+))?\b/i,
];
const PAGE_PATTERNS = [
  /\b(?:add|create|make)\s+(?:an?\s+|the\s+|another\s+)?(?:new\s+)?["'“]?([a-z][\w\s&-]{0,40}?)["'”]?\s+page\b/i,
  /\b(?:add|create)\s+(?:an?\s+)?(?:new\s+)?page\s+(?:called|named|for|about)\s+["'“]?([a-z][\w\s&-]{0,40}?)["'”]?\s*$/i,
];

const FILLER = /^(?:please|thanks|thank you|thx|ok|okay|great|cool|nice|and|also|then|now|hi|hello|hey)$/i;

/** Splits a request into clauses and reads each as one supported edit, or not. */
export function parseEditRequest(prompt: string): { intents: TScaffoldEditIntent[]; unsupported: string[] } {
  const text = prompt.slice(0, 2000);
  const intents: TScaffoldEditIntent[] = [];
  const unsupported: string[] = [];
  for (const rawClause of text.split(CLAUSE_SPLIT)) {
    const clause = rawClause?.trim() ?? '';
    if (!clause || clause.split(/\s+/).every((word) => FILLER.test(word.replace(/[^\w]/g, '')))) continue;
    // "add a priority field and an about page": the second clause borrows the verb.
    const previous = intents[intents.length - 1];
    const intent =
      readClause(clause) ??
      (previous && (previous.kind === 'add-field' || previous.kind === 'add-page') && !new RegExp(`^${VERB}`, 'i').test(clause)
        ? readClause(`add ${clause}`)
        : null);
    if (intent) intents.push(intent);
    else unsupported.push(clause);
  }
  return { intents, unsupported };
}

function readClause(clause: string): TScaffoldEditIntent | null {
  for (const pattern of COLOR_PATTERNS) {
    const match = pattern.exec(clause);
    const color = match?.[1] ? resolveColor(match[1]) : null;
    if (color) return { kind: 'color', color };
  }
  for (const pattern of RENAME_PATTERNS) {
    const match = pattern.exec(clause);
    if (match?.[1]) return { kind: 'rename', name: nameFromEditText(match[1]) };
  }
  for (const pattern of FIELD_PATTERNS) {
    const match = pattern.exec(clause);
    if (match?.[1]) {
      const words = match[1].toLowerCase().split(/[\s-]+/).filter((word) => word && !/^(?:new|a|an|the)$/.test(word));
      if (words.length > 0 && words.length <= 3) return { kind: 'add-field', words, target: match[2]?.toLowerCase() ?? null };
    }
  }
  for (const pattern of PAGE_PATTERNS) {
    const match = pattern.exec(clause);
    if (match?.[1]) {
      const words = match[1].toLowerCase().split(/[\s&-]+/).filter((word) => word && !/^(?:new|a|an|the|separate|simple|nice)$/.test(word));
      if (words.length > 0 && words.length <= 4) return { kind: 'add-page', words };
    }
  }
  return null;
}

function nameFromEditText(raw: string): string {
  const quoted = /^\s*["'“‘«`]([^"'”’»`\n]{1,80})["'”’»`]/.exec(raw);
  if (quoted?.[1]) return cleanDisplayName(quoted[1]);
  const trimmed = raw.replace(/\s+(?:please|instead|thanks|thank you)\s*$/i, '').replace(/["'“”‘’«»`]/g, '');
  return cleanDisplayName(trimmed);
}

// ---------------------------------------------------------------------------------------------

type TFiles = ReadonlyMap<string, string>;

class EditBuilder {
  readonly operations: TScaffoldOperation[] = [];
  private readonly pending = new Map<string, string>();

  constructor(private readonly files: TFiles) {}

  /** Current content, including edits planned earlier in this request. */
  read(path: string): string | undefined {
    return this.pending.get(path) ?? this.files.get(path);
  }

  /** Plans SEARCH/REPLACE blocks on one file; false (and nothing planned) unless every SEARCH matches exactly once. */
  edit(path: string, blocks: { search: string; replace: string }[]): boolean {
    let content = this.read(path);
    if (content === undefined) return false;
    for (const block of blocks) {
      const first = content.indexOf(block.search);
      if (first === -1 || content.indexOf(block.search, first + 1) !== -1) return false;
      content = content.slice(0, first) + block.replace + content.slice(first + block.search.length);
    }
    this.pending.set(path, content);
    const existing = this.operations.find((operation) => operation.type === 'edit' && operation.path === path);
    if (existing && existing.type === 'edit') existing.blocks.push(...blocks);
    else this.operations.push({ type: 'edit', path, blocks });
    return true;
  }

  write(path: string, content: string): void {
    this.pending.set(path, content);
    this.operations.push({ type: 'write', path, content });
  }

  /** Runs a group of changes all or nothing. */
  transaction(run: () => boolean): boolean {
    const operations = this.operations.map((operation) =>
      operation.type === 'edit' ? { ...operation, blocks: [...operation.blocks] } : { ...operation },
    );
    const pending = new Map(this.pending);
    if (run()) return true;
    this.operations.splice(0, this.operations.length, ...operations);
    this.pending.clear();
    for (const [path, content] of pending) this.pending.set(path, content);
    return false;
  }
}

/** The whole line containing `index`, with its newline. */
function lineAt(content: string, index: number): string {
  const start = content.lastIndexOf('\n', index - 1) + 1;
  const end = content.indexOf('\n', index);
  return content.slice(start, end === -1 ? content.length : end + 1);
}

const NOT_SCAFFOLD =
  'this project does not have the layout the scaffold templates create, so I cannot find where to make the change';

/** Plans the edits a request asks for against the project's current files. */
export function planScaffoldEdit(prompt: string, files: TFiles): TScaffoldEditPlan {
  const { intents, unsupported } = parseEditRequest(prompt);
  const builder = new EditBuilder(files);
  const done: string[] = [];
  const declined: string[] = [];
  for (const intent of intents) {
    const outcome = applyIntent(builder, intent);
    if (outcome.ok) done.push(outcome.message);
    else declined.push(outcome.message);
  }
  return { operations: builder.operations, done, declined, unsupported: unsupported.map((clause) => proseQuote(clause)) };
}

type TOutcome = { ok: boolean; message: string };

function applyIntent(builder: EditBuilder, intent: TScaffoldEditIntent): TOutcome {
  switch (intent.kind) {
    case 'rename':
      return rename(builder, intent.name);
    case 'color':
      return recolor(builder, intent.color);
    case 'add-field':
      return addField(builder, intent.words, intent.target);
    case 'add-page':
      return addPage(builder, intent.words);
  }
}

function rename(builder: EditBuilder, name: string): TOutcome {
  if (!name) return { ok: false, message: 'Rename: I could not read a usable name (letters, digits and simple punctuation, up to 48 characters).' };
  const config = builder.read('src/config.ts');
  const match = config ? /^export const APP_NAME = (.*);$/m.exec(config) : null;
  if (!config || !match) return { ok: false, message: `Rename: ${NOT_SCAFFOLD} (src/config.ts has no APP_NAME).` };
  let oldName = '';
  try {
    const parsed: unknown = JSON.parse(match[1] ?? '');
    if (typeof parsed === 'string') oldName = parsed;
  } catch {
    oldName = '';
  }
  if (oldName === name) return { ok: false, message: `Rename: the app is already called ${name}.` };

  const ok = builder.transaction(() => {
    if (!builder.edit('src/config.ts', [{ search: `${match[0]}\n`, replace: `export const APP_NAME = ${jsString(name)};\n` }])) return false;
    const html = builder.read('index.html');
    const title = html ? /^(\s*)<title>.*<\/title>$/m.exec(html) : null;
    if (html && title) {
      if (!builder.edit('index.html', [{ search: `${title[0]}\n`, replace: `${title[1] ?? ''}<title>${htmlEscape(name)}</title>\n` }])) return false;
    }
    const manifest = builder.read('shipyard.json');
    const nameLine = manifest ? /^(\s*)"name":\s*"(?:[^"\\]|\\.)*"(,?)$/m.exec(manifest) : null;
    if (manifest && nameLine) {
      const value = JSON.stringify(name).replace(/</g, '\\u003c');
      if (!builder.edit('shipyard.json', [{ search: `${nameLine[0]}\n`, replace: `${nameLine[1] ?? ''}"name": ${value}${nameLine[2] ?? ''}\n` }])) {
        return false;
      }
    }
    return true;
  });
  if (!ok) return { ok: false, message: `Rename: ${NOT_SCAFFOLD}.` };
  return { ok: true, message: oldName ? `Renamed the app from ${oldName} to ${name}.` : `Renamed the app to ${name}.` };
}

function recolor(builder: EditBuilder, color: string): TOutcome {
  const css = builder.read('src/styles.css');
  const match = css ? /^(\s*)--primary:\s*([^;]+);$/m.exec(css) : null;
  if (!css || !match) return { ok: false, message: `Colour: ${NOT_SCAFFOLD} (src/styles.css has no --primary).` };
  if (match[2]?.trim().toLowerCase() === color) return { ok: false, message: `Colour: the primary colour is already ${describeColor(color)}.` };
  const ok = builder.transaction(() => {
    if (!builder.edit('src/styles.css', [{ search: `${match[0]}\n`, replace: `${match[1] ?? ''}--primary: ${color};\n` }])) return false;
    const html = builder.read('index.html');
    const meta = html ? /^(\s*)<meta name="theme-color" content="[^"]*" \/>$/m.exec(html) : null;
    if (html && meta) {
      return builder.edit('index.html', [{ search: `${meta[0]}\n`, replace: `${meta[1] ?? ''}<meta name="theme-color" content="${color}" />\n` }]);
    }
    return true;
  });
  if (!ok) return { ok: false, message: `Colour: ${NOT_SCAFFOLD}.` };
  const name = describeColor(color);
  return { ok: true, message: `Changed the primary colour to ${name === color ? color : `${name} (${color})`}; buttons, links, highlights and charts follow it.` };
}

function addField(builder: EditBuilder, words: string[], target: string | null): TOutcome {
  const field = makeField(words);
  if (!field) return { ok: false, message: 'Add field: I could not make a field name from that; use letters, like "add a priority field".' };
  const client = builder.read('src/fields.ts');
  const api = builder.read('api/fields.ts');
  const schema = builder.read('db/schema.sql');
  if (!client || !api || !schema) {
    return { ok: false, message: 'Add field: this app has no records to add a field to (it has no src/fields.ts, api/fields.ts and db/schema.sql).' };
  }
  const entity = /export const ENTITY = \{\n\s*singular: '([^']*)',\n\s*plural: '([^']*)'/.exec(client);
  const table = /^\s*table: '([A-Za-z0-9_]+)',$/m.exec(api);
  if (!entity || !table) return { ok: false, message: `Add field: ${NOT_SCAFFOLD}.` };
  const singular = entity[1] ?? '';
  const plural = entity[2] ?? '';
  if (target) {
    const wanted = singularize(target);
    const names = [singular, plural, ...singular.split(' '), ...plural.split(' ')].map((word) => singularize(word.toLowerCase()));
    if (!names.includes(wanted) && !['record', 'item', 'entry', 'row', 'form', 'table', 'list', 'app', 'it', 'them', 'each', 'one'].includes(wanted)) {
      return { ok: false, message: `Add field: this app's records are ${plural}; I can only add fields to them, not to ${proseQuote(target, 30)}.` };
    }
  }
  if (new RegExp(`\\bkey: '${field.key}'`).test(client) || new RegExp(`\\bkey: '${field.key}'`).test(api)) {
    return { ok: false, message: `Add field: ${plural} already have a ${field.label.toLowerCase()} field.` };
  }

  const ok = builder.transaction(() => {
    // src/fields.ts: the interface and the FIELDS list.
    const createdAt = '  createdAt: string;\n}\n';
    const clientLast = lastArrayLine(client, 'export const FIELDS: FieldSpec[] = [\n');
    if (!clientLast) return false;
    if (
      !builder.edit('src/fields.ts', [
        { search: createdAt, replace: `${clientInterfaceLine(field)}\n${createdAt}` },
        { search: clientLast, replace: `${clientLast}${clientFieldLine(field)}\n` },
      ])
    ) {
      return false;
    }
    // api/fields.ts: the FIELDS list the API validates against.
    const apiLast = lastArrayLine(api, 'export const FIELDS: ApiField[] = [\n');
    if (!apiLast || !builder.edit('api/fields.ts', [{ search: apiLast, replace: `${apiLast}${apiFieldLine(field)}\n` }])) return false;
    // db/schema.sql: the column, before created_at in the entity's CREATE TABLE.
    const tableStart = schema.indexOf(`CREATE TABLE IF NOT EXISTS "${table[1] ?? ''}" (\n`);
    if (tableStart === -1) return false;
    const tableEnd = schema.indexOf('\n);', tableStart);
    if (tableEnd === -1) return false;
    const tableSql = schema.slice(tableStart, tableEnd + 1);
    const createdAtLine = `  "created_at" TEXT NOT NULL DEFAULT (datetime('now'))\n`;
    if (!tableSql.endsWith(createdAtLine)) return false;
    const column = schemaColumnLine(withOptional(field));
    return builder.edit('db/schema.sql', [{ search: tableSql, replace: tableSql.slice(0, -createdAtLine.length) + `${column}\n${createdAtLine}` }]);
  });
  if (!ok) return { ok: false, message: `Add field: ${NOT_SCAFFOLD}.` };
  return {
    ok: true,
    message: `Added a ${field.label.toLowerCase()} field (${describeType(field)}) to ${plural}: the form, list, detail page, API validation and database schema all include it. Existing ${plural} start without a value.`,
  };
}

function withOptional(field: TScaffoldField): TScaffoldField {
  return { ...field, required: false };
}

function describeType(field: TScaffoldField): string {
  switch (field.type) {
    case 'longtext':
      return 'long text';
    case 'tel':
      return 'phone number';
    case 'boolean':
      return 'yes/no';
    default:
      return field.type;
  }
}

/** The last line of an array literal that starts with `opening` (the line before `];`). */
function lastArrayLine(content: string, opening: string): string | null {
  const start = content.indexOf(opening);
  if (start === -1) return null;
  const end = content.indexOf('\n];', start);
  if (end === -1 || end <= start + opening.length) return null;
  return lineAt(content, end - 1);
}

const KNOWN_PAGE_TITLES: Record<string, string> = {
  about: 'About',
  'about-us': 'About us',
  contact: 'Contact',
  'contact-us': 'Contact us',
  faq: 'FAQ',
  help: 'Help',
  team: 'Team',
  privacy: 'Privacy policy',
  'privacy-policy': 'Privacy policy',
  terms: 'Terms of service',
  'terms-of-service': 'Terms of service',
};

function addPage(builder: EditBuilder, rawWords: string[]): TOutcome {
  const words = rawWords.flatMap((word) => asciiWords(word)).slice(0, 4);
  const pascal = toPascalCase(words).slice(0, 40);
  if (!pascal || !/^[A-Z]/.test(pascal)) return { ok: false, message: 'Add page: I could not make a page name from that; use letters, like "add an about page".' };
  const slug = toKebabCase(pascal);
  const component = `${pascal}Page`;
  const path = `src/pages/${component}.tsx`;
  const title = Object.hasOwn(KNOWN_PAGE_TITLES, slug) ? (KNOWN_PAGE_TITLES[slug] ?? pascal) : words.map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word)).join(' ');
  const app = builder.read('src/App.tsx');
  const config = builder.read('src/config.ts');
  if (!app || !config) return { ok: false, message: `Add page: ${NOT_SCAFFOLD} (src/App.tsx or src/config.ts is missing).` };
  if (builder.read(path) !== undefined || app.includes(`path="/${slug}"`)) {
    return { ok: false, message: `Add page: the app already has a ${title.toLowerCase()} page at /${slug}.` };
  }
  const notFoundImport = "import { NotFoundPage } from './pages/NotFoundPage';\n";
  const catchAll = /^([ \t]*)<Route path="\*" element=\{<NotFoundPage \/>\} \/>$/m.exec(app);
  const navLast = lastArrayLine(config, 'export const NAV_LINKS: NavItem[] = [\n');
  if (!catchAll || !navLast || !app.includes(notFoundImport)) {
    return { ok: false, message: `Add page: ${NOT_SCAFFOLD} (no route table with a catch-all route, or no NAV_LINKS).` };
  }
  const ok = builder.transaction(() => {
    builder.write(path, extraPageTsx(slug, component, title));
    return (
      builder.edit('src/App.tsx', [
        { search: notFoundImport, replace: `import { ${component} } from './pages/${component}';\n${notFoundImport}` },
        { search: `${catchAll[0]}\n`, replace: `${catchAll[1] ?? ''}<Route path="/${slug}" element={<${component} />} />\n${catchAll[0]}\n` },
      ]) && builder.edit('src/config.ts', [{ search: navLast, replace: `${navLast}  { to: ${tsQuote(`/${slug}`)}, label: ${tsQuote(title)} },\n` }])
    );
  });
  if (!ok) return { ok: false, message: `Add page: ${NOT_SCAFFOLD}.` };
  return { ok: true, message: `Added a ${title} page at /${slug}, linked from the header navigation.` };
}
