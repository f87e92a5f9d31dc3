/**
 * Escaping and naming helpers. Every piece of prompt text that reaches generated code goes
 * through one of these: identifiers are reduced to ASCII letters and digits, display text is
 * stripped of markup and escaped for the context it lands in (JS string, HTML, JSON, SQL).
 */

/** A JS/TS string literal that is also safe inside HTML and never contains a tag. */
export function jsString(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A single-quoted TS string literal for identifier-like text (labels, keys, paths). */
export function tsQuote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[\r\n\u2028\u2029]/g, ' ').replace(/</g, '\\u003c')}'`;
}

/** Text for an HTML element body or attribute value. */
export function htmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text placed literally between JSX tags: HTML-escaped, plus JSX's own `{` and `}`. */
export function jsxText(value: string): string {
  return htmlEscape(value).replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
}

/** A SQLite string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/\0/g, '').replace(/'/g, "''")}'`;
}

/** A SQLite quoted identifier (column and table names are ASCII already; this is belt and braces). */
export function sqlIdent(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Prompt text echoed back in prose: no markup, no tag starts, bounded length. */
export function proseQuote(value: string, maxLength = 80): string {
  const clean = value
    .replace(/[<>`{}\\]/g, '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1).trimEnd()}…` : clean;
}

const NAME_MAX = 48;

/**
 * An app name as typed by the user, made safe to display: markup removed, only letters,
 * digits, spaces and ordinary punctuation kept, whitespace collapsed, at most 48 characters
 * (cut at a word boundary). Returns '' when nothing usable is left.
 */
export function cleanDisplayName(raw: string): string {
  let text = raw.slice(0, 400).normalize('NFC');
  // Drop tags and anything that looks like one, including unterminated ones.
  text = text.replace(/<[^>]{0,200}>?/g, ' ');
  text = text.replace(/[^\p{L}\p{N}\p{M} &'’.,!?:+#@()/-]/gu, ' ');
  text = text.replace(/\s+/g, ' ').trim();
  text = text.replace(/^[\s&'’.,!?:+#@()/-]+/u, '').replace(/[\s&,:+#@(/-]+$/u, '');
  if (text.length > NAME_MAX) {
    const cut = text.slice(0, NAME_MAX + 1);
    const space = cut.lastIndexOf(' ');
    text = (space > 12 ? cut.slice(0, space) : cut.slice(0, NAME_MAX)).trim();
  }
  // Unbalanced parentheses read as a mistake.
  if ((text.match(/\(/g)?.length ?? 0) !== (text.match(/\)/g)?.length ?? 0)) text = text.replace(/[()]/g, '').trim();
  return text;
}

/** Splits free text into ASCII lowercase words (accents folded, everything else dropped). */
export function asciiWords(raw: string): string[] {
  return raw
    .slice(0, 200)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `due date` → `dueDate`. Empty when no ASCII letters survive. Never starts with a digit. */
export function toCamelCase(words: readonly string[]): string {
  const [first = '', ...rest] = words;
  const joined = first + rest.map(capitalize).join('');
  if (!joined) return '';
  return /^[0-9]/.test(joined) ? `n${joined}` : joined;
}

/** `job application` → `JobApplication`. */
export function toPascalCase(words: readonly string[]): string {
  const camel = toCamelCase(words);
  return camel ? capitalize(camel) : '';
}

/** `dueDate` → `due_date`. */
export function toSnakeCase(identifier: string): string {
  return identifier.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `JobApplications` → `job-applications`. */
export function toKebabCase(identifier: string): string {
  return identifier.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `dueDate` → `Due date`. */
export function toLabel(identifier: string): string {
  const spaced = identifier.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return capitalize(spaced);
}

const IRREGULAR_PLURALS: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  mouse: 'mice',
  goose: 'geese',
  foot: 'feet',
  tooth: 'teeth',
  criterion: 'criteria',
  datum: 'data',
};
const IRREGULAR_SINGULARS: Record<string, string> = Object.fromEntries(
  Object.entries(IRREGULAR_PLURALS).map(([singular, plural]) => [plural, singular]),
);
const UNCOUNTABLE = new Set([
  'news',
  'series',
  'species',
  'equipment',
  'information',
  'inventory',
  'software',
  'feedback',
  'stuff',
  'data',
  'media',
  'furniture',
  'staff',
  'traffic',
  'feedback',
  'research',
  'music',
]);

/** English singular of one lowercase word (good enough for nouns people name in prompts). */
export function singularize(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = lookup(IRREGULAR_SINGULARS, word);
  if (irregular) return irregular;
  if (word.length <= 3) return word;
  if (/(ss|us|is|ous)$/.test(word)) return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (/oes$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** English plural of one lowercase word. */
export function pluralize(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = lookup(IRREGULAR_PLURALS, word);
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Title Case for an all-lowercase name typed without quotes ("acme tasks" → "Acme Tasks"). */
export function titleCase(value: string): string {
  const small = new Set(['a', 'an', 'and', 'of', 'the', 'for', 'in', 'on', 'to', 'at', 'by', 'or']);
  return value
    .split(' ')
    .map((word, index) => (index > 0 && small.has(word) ? word : capitalize(word)))
    .join(' ');
}

/** `record[key]` for own properties only: `lookup(table, 'constructor')` is undefined, not Object. */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A small deterministic PRNG (mulberry32) so generated seed data is stable for a prompt. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, for seeding. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index += 1) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
