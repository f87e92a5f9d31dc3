import { type TScaffoldEntity, type TScaffoldField } from './entities';
import { hashString, lookup, seededRandom } from './text';

export type TSeedValue = string | number | boolean | null;
export type TSeedRow = Record<string, TSeedValue>;

const PEOPLE = [
  'Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Linus Pauling', 'Margaret Hamilton',
  'Tim Berners-Lee', 'Hedy Lamarr', 'Claude Shannon', 'Radia Perlman', 'Donald Knuth', 'Barbara Liskov',
];
const COMPANIES = ['Analytical Engines Ltd', 'Cobol Systems', 'Bletchley Labs', 'Orbit Dynamics', 'Helix Chemistry', 'Apollo Software', 'Mesh Networks', 'Nimbus Cloud'];
const CITIES = ['Lisbon', 'Berlin', 'Austin', 'Toronto', 'Melbourne', 'Osaka', 'Nairobi', 'Oslo'];

/** Values for specific entities' display fields. */
const TITLES: Record<string, string[]> = {
  task: ['Draft the Q3 roadmap', 'Book flights for the offsite', 'Review pull request #42', 'Renew the domain name', 'Call the accountant', 'Plan the team lunch', 'Update onboarding docs', 'Back up the laptop'],
  note: ['Meeting notes: product sync', 'Ideas for the newsletter', 'Reading list', 'Recipe: lemon risotto', 'Garden plan for spring', 'Gift ideas'],
  recipe: ['Lemon risotto', 'Miso glazed salmon', 'Shakshuka', 'Thai green curry', 'Banana bread', 'Mushroom stroganoff', 'Caprese salad'],
  book: ['The Pragmatic Programmer', 'Dune', 'Thinking, Fast and Slow', 'The Left Hand of Darkness', 'Project Hail Mary', 'Sapiens', 'Educated'],
  movie: ['Spirited Away', 'Arrival', 'Parasite', 'The Grand Budapest Hotel', 'Whiplash', 'Her', 'Amélie'],
  ticket: ['Login page times out', 'Export to CSV drops the last row', 'Typo on the pricing page', 'Dark mode contrast too low', 'Password reset email delayed', 'Search ignores accents'],
  bookmark: ['MDN Web Docs', 'React documentation', 'SQLite keywords', 'Can I use', 'Web.dev performance guide', 'TypeScript handbook'],
  habit: ['Morning run', 'Read 20 pages', 'Meditate', 'Drink 2 litres of water', 'Practice Spanish', 'Stretch before bed'],
  project: ['Website redesign', 'Mobile app MVP', 'Data warehouse migration', 'Brand refresh', 'Customer portal', 'Checkout revamp'],
  event: ['Spring product launch', 'Team offsite', 'Community meetup', 'Design workshop', 'Quarterly review', 'Charity 5K'],
  item: ['Camping tent', 'Power drill', 'Winter jackets', 'HDMI cables', 'Folding chairs', 'Label printer', 'Extension cords'],
  workout: ['Morning run', 'Leg day', 'Yoga flow', 'Swim intervals', 'Cycling climb', 'Upper body strength', 'HIIT circuit'],
  expense: ['Team lunch', 'Cloud hosting', 'Train tickets', 'Office chairs', 'Conference pass', 'Coffee beans', 'Software licence'],
};

/** Category-like values that fit the entity ("Cardio" for workouts, not "Software"). */
const CATEGORIES: Record<string, string[]> = {
  workout: ['Cardio', 'Strength', 'Mobility', 'Endurance'],
  expense: ['Travel', 'Software', 'Office', 'Meals'],
  recipe: ['Dinner', 'Breakfast', 'Dessert', 'Lunch'],
  book: ['Fiction', 'Non-fiction', 'Science', 'History'],
  movie: ['Drama', 'Sci-fi', 'Comedy', 'Animation'],
  event: ['Conference', 'Workshop', 'Meetup', 'Social'],
  task: ['Work', 'Home', 'Errands', 'Health'],
  note: ['Ideas', 'Meetings', 'Personal', 'Reading'],
  project: ['Client', 'Internal', 'Research', 'Marketing'],
  ticket: ['Bug', 'Feature', 'Question', 'Billing'],
  item: ['Tools', 'Electronics', 'Furniture', 'Outdoor'],
  sale: ['Software', 'Hardware', 'Services', 'Training'],
  traffic: ['Search', 'Social', 'Direct', 'Referral'],
  habit: ['Health', 'Learning', 'Mindfulness', 'Fitness'],
};

const BY_KEY: Record<string, string[]> = {
  company: COMPANIES,
  client: COMPANIES,
  customer: ['Northwind Traders', 'Contoso Ltd', 'Fabrikam Inc', 'Tailspin Toys', 'Wide World Importers', 'Adventure Works', 'Litware Inc', 'Proseware'],
  city: CITIES,
  location: ['Warehouse A', 'Main office', 'Garage', 'Storage room', 'Studio', 'Basement'],
  country: ['Portugal', 'Germany', 'United States', 'Canada', 'Australia', 'Japan', 'Kenya', 'Norway'],
  region: ['North', 'South', 'East', 'West'],
  category: ['Standard', 'Premium', 'Basic', 'Custom'],
  status: ['Active', 'Pending', 'On hold', 'Done'],
  priority: ['High', 'Medium', 'Low'],
  author: ['Maya Chen', 'Jonas Weber', 'Priya Nair', 'Leo Martins'],
  director: ['Hayao Miyazaki', 'Denis Villeneuve', 'Bong Joon-ho', 'Wes Anderson', 'Damien Chazelle', 'Spike Jonze', 'Jean-Pierre Jeunet'],
  cuisine: ['Italian', 'Japanese', 'Middle Eastern', 'Thai', 'British', 'Russian', 'Italian'],
  frequency: ['Daily', 'Daily', 'Weekly', '3× a week', 'Weekdays', 'Daily'],
  role: ['Engineer', 'Designer', 'Product manager', 'Data analyst', 'Support lead', 'Marketing'],
  department: ['Engineering', 'Design', 'Product', 'Finance', 'Support', 'Marketing'],
  genre: ['Fantasy', 'Science fiction', 'Mystery', 'Biography', 'Thriller', 'Romance'],
  color: ['Midnight blue', 'Forest green', 'Sand', 'Charcoal', 'Coral', 'Ivory'],
  size: ['S', 'M', 'L', 'XL', 'M', 'S'],
  brand: ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay'],
  type: ['Standard', 'Premium', 'Basic', 'Custom'],
  source: ['Referral', 'Website', 'Conference', 'Cold email', 'LinkedIn', 'Partner'],
  owner: ['Maya', 'Jonas', 'Priya', 'Leo', 'Sam', 'Noor'],
  assignee: ['Maya', 'Jonas', 'Priya', 'Leo', 'Sam', 'Noor'],
  team: ['Platform', 'Growth', 'Mobile', 'Data', 'Design', 'Support'],
  language: ['English', 'Spanish', 'German', 'Japanese', 'Portuguese', 'French'],
  tags: ['work, urgent', 'home', 'reading', 'ideas', 'work', 'travel'],
  sku: ['SKU-1001', 'SKU-1002', 'SKU-1003', 'SKU-1004', 'SKU-1005', 'SKU-1006', 'SKU-1007', 'SKU-1008'],
  platform: ['Web', 'iOS', 'Android', 'Desktop'],
  level: ['Beginner', 'Intermediate', 'Advanced'],
};

const LONG_TEXT = [
  'Kick-off went well; next step is a short written proposal with a timeline.',
  'Keep it simple: one page, clear owners, and a date for the first review.',
  'Waiting on feedback from the client before we go further.',
  'Follow up next week and share the updated numbers.',
  'Good first version. Collect notes from the team and iterate.',
  'Needs a second pair of eyes before it goes out.',
  'Worth revisiting in the spring when the budget resets.',
  'Everything is on track; no blockers right now.',
];

const NUMBER_RANGES: Record<string, [number, number, number]> = {
  // [min, max, decimals]
  price: [4, 120, 2],
  amount: [120, 4800, 2],
  cost: [10, 900, 2],
  total: [50, 2000, 2],
  budget: [5000, 60000, 0],
  salary: [42000, 140000, 0],
  revenue: [800, 12000, 2],
  rating: [1, 5, 0],
  score: [40, 100, 0],
  quantity: [1, 40, 0],
  stock: [0, 60, 0],
  year: [1972, 2024, 0],
  minutes: [10, 90, 0],
  duration: [20, 95, 0],
  calories: [150, 820, 0],
  age: [19, 68, 0],
  capacity: [20, 300, 0],
  streak: [1, 30, 0],
  pages: [120, 720, 0],
  servings: [1, 8, 0],
  weight: [1, 25, 1],
  distance: [2, 42, 1],
  hours: [1, 40, 1],
};

const BASE_DAY = Date.UTC(2026, 0, 5);
const DAY_MS = 86_400_000;

function isoDate(offsetDays: number): string {
  return new Date(BASE_DAY + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

function slugWord(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}

/**
 * Realistic, deterministic seed rows for an entity. `fixed` rows (hand-written by a template)
 * win over generated values field by field; fields they do not set are generated.
 */
export function seedRows(entity: TScaffoldEntity, count: number, options: { fixed?: readonly TSeedRow[]; spreadDays?: number } = {}): TSeedRow[] {
  const random = seededRandom(hashString(`${entity.name}:${entity.fields.map((field) => field.key).join(',')}`));
  const rows: TSeedRow[] = [];
  const spread = options.spreadDays ?? 30;
  for (let index = 0; index < count; index += 1) {
    const row: TSeedRow = { ...(options.fixed?.[index] ?? {}) };
    for (const field of entity.fields) {
      if (field.key in row) continue;
      row[field.key] = seedValue(entity, field, index, row, random, count, spread);
    }
    rows.push(row);
  }
  return rows;
}

function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length] as T;
}

function seedValue(
  entity: TScaffoldEntity,
  field: TScaffoldField,
  index: number,
  row: TSeedRow,
  random: () => number,
  count: number,
  spreadDays: number,
): TSeedValue {
  const key = field.key;
  const lastWord = key.replace(/^.*[a-z0-9](?=[A-Z])/, '').toLowerCase();
  const entityKey = entity.name.toLowerCase();

  switch (field.type) {
    case 'boolean':
      return index % 3 === 0;
    case 'date': {
      // Spread over the period, oldest first, so charts read left to right.
      const offset = Math.round((index / Math.max(1, count - 1)) * spreadDays);
      return isoDate(offset - (key.includes('due') || key.includes('deadline') ? -7 : spreadDays));
    }
    case 'number': {
      const [min, max, decimals] = lookup(NUMBER_RANGES, lastWord) ?? lookup(NUMBER_RANGES, key) ?? [1, 100, 0];
      const value = min + random() * (max - min);
      const factor = 10 ** decimals;
      return Math.round(value * factor) / factor;
    }
    case 'email': {
      const person = typeof row.name === 'string' && row.name.includes(' ') ? row.name : pick(PEOPLE, index);
      return `${slugWord(person)}@example.com`;
    }
    case 'url':
      return `https://example.com/${entity.path}/${index + 1}`;
    case 'tel':
      return `+1 (555) 010-${String(1000 + index * 37).slice(-4)}`;
    case 'longtext':
      return pick(LONG_TEXT, index + key.length);
    case 'text':
    default: {
      if (key === entity.displayField) {
        const titles = lookup(TITLES, entityKey);
        if (titles) return pick(titles, index);
        if (['contact', 'customer', 'lead', 'employee', 'person', 'member', 'student', 'guest', 'patient', 'player', 'user', 'author', 'volunteer', 'candidate', 'applicant', 'friend', 'client'].includes(entityKey)) {
          return pick(PEOPLE, index);
        }
        if (key === 'customer') return pick(lookup(BY_KEY, 'customer') ?? PEOPLE, index);
        return `${capitalizeWords(entity.label)} ${index + 1}`;
      }
      if (key === 'category' || key === 'type' || key === 'genre' || key === 'kind') {
        const categories = lookup(CATEGORIES, entityKey);
        if (categories) return pick(categories, index);
      }
      const list = lookup(BY_KEY, key) ?? lookup(BY_KEY, lastWord);
      if (list) return pick(list, index);
      if (lastWord === 'name') return pick(PEOPLE, index + 3);
      return `${field.label} ${String.fromCharCode(65 + (index % 26))}`;
    }
  }
}

function capitalizeWords(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
