import { COLOR_WORD_PATTERN, NAMED_COLORS, resolveColor } from './colors';
import {
  defaultDisplayKey,
  ENTITY_SYNONYMS,
  knownEntityFields,
  makeEntity,
  makeField,
  type TScaffoldEntity,
  type TScaffoldField,
} from './entities';
import { asciiWords, cleanDisplayName, lookup, singularize, titleCase } from './text';

export type TScaffoldTemplateId = 'landing' | 'crud' | 'blog' | 'dashboard' | 'shop';

export const SCAFFOLD_TEMPLATE_IDS: readonly TScaffoldTemplateId[] = ['landing', 'crud', 'blog', 'dashboard', 'shop'];

/** What the scaffold provider understood from a prompt. */
export interface TScaffoldIntent {
  template: TScaffoldTemplateId;
  /** Display name: markup-free, ≤ 48 characters. Escape it for the context it lands in. */
  appName: string;
  appNameSource: 'prompt' | 'default';
  /** The main record type; null for the landing page. */
  entity: TScaffoldEntity | null;
  entitySource: 'prompt' | 'default' | 'none';
  fieldsSource: 'prompt' | 'merged' | 'default' | 'none';
  /** `#rrggbb` */
  primaryColor: string;
  colorSource: 'prompt' | 'default';
  /** The prompt words that chose the template, for the prose reply. */
  matched: string[];
}

/** Only this much of a prompt is analysed: enough for any real request, bounded for hostile ones. */
const MAX_ANALYSED_CHARS = 6000;

const TEMPLATE_DEFAULTS: Record<TScaffoldTemplateId, { name: string; color: string; entity: string | null }> = {
  landing: { name: 'Lumen', color: '#4f46e5', entity: null },
  crud: { name: 'Taskboard', color: '#2563eb', entity: 'task' },
  blog: { name: 'The Journal', color: '#b45309', entity: 'post' },
  dashboard: { name: 'Pulse Analytics', color: '#7c3aed', entity: 'sale' },
  shop: { name: 'Corner Store', color: '#059669', entity: 'product' },
};

type TKeywordRule = { pattern: RegExp; weight: number };

const TEMPLATE_KEYWORDS: Record<TScaffoldTemplateId, TKeywordRule[]> = {
  landing: [
    { pattern: /\blanding[\s-]?page\b/g, weight: 6 },
    { pattern: /\b(?:marketing (?:site|page|website)|portfolio|home ?page|personal (?:site|website)|waitlist|coming soon|brochure|one[\s-]pager|splash page)\b/g, weight: 4 },
    { pattern: /\b(?:website|web site|site)\b/g, weight: 1 },
    { pattern: /\b(?:startup|agency|restaurant|bakery|cafe|café|studio|consultancy|saas|launch|pricing|testimonials|hero)\b/g, weight: 1 },
  ],
  crud: [
    { pattern: /\b(?:to-?dos?|to do list|todo list|task list|tasks?|chores?)\b/g, weight: 4 },
    { pattern: /\bcrm\b/g, weight: 5 },
    { pattern: /\b(?:track|tracker|tracking|manage|manager|management|organi[sz]e|organi[sz]er|inventory|directory|crud|database|records?|keep track|planner|catalog(?:ue)?)\b/g, weight: 2 },
    { pattern: /\b(?:notes?|contacts?|habits?|expenses?|recipes?|bookmarks?|books?|leads?|customers?|employees?|projects?|tickets?|events?|movies?|workouts?)\b/g, weight: 1 },
  ],
  blog: [
    { pattern: /\bblog(?:ging)?\b/g, weight: 6 },
    { pattern: /\b(?:posts?|articles?|journal|newsletter|writing|stories|publication|magazine|essays?)\b/g, weight: 2 },
  ],
  dashboard: [
    { pattern: /\bdashboards?\b/g, weight: 6 },
    { pattern: /\b(?:charts?|graphs?|analytics|metrics|kpis?|visuali[sz]ations?|reporting|insights|statistics|recharts|plots?)\b/g, weight: 3 },
    { pattern: /\b(?:reports?|stats|trends?|revenue)\b/g, weight: 1 },
  ],
  shop: [
    { pattern: /\b(?:shop|store|e-?commerce|webshop|web shop|storefront|boutique|marketplace)\b/g, weight: 6 },
    { pattern: /\b(?:cart|basket|checkout|sell|selling|merch|merchandise)\b/g, weight: 3 },
    { pattern: /\b(?:products?|orders?|buy|purchase)\b/g, weight: 1 },
  ],
};

/**
 * Reads a prompt and decides which template to build, the app's name, its main entity and
 * fields, and its colour. Pure and deterministic; safe on any input (hostile, huge, empty).
 */
export function extractIntent(prompt: string): TScaffoldIntent {
  const original = prompt.slice(0, MAX_ANALYSED_CHARS).replace(/\r\n?/g, '\n');
  const lower = original.toLowerCase();

  const { template, matched } = chooseTemplate(lower);
  const defaults = TEMPLATE_DEFAULTS[template];

  const color = extractColor(lower);
  const entityResult = template === 'landing' ? null : extractEntity(lower, template);
  const entity = entityResult?.entity ?? null;

  const nameFromPrompt = extractAppName(original, template);
  let appName = nameFromPrompt ?? '';
  if (!appName) appName = defaultAppName(template, entity, entityResult?.entitySource === 'prompt');

  return {
    template,
    appName,
    appNameSource: nameFromPrompt ? 'prompt' : 'default',
    entity,
    entitySource: entityResult?.entitySource ?? 'none',
    fieldsSource: entityResult?.fieldsSource ?? 'none',
    primaryColor: color ?? defaults.color,
    colorSource: color ? 'prompt' : 'default',
    matched,
  };
}

function chooseTemplate(lower: string): { template: TScaffoldTemplateId; matched: string[] } {
  let best: { template: TScaffoldTemplateId; score: number; first: number; matched: string[] } | null = null;
  for (const template of SCAFFOLD_TEMPLATE_IDS) {
    let score = 0;
    let first = Number.POSITIVE_INFINITY;
    const matched: string[] = [];
    for (const rule of TEMPLATE_KEYWORDS[template]) {
      for (const match of lower.matchAll(rule.pattern)) {
        score += rule.weight;
        if (rule.weight >= 3) first = Math.min(first, match.index);
        if (matched.length < 4 && !matched.includes(match[0])) matched.push(match[0]);
      }
    }
    if (score === 0) continue;
    if (!best || score > best.score || (score === best.score && first < best.first)) {
      best = { template, score, first, matched };
    }
  }
  // Nothing recognisable: a CRUD app shows the most of the product (pages, API, database).
  return best ? { template: best.template, matched: best.matched } : { template: 'crud', matched: [] };
}

function extractColor(lower: string): string | null {
  const color = COLOR_WORD_PATTERN;
  const patterns = [
    new RegExp(`\\b(?:in|with an?|using|use|make it|colou?red|themed?|accent(?:ed)?)\\s+(${color})(?![\\w-])`),
    new RegExp(`(?:^|\\s)(${color})[\\s-]+(?:theme|themed|accents?|colou?r scheme|colou?rs?|palette|primary|brand|buttons|design|look|style)\\b`),
    new RegExp(`\\b(?:an?|the|my)\\s+(${color})(?:-themed)?\\s+(?:[a-z]+\\s+){0,2}(?:app|site|website|blog|shop|store|dashboard|landing page|todo|crm|tracker|list|page)\\b`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(lower);
    const resolved = match?.[1] ? resolveColor(match[1]) : null;
    if (resolved) return resolved;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// App name

const NAME_STOP_WORDS = new Set([
  'with', 'that', 'which', 'where', 'for', 'to', 'so', 'and', 'using', 'in', 'on', 'featuring', 'including',
  'having', 'who', 'it', 'built', 'plus', 'but', 'because', 'please', 'where', 'as', 'by', 'from', 'showing',
  'listing', 'tracking', 'let', 'lets', 'has', 'have', 'is', 'should', 'will', 'can', 'a', 'an', 'the',
]);

const QUOTE_OPEN = `["“”'‘’«\`]`;
const QUOTE_CLOSE = `["“”'‘’»\`]`;

/** The app's name when the prompt gives one; null otherwise. */
export function extractAppName(original: string, template: TScaffoldTemplateId = 'crud'): string | null {
  // 1. "called X", "named 'X'", "name it X", "app name: X".
  const keyword =
    /\b(?:called|named|titled|entitled|name it|call it|branded(?: as)?|(?:app|site|project|brand|business|company)\s+name\b(?:\s+is\b|\s+should be\b)?\s*[:=]?|(?:name|title)\s*(?::|=|\bis\b|\bshould be\b))\s*[:=\-–—]?\s*/gi;
  for (const match of original.matchAll(keyword)) {
    const rest = original.slice(match.index + match[0].length, match.index + match[0].length + 200);
    const name = nameAfterKeyword(rest);
    if (name) return name;
  }

  // 2. A quoted name next to an app noun: `a blog "Night Notes"`, `"Night Notes" blog`.
  const appNoun = '(?:app|application|site|website|blog|shop|store|dashboard|page|tracker|crm|brand|business|company|startup|project)';
  const quotedNear = [
    new RegExp(`\\b${appNoun}\\s+${QUOTE_OPEN}([^"“”‘’«»\`\\n]{1,80}?)${QUOTE_CLOSE}`, 'i'),
    new RegExp(`${QUOTE_OPEN}([^"“”‘’«»\`\\n]{1,80}?)${QUOTE_CLOSE}\\s+${appNoun}\\b`, 'i'),
  ];
  for (const pattern of quotedNear) {
    const match = pattern.exec(original);
    const name = match?.[1] ? cleanDisplayName(match[1]) : '';
    if (name) return name;
  }

  // 3. The only double-quoted phrase in the prompt.
  const doubleQuoted = [...original.matchAll(/["“]([^"“”\n]{2,40})["”]/g)];
  if (doubleQuoted.length === 1 && doubleQuoted[0]?.[1]) {
    const name = cleanDisplayName(doubleQuoted[0][1]);
    if (name && !/^[a-z]+$/.test(name)) return name;
  }

  // 4. "a landing page for Acme Corp": capitalised words after "for" (brand-like templates only).
  if (template === 'landing' || template === 'shop' || template === 'blog') {
    const forBrand = /\bfor\s+((?:[A-Z][\p{L}\p{N}'’&.-]*)(?:\s+(?:[A-Z][\p{L}\p{N}'’&.-]*|&|of|and)){0,3})/u.exec(original);
    const candidate = forBrand?.[1]?.replace(/\s+(?:of|and|&)$/, '');
    if (candidate && !/^(?:My|Our|The|A|An|I|Me|Us|It|This|That)$/.test(candidate)) {
      const name = cleanDisplayName(candidate);
      if (name) return name;
    }
  }
  return null;
}

function nameAfterKeyword(rest: string): string | null {
  const quoted = new RegExp(`^${QUOTE_OPEN}([^\\n]{1,80}?)${QUOTE_CLOSE}(?![\\p{L}\\p{N}])`, 'u').exec(rest);
  if (quoted?.[1]) {
    const name = cleanDisplayName(quoted[1]);
    return name || null;
  }
  // Unquoted: words up to punctuation or a word that starts the next clause.
  const clause = rest.split(/[.,;!?\n"“”(<]/)[0] ?? '';
  const words: string[] = [];
  for (const word of clause.trim().split(/\s+/)) {
    if (!word) break;
    if (words.length > 0 && NAME_STOP_WORDS.has(word.toLowerCase())) break;
    if (words.length === 0 && NAME_STOP_WORDS.has(word.toLowerCase()) && !/^[A-Z]/.test(word)) break;
    words.push(word);
    if (words.length === 6) break;
  }
  const cleaned = cleanDisplayName(words.join(' '));
  if (!cleaned) return null;
  return cleaned === cleaned.toLowerCase() ? titleCase(cleaned) : cleaned;
}

function defaultAppName(template: TScaffoldTemplateId, entity: TScaffoldEntity | null, entityFromPrompt: boolean): string {
  if (entity && entityFromPrompt) {
    const plural = titleCase(entity.labelPlural);
    if (template === 'crud') return entity.name === 'Task' ? 'Taskboard' : `${plural} Tracker`;
    if (template === 'dashboard') return `${plural} Dashboard`;
  }
  return TEMPLATE_DEFAULTS[template].name;
}

// ---------------------------------------------------------------------------------------------
// Entity and fields

/** Words that never name an entity on their own. */
const NON_ENTITY = new Set([
  'app', 'application', 'site', 'website', 'page', 'pages', 'thing', 'things', 'stuff', 'everything', 'it', 'them',
  'time', 'dashboard', 'blog', 'shop', 'store', 'system', 'tool', 'platform', 'way', 'list', 'lists', 'data',
  'information', 'info', 'web', 'simple', 'small', 'basic', 'new', 'personal', 'little', 'nice', 'modern',
  'quick', 'minimal', 'full', 'crud', 'react', 'mobile', 'single', 'great', 'cool', 'beautiful', 'clean',
  'fancy', 'tiny', 'easy', 'my', 'our', 'the', 'a', 'an', 'all', 'your', 'their', 'some', 'with', 'and', 'in',
  'for', 'by', 'from', 'on', 'at', 'that', 'which', 'where', 'using', 'to', 'so', 'including', 'across', 'per',
  'of', 'as', 'me', 'us', 'you', 'this', 'what', 'how', 'make', 'build', 'create', 'track', 'manage', 'help',
  'helps', 'keep', 'charts', 'chart', 'graphs', 'analytics', 'landing', 'online', 'internal', 'team', 'company',
  'business', 'admin', 'management', 'manager', 'tracker', 'database', 'typescript', 'api', 'each', 'every',
  'who', 'whose', 'they', 'we', 'i', 'he', 'she', 'is', 'are', 'be', 'can', 'should', 'will', 'want', 'need',
  'like', 'lets', 'let', 'also', 'just', 'very', 'really', 'daily', 'weekly', 'monthly', 'shared', 'private',
  'local', 'family', 'home', 'work', 'school', 'office', 'small-business', 'metrics', 'kpis', 'stats',
]);

/** Leading modifiers dropped from a noun phrase ("my team's customer orders" → "customer orders"). */
const NOUN_MODIFIERS = new Set([
  'my', 'our', 'the', 'a', 'an', 'all', 'your', 'their', 'some', 'simple', 'small', 'basic', 'new', 'personal',
  'little', 'nice', 'modern', 'quick', 'minimal', 'web', 'online', 'internal', 'shared', 'daily', 'weekly',
  'monthly', 'team', 'teams', 'company', 'family', 'crud', 'full', 'react', 'private', 'local', 'mobile',
]);

/** Things people ask for that are features, not fields. */
const UI_WORDS = new Set([
  'chart', 'charts', 'graph', 'graphs', 'page', 'pages', 'search', 'filter', 'filters', 'sorting', 'sort', 'login',
  'signup', 'authentication', 'auth', 'dark', 'mode', 'darkmode', 'api', 'database', 'db', 'backend', 'frontend',
  'react', 'typescript', 'hero', 'pricing', 'testimonials', 'footer', 'header', 'navbar', 'nav', 'navigation',
  'sidebar', 'cart', 'checkout', 'animation', 'animations', 'tailwind', 'css', 'routing', 'kpi', 'kpis', 'widget',
  'widgets', 'table', 'tables', 'form', 'forms', 'ui', 'design', 'layout', 'theme', 'style', 'styling', 'button',
  'buttons', 'modal', 'modals', 'pagination', 'export', 'import', 'csv', 'pdf', 'emails', 'notifications',
  'reminders', 'comments', 'users', 'accounts', 'roles', 'permissions', 'admin', 'panel', 'section', 'sections',
  'icons', 'images', 'gallery', 'blue', 'green', 'red', 'purple', 'dashboard', 'stats', 'metrics', 'analytics',
  'support', 'access', 'ability', 'option', 'options', 'feature', 'features', 'view', 'views', 'screen',
  'screens', 'responsive', 'colors', 'colours', 'color', 'colour', 'scheme', 'app',
]);

/** Words that end up in "with …" lists but are not fields. */
const NOT_A_FIELD = new Set(['it', 'them', 'stuff', 'things', 'everything', 'etc', 'more', 'love', 'care', 'me', 'us', 'you']);

const FIELD_ARTICLES = new Set([
  'a', 'an', 'the', 'their', 'its', 'his', 'her', 'my', 'our', 'optional', 'required', 'some', 'each', 'own',
  'fields', 'field', 'columns', 'column', 'properties', 'like', 'such', 'as', 'also', 'plus',
]);

const LIST_END = /[.;!?\n:]|\b(?:that|which|so|where|who|when|please|then|using|for each|in a|on a|to be|should|must|will|can|make|use|add|also|but|because)\b/;

type TEntityResult = {
  entity: TScaffoldEntity;
  entitySource: 'prompt' | 'default';
  fieldsSource: 'prompt' | 'merged' | 'default';
};

function extractEntity(lower: string, template: TScaffoldTemplateId): TEntityResult | null {
  const templateEntity = TEMPLATE_DEFAULTS[template].entity ?? 'item';
  const fromPrompt = template === 'crud' || template === 'dashboard' ? findEntityNoun(lower, template) : null;
  const noun = fromPrompt ?? [templateEntity];
  const nounKey = noun.join(' ');
  const canonical = lookup(ENTITY_SYNONYMS, nounKey) ?? nounKey;
  const nounWords = canonical === nounKey ? noun : canonical.split(' ');

  const named = findNamedFields(lower, template, noun);
  const displayKey = defaultDisplayKey(canonical);
  const defaults = knownEntityFields(canonical) ?? (fromPrompt ? [] : knownEntityFields(templateEntity) ?? []);

  let fields: TScaffoldField[];
  let fieldsSource: TEntityResult['fieldsSource'];
  if (named.fields.length === 0) {
    fields = defaults.length > 0 ? defaults : genericFields();
    fieldsSource = 'default';
  } else if (named.strength === 'strong' || named.fields.length >= 3 || defaults.length === 0) {
    // The prompt listed the fields: use exactly those.
    fields = named.fields;
    fieldsSource = 'prompt';
  } else {
    // "a todo app with due dates": the usual fields plus the ones asked for.
    fields = mergeFields(defaults, named.fields);
    fieldsSource = 'merged';
  }
  // A blog needs a body, a shop a price, a dashboard a number and a date.
  fields = ensureTemplateFields(template, fields, canonical);

  const entity = makeEntity(nounWords, fields, displayKey) ?? makeEntity([templateEntity], fields, displayKey);
  if (!entity) return null;
  return { entity, entitySource: fromPrompt ? 'prompt' : 'default', fieldsSource };
}

function genericFields(): TScaffoldField[] {
  return [makeField(['name'], { required: true }), makeField(['notes'], { type: 'longtext' })].filter(
    (field): field is TScaffoldField => field !== null,
  );
}

function mergeFields(base: readonly TScaffoldField[], extra: readonly TScaffoldField[]): TScaffoldField[] {
  const merged = [...base];
  for (const field of extra) if (!merged.some((existing) => existing.key === field.key)) merged.push(field);
  return merged;
}

function ensureTemplateFields(template: TScaffoldTemplateId, fields: TScaffoldField[], noun: string): TScaffoldField[] {
  const result = [...fields];
  const add = (words: string[], options: Parameters<typeof makeField>[1]) => {
    const field = makeField(words, options);
    if (field && !result.some((existing) => existing.key === field.key)) result.push(field);
  };
  if (template === 'blog') {
    if (!result.some((field) => field.key === 'title')) result.unshift(...[makeField(['title'], { required: true })].filter(isField));
    if (!result.some((field) => field.type === 'longtext')) add(['body'], { type: 'longtext', required: true });
  } else if (template === 'shop') {
    if (!result.some((field) => field.key === 'name' || field.key === 'title')) result.unshift(...[makeField(['name'], { required: true })].filter(isField));
    const price = result.find((field) => field.key === 'price');
    if (price) {
      price.type = 'number';
      price.required = true;
    } else add(['price'], { type: 'number', required: true });
  } else if (template === 'dashboard') {
    const number = result.find((field) => field.type === 'number');
    if (number) number.required = true;
    else add(['amount'], { type: 'number', required: true });
    const date = result.find((field) => field.type === 'date');
    if (date) date.required = true;
    else add(['date'], { type: 'date', required: true });
    if (!result.some((field, index) => field.type === 'text' && index > 0 && !field.required)) {
      add([noun === 'sale' ? 'region' : 'category'], { type: 'text' });
    }
  }
  return result;
}

function isField(field: TScaffoldField | null): field is TScaffoldField {
  return field !== null;
}

/** The noun the app is about, as lowercase words, when the prompt names one. */
function findEntityNoun(lower: string, template: TScaffoldTemplateId): string[] | null {
  if (/\bcrm\b/.test(lower) && !/\bcrm\s+(?:for|of|to track)\b/.test(lower)) return ['contact'];
  if (/\b(?:to-?dos?|to do list|todo list)\b/.test(lower)) return ['task'];

  const verbs =
    '(?:track|manage|organi[sz]e|store|log|list|record|catalog(?:ue)?|keep track of|collect|browse|plan|schedule|save|follow|monitor|review|rate|register|visuali[sz]e|analy[sz]e|show|see)';
  const determiners = '(?:(?:all|of|my|our|the|your|their|team|teams|company)\\s+){0,3}';
  const patterns: RegExp[] = [
    new RegExp(`(?:^|\\n|\\b(?:to|for|that|which|and|can|will|lets? (?:me|us|you)|helps? (?:me|us|you)(?: to)?|i can|we can|i want to|want to|need to)\\s+)${verbs}\\s+${determiners}([a-z][a-z'-]*(?:\\s+[a-z][a-z'-]*){0,2})`),
    new RegExp(`\\b(?:crm|database|list|tracker|manager|catalog(?:ue)?|inventory|directory|log|register|library|collection|dashboard|charts?|graphs?|analytics|reports?|overview)\\s+(?:of|for|on|about|showing|tracking|to track|to monitor)\\s+${determiners}([a-z][a-z'-]*(?:\\s+[a-z][a-z'-]*){0,2})`),
    new RegExp(`\\b([a-z][a-z'-]*(?:\\s+[a-z][a-z'-]*)?)\\s+(?:tracker|manager|crm|log|catalog(?:ue)?|directory|inventory|database|board|planner|organi[sz]er|keeper|dashboard|analytics)\\b`),
    /\b([a-z][a-z'-]*)\s+(?:app|application|list)\b/,
  ];
  for (const pattern of patterns) {
    for (const match of lower.matchAll(new RegExp(pattern.source, 'g'))) {
      const noun = cleanNounPhrase(match[1] ?? '', template);
      if (noun) return noun;
    }
  }
  return null;
}

function cleanNounPhrase(phrase: string, template: TScaffoldTemplateId): string[] | null {
  const words = phrase.replace(/'s\b/g, '').split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (const word of words) {
    const stop = NON_ENTITY.has(word) || UI_WORDS.has(word) || NOUN_MODIFIERS.has(word) || Object.hasOwn(NAMED_COLORS, word);
    // Leading modifiers ("my", "website", "blue") are skipped; after the noun starts, they end it.
    if (stop) {
      if (kept.length > 0) break;
      continue;
    }
    kept.push(word);
  }
  if (kept.length === 0) return null;
  const phraseKey = kept.join(' ');
  const phraseSynonym = lookup(ENTITY_SYNONYMS, phraseKey);
  if (phraseSynonym) return phraseSynonym.split(' ');
  const head = kept[kept.length - 1] ?? '';
  const headSynonym = lookup(ENTITY_SYNONYMS, head) ?? lookup(ENTITY_SYNONYMS, singularize(head));
  if (headSynonym) return headSynonym.split(' ');
  if (template === 'dashboard' && ['sales', 'revenue', 'orders', 'transactions'].includes(head)) return ['sale'];
  // A verb or adjective slipped through ("tracking", "beautiful"): skip it.
  if (/(?:ing|ly|ful|ous|ive|ed)$/.test(head) && !/^(?:listing|meeting|booking|building|painting|wedding|recording|offering|posting|setting|clothing|thing)$/.test(head)) return null;
  if (asciiWords(kept.join(' ')).length === 0) return null;
  const noun = kept.slice(-2);
  noun[noun.length - 1] = singularize(noun[noun.length - 1] ?? '');
  return noun;
}

type TNamedFields = { fields: TScaffoldField[]; strength: 'strong' | 'weak' | 'none' };

/** Fields the prompt lists: "with name, email, company and phone", "fields: a, b", "each post has a, b". */
function findNamedFields(lower: string, template: TScaffoldTemplateId, noun: readonly string[]): TNamedFields {
  const nounPattern = noun.map((word) => word.replace(/[^a-z0-9]/g, '')).filter(Boolean).join('\\s+');
  const strongStarts: RegExp[] = [
    /\b(?:fields?|columns?|properties|attributes)\s*(?::|\bare\b|\blike\b|\bsuch as\b|\bof\b|\bincluding\b|\bfor\b)?\s*/g,
    /\b(?:each|every)\s+[a-z-]+\s+(?:has|have|should have|needs|contains|with|gets|stores|includes)\s+/g,
    /\b(?:storing|store|stores|record|records|capture|captures|capturing)\s+(?:their|its|the|each|a)\s+/g,
  ];
  for (const start of strongStarts) {
    for (const match of lower.matchAll(start)) {
      const fields = parseFieldList(lower.slice(match.index + match[0].length, match.index + match[0].length + 300));
      if (fields.length > 0) return { fields, strength: 'strong' };
    }
  }
  // "my books: title, author, price" — a colon list of two or more fields.
  for (const match of lower.matchAll(/[a-z]\s*:\s*/g)) {
    const fields = parseFieldList(lower.slice(match.index + match[0].length, match.index + match[0].length + 300));
    if (fields.length >= 2) return { fields, strength: 'strong' };
  }
  if (nounPattern) {
    const nounWith = new RegExp(`\\b${nounPattern}s?\\s+(?:with|having|that have|which have|that has|containing|including)\\s+`, 'g');
    for (const match of lower.matchAll(nounWith)) {
      const fields = parseFieldList(lower.slice(match.index + match[0].length, match.index + match[0].length + 300));
      if (fields.length > 0) return { fields, strength: 'weak' };
    }
  }
  // A generic "with …" list counts for apps whose entity comes from the prompt.
  if (template === 'crud' || template === 'dashboard') {
    for (const match of lower.matchAll(/\bwith\s+/g)) {
      const fields = parseFieldList(lower.slice(match.index + match[0].length, match.index + match[0].length + 300));
      if (fields.length > 0) return { fields, strength: 'weak' };
    }
  }
  return { fields: [], strength: 'none' };
}

function parseFieldList(text: string): TScaffoldField[] {
  const end = LIST_END.exec(text);
  const list = end ? text.slice(0, end.index) : text;
  const items = list.split(/\s*(?:,|\band\b|&|\/|\bor\b|\+)\s*/);
  const fields: TScaffoldField[] = [];
  for (const item of items) {
    const words = item
      .replace(/[^a-z0-9\s'-]/g, ' ')
      .split(/\s+/)
      .filter((word) => word.length > 0);
    while (words.length > 0 && FIELD_ARTICLES.has(words[0] ?? '')) words.shift();
    while (words.length > 0 && /^(?:fields?|columns?|properties|attributes|values?)$/.test(words[words.length - 1] ?? '')) words.pop();
    if (words.length === 0) continue;
    if (words.length > 3) break;
    if (words.some((word) => UI_WORDS.has(word) || NOT_A_FIELD.has(word))) {
      // "charts", "a search bar", "dark mode" are features; a list that is all features is not a field list.
      continue;
    }
    const field = makeField(words.map((word) => word.replace(/'s$/, '')));
    if (field && !fields.some((existing) => existing.key === field.key)) fields.push(field);
    if (fields.length >= 12) break;
  }
  return fields;
}

/** Exposed for tests: singular noun normalisation used for entity names. */
export const normaliseNoun = (word: string): string => lookup(ENTITY_SYNONYMS, word) ?? singularize(word);
