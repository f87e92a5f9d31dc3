'use client';

import { Alert, Badge, Button, FormField, Input, Skeleton } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  ArrowLeftIcon,
  ArrowRightIcon,
  CheckIcon,
  DatabaseIcon,
  GlobeIcon,
  KeyRoundIcon,
  RocketIcon,
  ServerIcon,
  ShoppingCartIcon,
} from 'lucide-react';
import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';
import { formatBytes, formatUsd, relativeTime } from '@/components/dashboard/format';
import type { TDeployedApp, TDeployProviders } from '@/components/dashboard/types';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { countSqlRows, parseSchema, readManifest, type TAppFiles } from './app-files';
import { DomainsPanel } from './domains-panel';
import { EnvEditor, envProblems, envToSend, newEnvRow, type TEnvRow } from './env-editor';
import { defaultSlug, domainProblem, slugProblem } from './names';
import type { TPreviewData } from './preview-data';
import {
  DATABASE_PROVIDERS,
  HOSTING_PROVIDERS,
  liveUrlFor,
  providerInfo,
} from './provider-catalog';

const STEPS = [
  { id: 'database', label: 'Database', icon: DatabaseIcon },
  { id: 'hosting', label: 'Hosting', icon: ServerIcon },
  { id: 'environment', label: 'Environment', icon: KeyRoundIcon },
  { id: 'domain', label: 'Domain', icon: GlobeIcon },
  { id: 'review', label: 'Review', icon: RocketIcon },
] as const;

type TDataChoice = 'seed' | 'preview' | 'keep';

export type TDeployStarted = {
  deploymentId: string;
  appId: string;
  liveUrl: string;
  pendingDomain: string | null;
};

export type TDeployWizardProps = {
  orgId: string;
  project: { id: string; name: string; currentVersionId: string | null };
  versionLabel: string | null;
  files: TAppFiles | null;
  filesError: string | null;
  providers: TDeployProviders;
  /** The project's web app when it was deployed before. */
  app: TDeployedApp | null;
  appLiveUrl: string | null;
  savedEnvNames: string[];
  hostingUrlPatterns: Record<string, string>;
  previewData: TPreviewData | null;
  onStarted: (started: TDeployStarted) => void;
  /** Back to the app's overview (existing apps). */
  onClose?: () => void;
};

function ChoiceCard({
  name,
  value,
  checked,
  onChange,
  disabled,
  title,
  badges,
  children,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: (value: string) => void;
  disabled?: boolean;
  title: ReactNode;
  badges?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <label
      className={cn(
        'relative flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors',
        'has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring',
        checked ? 'border-accent bg-accent-subtle/40' : 'border-border hover:bg-muted/60',
        disabled && 'cursor-not-allowed opacity-60 hover:bg-transparent',
      )}
    >
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        disabled={disabled}
        onChange={() => onChange(value)}
        className="mt-1 size-4 shrink-0 accent-[var(--sy-accent)]"
      />
      <span className="grid min-w-0 flex-1 gap-1">
        <span className="flex flex-wrap items-center gap-1.5 text-sm font-medium">
          {title}
          {badges}
        </span>
        {children ? <span className="text-[13px] text-muted-foreground">{children}</span> : null}
      </span>
    </label>
  );
}

function Unconfigured({ items }: { items: { id: string; name: string; needs: string }[] }) {
  if (!items.length) return null;
  return (
    <div className="grid gap-2">
      <h4 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
        Not configured for this team
      </h4>
      <ul className="grid gap-1.5">
        {items.map((p) => (
          <li
            key={p.id}
            className="rounded-md border border-dashed border-border-strong px-3 py-2 text-[13px]"
            data-testid="unconfigured-provider"
          >
            <span className="font-medium">{p.name}</span>{' '}
            <span className="text-muted-foreground">— {p.needs}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Stepper({
  step,
  reached,
  onGo,
}: {
  step: number;
  reached: number;
  onGo: (i: number) => void;
}) {
  return (
    <nav aria-label="Deploy steps">
      <ol className="flex items-center gap-1 overflow-x-auto">
        {STEPS.map((s, i) => {
          const done = i < step;
          const current = i === step;
          return (
            <li key={s.id} className="flex shrink-0 items-center gap-1">
              <button
                type="button"
                onClick={() => onGo(i)}
                disabled={i > reached}
                aria-current={current ? 'step' : undefined}
                className={cn(
                  'flex items-center gap-1.5 rounded-full px-2.5 py-1 text-[13px] whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring disabled:cursor-not-allowed',
                  current
                    ? 'bg-accent text-accent-foreground'
                    : done
                      ? 'text-foreground hover:bg-muted'
                      : 'text-muted-foreground',
                )}
              >
                <span
                  aria-hidden
                  className={cn(
                    'flex size-5 items-center justify-center rounded-full text-[11px] font-semibold tabular-nums',
                    current
                      ? 'bg-accent-foreground/20'
                      : done
                        ? 'bg-success text-white'
                        : 'bg-muted',
                  )}
                >
                  {done ? <CheckIcon className="size-3" strokeWidth={3} /> : i + 1}
                </span>
                <span className={cn(current ? 'inline' : 'hidden sm:inline')}>{s.label}</span>
                <span className="sr-only">
                  {done ? ' (done)' : current ? ' (current step)' : ''}
                </span>
              </button>
              {i < STEPS.length - 1 ? (
                <span aria-hidden className="h-px w-3 bg-border-strong sm:w-5" />
              ) : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function initialEnvRows(files: TAppFiles | null, savedNames: string[]): TEnvRow[] {
  const declared = files ? readManifest(files).env : [];
  const rows = declared.map((v) =>
    newEnvRow({
      name: v.name,
      declared: true,
      required: v.required,
      description: v.description,
      saved: savedNames.includes(v.name),
    }),
  );
  for (const name of savedNames)
    if (!declared.some((d) => d.name === name)) rows.push(newEnvRow({ name, saved: true }));
  return rows;
}

/** The first deploy (or a deploy with new settings): database, hosting, env, domain, review. */
export function DeployWizard(props: TDeployWizardProps) {
  const { orgId, project, files, providers, app, previewData, hostingUrlPatterns } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const manifest = useMemo(() => (files ? readManifest(files) : null), [files]);
  const schemaSql = manifest?.database && files ? (files[manifest.database.schema] ?? '') : '';
  const tables = useMemo(() => parseSchema(schemaSql), [schemaSql]);
  const seedRows = useMemo(
    () =>
      manifest?.database?.seed && files ? countSqlRows(files[manifest.database.seed] ?? '') : 0,
    [manifest, files],
  );
  const needsDatabase = Boolean(manifest?.database);

  const configuredHosting = providers.hosting;
  const configuredDatabases = providers.database;
  const existingDatabase = app?.database ?? null;

  const [step, setStep] = useState(0);
  const [reached, setReached] = useState(0);
  const [hosting, setHosting] = useState<string>(
    app?.hostingProvider ??
      (configuredHosting.find((h) => h.id === 'local') ?? configuredHosting[0])?.id ??
      'local',
  );
  const recommendedDatabase = useMemo(() => {
    const ids = configuredDatabases.map((d) => d.id);
    if (hosting === 'local' && ids.includes('local')) return 'local';
    return (
      configuredDatabases.find((d) => d.dialect === 'sqlite' && d.id !== 'local')?.id ??
      ids[0] ??
      null
    );
  }, [configuredDatabases, hosting]);
  const [database, setDatabase] = useState<string | null>(
    existingDatabase?.provider ?? recommendedDatabase,
  );
  const [dataChoice, setDataChoice] = useState<TDataChoice>(
    app ? 'keep' : previewData ? 'preview' : 'seed',
  );
  const [envRows, setEnvRows] = useState<TEnvRow[]>(() =>
    initialEnvRows(files, props.savedEnvNames),
  );
  const [envSeeded, setEnvSeeded] = useState(Boolean(files));
  if (!envSeeded && files) {
    setEnvSeeded(true);
    setEnvRows(initialEnvRows(files, props.savedEnvNames));
  }
  const [slug, setSlug] = useState(() => defaultSlug(project.name));
  const [slugEdited, setSlugEdited] = useState(false);
  const [customDomain, setCustomDomain] = useState('');

  const problems = envProblems(envRows);
  const envInvalid = problems.some((p) => p.name || p.value);
  const slugError = app ? null : slugProblem(slug);
  const domainError = customDomain.trim() ? domainProblem(customDomain) : null;
  const urlPattern =
    hostingUrlPatterns[hosting] ??
    HOSTING_PROVIDERS.find((h) => h.id === hosting)?.urlPattern ??
    null;
  const liveUrl = app
    ? props.appLiveUrl
    : urlPattern
      ? liveUrlFor(urlPattern, slug || 'your-app')
      : null;
  const registrar = providers.domain.find((d) => d.registrar);

  const deploy = useMutation(
    trpc.deploy.deployWeb.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries({ queryKey: trpc.deploy.apps.queryKey({ orgId }) });
        void queryClient.invalidateQueries({ queryKey: ['dashboard', orgId] });
        props.onStarted({
          ...result,
          pendingDomain: !app && customDomain.trim() ? customDomain.trim().toLowerCase() : null,
        });
      },
    }),
  );

  const stepBlocked: Record<number, string | null> = {
    0: needsDatabase && !database ? 'Choose a database.' : null,
    1: configuredHosting.some((h) => h.id === hosting) ? null : 'Choose a host.',
    2: envInvalid ? 'Fix the environment variables first.' : null,
    3: slugError ?? domainError,
    4: null,
  };

  function go(i: number) {
    setStep(i);
    setReached((r) => Math.max(r, i));
  }

  function submit() {
    const importPreviewData = dataChoice === 'preview' && Boolean(previewData);
    deploy.mutate({
      orgId,
      projectId: project.id,
      ...(project.currentVersionId ? { versionId: project.currentVersionId } : {}),
      hostingProvider: hosting,
      databaseProvider: needsDatabase ? database : null,
      importPreviewData,
      ...(importPreviewData && previewData ? { previewData: previewData.sql } : {}),
      env: envToSend(envRows),
      ...(!app && slugEdited ? { slug } : {}),
    });
  }

  if (!project.currentVersionId) {
    return (
      <Alert variant="info" title="Nothing to deploy yet">
        This project has no version: describe the app in the builder first, then deploy it.{' '}
        <Link
          href={`/projects/${encodeURIComponent(project.id)}`}
          className="font-medium underline"
        >
          Open the builder
        </Link>
      </Alert>
    );
  }

  const hostingInfo = providerInfo(
    'hosting',
    hosting,
    configuredHosting.find((h) => h.id === hosting)?.label,
  );
  const databaseInfo = database
    ? providerInfo('database', database, configuredDatabases.find((d) => d.id === database)?.label)
    : null;
  const costParts = [hostingInfo, ...(needsDatabase && databaseInfo ? [databaseInfo] : [])];
  const totalKnown = costParts.every((p) => p.cost.monthlyUsd !== null);
  const total = costParts.reduce((sum, p) => sum + (p.cost.monthlyUsd ?? 0), 0);

  return (
    <div className="grid gap-5">
      <Stepper step={step} reached={reached} onGo={go} />
      <p
        className="sr-only"
        aria-live="polite"
      >{`Step ${step + 1} of ${STEPS.length}: ${STEPS[step]!.label}`}</p>

      {props.filesError ? (
        <Alert variant="danger">The app’s files could not be read: {props.filesError}</Alert>
      ) : null}

      {step === 0 ? (
        <section className="grid gap-4" aria-labelledby="step-database">
          <div>
            <h3 id="step-database" className="text-[15px] font-semibold">
              Where does the app’s data live?
            </h3>
            <p className="mt-0.5 text-sm text-muted-foreground">
              {files === null ? (
                <Skeleton className="h-4 w-64" />
              ) : needsDatabase ? (
                <>
                  <span className="font-mono text-[13px]">{manifest?.database?.schema}</span>:{' '}
                  {tables.length} table{tables.length === 1 ? '' : 's'}
                  {tables.length ? ` (${tables.map((t) => t.name).join(', ')})` : ''}, written for
                  SQLite.
                </>
              ) : (
                'This app declares no database in shipyard.json, so none is needed.'
              )}
            </p>
          </div>
          {needsDatabase ? (
            <fieldset className="grid gap-2">
              <legend className="sr-only">Database provider</legend>
              {configuredDatabases.map((d) => {
                const info = providerInfo('database', d.id, d.label);
                const locked = Boolean(existingDatabase && existingDatabase.provider !== d.id);
                return (
                  <ChoiceCard
                    key={d.id}
                    name="database"
                    value={d.id}
                    checked={database === d.id}
                    onChange={setDatabase}
                    disabled={locked}
                    title={info.name}
                    badges={
                      <>
                        {d.id === recommendedDatabase ? (
                          <Badge variant="accent">Recommended</Badge>
                        ) : null}
                        <Badge variant="neutral">
                          {d.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}
                        </Badge>
                        {existingDatabase?.provider === d.id ? (
                          <Badge variant="success">In use</Badge>
                        ) : null}
                      </>
                    }
                  >
                    {d.label}.{' '}
                    {d.dialect === 'sqlite'
                      ? 'Schema compatible: runs as written.'
                      : 'Schema translated to PostgreSQL on deploy (booleans, identities, conflict clauses).'}
                    {locked
                      ? ` This app’s data lives on ${existingDatabase?.provider}; delete the app to move it.`
                      : ''}
                  </ChoiceCard>
                );
              })}
            </fieldset>
          ) : null}
          {needsDatabase ? (
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Data to start with</legend>
              {app ? (
                <ChoiceCard
                  name="data"
                  value="keep"
                  checked={dataChoice === 'keep'}
                  onChange={() => setDataChoice('keep')}
                  title="Keep the live data"
                >
                  The database is kept across deploys; the schema is applied again and nothing is
                  deleted.
                </ChoiceCard>
              ) : seedRows > 0 ? (
                <ChoiceCard
                  name="data"
                  value="seed"
                  checked={dataChoice === 'seed'}
                  onChange={() => setDataChoice('seed')}
                  title={`Sample data from ${manifest?.database?.seed ?? 'the seed'}`}
                  badges={<Badge variant="neutral">{seedRows} rows</Badge>}
                >
                  The rows the app was generated with.
                </ChoiceCard>
              ) : (
                <ChoiceCard
                  name="data"
                  value="seed"
                  checked={dataChoice === 'seed'}
                  onChange={() => setDataChoice('seed')}
                  title="Start empty"
                >
                  The app has no seed data.
                </ChoiceCard>
              )}
              {previewData ? (
                <ChoiceCard
                  name="data"
                  value="preview"
                  checked={dataChoice === 'preview'}
                  onChange={() => setDataChoice('preview')}
                  title={
                    app
                      ? 'Replace the live data with the preview’s data'
                      : 'Import data from the preview'
                  }
                  badges={<Badge variant="accent">{previewData.rows} rows</Badge>}
                >
                  Exported from the builder’s preview{' '}
                  {relativeTime(new Date(previewData.exportedAt))} ({formatBytes(previewData.bytes)}
                  ).
                  {app ? ' The rows of the tables it contains are deleted first.' : ''}
                </ChoiceCard>
              ) : (
                <p className="text-[13px] text-muted-foreground">
                  To carry the rows you made in the preview, open the project in the builder and
                  click Deploy there: the preview’s data comes along.
                </p>
              )}
            </fieldset>
          ) : null}
          <Unconfigured
            items={DATABASE_PROVIDERS.filter(
              (p) => !configuredDatabases.some((d) => d.id === p.id),
            )}
          />
        </section>
      ) : null}

      {step === 1 ? (
        <section className="grid gap-4" aria-labelledby="step-hosting">
          <div>
            <h3 id="step-hosting" className="text-[15px] font-semibold">
              Where does it run?
            </h3>
            <p className="mt-0.5 text-sm text-muted-foreground">
              One build (static files and the API worker) runs on every host.
            </p>
          </div>
          <fieldset className="grid gap-2">
            <legend className="sr-only">Hosting provider</legend>
            {configuredHosting.map((h) => {
              const info = providerInfo('hosting', h.id, h.label);
              const pattern = hostingUrlPatterns[h.id] ?? info.urlPattern;
              return (
                <ChoiceCard
                  key={h.id}
                  name="hosting"
                  value={h.id}
                  checked={hosting === h.id}
                  onChange={setHosting}
                  title={info.name}
                  badges={
                    <>
                      {h.id === 'local' ? <Badge variant="accent">Recommended</Badge> : null}
                      {app?.hostingProvider === h.id ? (
                        <Badge variant="success">In use</Badge>
                      ) : null}
                    </>
                  }
                >
                  {h.label}. {info.summary}
                  {pattern ? (
                    <>
                      {' '}
                      Address: <span className="font-mono">{pattern}</span>
                    </>
                  ) : null}
                </ChoiceCard>
              );
            })}
          </fieldset>
          <Unconfigured
            items={HOSTING_PROVIDERS.filter((p) => !configuredHosting.some((h) => h.id === p.id))}
          />
        </section>
      ) : null}

      {step === 2 ? (
        <section className="grid gap-4" aria-labelledby="step-env">
          <div>
            <h3 id="step-env" className="text-[15px] font-semibold">
              Environment variables
            </h3>
            <p className="mt-0.5 text-sm text-muted-foreground">
              Read by the API as <code className="text-[13px]">env.NAME</code>. Values are encrypted
              at rest and never shown again, except to admins who reveal them.
            </p>
          </div>
          <EnvEditor rows={envRows} onChange={setEnvRows} />
        </section>
      ) : null}

      {step === 3 ? (
        <section className="grid gap-5" aria-labelledby="step-domain">
          <div>
            <h3 id="step-domain" className="text-[15px] font-semibold">
              Address
            </h3>
            <p className="mt-0.5 text-sm text-muted-foreground">
              Every app gets a free address. Add your own domain as well if you have one.
            </p>
          </div>
          <div className="grid gap-2 rounded-lg border border-border p-3.5">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium">Free address</span>
              <Badge variant="success">Included</Badge>
            </div>
            {app ? null : (
              <FormField
                label="App name in the address"
                error={slugError}
                description={
                  slugEdited
                    ? 'If the name is taken, the deploy says so and suggests another.'
                    : 'Derived from the project name; if it is taken, a number is added.'
                }
              >
                <Input
                  value={slug}
                  onChange={(e) => {
                    setSlug(e.target.value.toLowerCase());
                    setSlugEdited(true);
                  }}
                  autoComplete="off"
                  spellCheck={false}
                  className="font-mono text-[13px]"
                />
              </FormField>
            )}
            {liveUrl ? (
              <p className="text-sm">
                {app ? 'Live at ' : 'Will be live at '}
                <span
                  className="font-mono text-[13px] font-medium break-all"
                  data-testid="planned-live-url"
                >
                  {liveUrl}
                </span>
              </p>
            ) : null}
          </div>
          <div className="grid gap-2 rounded-lg border border-border p-3.5">
            <span className="text-sm font-medium">A domain you own</span>
            {app ? (
              <DomainsPanel
                orgId={orgId}
                appId={app.id}
                domains={app.domains}
                canEdit
                verifyAvailable={providers.domain.length > 0}
                onChanged={() => undefined}
              />
            ) : (
              <FormField
                label="Custom domain (optional)"
                error={domainError}
                description="Attached right after the first deploy; the exact DNS records to create are shown then, with a Verify button."
              >
                <Input
                  value={customDomain}
                  onChange={(e) => setCustomDomain(e.target.value)}
                  placeholder="app.example.com"
                  autoComplete="off"
                  spellCheck={false}
                  inputMode="url"
                />
              </FormField>
            )}
          </div>
          <div className="grid gap-1.5 rounded-lg border border-dashed border-border-strong p-3.5 text-sm">
            <span className="flex items-center gap-2 font-medium">
              <ShoppingCartIcon aria-hidden className="size-4 text-muted-foreground" />
              Buy a domain
            </span>
            <p className="text-[13px] text-muted-foreground">
              {registrar
                ? `${registrar.label} can register domains, but this server’s deploy API does not offer domain search and purchase yet. Buy the domain at ${registrar.label} and add it above.`
                : 'Buying a domain needs a registrar-capable domain provider (for example Cloudflare Registrar through @shipyard/providers-cloudflare). None is configured on this server: buy a domain anywhere and add it above.'}
            </p>
          </div>
        </section>
      ) : null}

      {step === 4 ? (
        <section className="grid gap-4" aria-labelledby="step-review">
          <h3 id="step-review" className="text-[15px] font-semibold">
            Review and deploy
          </h3>
          <dl
            className="grid gap-x-6 gap-y-2.5 rounded-lg border border-border p-4 text-sm sm:grid-cols-[10rem_1fr]"
            data-testid="deploy-review"
          >
            <dt className="text-muted-foreground">Project</dt>
            <dd>
              {project.name}
              {props.versionLabel ? (
                <span className="text-muted-foreground"> · {props.versionLabel}</span>
              ) : null}
            </dd>
            <dt className="text-muted-foreground">Database</dt>
            <dd>
              {needsDatabase && databaseInfo ? (
                <>
                  {databaseInfo.name} ·{' '}
                  {dataChoice === 'preview' && previewData
                    ? `import ${previewData.rows} rows from the preview`
                    : dataChoice === 'keep'
                      ? 'keep the live data'
                      : seedRows
                        ? `${seedRows} sample rows`
                        : 'empty'}
                </>
              ) : (
                'None'
              )}
            </dd>
            <dt className="text-muted-foreground">Hosting</dt>
            <dd>{hostingInfo.name}</dd>
            <dt className="text-muted-foreground">Environment</dt>
            <dd>
              {Object.keys(envToSend(envRows)).length
                ? Object.keys(envToSend(envRows)).join(', ')
                : envRows.some((r) => r.saved)
                  ? 'Saved values kept'
                  : 'No variables'}
            </dd>
            <dt className="text-muted-foreground">Address</dt>
            <dd className="min-w-0">
              <span className="font-mono text-[13px] break-all">{liveUrl}</span>
              {customDomain.trim() && !app ? (
                <span className="block text-muted-foreground">
                  and {customDomain.trim().toLowerCase()} (DNS records shown after the deploy)
                </span>
              ) : null}
            </dd>
          </dl>
          <div
            className="grid gap-2 rounded-lg border border-border bg-muted/40 p-4"
            data-testid="cost-estimate"
          >
            <div className="flex items-baseline justify-between gap-3">
              <span className="text-sm font-medium">Estimated monthly cost</span>
              <span className="text-lg font-semibold tabular-nums">
                {totalKnown ? formatUsd(total) : `${formatUsd(total)} + your server`}
                <span className="text-sm font-normal text-muted-foreground"> / month</span>
              </span>
            </div>
            <ul className="grid gap-1 text-[13px] text-muted-foreground">
              {costParts.map((p) => (
                <li key={p.id + p.name}>
                  <span className="font-medium text-foreground">{p.name}:</span>{' '}
                  {p.cost.monthlyUsd === null ? 'no estimate' : formatUsd(p.cost.monthlyUsd)} —{' '}
                  {p.cost.assumptions}
                </li>
              ))}
              <li>
                Assumes a small app (a few thousand requests a day). Vendor prices change: check
                their pricing pages before relying on a figure.
              </li>
            </ul>
          </div>
          {deploy.error ? (
            <Alert variant="danger" title="The deploy did not start">
              {errorMessage(deploy.error)}
            </Alert>
          ) : null}
        </section>
      ) : null}

      <div className="flex flex-col-reverse gap-2 border-t border-border pt-4 sm:flex-row sm:items-center sm:justify-between">
        <div>
          {step > 0 ? (
            <Button variant="ghost" onClick={() => go(step - 1)}>
              <ArrowLeftIcon />
              Back
            </Button>
          ) : props.onClose ? (
            <Button variant="ghost" onClick={props.onClose}>
              <ArrowLeftIcon />
              Back to the app
            </Button>
          ) : null}
        </div>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          {stepBlocked[step] ? (
            <p className="text-[13px] text-muted-foreground">{stepBlocked[step]}</p>
          ) : null}
          {step < STEPS.length - 1 ? (
            <Button
              onClick={() => go(step + 1)}
              disabled={Boolean(stepBlocked[step]) || files === null}
            >
              Continue
              <ArrowRightIcon />
            </Button>
          ) : (
            <Button
              onClick={submit}
              loading={deploy.isPending}
              disabled={envInvalid || Boolean(slugError)}
            >
              <RocketIcon />
              Deploy
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
