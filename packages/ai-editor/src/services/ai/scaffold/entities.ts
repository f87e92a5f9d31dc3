import {
  asciiWords,
  lookup,
  pluralize,
  singularize,
  toCamelCase,
  toKebabCase,
  toLabel,
  toPascalCase,
  toSnakeCase,
} from './text';

export type TScaffoldFieldType = 'text' | 'longtext' | 'email' | 'url' | 'tel' | 'number' | 'date' | 'boolean';

/** One column of the app's main entity. Every name here is ASCII `[A-Za-z0-9_]`. */
export interface TScaffoldField {
  /** camelCase property name in TS and JSON: `dueDate` */
  key: string;
  /** snake_case SQL column: `due_date` */
  column: string;
  /** Human label: `Due date` */
  label: string;
  type: TScaffoldFieldType;
  required: boolean;
}

/** The main record type of a data app. */
export interface TScaffoldEntity {
  /** PascalCase singular: `JobApplication` */
  name: string;
  /** TS interface name: the entity name, suffixed when it would shadow a JS global (`Date` → `DateEntry`). */
  typeName: string;
  /** PascalCase plural: `JobApplications` */
  plural: string;
  /** Lowercase human singular: `job application` */
  label: string;
  /** Lowercase human plural: `job applications` */
  labelPlural: string;
  /** SQL table: `job_applications` */
  table: string;
  /** URL segment: `job-applications` */
  path: string;
  fields: TScaffoldField[];
  /** Key of the field that names a record in lists and headings. */
  displayField: string;
}

const MAX_FIELDS = 12;

const BOOLEAN_WORDS = new Set([
  'done', 'completed', 'complete', 'finished', 'active', 'paid', 'published', 'archived', 'read', 'favorite',
  'favourite', 'starred', 'pinned', 'verified', 'available', 'visible', 'enabled', 'approved', 'watched',
  'shipped', 'delivered', 'resolved', 'closed', 'attended', 'confirmed', 'featured', 'urgent', 'private',
  'public', 'vegan', 'vegetarian', 'cancelled', 'canceled', 'booked', 'checked', 'owned', 'sold', 'remote',
  'billable', 'recurring', 'signed', 'accepted', 'hired', 'interviewed', 'returned', 'refunded',
]);
const NUMBER_WORDS = new Set([
  'price', 'amount', 'cost', 'total', 'salary', 'budget', 'revenue', 'quantity', 'qty', 'count', 'number',
  'age', 'rating', 'score', 'stock', 'weight', 'height', 'duration', 'minutes', 'hours', 'calories', 'servings',
  'year', 'pages', 'distance', 'balance', 'fee', 'value', 'points', 'votes', 'stars', 'level', 'capacity',
  'progress', 'percent', 'percentage', 'discount', 'tax', 'spend', 'spent', 'income', 'profit', 'reps', 'sets',
  'km', 'miles', 'steps', 'seats', 'guests', 'attendees', 'units', 'estimate', 'hourly', 'rate', 'mileage',
  'length', 'width', 'size', 'temperature', 'visits', 'views', 'clicks', 'sales', 'orders', 'users', 'signups',
  'streak', 'deposit', 'payment', 'invoice', 'bid', 'odometer', 'elevation', 'pace', 'speed', 'goal', 'target',
]);
const DATE_WORDS = new Set([
  'date', 'due', 'deadline', 'birthday', 'dob', 'anniversary', 'day', 'deadline', 'when', 'start', 'end',
  'expiry', 'expires', 'expiration', 'since', 'until', 'published', 'released', 'release', 'hired', 'joined',
]);
const LONG_TEXT_WORDS = new Set([
  'description', 'notes', 'note', 'body', 'content', 'bio', 'summary', 'comments', 'comment', 'details',
  'instructions', 'ingredients', 'address', 'message', 'review', 'feedback', 'story', 'excerpt', 'about',
  'biography', 'synopsis', 'abstract', 'agenda', 'memo', 'steps', 'directions', 'remarks', 'plot', 'text',
]);

/** Guesses a field's type from its words: email, url, price/amount → number, date/due → date, done → boolean… */
export function guessFieldType(words: readonly string[]): TScaffoldFieldType {
  const joined = words.join(' ');
  const last = words[words.length - 1] ?? '';
  const first = words[0] ?? '';
  if (/\b(e ?mail|email address)\b/.test(joined)) return 'email';
  if (/\b(url|website|homepage|link|site|webpage|linkedin|github|twitter|instagram|portfolio)\b/.test(joined)) return 'url';
  if (/\b(phone|telephone|mobile|cell|tel|fax|whatsapp)\b/.test(joined)) return 'tel';
  if ((first === 'is' || first === 'has') && words.length > 1) return 'boolean';
  if (BOOLEAN_WORDS.has(last) || BOOLEAN_WORDS.has(joined)) {
    // "published date" is a date, "published" alone a flag.
    return 'boolean';
  }
  if (DATE_WORDS.has(last) || /\b(date|deadline|birthday)\b/.test(joined) || /^due\b/.test(joined)) return 'date';
  if (NUMBER_WORDS.has(last) || words.some((word) => ['price', 'amount', 'cost'].includes(word))) return 'number';
  if (LONG_TEXT_WORDS.has(last)) return 'longtext';
  return 'text';
}

const RESERVED_KEYS = new Set(['id', 'createdAt', 'created', 'updatedAt']);
const PROTO_KEYS = new Set(['constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toJSON']);

/**
 * A field from the words a person used ("due dates" → `dueDate`, date). Returns null when no
 * usable ASCII identifier survives or the name is reserved (`id`, `createdAt`).
 */
export function makeField(rawWords: readonly string[], options: { required?: boolean; type?: TScaffoldFieldType } = {}): TScaffoldField | null {
  const words = rawWords.flatMap((word) => asciiWords(word)).slice(0, 3);
  if (words.length === 0) return null;
  const lastIndex = words.length - 1;
  const last = words[lastIndex] ?? '';
  const singular = singularize(last);
  // "due dates" → "due date", "priorities" → "priority"; keep plurals that are field names in their own right.
  if (singular !== last && !LONG_TEXT_WORDS.has(last) && !NUMBER_WORDS.has(last) && last !== 'tags') {
    words[lastIndex] = singular;
  }
  let key = toCamelCase(words).slice(0, 40);
  if (!key || !/^[a-z]/.test(key)) return null;
  if (RESERVED_KEYS.has(key)) return null;
  if (PROTO_KEYS.has(key)) key = `${key}Value`;
  return {
    key,
    column: toSnakeCase(key),
    label: toLabel(key),
    type: options.type ?? guessFieldType(words),
    required: options.required ?? false,
  };
}

/** Shorthand for the defaults below: `f('due date', 'date')`. */
function f(name: string, type?: TScaffoldFieldType, required = false): TScaffoldField {
  const field = makeField(name.split(' '), { required, ...(type ? { type } : {}) });
  if (!field) throw new Error(`Invalid built-in field name: ${name}`);
  return field;
}

/** Entities people commonly ask for, with the fields a reasonable app would have. */
export const KNOWN_ENTITY_FIELDS: Readonly<Record<string, () => TScaffoldField[]>> = {
  task: () => [f('title', 'text', true), f('notes', 'longtext'), f('due date', 'date'), f('done', 'boolean')],
  contact: () => [f('name', 'text', true), f('email'), f('company'), f('phone')],
  customer: () => [f('name', 'text', true), f('email'), f('company'), f('phone')],
  lead: () => [f('name', 'text', true), f('email'), f('company'), f('status')],
  note: () => [f('title', 'text', true), f('body', 'longtext'), f('pinned', 'boolean')],
  habit: () => [f('name', 'text', true), f('frequency'), f('streak', 'number'), f('active', 'boolean')],
  expense: () => [f('description', 'text', true), f('amount', 'number', true), f('category'), f('date', 'date')],
  recipe: () => [f('title', 'text', true), f('cuisine'), f('minutes', 'number'), f('ingredients', 'longtext')],
  book: () => [f('title', 'text', true), f('author'), f('rating', 'number'), f('finished', 'boolean')],
  movie: () => [f('title', 'text', true), f('director'), f('year', 'number'), f('watched', 'boolean')],
  project: () => [f('name', 'text', true), f('client'), f('budget', 'number'), f('deadline', 'date'), f('status')],
  event: () => [f('name', 'text', true), f('location'), f('date', 'date'), f('capacity', 'number')],
  employee: () => [f('name', 'text', true), f('email'), f('role'), f('start date', 'date')],
  bookmark: () => [f('title', 'text', true), f('url', 'url'), f('tags')],
  item: () => [f('name', 'text', true), f('quantity', 'number'), f('location'), f('notes', 'longtext')],
  ticket: () => [f('title', 'text', true), f('description', 'longtext'), f('priority'), f('resolved', 'boolean')],
  workout: () => [f('name', 'text', true), f('duration', 'number'), f('calories', 'number'), f('date', 'date')],
  sale: () => [f('customer', 'text', true), f('region'), f('amount', 'number', true), f('date', 'date', true)],
  post: () => [
    f('title', 'text', true),
    f('excerpt', 'longtext'),
    f('body', 'longtext', true),
    f('author'),
    f('published on', 'date'),
  ],
  product: () => [f('name', 'text', true), f('description', 'longtext'), f('price', 'number', true), f('category')],
};

/** Words that name the entity only indirectly. */
export const ENTITY_SYNONYMS: Readonly<Record<string, string>> = {
  todo: 'task',
  todos: 'task',
  'to do': 'task',
  crm: 'contact',
  client: 'customer',
  article: 'post',
  film: 'movie',
  chore: 'task',
};

const JS_GLOBALS = new Set([
  'Date', 'Map', 'Set', 'Event', 'Error', 'Object', 'Promise', 'Node', 'Element', 'Image', 'File', 'Blob', 'Text',
  'Document', 'Location', 'History', 'Notification', 'Storage', 'Headers', 'Request', 'Response', 'Window',
  'Navigator', 'Screen', 'Option', 'Comment', 'Range', 'Selection', 'Symbol', 'Number', 'String', 'Boolean',
  'Array', 'Function', 'Record', 'Partial', 'Animation', 'Audio', 'Touch', 'Credential', 'Report', 'Worker',
  'Lock', 'Plugin', 'Attr', 'Path', 'Crypto', 'Cache', 'Performance', 'Math', 'JSON', 'Intl', 'Proxy', 'Reflect',
  'Link', 'Route', 'Routes', 'Outlet', 'App', 'Layout', 'React', 'Fragment', 'Component', 'FieldSpec',
  'FieldType', 'FieldValue', 'Navigate', 'URL', 'Env', 'D1Database', 'Order', 'OrderItem', 'CartItem', 'Stats',
]);

/**
 * The entity for a noun ("job applications" → JobApplication) with the given fields. Makes
 * sure a display field exists (title, name, subject…), prepending `displayKey` (default `name`)
 * when none of the fields names a record.
 */
export function makeEntity(
  nounWords: readonly string[],
  fields: readonly TScaffoldField[],
  displayKey = 'name',
): TScaffoldEntity | null {
  const words = nounWords.flatMap((word) => asciiWords(word)).slice(0, 3);
  if (words.length === 0) return null;
  const lastIndex = words.length - 1;
  words[lastIndex] = singularize(words[lastIndex] ?? '');
  const name = toPascalCase(words).slice(0, 32);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) return null;
  const pluralWords = [...words];
  pluralWords[lastIndex] = pluralize(words[lastIndex] ?? '');
  const plural = toPascalCase(pluralWords).slice(0, 36);
  const camelPlural = plural.charAt(0).toLowerCase() + plural.slice(1);

  const unique: TScaffoldField[] = [];
  for (const field of fields) {
    if (!unique.some((existing) => existing.key === field.key)) unique.push(field);
  }
  let display = pickDisplayField(unique);
  if (!display) {
    const nameField = makeField([displayKey], { required: true, type: 'text' }) ?? f('name', 'text', true);
    const withoutName = unique.filter((field) => field.key !== nameField.key);
    unique.splice(0, unique.length, nameField, ...withoutName);
    display = nameField;
  }
  display.required = true;
  if (display.type !== 'text') display.type = 'text';

  return {
    name,
    typeName: JS_GLOBALS.has(name) ? `${name}Entry` : name,
    plural: plural === name ? `${name}List` : plural,
    label: words.join(' '),
    labelPlural: pluralWords.join(' '),
    table: toSnakeCase(camelPlural),
    path: toKebabCase(camelPlural),
    fields: unique.slice(0, MAX_FIELDS),
    displayField: display.key,
  };
}

/** Keys that name a record. A field list without one gets a `name` (or `title`) field first. */
const DISPLAY_KEYS = [
  'title', 'name', 'fullName', 'label', 'subject', 'headline', 'customer', 'description', 'question', 'term',
  'word', 'company', 'companyName', 'productName', 'taskName', 'projectName', 'firstName', 'username', 'handle',
];

function pickDisplayField(fields: readonly TScaffoldField[]): TScaffoldField | undefined {
  for (const key of DISPLAY_KEYS) {
    const match = fields.find((field) => field.key === key && (field.type === 'text' || field.type === 'longtext'));
    if (match) return match;
  }
  return fields.find((field) => field.type === 'text' && /(?:Name|Title)$/.test(field.key));
}

/** The display field of a known entity's defaults ('title' for tasks, 'name' for contacts). */
export function defaultDisplayKey(noun: string): string {
  const defaults = knownEntityFields(noun);
  return defaults ? (pickDisplayField(defaults)?.key ?? 'name') : 'name';
}

/** The defaults for a known entity noun (after synonyms), or null. */
export function knownEntityFields(noun: string): TScaffoldField[] | null {
  const factory = lookup(KNOWN_ENTITY_FIELDS, noun);
  return factory ? factory() : null;
}
