import { type TScaffoldEntity, type TScaffoldField } from '../entities';
import { type TScaffoldIntent } from '../intent';
import { seedRows } from '../seed-values';
import { sqlIdent, tsQuote } from '../text';
import { API_HTTP_TS, API_RECORDS_TS, apiFieldsTs, apiIndexTs, entitySeedSql, entityTableSql } from './api-kit';
import { OVERVIEW_CSS } from './crud';
import { entityKitFiles } from './entity-kit';
import { requireEntity } from './require-entity';
import { appTsx, baseCss, configTs, indexHtml, layoutTsx, mainTsx, manifestFile, notFoundPageTsx } from './shared';
import { type TScaffoldApp, type TScaffoldTemplate } from './types';

type TDashboardRoles = { value: TScaffoldField; date: TScaffoldField; category: TScaffoldField };

function dashboardRoles(entity: TScaffoldEntity): TDashboardRoles {
  const value = entity.fields.find((field) => field.type === 'number');
  const date = entity.fields.find((field) => field.type === 'date');
  const texts = entity.fields.filter((field) => field.type === 'text' && field.key !== entity.displayField);
  const preferred = ['category', 'region', 'type', 'status', 'source', 'channel', 'department', 'team', 'product'];
  const category =
    preferred.map((key) => texts.find((field) => field.key === key)).find((field) => field !== undefined) ??
    texts[0] ??
    entity.fields.find((field) => field.key === entity.displayField);
  if (!value || !date || !category) {
    throw new Error('The dashboard template needs a number field, a date field and a text field; extractIntent adds them.');
  }
  return { value, date, category };
}

function statsTs(entity: TScaffoldEntity, roles: TDashboardRoles): string {
  return `import { type D1Database } from './records';

/**
 * What the overview charts. Columns are fixed here, never taken from a request.
 * GROUP BY uses positions: an alias like "name" would resolve to a table column of that name.
 */
const TABLE = ${tsQuote(sqlIdent(entity.table))};
const VALUE = ${tsQuote(sqlIdent(roles.value.column))};
const DATE = ${tsQuote(sqlIdent(roles.date.column))};
const CATEGORY = ${tsQuote(sqlIdent(roles.category.column))};

export interface Stats {
  total: number;
  count: number;
  average: number;
  /** The last 12 months that have data, oldest first. */
  byMonth: { month: string; value: number; count: number }[];
  /** Up to 8 categories, largest first. */
  byCategory: { name: string; value: number; count: number }[];
}

export async function loadStats(db: D1Database): Promise<Stats> {
  const [totals, months, categories] = await Promise.all([
    db
      .prepare('SELECT COUNT(*) AS count, COALESCE(SUM(' + VALUE + '), 0) AS total FROM ' + TABLE)
      .first<{ count: number; total: number }>(),
    db
      .prepare(
        'SELECT substr(' + DATE + ', 1, 7) AS month, COALESCE(SUM(' + VALUE + '), 0) AS value, COUNT(*) AS count FROM ' +
          TABLE + ' WHERE ' + DATE + ' IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT 12',
      )
      .all<{ month: string; value: number; count: number }>(),
    db
      .prepare(
        "SELECT COALESCE(NULLIF(TRIM(" + CATEGORY + "), ''), 'Other') AS name, COALESCE(SUM(" + VALUE + '), 0) AS value, COUNT(*) AS count FROM ' +
          TABLE + ' GROUP BY 1 ORDER BY 2 DESC LIMIT 8',
      )
      .all<{ name: string; value: number; count: number }>(),
  ]);
  const count = Number(totals?.count ?? 0);
  const total = Number(totals?.total ?? 0);
  return {
    total,
    count,
    average: count > 0 ? total / count : 0,
    byMonth: months.results.map((row) => ({ month: String(row.month), value: Number(row.value), count: Number(row.count) })).reverse(),
    byCategory: categories.results.map((row) => ({ name: String(row.name), value: Number(row.value), count: Number(row.count) })),
  };
}
`;
}

function overviewPageTsx(entity: TScaffoldEntity, roles: TDashboardRoles): string {
  const fieldLiteral = (field: TScaffoldField) =>
    `{ key: ${tsQuote(field.key)}, label: ${tsQuote(field.label)}, type: ${tsQuote(field.type)}, required: ${field.required} }`;
  return `import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ArrowRight, ChartColumn, Hash, Plus, TrendingUp, Wallet } from 'lucide-react';
import { records, request, useResource } from '../api';
import { FieldDisplay, formatDate, formatNumber } from '../components/FieldDisplay';
import { APP_NAME, TAGLINE } from '../config';
import { DISPLAY_FIELD, ENTITY, FIELDS, type FieldSpec } from '../fields';

interface Stats {
  total: number;
  count: number;
  average: number;
  byMonth: { month: string; value: number; count: number }[];
  byCategory: { name: string; value: number; count: number }[];
}

const VALUE_FIELD: FieldSpec = FIELDS.find((field) => field.key === ${tsQuote(roles.value.key)}) ?? ${fieldLiteral(roles.value)};
const DATE_FIELD: FieldSpec = FIELDS.find((field) => field.key === ${tsQuote(roles.date.key)}) ?? ${fieldLiteral(roles.date)};
const CATEGORY_LABEL = ${tsQuote(roles.category.label)};

function usePrimaryColor(): string {
  const [color, setColor] = useState('#7c3aed');
  useEffect(() => {
    const value = getComputedStyle(document.documentElement).getPropertyValue('--primary').trim();
    if (/^#[0-9a-f]{6}$/i.test(value)) setColor(value);
  }, []);
  return color;
}

/** The colour blended towards white: 0 = unchanged, 1 = white. */
function tint(hex: string, amount: number): string {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
  return '#' + channels.map((channel) => Math.round(channel + (255 - channel) * amount).toString(16).padStart(2, '0')).join('');
}

function monthLabel(month: string): string {
  const date = new Date(month + '-01T00:00:00');
  return Number.isNaN(date.getTime()) ? month : date.toLocaleDateString('en-US', { month: 'short', year: '2-digit' });
}

function compact(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function HomePage() {
  const primary = usePrimaryColor();
  const stats = useResource(() => request<Stats>('/api/stats'), []);
  const recent = useResource(() => records.list(), []);
  const data = stats.data;
  const top = data?.byCategory[0];
  const format = (value: number) => formatNumber(VALUE_FIELD, value);

  return (
    <>
      <section className="hero-band">
        <div className="container">
          <p className="eyebrow">Dashboard</p>
          <h1 className="hero-title">{APP_NAME}</h1>
          <p className="lead">{TAGLINE}</p>
          <div className="row">
            <Link to={ENTITY.basePath + '/new'} className="button large">
              <Plus size={18} /> Add a {ENTITY.singular}
            </Link>
            <Link to={ENTITY.basePath} className="button large secondary">
              All {ENTITY.plural} <ArrowRight size={18} />
            </Link>
          </div>
        </div>
      </section>

      <section className="container">
        {stats.error && (
          <div className="alert" role="alert">
            <span>{stats.error}</span>
            <button type="button" className="button small secondary" onClick={stats.reload}>
              Try again
            </button>
          </div>
        )}

        <div className="grid cols-4 stats-row">
          <Kpi icon={<Wallet size={16} />} label={'Total ' + VALUE_FIELD.label.toLowerCase()} value={data ? format(data.total) : '—'} />
          <Kpi icon={<Hash size={16} />} label={ENTITY.plural.charAt(0).toUpperCase() + ENTITY.plural.slice(1)} value={data ? String(data.count) : '—'} />
          <Kpi icon={<TrendingUp size={16} />} label={'Average per ' + ENTITY.singular} value={data ? format(data.average) : '—'} />
          <Kpi icon={<ChartColumn size={16} />} label={'Top ' + CATEGORY_LABEL.toLowerCase()} value={top ? top.name : '—'} />
        </div>

        <div className="card chart-card">
          <div className="chart-head">
            <h2 className="card-title">{VALUE_FIELD.label} by month</h2>
            <span className="muted">Last 12 months with data</span>
          </div>
          <div className="chart-box tall">
            {data && (
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={data.byMonth} margin={{ top: 10, right: 12, left: 0, bottom: 0 }}>
                  <defs>
                    <linearGradient id="areaFill" x1="0" y1="0" x2="0" y2="1">
                      <stop offset="0%" stopColor={primary} stopOpacity={0.32} />
                      <stop offset="100%" stopColor={primary} stopOpacity={0.02} />
                    </linearGradient>
                  </defs>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ef" vertical={false} />
                  <XAxis dataKey="month" tickFormatter={monthLabel} tick={{ fill: '#64748b', fontSize: 12 }} axisLine={false} tickLine={false} />
                  <YAxis tickFormatter={compact} tick={{ fill: '#64748b', fontSize: 12 }} axisLine={false} tickLine={false} width={48} />
                  <Tooltip
                    formatter={(value) => [format(Number(value)), VALUE_FIELD.label]}
                    labelFormatter={(label) => monthLabel(String(label))}
                  />
                  <Area type="monotone" dataKey="value" stroke={primary} strokeWidth={2.5} fill="url(#areaFill)" animationDuration={600} />
                </AreaChart>
              </ResponsiveContainer>
            )}
          </div>
        </div>

        <div className="grid cols-2">
          <div className="card chart-card fill">
            <div className="chart-head">
              <h2 className="card-title">
                {VALUE_FIELD.label} by {CATEGORY_LABEL.toLowerCase()}
              </h2>
            </div>
            <div className="chart-box">
              {data && (
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={data.byCategory} margin={{ top: 10, right: 12, left: 0, bottom: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ef" vertical={false} />
                    <XAxis dataKey="name" tick={{ fill: '#64748b', fontSize: 12 }} axisLine={false} tickLine={false} />
                    <YAxis tickFormatter={compact} tick={{ fill: '#64748b', fontSize: 12 }} axisLine={false} tickLine={false} width={48} />
                    <Tooltip formatter={(value) => [format(Number(value)), VALUE_FIELD.label]} cursor={{ fill: '#f1f3f9' }} />
                    <Bar dataKey="value" radius={[8, 8, 0, 0]} animationDuration={600}>
                      {data.byCategory.map((entry, index) => (
                        <Cell key={entry.name} fill={tint(primary, Math.min(0.6, index * 0.14))} />
                      ))}
                    </Bar>
                  </BarChart>
                </ResponsiveContainer>
              )}
            </div>
          </div>

          <div className="card table-card">
            <div className="card-header">
              <h2 className="card-title">Latest {ENTITY.plural}</h2>
              <Link to={ENTITY.basePath} className="button small ghost">
                View all <ArrowRight size={14} />
              </Link>
            </div>
            <ul className="record-list">
              {(recent.data?.items ?? []).slice(0, 6).map((item) => (
                <li key={item.id}>
                  <Link to={ENTITY.basePath + '/' + item.id} className="record-link">
                    <span>
                      <span className="record-name">{String(item[DISPLAY_FIELD] ?? 'Untitled')}</span>
                      <span className="record-sub">{formatDate(String(item[DATE_FIELD.key] ?? ''))}</span>
                    </span>
                    <span className="record-value">
                      <FieldDisplay field={VALUE_FIELD} value={item[VALUE_FIELD.key]} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </div>
      </section>
    </>
  );
}

function Kpi({ icon, label, value }: { icon: ReactNode; label: string; value: string }) {
  return (
    <div className="card stat">
      <span className="stat-label">
        <span className="stat-icon">{icon}</span>
        {label}
      </span>
      <span className="stat-value">{value}</span>
    </div>
  );
}
`;
}

const DASHBOARD_CSS = `
/* Dashboard */
.chart-card {
  margin-bottom: 20px;
}

.chart-head {
  display: flex;
  align-items: baseline;
  justify-content: space-between;
  gap: 12px;
  margin-bottom: 12px;
}

.chart-box {
  height: 260px;
}

.chart-box.tall {
  height: 300px;
}

.chart-card.fill {
  display: flex;
  flex-direction: column;
}

.chart-card.fill .chart-box {
  flex: 1;
  min-height: 260px;
}

.record-sub {
  display: block;
  font-size: 0.84rem;
  color: var(--muted);
}

.record-value {
  font-weight: 650;
  font-variant-numeric: tabular-nums;
}

.stats-row .stat-value {
  font-size: 1.65rem;
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
}

.recharts-default-tooltip {
  border-radius: 10px !important;
  border: 1px solid var(--border) !important;
  box-shadow: var(--shadow) !important;
}
`;

export const dashboardTemplate: TScaffoldTemplate = {
  id: 'dashboard',
  title: 'dashboard with charts',
  render(intent: TScaffoldIntent): TScaffoldApp {
    const entity = requireEntity(intent);
    const roles = dashboardRoles(entity);
    const basePath = `/${entity.path}`;
    const rows = seedRows(entity, 40, { spreadDays: 330 }); // 12 calendar months: the chart shows them all
    const tagline = `Where your ${entity.labelPlural} stand at a glance: totals, trends and the latest entries, live from your database.`;
    const description = `${intent.appName}: a dashboard of ${entity.labelPlural} with charts, a JSON API and a SQLite database.`;
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
        { to: basePath, label: entity.labelPlural.charAt(0).toUpperCase() + entity.labelPlural.slice(1) },
        { to: `${basePath}/new`, label: `Add ${entity.label}` },
      ]),
      'src/styles.css': baseCss(intent.primaryColor) + OVERVIEW_CSS + DASHBOARD_CSS,
      'src/components/Layout.tsx': layoutTsx({ brandIcon: 'Activity', footerNote: 'Figures update as soon as you add data.' }),
      ...entityKitFiles(entity, basePath),
      'src/pages/HomePage.tsx': overviewPageTsx(entity, roles),
      'src/pages/NotFoundPage.tsx': notFoundPageTsx(),
      'api/index.ts': apiIndexTs(entity, {
        extraImports: ["import { methodNotAllowed } from './http';", "import { loadStats } from './stats';"],
        extraRoutes: `  if (url.pathname === '/api/stats') {
    if (request.method !== 'GET') return methodNotAllowed(['GET']);
    return json(await loadStats(env.DB));
  }
`,
      }),
      'api/http.ts': API_HTTP_TS,
      'api/records.ts': API_RECORDS_TS,
      'api/fields.ts': apiFieldsTs(entity, `${sqlIdent(roles.date.column)} DESC, "id" DESC`),
      'api/stats.ts': statsTs(entity, roles),
      'db/schema.sql': entityTableSql(entity),
      'db/seed.sql': entitySeedSql(entity, rows),
    };
    const categories = [...new Set(rows.map((row) => String(row[roles.category.key] ?? '')))].filter(Boolean);
    const latest = [...rows]
      .sort((a, b) => String(b[roles.date.key]).localeCompare(String(a[roles.date.key])))
      .slice(0, 3)
      .map((row) => String(row[entity.displayField]));
    return {
      template: 'dashboard',
      files,
      description: `a dashboard for ${entity.labelPlural} with KPI cards, a monthly trend chart and a breakdown by ${roles.category.label.toLowerCase()} (recharts), plus list, detail and create pages, a stats API and a SQLite database seeded with ${rows.length} rows`,
      checks: [
        { path: '/', texts: [intent.appName, `Total ${roles.value.label.toLowerCase()}`, ...latest] },
        { path: basePath, texts: [`All ${entity.labelPlural}`, ...categories.slice(0, 2)] },
      ],
      dependencies: ['react', 'react-dom', 'react-router', 'lucide-react', 'recharts', 'clsx'],
    };
  },
};
