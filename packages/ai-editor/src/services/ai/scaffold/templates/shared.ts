import { type TScaffoldIntent } from '../intent';
import { htmlEscape, jsString, tsQuote } from '../text';
import { type TNavLink } from './types';

/** `shipyard.json` — the manifest the editor, preview and deploy read. */
export function manifestFile(intent: TScaffoldIntent, options: { api: boolean; database: boolean }): string {
  const manifest: Record<string, unknown> = { name: intent.appName, entry: 'index.html' };
  if (options.api) manifest.api = 'api/index.ts';
  if (options.database) manifest.database = { schema: 'db/schema.sql', seed: 'db/seed.sql' };
  return `${JSON.stringify(manifest, null, 2).replace(/</g, '\\u003c')}\n`;
}

export function indexHtml(intent: TScaffoldIntent, description: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="description" content="${htmlEscape(description)}" />
    <meta name="theme-color" content="${intent.primaryColor}" />
    <title>${htmlEscape(intent.appName)}</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
`;
}

export function mainTsx(): string {
  return `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html needs an element with id="root".');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`;
}

/** `src/config.ts`: the app's name lives in one line, so renaming is one edit; nav links below it. */
export function configTs(intent: TScaffoldIntent, tagline: string, links: readonly TNavLink[]): string {
  return `/** The app's name, shown in the header, the home page and the browser tab. */
export const APP_NAME = ${jsString(intent.appName)};

export const TAGLINE = ${jsString(tagline)};

export interface NavItem {
  to: string;
  label: string;
}

/** The header navigation, in order. */
export const NAV_LINKS: NavItem[] = [
${links.map((link) => `  { to: ${tsQuote(link.to)}, label: ${tsQuote(link.label)} },`).join('\n')}
];
`;
}

export interface TRoute {
  /** `index` or a path like `/contacts/:id` */
  path: string;
  component: string;
  /** Module under src/, without extension: `pages/HomePage` */
  module: string;
}

/** `src/App.tsx`: the route table. The `path="*"` route stays last (edits insert above it). */
export function appTsx(routes: readonly TRoute[], options: { wrapper?: { name: string; module: string } } = {}): string {
  const modules = new Map<string, string[]>();
  for (const route of routes) {
    const names = modules.get(route.module) ?? [];
    if (!names.includes(route.component)) names.push(route.component);
    modules.set(route.module, names);
  }
  const imports = [...modules.entries()]
    .filter(([module]) => module !== 'pages/NotFoundPage')
    .map(([module, names]) => `import { ${names.join(', ')} } from './${module}';`);
  const wrapper = options.wrapper;
  const routeLines = routes
    .filter((route) => route.module !== 'pages/NotFoundPage')
    .map((route) =>
      route.path === 'index'
        ? `          <Route index element={<${route.component} />} />`
        : `          <Route path="${route.path}" element={<${route.component} />} />`,
    );
  const tree = `      <Routes>
        <Route element={<Layout />}>
${routeLines.join('\n')}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>`;
  const body = wrapper
    ? `    <${wrapper.name}>
      <BrowserRouter>
  ${tree.replace(/\n/g, '\n  ')}
      </BrowserRouter>
    </${wrapper.name}>`
    : `    <BrowserRouter>
${tree}
    </BrowserRouter>`;
  return `import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
${wrapper ? `import { ${wrapper.name} } from './${wrapper.module}';\n` : ''}${imports.join('\n')}
import { NotFoundPage } from './pages/NotFoundPage';

export function App() {
  return (
${body}
  );
}
`;
}

export interface TLayoutOptions {
  /** lucide-react icon for the brand mark. */
  brandIcon: string;
  /** Extra import lines for the header actions. */
  actionImports?: string[];
  /** JSX placed at the right of the header. */
  actions?: string;
  footerNote: string;
}

export function layoutTsx(options: TLayoutOptions): string {
  return `import { ${options.brandIcon} } from 'lucide-react';
import { Link, NavLink, Outlet } from 'react-router';
import clsx from 'clsx';
import { APP_NAME, NAV_LINKS } from '../config';
${(options.actionImports ?? []).join('\n')}${options.actionImports?.length ? '\n' : ''}
export function Layout() {
  return (
    <div className="shell">
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              <${options.brandIcon} size={18} strokeWidth={2.25} />
            </span>
            <span className="brand-name">{APP_NAME}</span>
          </Link>
          <nav className="site-nav" aria-label="Main">
            {NAV_LINKS.map((link) => (
              <NavLink
                key={link.to}
                to={link.to}
                end={link.to === '/'}
                className={({ isActive }) => clsx('nav-link', isActive && 'is-active')}
              >
                {link.label}
              </NavLink>
            ))}
          </nav>${options.actions ? `\n          <div className="header-actions">\n            ${options.actions}\n          </div>` : ''}
        </div>
      </header>
      <main className="site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container footer-inner">
          <span>
            © {new Date().getFullYear()} {APP_NAME}
          </span>
          <span className="muted">${options.footerNote}</span>
        </div>
      </footer>
    </div>
  );
}
`;
}

export function notFoundPageTsx(): string {
  return `import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="container page narrow center">
      <p className="eyebrow">404</p>
      <h1 className="page-title">Page not found</h1>
      <p className="muted">The page you are looking for does not exist or has moved.</p>
      <Link to="/" className="button">
        Back to the home page
      </Link>
    </section>
  );
}
`;
}

/**
 * `src/styles.css`: design tokens and the shared components. `--primary` is the one colour
 * line; every shade derives from it, so a colour change is one edit.
 */
export function baseCss(primaryColor: string): string {
  return `:root {
  --primary: ${primaryColor};
  --primary-strong: color-mix(in srgb, var(--primary) 80%, black);
  --primary-soft: color-mix(in srgb, var(--primary) 9%, white);
  --primary-muted: color-mix(in srgb, var(--primary) 55%, white);
  --primary-ring: color-mix(in srgb, var(--primary) 32%, transparent);
  --bg: #f6f7fb;
  --surface: #ffffff;
  --surface-2: #f1f3f9;
  --text: #0f172a;
  --text-2: #334155;
  --muted: #64748b;
  --border: #e4e7ef;
  --danger: #dc2626;
  --danger-soft: #fef2f2;
  --success: #16a34a;
  --success-soft: #f0fdf4;
  --radius: 14px;
  --radius-sm: 9px;
  --shadow-sm: 0 1px 2px rgb(15 23 42 / 0.06);
  --shadow: 0 1px 2px rgb(15 23 42 / 0.05), 0 8px 24px -12px rgb(15 23 42 / 0.18);
  --shadow-lg: 0 24px 48px -24px rgb(15 23 42 / 0.35);
  font-family: 'Inter', ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  font-size: 16px;
  line-height: 1.55;
  color: var(--text);
  background: var(--bg);
  -webkit-font-smoothing: antialiased;
  text-rendering: optimizeLegibility;
}

*,
*::before,
*::after {
  box-sizing: border-box;
}

body {
  margin: 0;
  min-height: 100vh;
}

h1,
h2,
h3,
h4 {
  line-height: 1.2;
  letter-spacing: -0.02em;
  margin: 0 0 0.5rem;
  color: var(--text);
}

p {
  margin: 0 0 1rem;
}

a {
  color: var(--primary);
  text-decoration: none;
}

a:hover {
  color: var(--primary-strong);
}

img,
svg {
  display: block;
}

:focus-visible {
  outline: 3px solid var(--primary-ring);
  outline-offset: 2px;
}

.container {
  width: 100%;
  max-width: 1120px;
  margin: 0 auto;
  padding: 0 24px;
}

.shell {
  min-height: 100vh;
  display: flex;
  flex-direction: column;
}

.site-main {
  flex: 1;
}

/* Header */
.site-header {
  position: sticky;
  top: 0;
  z-index: 20;
  background: rgb(255 255 255 / 0.82);
  backdrop-filter: saturate(180%) blur(12px);
  border-bottom: 1px solid var(--border);
}

.header-inner {
  display: flex;
  align-items: center;
  gap: 28px;
  height: 64px;
}

.brand {
  display: inline-flex;
  align-items: center;
  gap: 10px;
  font-weight: 700;
  font-size: 1.05rem;
  color: var(--text);
  letter-spacing: -0.01em;
}

.brand:hover {
  color: var(--text);
}

.brand-mark {
  display: grid;
  place-items: center;
  width: 32px;
  height: 32px;
  border-radius: 10px;
  color: #fff;
  background: linear-gradient(135deg, var(--primary), var(--primary-strong));
  box-shadow: 0 6px 14px -6px var(--primary);
}

.site-nav {
  display: flex;
  gap: 4px;
  flex-wrap: wrap;
}

.nav-link {
  padding: 7px 12px;
  border-radius: 999px;
  color: var(--text-2);
  font-size: 0.94rem;
  font-weight: 500;
}

.nav-link:hover {
  background: var(--surface-2);
  color: var(--text);
}

.nav-link.is-active {
  background: var(--primary-soft);
  color: var(--primary-strong);
}

.header-actions {
  margin-left: auto;
  display: flex;
  align-items: center;
  gap: 10px;
}

/* Footer */
.site-footer {
  border-top: 1px solid var(--border);
  background: var(--surface);
  margin-top: 64px;
}

.footer-inner {
  display: flex;
  justify-content: space-between;
  gap: 16px;
  flex-wrap: wrap;
  padding-top: 24px;
  padding-bottom: 24px;
  font-size: 0.9rem;
  color: var(--text-2);
}

/* Page scaffolding */
.page {
  padding-top: 40px;
  padding-bottom: 24px;
}

.narrow {
  max-width: 720px;
}

.center {
  text-align: center;
}

.center .button {
  margin-top: 8px;
}

.page-header {
  display: flex;
  align-items: flex-end;
  justify-content: space-between;
  gap: 16px;
  flex-wrap: wrap;
  margin-bottom: 24px;
}

.page-title {
  font-size: clamp(1.7rem, 2.5vw, 2.2rem);
  font-weight: 750;
}

.eyebrow {
  display: inline-block;
  margin-bottom: 10px;
  font-size: 0.78rem;
  font-weight: 700;
  letter-spacing: 0.08em;
  text-transform: uppercase;
  color: var(--primary);
}

.muted {
  color: var(--muted);
}

.lead {
  font-size: 1.15rem;
  color: var(--text-2);
}

/* Buttons */
.button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  gap: 8px;
  height: 40px;
  padding: 0 16px;
  border: 1px solid transparent;
  border-radius: 10px;
  background: var(--primary);
  color: #fff;
  font: inherit;
  font-size: 0.94rem;
  font-weight: 600;
  cursor: pointer;
  transition: background 0.15s ease, box-shadow 0.15s ease, transform 0.05s ease;
  box-shadow: 0 1px 2px rgb(15 23 42 / 0.12), inset 0 1px 0 rgb(255 255 255 / 0.12);
  white-space: nowrap;
}

.button:hover {
  background: var(--primary-strong);
  color: #fff;
}

.button:active {
  transform: translateY(1px);
}

.button:disabled {
  opacity: 0.6;
  cursor: not-allowed;
}

.button.secondary {
  background: var(--surface);
  color: var(--text);
  border-color: var(--border);
  box-shadow: var(--shadow-sm);
}

.button.secondary:hover {
  background: var(--surface-2);
  color: var(--text);
}

.button.ghost {
  background: transparent;
  color: var(--text-2);
  box-shadow: none;
}

.button.ghost:hover {
  background: var(--surface-2);
  color: var(--text);
}

.button.danger {
  background: var(--surface);
  color: var(--danger);
  border-color: #fecaca;
  box-shadow: none;
}

.button.danger:hover {
  background: var(--danger-soft);
}

.button.large {
  height: 48px;
  padding: 0 22px;
  font-size: 1rem;
  border-radius: 12px;
}

.button.small {
  height: 32px;
  padding: 0 10px;
  font-size: 0.85rem;
  border-radius: 8px;
}

/* Cards */
.card {
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
  padding: 24px;
}

.card-title {
  font-size: 1.05rem;
  font-weight: 650;
  margin-bottom: 4px;
}

.grid {
  display: grid;
  gap: 20px;
}

.grid.cols-2 {
  grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
}

.grid.cols-3 {
  grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
}

.grid.cols-4 {
  grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
}

/* Stats */
.stat {
  display: flex;
  flex-direction: column;
  gap: 6px;
}

.stat-label {
  display: flex;
  align-items: center;
  gap: 8px;
  font-size: 0.85rem;
  font-weight: 500;
  color: var(--muted);
}

.stat-value {
  font-size: 1.9rem;
  font-weight: 750;
  letter-spacing: -0.03em;
  color: var(--text);
}

.stat-icon {
  display: grid;
  place-items: center;
  width: 28px;
  height: 28px;
  border-radius: 8px;
  background: var(--primary-soft);
  color: var(--primary);
}

/* Badges */
.badge {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  padding: 2px 9px;
  border-radius: 999px;
  font-size: 0.78rem;
  font-weight: 600;
  background: var(--surface-2);
  color: var(--text-2);
  white-space: nowrap;
}

.badge.yes {
  background: var(--success-soft);
  color: var(--success);
}

.badge.accent {
  background: var(--primary-soft);
  color: var(--primary-strong);
}

/* Forms */
.form {
  display: grid;
  gap: 18px;
}

.form-grid {
  display: grid;
  gap: 18px;
  grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
}

.field {
  display: flex;
  flex-direction: column;
  gap: 6px;
}

.field.wide {
  grid-column: 1 / -1;
}

.field-label {
  font-size: 0.88rem;
  font-weight: 600;
  color: var(--text-2);
}

.field-label .required {
  color: var(--danger);
  margin-left: 2px;
}

.input,
.textarea,
.select {
  width: 100%;
  min-height: 42px;
  padding: 9px 12px;
  border: 1px solid var(--border);
  border-radius: 10px;
  background: var(--surface);
  color: var(--text);
  font: inherit;
  font-size: 0.95rem;
  transition: border-color 0.15s ease, box-shadow 0.15s ease;
}

.textarea {
  min-height: 110px;
  resize: vertical;
}

.input:focus,
.textarea:focus,
.select:focus {
  outline: none;
  border-color: var(--primary);
  box-shadow: 0 0 0 4px var(--primary-ring);
}

.input[aria-invalid='true'],
.textarea[aria-invalid='true'] {
  border-color: var(--danger);
}

.checkbox {
  display: inline-flex;
  align-items: center;
  gap: 10px;
  min-height: 42px;
  font-weight: 500;
}

.checkbox input {
  width: 18px;
  height: 18px;
  accent-color: var(--primary);
}

.field-error {
  font-size: 0.82rem;
  color: var(--danger);
}

.form-actions {
  display: flex;
  gap: 10px;
  justify-content: flex-end;
}

.search {
  position: relative;
  min-width: 260px;
}

.search svg {
  position: absolute;
  left: 12px;
  top: 50%;
  transform: translateY(-50%);
  color: var(--muted);
}

.search .input {
  padding-left: 38px;
}

/* Alerts and states */
.alert {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 12px;
  padding: 12px 16px;
  border-radius: 12px;
  background: var(--danger-soft);
  color: #991b1b;
  border: 1px solid #fecaca;
  margin-bottom: 16px;
}

.empty {
  padding: 48px 24px;
  text-align: center;
  color: var(--muted);
}

.empty h3 {
  color: var(--text);
}

.skeleton {
  height: 14px;
  border-radius: 6px;
  background: linear-gradient(90deg, var(--surface-2), #e9ecf4, var(--surface-2));
  background-size: 200% 100%;
  animation: shimmer 1.2s infinite linear;
}

@keyframes shimmer {
  from {
    background-position: 200% 0;
  }
  to {
    background-position: -200% 0;
  }
}

/* Tables */
.table-card {
  padding: 0;
  overflow: hidden;
}

.table-scroll {
  overflow-x: auto;
}

.table {
  width: 100%;
  border-collapse: collapse;
  font-size: 0.93rem;
}

.table th {
  text-align: left;
  font-size: 0.76rem;
  font-weight: 650;
  text-transform: uppercase;
  letter-spacing: 0.06em;
  color: var(--muted);
  background: var(--surface-2);
  padding: 11px 16px;
  border-bottom: 1px solid var(--border);
  white-space: nowrap;
}

.table td {
  padding: 13px 16px;
  border-bottom: 1px solid var(--border);
  color: var(--text-2);
  vertical-align: middle;
}

.table tr:last-child td {
  border-bottom: none;
}

.table tbody tr:hover td {
  background: #fafbfe;
}

.table .primary-cell a {
  font-weight: 600;
  color: var(--text);
}

.table .primary-cell a:hover {
  color: var(--primary);
}

.table .numeric {
  text-align: right;
  font-variant-numeric: tabular-nums;
}

/* Definition lists */
.details {
  display: grid;
  grid-template-columns: minmax(140px, 200px) 1fr;
  gap: 0;
  margin: 0;
}

.details dt,
.details dd {
  padding: 12px 0;
  border-bottom: 1px solid var(--border);
  margin: 0;
}

.details dt {
  color: var(--muted);
  font-size: 0.9rem;
}

.details dd {
  color: var(--text);
  white-space: pre-wrap;
}

.back-link {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  margin-bottom: 16px;
  font-size: 0.9rem;
  font-weight: 500;
  color: var(--muted);
}

.back-link:hover {
  color: var(--text);
}

.row {
  display: flex;
  align-items: center;
  gap: 10px;
  flex-wrap: wrap;
}

.spin {
  animation: spin 0.9s linear infinite;
}

@keyframes spin {
  to {
    transform: rotate(360deg);
  }
}

@media (max-width: 720px) {
  .header-inner {
    height: auto;
    padding-top: 12px;
    padding-bottom: 12px;
    flex-wrap: wrap;
    gap: 12px;
  }

  .details {
    grid-template-columns: 1fr;
  }

  .details dt {
    border-bottom: none;
    padding-bottom: 0;
  }
}
`;
}
