/**
 * The generated app's client side for its main entity: typed field specs, an API client, a
 * data hook, and generic list / detail / create pages driven by the field specs — so adding a
 * field is one line in src/fields.ts (plus the API and schema) and every page picks it up.
 */
import { type TScaffoldEntity, type TScaffoldField } from '../entities';
import { tsQuote } from '../text';

function tsFieldType(field: TScaffoldField): string {
  switch (field.type) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return field.required ? 'number' : 'number | null';
    default:
      return field.required ? 'string' : 'string | null';
  }
}

/** One property line of the entity interface in src/fields.ts (also used by the add-field edit). */
export function clientInterfaceLine(field: TScaffoldField): string {
  return `  ${field.key}: ${tsFieldType(field)};`;
}

/** One line of src/fields.ts's FIELDS array (also used by the add-field edit). */
export function clientFieldLine(field: TScaffoldField): string {
  return `  { key: ${tsQuote(field.key)}, label: ${tsQuote(field.label)}, type: ${tsQuote(field.type)}, required: ${field.required} },`;
}

export function clientFieldsTs(entity: TScaffoldEntity, basePath: string): string {
  const type = entity.typeName;
  return `export type FieldType = 'text' | 'longtext' | 'email' | 'url' | 'tel' | 'number' | 'date' | 'boolean';
export type FieldValue = string | number | boolean | null;

/** One ${entity.label}, as the API returns it. */
export interface ${type} {
  id: number;
${entity.fields.map(clientInterfaceLine).join('\n')}
  createdAt: string;
}

/** What the form sends to create or replace a ${entity.label}. */
export type ${type}Input = Omit<${type}, 'id' | 'createdAt'>;

export interface FieldSpec {
  key: keyof ${type}Input;
  label: string;
  type: FieldType;
  required: boolean;
}

export const ENTITY = {
  singular: ${tsQuote(entity.label)},
  plural: ${tsQuote(entity.labelPlural)},
  basePath: ${tsQuote(basePath)},
  apiPath: ${tsQuote(`/api/${entity.path}`)},
} as const;

/** The ${entity.label}'s fields, in display order. Keep in step with api/fields.ts. */
export const FIELDS: FieldSpec[] = [
${entity.fields.map(clientFieldLine).join('\n')}
];

/** The field that names a ${entity.label} in lists and headings. */
export const DISPLAY_FIELD: keyof ${type}Input = ${tsQuote(entity.displayField)};
`;
}

export function clientApiTs(entity: TScaffoldEntity): string {
  const type = entity.typeName;
  return `import { useCallback, useEffect, useState } from 'react';
import { ENTITY, type ${type}, type ${type}Input } from './fields';

/** An API failure with the server's message and, for 400s, a message per field. */
export class ApiError extends Error {
  readonly status: number;
  readonly fields: Record<string, string>;

  constructor(message: string, status: number, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.fields = fields;
  }
}

type ErrorBody = { error: string; fields?: Record<string, string> };

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ErrorBody).error === 'string';
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch {
    throw new ApiError('Could not reach the server. Check your connection and try again.', 0);
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      isErrorBody(body) ? body.error : 'The server answered with status ' + response.status + '.',
      response.status,
      isErrorBody(body) && body.fields ? body.fields : {},
    );
  }
  return body as T;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export const records = {
  list: (query = '') =>
    request<Page<${type}>>(ENTITY.apiPath + (query ? '?q=' + encodeURIComponent(query) : '')),
  get: (id: number) => request<${type}>(ENTITY.apiPath + '/' + id),
  create: (input: ${type}Input) => request<${type}>(ENTITY.apiPath, { method: 'POST', body: JSON.stringify(input) }),
  update: (id: number, input: ${type}Input) =>
    request<${type}>(ENTITY.apiPath + '/' + id, { method: 'PUT', body: JSON.stringify(input) }),
  remove: (id: number) => request<void>(ENTITY.apiPath + '/' + id, { method: 'DELETE' }),
};

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads data when the component mounts or a dependency changes; ignores stale answers. */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load().then(
      (data) => {
        if (!cancelled) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!cancelled) {
          setState((previous) => ({ ...previous, error: error instanceof Error ? error.message : String(error), loading: false }));
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((current) => current + 1), []);
  return { ...state, reload };
}
`;
}

export const FIELD_DISPLAY_TSX = `import { Check } from 'lucide-react';
import { type FieldSpec, type FieldValue } from '../fields';

const MONEY = /(price|amount|cost|total|budget|salary|revenue|fee|balance|spend|income|profit|payment|deposit)/i;

export function isMoney(field: FieldSpec): boolean {
  return field.type === 'number' && MONEY.test(field.key);
}

export function formatNumber(field: FieldSpec, value: number): string {
  if (isMoney(field)) return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatDate(value: string): string {
  const date = new Date(value.length === 10 ? value + 'T00:00:00' : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A field's value, formatted for reading: links for emails and URLs, badges for yes/no. */
export function FieldDisplay({ field, value }: { field: FieldSpec; value: FieldValue | undefined }) {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  const text = String(value);
  switch (field.type) {
    case 'boolean':
      return value === true ? (
        <span className="badge yes">
          <Check size={12} strokeWidth={3} /> Yes
        </span>
      ) : (
        <span className="badge">No</span>
      );
    case 'email':
      return <a href={'mailto:' + text}>{text}</a>;
    case 'url':
      return text.startsWith('https://') || text.startsWith('http://') ? (
        <a href={text} target="_blank" rel="noreferrer">
          {text.replace('https://', '').replace('http://', '')}
        </a>
      ) : (
        <span>{text}</span>
      );
    case 'tel':
      return <a href={'tel:' + text.replace(/[^+0-9]/g, '')}>{text}</a>;
    case 'number':
      return <span>{typeof value === 'number' ? formatNumber(field, value) : text}</span>;
    case 'date':
      return <span>{formatDate(text)}</span>;
    default:
      return <span>{text}</span>;
  }
}
`;

export function recordFormTsx(entity: TScaffoldEntity): string {
  const type = entity.typeName;
  return `import { useState, type ChangeEvent, type FormEvent } from 'react';
import { LoaderCircle } from 'lucide-react';
import clsx from 'clsx';
import { ApiError } from '../api';
import { FIELDS, type FieldSpec, type FieldType, type FieldValue, type ${type}, type ${type}Input } from '../fields';

type Draft = Record<string, string | boolean>;

const INPUT_TYPES: Record<FieldType, string> = {
  text: 'text',
  longtext: 'text',
  email: 'email',
  url: 'url',
  tel: 'tel',
  number: 'number',
  date: 'date',
  boolean: 'checkbox',
};

function toDraftValue(field: FieldSpec, value: FieldValue | undefined): string | boolean {
  if (field.type === 'boolean') return value === true;
  return value === null || value === undefined ? '' : String(value);
}

function toDraft(record: ${type} | null | undefined): Draft {
  const draft: Draft = {};
  for (const field of FIELDS) {
    draft[field.key] = toDraftValue(field, record ? record[field.key] : null);
  }
  return draft;
}

function fromDraft(draft: Draft): ${type}Input {
  const input: Record<string, string | number | boolean | null> = {};
  for (const field of FIELDS) {
    const raw = draft[field.key];
    if (field.type === 'boolean') input[field.key] = raw === true;
    else if (typeof raw !== 'string' || raw.trim() === '') input[field.key] = null;
    else if (field.type === 'number') input[field.key] = Number(raw);
    else input[field.key] = raw.trim();
  }
  return input as ${type}Input;
}

export interface RecordFormProps {
  initial?: ${type} | null;
  submitLabel: string;
  onSubmit: (input: ${type}Input) => Promise<void>;
  onCancel?: () => void;
}

/** A form for every field in src/fields.ts. The server validates; its messages show per field. */
export function RecordForm({ initial, submitLabel, onSubmit, onCancel }: RecordFormProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      await onSubmit(fromDraft(draft));
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(error.fields);
        setFormError(error.message);
      } else {
        setFormError(error instanceof Error ? error.message : 'Saving failed. Try again.');
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate>
      {formError && (
        <div className="alert" role="alert">
          {formError}
        </div>
      )}
      <div className="form-grid">
        {FIELDS.map((field) => (
          <FieldInput
            key={field.key}
            field={field}
            value={draft[field.key] ?? ''}
            error={errors[field.key]}
            onChange={(value) => setDraft((current) => ({ ...current, [field.key]: value }))}
          />
        ))}
      </div>
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button" disabled={saving}>
          {saving && <LoaderCircle size={16} className="spin" />}
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

interface FieldInputProps {
  field: FieldSpec;
  value: string | boolean;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}

function FieldInput({ field, value, error, onChange }: FieldInputProps) {
  const id = 'field-' + field.key;
  if (field.type === 'boolean') {
    return (
      <label className="field checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
        {field.label}
      </label>
    );
  }
  const common = {
    id,
    name: field.key,
    required: field.required,
    'aria-invalid': error ? true : undefined,
    value: typeof value === 'string' ? value : '',
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
  };
  return (
    <div className={clsx('field', field.type === 'longtext' && 'wide')}>
      <label className="field-label" htmlFor={id}>
        {field.label}
        {field.required && <span className="required">*</span>}
      </label>
      {field.type === 'longtext' ? (
        <textarea className="textarea" {...common} />
      ) : (
        <input className="input" type={INPUT_TYPES[field.type]} step={field.type === 'number' ? 'any' : undefined} {...common} />
      )}
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
`;
}

export const RECORDS_PAGE_TSX = `import { useState } from 'react';
import { Link } from 'react-router';
import { Plus, Search } from 'lucide-react';
import clsx from 'clsx';
import { records, useResource } from '../api';
import { FieldDisplay } from '../components/FieldDisplay';
import { DISPLAY_FIELD, ENTITY, FIELDS } from '../fields';

/** The display field first, then up to four short fields. */
const COLUMNS = [
  ...FIELDS.filter((field) => field.key === DISPLAY_FIELD),
  ...FIELDS.filter((field) => field.key !== DISPLAY_FIELD && field.type !== 'longtext').slice(0, 4),
];

export function RecordsPage() {
  const [query, setQuery] = useState('');
  const { data, error, loading, reload } = useResource(() => records.list(query), [query]);

  return (
    <section className="container page">
      <div className="page-header">
        <div>
          <p className="eyebrow">{ENTITY.plural}</p>
          <h1 className="page-title">All {ENTITY.plural}</h1>
          <p className="muted">
            {data ? data.total + ' ' + (data.total === 1 ? ENTITY.singular : ENTITY.plural) : 'Loading…'}
          </p>
        </div>
        <div className="row">
          <label className="search">
            <Search size={16} />
            <input
              className="input"
              type="search"
              placeholder={'Search ' + ENTITY.plural + '…'}
              aria-label={'Search ' + ENTITY.plural}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
            />
          </label>
          <Link to={ENTITY.basePath + '/new'} className="button">
            <Plus size={16} /> New {ENTITY.singular}
          </Link>
        </div>
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
        {loading && !data ? (
          <div className="grid" style={{ padding: 24 }}>
            {[0, 1, 2, 3].map((row) => (
              <div key={row} className="skeleton" />
            ))}
          </div>
        ) : data && data.items.length === 0 ? (
          <div className="empty">
            <h3>{query ? 'No matches' : 'Nothing here yet'}</h3>
            <p>{query ? 'Try a different search.' : 'Create the first ' + ENTITY.singular + ' to get started.'}</p>
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  {COLUMNS.map((field) => (
                    <th key={field.key} className={clsx(field.type === 'number' && 'numeric')}>
                      {field.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data?.items.map((record) => (
                  <tr key={record.id}>
                    {COLUMNS.map((field) => (
                      <td
                        key={field.key}
                        className={clsx(field.key === DISPLAY_FIELD && 'primary-cell', field.type === 'number' && 'numeric')}
                      >
                        {field.key === DISPLAY_FIELD ? (
                          <Link to={ENTITY.basePath + '/' + record.id}>{String(record[field.key] ?? 'Untitled')}</Link>
                        ) : (
                          <FieldDisplay field={field} value={record[field.key]} />
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
`;

export const RECORD_PAGE_TSX = `import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ArrowLeft, Pencil, Trash2 } from 'lucide-react';
import { ApiError, records, useResource } from '../api';
import { FieldDisplay, formatDate } from '../components/FieldDisplay';
import { RecordForm } from '../components/RecordForm';
import { DISPLAY_FIELD, ENTITY, FIELDS } from '../fields';

export function RecordPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const recordId = Number(id);
  const { data: record, error, loading, reload } = useResource(() => records.get(recordId), [recordId]);
  const [editing, setEditing] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  async function handleDelete() {
    if (!record || !window.confirm('Delete this ' + ENTITY.singular + '? This cannot be undone.')) return;
    try {
      await records.remove(record.id);
      navigate(ENTITY.basePath);
    } catch (failure) {
      setDeleteError(failure instanceof ApiError ? failure.message : 'Deleting failed. Try again.');
    }
  }

  return (
    <section className="container page narrow">
      <Link to={ENTITY.basePath} className="back-link">
        <ArrowLeft size={16} /> All {ENTITY.plural}
      </Link>

      {loading && !record && <div className="card"><div className="skeleton" /></div>}

      {error && !record && (
        <div className="card empty">
          <h3>Could not load this {ENTITY.singular}</h3>
          <p>{error}</p>
          <Link to={ENTITY.basePath} className="button secondary">
            Back to the list
          </Link>
        </div>
      )}

      {record && (
        <>
          <div className="page-header">
            <div>
              <p className="eyebrow">{ENTITY.singular}</p>
              <h1 className="page-title">{String(record[DISPLAY_FIELD] ?? 'Untitled')}</h1>
              <p className="muted">Added {formatDate(record.createdAt.slice(0, 10))}</p>
            </div>
            {!editing && (
              <div className="row">
                <button type="button" className="button secondary" onClick={() => setEditing(true)}>
                  <Pencil size={16} /> Edit
                </button>
                <button type="button" className="button danger" onClick={handleDelete}>
                  <Trash2 size={16} /> Delete
                </button>
              </div>
            )}
          </div>

          {deleteError && (
            <div className="alert" role="alert">
              {deleteError}
            </div>
          )}

          <div className="card">
            {editing ? (
              <RecordForm
                initial={record}
                submitLabel="Save changes"
                onCancel={() => setEditing(false)}
                onSubmit={async (input) => {
                  await records.update(record.id, input);
                  setEditing(false);
                  reload();
                }}
              />
            ) : (
              <dl className="details">
                {FIELDS.map((field) => (
                  <div key={field.key} style={{ display: 'contents' }}>
                    <dt>{field.label}</dt>
                    <dd>
                      <FieldDisplay field={field} value={record[field.key]} />
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        </>
      )}
    </section>
  );
}
`;

export const NEW_RECORD_PAGE_TSX = `import { Link, useNavigate } from 'react-router';
import { ArrowLeft } from 'lucide-react';
import { records } from '../api';
import { RecordForm } from '../components/RecordForm';
import { ENTITY } from '../fields';

export function NewRecordPage() {
  const navigate = useNavigate();
  return (
    <section className="container page narrow">
      <Link to={ENTITY.basePath} className="back-link">
        <ArrowLeft size={16} /> All {ENTITY.plural}
      </Link>
      <div className="page-header">
        <div>
          <p className="eyebrow">New</p>
          <h1 className="page-title">Add a {ENTITY.singular}</h1>
        </div>
      </div>
      <div className="card">
        <RecordForm
          submitLabel={'Create ' + ENTITY.singular}
          onCancel={() => navigate(ENTITY.basePath)}
          onSubmit={async (input) => {
            const created = await records.create(input);
            navigate(ENTITY.basePath + '/' + created.id);
          }}
        />
      </div>
    </section>
  );
}
`;

/** The entity kit's files, for a given base path of the generic pages. */
export function entityKitFiles(entity: TScaffoldEntity, basePath: string): Record<string, string> {
  return {
    'src/fields.ts': clientFieldsTs(entity, basePath),
    'src/api.ts': clientApiTs(entity),
    'src/components/FieldDisplay.tsx': FIELD_DISPLAY_TSX,
    'src/components/RecordForm.tsx': recordFormTsx(entity),
    'src/pages/RecordsPage.tsx': RECORDS_PAGE_TSX,
    'src/pages/RecordPage.tsx': RECORD_PAGE_TSX,
    'src/pages/NewRecordPage.tsx': NEW_RECORD_PAGE_TSX,
  };
}
