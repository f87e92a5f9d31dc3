import { Alert, Badge, Card, CardContent, CardDescription, CardHeader } from '@shipyard/ui';
import { buttonVariants, cn } from '@shipyard/ui/utils';
import { ArrowLeftIcon, ArrowRightIcon, ExternalLinkIcon, RocketIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { formatBytes, relativeTime } from '@/components/dashboard/format';
import {
  countSqlRows,
  envNamesUsedInApi,
  htmlDescription,
  listApiRoutes,
  listPages,
  parseSchema,
  readManifest,
  type TSchemaColumn,
} from '@/components/deploy/app-files';
import { requireTeam } from '@/server/viewer';
import { loadProjectDocs } from './docs-data';

type TParams = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Project docs' };

const METHOD_TONE: Record<string, string> = {
  GET: 'bg-success-subtle text-success-subtle-foreground',
  POST: 'bg-accent-subtle text-accent-subtle-foreground',
  PUT: 'bg-warning-subtle text-warning-subtle-foreground',
  PATCH: 'bg-warning-subtle text-warning-subtle-foreground',
  DELETE: 'bg-danger-subtle text-danger-subtle-foreground',
};

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card id={id} className="scroll-mt-24">
      <CardHeader>
        <h2 className="text-[15px] leading-tight font-semibold">{title}</h2>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function DocTable({
  head,
  children,
  label,
}: {
  head: string[];
  children: ReactNode;
  label: string;
}) {
  return (
    <div
      className="overflow-x-auto rounded-md border border-border"
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      <table className="w-full border-collapse text-sm">
        <thead className="bg-muted/50">
          <tr>
            {head.map((h) => (
              <th
                key={h}
                scope="col"
                className="px-3 py-2 text-left text-xs font-medium whitespace-nowrap text-muted-foreground"
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="[&_tr]:border-t [&_tr]:border-border">{children}</tbody>
      </table>
    </div>
  );
}

function columnNotes(c: TSchemaColumn): string[] {
  const notes: string[] = [];
  if (c.primaryKey) notes.push(c.autoIncrement ? 'primary key, auto-increment' : 'primary key');
  if (c.notNull && !c.primaryKey) notes.push('required');
  if (c.unique) notes.push('unique');
  if (c.defaultValue) notes.push(`default ${c.defaultValue}`);
  if (c.references)
    notes.push(`→ ${c.references.table}${c.references.column ? `.${c.references.column}` : ''}`);
  if (c.check) notes.push(`check ${c.check}`);
  return notes;
}

/** /projects/[id]/docs — the generated app explained from its own files. */
export default async function ProjectDocsPage({ params }: TParams) {
  const { id } = await params;
  const { activeOrg } = await requireTeam(`/projects/${encodeURIComponent(id)}/docs`);
  const docs = await loadProjectDocs(activeOrg.id, id);
  if (!docs) notFound();
  const { project, files, version, app, liveUrl } = docs;
  const manifest = readManifest(files);
  const pages = listPages(files);
  const routes = listApiRoutes(files);
  const schemaSql = manifest.database ? (files[manifest.database.schema] ?? '') : '';
  const tables = parseSchema(schemaSql);
  const seedRows = manifest.database?.seed ? countSqlRows(files[manifest.database.seed] ?? '') : 0;
  const usedEnv = envNamesUsedInApi(files);
  const undeclared = usedEnv.filter((n) => !manifest.env.some((e) => e.name === n));
  const summary = project.description || htmlDescription(files, manifest.entry) || project.summary;
  const paths = Object.keys(files).sort();
  const totalBytes = paths.reduce(
    (sum, p) => sum + new TextEncoder().encode(files[p] ?? '').length,
    0,
  );
  const canDeploy = activeOrg.role !== 'viewer';
  const hasFiles = paths.length > 0;

  const toc = [
    ['overview', 'What it does'],
    ['pages', 'Pages'],
    ['api', 'API routes'],
    ['data', 'Data model'],
    ['env', 'Environment variables'],
    ['deployment', 'Deployment'],
    ['files', 'Files'],
  ] as const;

  return (
    <div className="grid gap-6">
      <div className="grid gap-4">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <ol className="flex flex-wrap items-center gap-1.5">
            <li>
              <Link href="/dashboard" className="hover:text-foreground">
                Dashboard
              </Link>
            </li>
            <li aria-hidden>/</li>
            <li>
              <Link
                href={`/projects/${encodeURIComponent(project.id)}`}
                className="hover:text-foreground"
              >
                {project.name}
              </Link>
            </li>
            <li aria-hidden>/</li>
            <li aria-current="page" className="text-foreground">
              Docs
            </li>
          </ol>
        </nav>
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words">{project.name}</h1>
            {manifest.name && manifest.name !== project.name ? (
              <p className="mt-0.5 text-sm">The app calls itself “{manifest.name}”.</p>
            ) : null}
            <p className="mt-1 max-w-2xl text-sm text-muted-foreground">
              {summary || 'No description yet.'}
            </p>
            <p className="mt-2 text-xs text-muted-foreground">
              {version
                ? `Written from version ${version.number} (${relativeTime(version.createdAt)}) by reading the app’s own files.`
                : 'The project has no version yet.'}
            </p>
          </div>
          <div className="flex shrink-0 flex-wrap gap-2">
            <Link
              href={`/projects/${encodeURIComponent(project.id)}`}
              className={buttonVariants({ variant: 'secondary' })}
            >
              <ArrowLeftIcon />
              {canDeploy ? 'Continue building' : 'Open project'}
            </Link>
            {canDeploy ? (
              <Link
                href={`/dashboard?deploy=${encodeURIComponent(project.id)}`}
                className={buttonVariants()}
              >
                <RocketIcon />
                Deploy
              </Link>
            ) : null}
          </div>
        </div>
      </div>

      {!hasFiles ? (
        <Alert variant="info" title="Nothing to document yet">
          This project has no files. Describe the app in the builder; its docs are written from what
          it generates.
        </Alert>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[12rem_minmax(0,1fr)]">
          <nav aria-label="On this page" className="hidden lg:block">
            <ul className="sticky top-24 grid gap-1 text-sm">
              {toc.map(([anchor, label]) => (
                <li key={anchor}>
                  <a
                    href={`#${anchor}`}
                    className="block rounded px-2 py-1 text-muted-foreground hover:bg-muted hover:text-foreground"
                  >
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="grid min-w-0 gap-6">
            <Section id="overview" title="What it does">
              <div className="grid gap-3 text-sm">
                {project.summary && project.summary !== summary ? <p>{project.summary}</p> : null}
                <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]">
                  <dt className="text-muted-foreground">Frontend</dt>
                  <dd>
                    React and TypeScript, {pages.length} page{pages.length === 1 ? '' : 's'} (entry{' '}
                    <code className="text-[13px]">{manifest.entry}</code>)
                  </dd>
                  <dt className="text-muted-foreground">API</dt>
                  <dd>
                    {manifest.api
                      ? `${routes.length} route${routes.length === 1 ? '' : 's'} in ${manifest.api} (Workers fetch handler)`
                      : 'None'}
                  </dd>
                  <dt className="text-muted-foreground">Database</dt>
                  <dd>
                    {manifest.database
                      ? `SQLite, ${tables.length} table${tables.length === 1 ? '' : 's'}${seedRows ? `, ${seedRows} sample rows` : ''}`
                      : 'None'}
                  </dd>
                  <dt className="text-muted-foreground">Status</dt>
                  <dd>
                    {liveUrl ? (
                      <a
                        href={liveUrl}
                        target="_blank"
                        rel="noreferrer"
                        className="inline-flex items-center gap-1 font-mono text-[13px] text-accent hover:underline"
                      >
                        {liveUrl}
                        <ExternalLinkIcon aria-hidden className="size-3.5" />
                      </a>
                    ) : (
                      'Not deployed'
                    )}
                  </dd>
                </dl>
                {manifest.problem ? <Alert variant="warning">{manifest.problem}</Alert> : null}
              </div>
            </Section>

            <Section
              id="pages"
              title="Pages"
              description="The addresses the app answers in the browser (react-router routes)."
            >
              {pages.length ? (
                <DocTable head={['Address', 'Name in the menu', 'Component']} label="Pages">
                  {pages.map((p) => {
                    const isFallback = p.path.endsWith('*');
                    const linkable = liveUrl && !isFallback && !p.path.includes(':');
                    return (
                      <tr key={p.path}>
                        <td className="px-3 py-2 font-mono text-[13px] whitespace-nowrap">
                          {isFallback ? (
                            <span>Any other address (not found page)</span>
                          ) : linkable ? (
                            <a
                              href={`${liveUrl}${p.path}`}
                              target="_blank"
                              rel="noreferrer"
                              className="text-accent hover:underline"
                            >
                              {p.path}
                            </a>
                          ) : (
                            p.path
                          )}
                        </td>
                        <td className="px-3 py-2">
                          {p.label ?? <span className="text-muted-foreground">—</span>}
                        </td>
                        <td className="px-3 py-2 font-mono text-[13px]">
                          {p.component}
                          {p.file ? (
                            <span className="text-muted-foreground"> · {p.file}</span>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </DocTable>
              ) : (
                <p className="text-sm text-muted-foreground">
                  No routes found: the app is a single page.
                </p>
              )}
            </Section>

            <Section
              id="api"
              title="API routes"
              description="Found by reading api/*; routes built at run time may be missing."
            >
              {routes.length ? (
                <DocTable head={['Method', 'Path', 'Defined in']} label="API routes">
                  {routes.map((r) => (
                    <tr key={`${r.method} ${r.path}`} data-testid="api-route">
                      <td className="px-3 py-2">
                        <span
                          className={cn(
                            'rounded px-1.5 py-0.5 font-mono text-xs font-semibold',
                            METHOD_TONE[r.method] ?? 'bg-muted text-muted-foreground',
                          )}
                        >
                          {r.method}
                        </span>
                      </td>
                      <td className="px-3 py-2 font-mono text-[13px] whitespace-nowrap">
                        {liveUrl &&
                        r.method === 'GET' &&
                        !r.path.includes(':') &&
                        !r.path.includes('*') ? (
                          <a
                            href={`${liveUrl}${r.path}`}
                            target="_blank"
                            rel="noreferrer"
                            className="text-accent hover:underline"
                          >
                            {r.path}
                          </a>
                        ) : (
                          r.path
                        )}
                      </td>
                      <td className="px-3 py-2 font-mono text-[13px] text-muted-foreground">
                        {r.file}:{r.line}
                      </td>
                    </tr>
                  ))}
                </DocTable>
              ) : (
                <p className="text-sm text-muted-foreground">
                  {manifest.api
                    ? 'No routes could be read from the API code.'
                    : 'The app has no API.'}
                </p>
              )}
            </Section>

            <Section
              id="data"
              title="Data model"
              description={
                manifest.database
                  ? `From ${manifest.database.schema}${manifest.database.seed ? `; ${seedRows} sample rows in ${manifest.database.seed}` : ''}.`
                  : undefined
              }
            >
              {tables.length ? (
                <div className="grid gap-5">
                  {tables.map((t) => (
                    <div key={t.name} className="grid gap-2" data-testid="data-table">
                      <h3 className="font-mono text-sm font-semibold">{t.name}</h3>
                      <DocTable head={['Column', 'Type', 'Rules']} label={`Columns of ${t.name}`}>
                        {t.columns.map((c) => (
                          <tr key={c.name}>
                            <td className="px-3 py-2 font-mono text-[13px]">{c.name}</td>
                            <td className="px-3 py-2 font-mono text-[13px]">{c.type || '—'}</td>
                            <td className="px-3 py-2 text-[13px]">
                              {columnNotes(c).length ? (
                                columnNotes(c).join(' · ')
                              ) : (
                                <span className="text-muted-foreground">optional</span>
                              )}
                            </td>
                          </tr>
                        ))}
                      </DocTable>
                      {t.indexes.length || t.constraints.length ? (
                        <p className="text-[13px] text-muted-foreground">
                          {t.indexes
                            .map(
                              (i) =>
                                `${i.unique ? 'Unique index' : 'Index'} ${i.name} on ${i.columns.join(', ')}`,
                            )
                            .join('; ')}
                          {t.indexes.length && t.constraints.length ? '; ' : ''}
                          {t.constraints.join('; ')}
                        </p>
                      ) : null}
                    </div>
                  ))}
                </div>
              ) : (
                <p className="text-sm text-muted-foreground">
                  {manifest.database
                    ? 'No tables could be read from the schema.'
                    : 'The app keeps no data of its own.'}
                </p>
              )}
            </Section>

            <Section
              id="env"
              title="Environment variables"
              description="Declared in shipyard.json; set their values when deploying."
            >
              <div className="grid gap-3">
                {manifest.env.length ? (
                  <DocTable
                    head={['Name', 'Required', 'What it is for']}
                    label="Environment variables"
                  >
                    {manifest.env.map((v) => (
                      <tr key={v.name}>
                        <td className="px-3 py-2 font-mono text-[13px]">{v.name}</td>
                        <td className="px-3 py-2">
                          {v.required ? (
                            <Badge variant="warning">Required</Badge>
                          ) : (
                            <span className="text-muted-foreground">Optional</span>
                          )}
                        </td>
                        <td className="px-3 py-2 text-[13px]">
                          {v.description || <span className="text-muted-foreground">—</span>}
                        </td>
                      </tr>
                    ))}
                  </DocTable>
                ) : (
                  <p className="text-sm text-muted-foreground">The app declares none.</p>
                )}
                {undeclared.length ? (
                  <Alert variant="warning" title="Read in the API but not declared">
                    {undeclared.join(', ')}: add {undeclared.length === 1 ? 'it' : 'them'} to the{' '}
                    <code>env</code> list in shipyard.json so the deploy asks for a value.
                  </Alert>
                ) : null}
                <p className="text-[13px] text-muted-foreground">
                  <code>env.DB</code> (the database) and <code>env.ASSETS</code> (the static files)
                  are provided by the platform.
                </p>
              </div>
            </Section>

            <Section id="deployment" title="Deployment">
              {app ? (
                <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
                  <dt className="text-muted-foreground">Live address</dt>
                  <dd className="font-mono text-[13px] break-all">
                    {liveUrl ?? (app.liveDeploymentId ? 'Deployed' : 'Not live')}
                  </dd>
                  <dt className="text-muted-foreground">Hosting</dt>
                  <dd>{app.hostingProvider}</dd>
                  <dt className="text-muted-foreground">Database</dt>
                  <dd>
                    {app.database ? `${app.database.name} (${app.database.provider})` : 'None'}
                  </dd>
                  <dt className="text-muted-foreground">Custom domains</dt>
                  <dd>
                    {app.domains.length
                      ? app.domains.map((d) => `${d.name} (${d.status})`).join(', ')
                      : 'None'}
                  </dd>
                </dl>
              ) : (
                <div className="flex flex-wrap items-center gap-3 text-sm">
                  <span className="text-muted-foreground">Not deployed yet.</span>
                  {canDeploy ? (
                    <Link
                      href={`/dashboard?deploy=${encodeURIComponent(project.id)}`}
                      className={buttonVariants({ size: 'sm' })}
                    >
                      Deploy it
                      <ArrowRightIcon />
                    </Link>
                  ) : null}
                </div>
              )}
            </Section>

            <Section
              id="files"
              title="Files"
              description={`${paths.length} files, ${formatBytes(totalBytes)}.`}
            >
              <details className="text-sm">
                <summary className="cursor-pointer rounded text-accent outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring">
                  Show every file
                </summary>
                <ul className="mt-3 grid gap-1 font-mono text-[13px] sm:grid-cols-2">
                  {paths.map((p) => (
                    <li
                      key={p}
                      className="flex justify-between gap-3 rounded px-2 py-0.5 odd:bg-muted/50"
                    >
                      <span className="truncate">{p}</span>
                      <span className="shrink-0 text-muted-foreground">
                        {formatBytes(new TextEncoder().encode(files[p] ?? '').length)}
                      </span>
                    </li>
                  ))}
                </ul>
              </details>
            </Section>
          </div>
        </div>
      )}
    </div>
  );
}
