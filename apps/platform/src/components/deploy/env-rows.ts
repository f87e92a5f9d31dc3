import { envNameProblem, envValueProblem } from './names';

export type TEnvRow = {
  key: string;
  name: string;
  value: string;
  /** Declared in shipyard.json: the name is fixed. */
  declared: boolean;
  required: boolean;
  description: string;
  /** The app already has a saved value: an empty value keeps it. */
  saved: boolean;
};

let counter = 0;
export function newEnvRow(partial: Partial<TEnvRow> = {}): TEnvRow {
  counter += 1;
  return {
    key: `env-${counter}`,
    name: '',
    value: '',
    declared: false,
    required: false,
    description: '',
    saved: false,
    ...partial,
  };
}

/** Per-row problems (name, value), in the order of `rows`. */
export function envProblems(rows: TEnvRow[]): { name: string | null; value: string | null }[] {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.name) counts.set(row.name, (counts.get(row.name) ?? 0) + 1);
  return rows.map((row) => {
    const blank = !row.name && !row.value && !row.declared;
    let name = blank ? null : envNameProblem(row.name);
    if (!name && (counts.get(row.name) ?? 0) > 1) name = `${row.name} is listed twice.`;
    let value = envValueProblem(row.value);
    if (!value && row.required && !row.value && !row.saved)
      value = 'The app needs a value for this variable.';
    return { name, value };
  });
}

/** The variables to send: named rows with a value (an empty saved value is kept as it is). */
export function envToSend(rows: TEnvRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) if (row.name && row.value) out[row.name] = row.value;
  return out;
}
