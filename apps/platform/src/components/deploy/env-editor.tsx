'use client';

import { Badge, Button, Input } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { EyeIcon, EyeOffIcon, PlusIcon, Trash2Icon } from 'lucide-react';
import { useId, useState } from 'react';
import { envProblems, newEnvRow, type TEnvRow } from './env-rows';

export { envProblems, envToSend, newEnvRow, type TEnvRow } from './env-rows';

function EnvRowEditor({
  row,
  problems,
  onChange,
  onRemove,
  readOnly,
}: {
  row: TEnvRow;
  problems: { name: string | null; value: string | null };
  onChange: (row: TEnvRow) => void;
  onRemove: () => void;
  readOnly: boolean;
}) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const nameError = problems.name && (row.name || row.value) ? problems.name : null;
  return (
    <li
      className="grid gap-1.5 rounded-lg border border-border bg-surface p-3"
      data-testid="env-row"
    >
      <div className="grid gap-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-start">
        <div className="grid gap-1">
          <label htmlFor={`${id}-name`} className="sr-only">
            Variable name
          </label>
          <Input
            id={`${id}-name`}
            value={row.name}
            placeholder="NAME"
            readOnly={row.declared || readOnly}
            onChange={(e) => onChange({ ...row, name: e.target.value.replace(/\s/g, '_') })}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            autoComplete="off"
            spellCheck={false}
            className={cn('font-mono text-[13px]', row.declared && 'bg-muted')}
          />
        </div>
        <div className="relative">
          <label htmlFor={`${id}-value`} className="sr-only">
            Value of {row.name || 'the new variable'}
          </label>
          <Input
            id={`${id}-value`}
            type={shown ? 'text' : 'password'}
            value={row.value}
            readOnly={readOnly}
            placeholder={row.saved ? 'Saved — leave empty to keep' : 'Value'}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
            aria-invalid={problems.value ? true : undefined}
            aria-describedby={problems.value ? `${id}-value-error` : undefined}
            autoComplete="new-password"
            spellCheck={false}
            className="pr-10 font-mono text-[13px]"
          />
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            className="absolute top-1/2 right-0.5 -translate-y-1/2"
            aria-label={
              shown
                ? `Hide the value of ${row.name || 'the variable'}`
                : `Show the value of ${row.name || 'the variable'}`
            }
            aria-pressed={shown}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? <EyeOffIcon /> : <EyeIcon />}
          </Button>
        </div>
        {readOnly ? null : (
          <Button
            type="button"
            variant="ghost"
            size="icon"
            aria-label={`Remove ${row.name || 'this variable'}`}
            onClick={onRemove}
            disabled={row.declared && row.required}
          >
            <Trash2Icon />
          </Button>
        )}
      </div>
      {row.declared || row.saved || row.description ? (
        <div className="flex flex-wrap items-center gap-1.5 text-[13px] text-muted-foreground">
          {row.declared ? <Badge variant="neutral">Declared in shipyard.json</Badge> : null}
          {row.required ? <Badge variant="warning">Required</Badge> : null}
          {row.saved ? <Badge variant="success">Saved</Badge> : null}
          {row.description ? <span>{row.description}</span> : null}
        </div>
      ) : null}
      {nameError ? (
        <p
          id={`${id}-name-error`}
          role="alert"
          className="text-[13px] font-medium text-danger-subtle-foreground"
        >
          {nameError}
        </p>
      ) : null}
      {problems.value ? (
        <p
          id={`${id}-value-error`}
          role="alert"
          className="text-[13px] font-medium text-danger-subtle-foreground"
        >
          {problems.value}
        </p>
      ) : null}
    </li>
  );
}

/** Environment variables: masked values with show/hide, add/remove, checked as you type. */
export function EnvEditor({
  rows,
  onChange,
  readOnly = false,
}: {
  rows: TEnvRow[];
  onChange: (rows: TEnvRow[]) => void;
  readOnly?: boolean;
}) {
  const problems = envProblems(rows);
  return (
    <div className="grid gap-3">
      {rows.length ? (
        <ul className="grid gap-2" aria-label="Environment variables">
          {rows.map((row, i) => (
            <EnvRowEditor
              key={row.key}
              row={row}
              problems={problems[i]!}
              readOnly={readOnly}
              onChange={(next) => onChange(rows.map((r) => (r.key === row.key ? next : r)))}
              onRemove={() => onChange(rows.filter((r) => r.key !== row.key))}
            />
          ))}
        </ul>
      ) : (
        <p className="rounded-lg border border-dashed border-border-strong px-4 py-5 text-center text-sm text-muted-foreground">
          The app’s shipyard.json declares no environment variables. Add one if its API reads{' '}
          <code className="text-[13px]">env.NAME</code>.
        </p>
      )}
      {readOnly ? null : (
        <div>
          <Button
            type="button"
            variant="secondary"
            size="sm"
            onClick={() => onChange([...rows, newEnvRow()])}
          >
            <PlusIcon />
            Add variable
          </Button>
        </div>
      )}
    </div>
  );
}
