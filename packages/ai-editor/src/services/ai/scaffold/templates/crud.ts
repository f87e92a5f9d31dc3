import { type TScaffoldIntent } from '../intent';
import { seedRows } from '../seed-values';
import {
  API_HTTP_TS,
  API_RECORDS_TS,
  apiFieldsTs,
  apiIndexTs,
  entitySeedSql,
  entityTableSql,
} from './api-kit';
import { entityKitFiles } from './entity-kit';
import { requireEntity } from './require-entity';
import {
  appTsx,
  baseCss,
  configTs,
  indexHtml,
  layoutTsx,
  mainTsx,
  manifestFile,
  notFoundPageTsx,
} from './shared';
import { type TScaffoldApp, type TScaffoldTemplate } from './types';

const HOME_PAGE_TSX = `import { Link } from 'react-router';
import { type ReactNode } from 'react';
import { ArrowRight, CalendarDays, CircleCheck, Clock, Hash, Plus } from 'lucide-react';
import { records, useResource } from '../api';
import { FieldDisplay, formatDate, formatNumber } from '../components/FieldDisplay';
import { APP_NAME, TAGLINE } from '../config';
import { DISPLAY_FIELD, ENTITY, FIELDS, type FieldValue } from '../fields';

const isYes = (value: FieldValue | undefined) => value === true;

const FLAG = FIELDS.find((field) => field.type === 'boolean');
const NUMBER = FIELDS.find((field) => field.type === 'number');
const DATE = FIELDS.find((field) => field.type === 'date');
/** A deadline-like date: the overview shows what is next (or overdue) rather than the latest. */
const DUE = DATE ? /due|deadline|until|expir|end/i.test(DATE.key) : false;
const SUMMARY = FIELDS.filter((field) => field.key !== DISPLAY_FIELD && field.type !== 'longtext').slice(0, 3);

export function HomePage() {
  const { data, error, reload } = useResource(() => records.list(), []);
  const items = data?.items ?? [];
  const today = new Date().toISOString().slice(0, 10);

  const flagged = FLAG ? items.filter((item) => isYes(item[FLAG.key])).length : 0;
  const sum = NUMBER ? items.reduce((total, item) => total + (Number(item[NUMBER.key]) || 0), 0) : 0;
  const dates = DATE ? items.map((item) => item[DATE.key]).filter((value): value is string => typeof value === 'string') : [];
  const upcoming = dates.filter((value) => value >= today).sort()[0];
  const latest = [...dates].sort().at(-1);
  const overdue = DATE
    ? items.filter((item) => {
        const value = item[DATE.key];
        return typeof value === 'string' && value < today && !(FLAG && isYes(item[FLAG.key]));
      }).length
    : 0;
  const addedToday = items.filter((item) => item.createdAt.slice(0, 10) === today).length;

  return (
    <>
      <section className="hero-band">
        <div className="container">
          <p className="eyebrow">Overview</p>
          <h1 className="hero-title">{APP_NAME}</h1>
          <p className="lead">{TAGLINE}</p>
          <div className="row">
            <Link to={ENTITY.basePath + '/new'} className="button large">
              <Plus size={18} /> Add a {ENTITY.singular}
            </Link>
            <Link to={ENTITY.basePath} className="button large secondary">
              Browse {ENTITY.plural} <ArrowRight size={18} />
            </Link>
          </div>
        </div>
      </section>

      <section className="container">
        <div className="grid cols-3 stats-row">
          <Stat icon={<Hash size={16} />} label={'Total ' + ENTITY.plural} value={data ? String(data.total) : '—'} />
          {FLAG ? (
            <Stat icon={<CircleCheck size={16} />} label={FLAG.label} value={data ? String(flagged) : '—'} suffix={' of ' + items.length} />
          ) : NUMBER ? (
            <Stat icon={<Hash size={16} />} label={'Total ' + NUMBER.label.toLowerCase()} value={data ? formatNumber(NUMBER, sum) : '—'} />
          ) : (
            <Stat icon={<Plus size={16} />} label="Added today" value={data ? String(addedToday) : '—'} />
          )}
          {DATE && DUE ? (
            upcoming ? (
              <Stat icon={<CalendarDays size={16} />} label={'Next ' + DATE.label.toLowerCase()} value={formatDate(upcoming)} />
            ) : (
              <Stat icon={<CalendarDays size={16} />} label="Overdue" value={data ? String(overdue) : '—'} suffix={' of ' + items.length} />
            )
          ) : DATE ? (
            <Stat icon={<CalendarDays size={16} />} label={'Latest ' + DATE.label.toLowerCase()} value={latest ? formatDate(latest) : '—'} />
          ) : (
            <Stat icon={<Clock size={16} />} label={'Newest ' + ENTITY.singular} value={items[0] ? String(items[0][DISPLAY_FIELD] ?? '—') : '—'} />
          )}
        </div>

        {error && (
          <div className="alert" role="alert">
            <span>{error}</span>
            <button type="button" className="button small secondary" onClick={reload}>
              Try again
            </button>
          </div>
        )}

        <div className="card table-card">
          <div className="card-header">
            <h2 className="card-title">Recent {ENTITY.plural}</h2>
            <Link to={ENTITY.basePath} className="button small ghost">
              View all <ArrowRight size={14} />
            </Link>
          </div>
          {data && items.length === 0 ? (
            <div className="empty">
              <h3>No {ENTITY.plural} yet</h3>
              <p>Add the first one to see it here.</p>
            </div>
          ) : (
            <ul className="record-list">
              {items.slice(0, 6).map((item) => (
                <li key={item.id}>
                  <Link to={ENTITY.basePath + '/' + item.id} className="record-link">
                    <span className="record-name">{String(item[DISPLAY_FIELD] ?? 'Untitled')}</span>
                    <span className="record-meta">
                      {SUMMARY.map((field) => (
                        <span key={field.key} className="record-meta-item">
                          <FieldDisplay field={field} value={item[field.key]} />
                        </span>
                      ))}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </>
  );
}

function Stat({ icon, label, value, suffix }: { icon: ReactNode; label: string; value: string; suffix?: string }) {
  return (
    <div className="card stat">
      <span className="stat-label">
        <span className="stat-icon">{icon}</span>
        {label}
      </span>
      <span className="stat-value">
        {value}
        {suffix && <span className="stat-of">{suffix}</span>}
      </span>
    </div>
  );
}
`;

/** Home-page styles shared by the CRUD and dashboard templates. */
export const OVERVIEW_CSS = `
/* Home */
.hero-band {
  padding: 56px 0 40px;
  background:
    radial-gradient(900px 320px at 12% -10%, var(--primary-soft), transparent 70%),
    radial-gradient(700px 300px at 95% 0%, color-mix(in srgb, var(--primary) 7%, white), transparent 70%);
  border-bottom: 1px solid var(--border);
  margin-bottom: 32px;
}

.hero-title {
  font-size: clamp(2.2rem, 4.5vw, 3.2rem);
  font-weight: 800;
  letter-spacing: -0.035em;
  margin-bottom: 10px;
}

.hero-band .lead {
  max-width: 620px;
  margin-bottom: 24px;
}

.stats-row {
  margin-bottom: 24px;
}

.stats-row .stat-value {
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
}

.stat-of {
  font-size: 1rem;
  font-weight: 500;
  color: var(--muted);
  letter-spacing: 0;
}

.card-header {
  display: flex;
  align-items: center;
  justify-content: space-between;
  padding: 18px 24px;
  border-bottom: 1px solid var(--border);
}

.card-header .card-title {
  margin: 0;
}

.record-list {
  list-style: none;
  margin: 0;
  padding: 0;
}

.record-list li + li {
  border-top: 1px solid var(--border);
}

.record-link {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 16px;
  padding: 14px 24px;
  color: var(--text);
}

.record-link:hover {
  background: #fafbfe;
  color: var(--text);
}

.record-name {
  font-weight: 600;
}

.record-meta {
  display: flex;
  gap: 16px;
  flex-wrap: wrap;
  justify-content: flex-end;
  color: var(--muted);
  font-size: 0.9rem;
}
`;

export const crudTemplate: TScaffoldTemplate = {
  id: 'crud',
  title: 'CRUD app with an API and a database',
  render(intent: TScaffoldIntent): TScaffoldApp {
    const entity = requireEntity(intent);
    const basePath = `/${entity.path}`;
    const rows = seedRows(entity, 8);
    const tagline = `Keep every ${entity.label} in one place: add, search and update your ${entity.labelPlural} in seconds.`;
    const description = `${intent.appName}: a ${entity.label} tracker with a JSON API and a SQLite database.`;

    const files: Record<string, string> = {
      'shipyard.json': manifestFile(intent, { api: true, database: true }),
      'index.html': indexHtml(intent, description),
      'src/main.tsx': mainTsx(),
      'src/App.tsx': appTsx([
        { path: 'index', component: 'HomePage', module: 'pages/HomePage' },
        { path: basePath, component: 'RecordsPage', module: 'pages/RecordsPage' },
        { path: `${basePath}/new`, component: 'NewRecordPage', module: 'pages/NewRecordPage' },
        { path: `${basePath}/:id`, component: 'RecordPage', module: 'pages/RecordPage' },
      ]),
      'src/config.ts': configTs(intent, tagline, [
        { to: '/', label: 'Overview' },
        { to: basePath, label: capitalize(entity.labelPlural) },
        { to: `${basePath}/new`, label: `New ${entity.label}` },
      ]),
      'src/styles.css': baseCss(intent.primaryColor) + OVERVIEW_CSS,
      'src/components/Layout.tsx': layoutTsx({ brandIcon: 'ListChecks', footerNote: 'Your data is stored in the app’s own database.' }),
      ...entityKitFiles(entity, basePath),
      'src/pages/HomePage.tsx': HOME_PAGE_TSX,
      'src/pages/NotFoundPage.tsx': notFoundPageTsx(),
      'api/index.ts': apiIndexTs(entity),
      'api/http.ts': API_HTTP_TS,
      'api/records.ts': API_RECORDS_TS,
      'api/fields.ts': apiFieldsTs(entity, '"id" DESC'),
      'db/schema.sql': entityTableSql(entity),
      'db/seed.sql': entitySeedSql(entity, rows),
    };

    const displayValues = rows.map((row) => String(row[entity.displayField] ?? ''));
    return {
      template: 'crud',
      files,
      description: `a ${entity.label} tracker (${entity.fields.map((field) => field.label.toLowerCase()).join(', ')}) with overview, list, detail and create pages, a JSON API and a seeded SQLite database`,
      checks: [
        // Newest first: the last seeded rows are on the home page.
        { path: '/', texts: [intent.appName, ...displayValues.slice(-3)] },
        { path: basePath, texts: [`All ${entity.labelPlural}`, ...displayValues] },
      ],
      dependencies: ['react', 'react-dom', 'react-router', 'lucide-react', 'clsx'],
    };
  },
};

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
