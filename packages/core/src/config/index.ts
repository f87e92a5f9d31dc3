import { z } from 'zod';

type TEnvSource = Record<string, string | undefined>;
type TReport = (variable: string, message: string) => void;

/**
 * A named group of environment variables a package needs. Packages export presets; the host
 * combines them in its `env.ts` with {@link loadConfig}.
 */
export interface EnvPreset<T extends z.ZodRawShape = z.ZodRawShape> {
  readonly name: string;
  readonly shape: T;
  readonly schema: z.ZodObject<T>;
  /** Rules that involve several variables ("required in production"); call `report` once per problem. */
  check?(env: z.output<z.ZodObject<T>>, report: TReport): void;
}

export type TEnvPresetOptions<T extends z.ZodRawShape> = {
  check?: (env: z.output<z.ZodObject<T>>, report: TReport) => void;
};

/**
 * Declares a preset. Each value is a zod schema for one variable; `.describe()` text is shown
 * when the variable is missing, so say what it is and how to get one.
 *
 * ```ts
 * export const authEnv = defineEnvPreset('auth', {
 *   NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
 *   BETTER_AUTH_SECRET: z.string().min(32).optional(),
 * }, {
 *   check: (env, report) => {
 *     if (env.NODE_ENV === 'production' && !env.BETTER_AUTH_SECRET)
 *       report('BETTER_AUTH_SECRET', 'required in production — set it to 32+ random characters');
 *   },
 * });
 * ```
 */
export function defineEnvPreset<T extends z.ZodRawShape>(
  name: string,
  shape: T,
  options: TEnvPresetOptions<T> = {},
): EnvPreset<T> {
  const preset: EnvPreset<T> = { name, shape, schema: z.object(shape) };
  if (options.check) preset.check = options.check;
  return preset;
}

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (
  arg: infer I,
) => void
  ? I
  : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type PresetOutput<P> = P extends EnvPreset<infer T> ? z.output<z.ZodObject<T>> : never;

/** The combined, parsed values of every preset given to {@link loadConfig}. */
export type MergedOutput<P extends readonly EnvPreset[]> = Simplify<
  UnionToIntersection<PresetOutput<P[number]>>
>;

export type TConfigIssue = { variable: string; message: string };

/** Thrown by {@link loadConfig}; `message` lists every problem, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: TConfigIssue[];

  constructor(issues: TConfigIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(
      [
        `The configuration is invalid (${count}):`,
        ...issues.map((issue) => `  - ${issue.variable}: ${issue.message}`),
        'Set these environment variables (for example in .env) and start again.',
      ].join('\n'),
    );
    this.issues = issues;
  }
}

const SENSITIVE_NAME = /SECRET|TOKEN|KEY|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|AUTH|COOKIE/i;

/** Shows what the user set, unless the variable holds a secret or the value carries credentials. */
function showReceived(variable: string, raw: string): string {
  if (SENSITIVE_NAME.test(variable)) return `a value of ${raw.length} characters (not shown)`;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(raw)) return 'a URL with credentials (not shown)';
  const shown = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
  return `'${shown}'`;
}

const FORMAT_NAMES: Record<string, string> = {
  url: 'a URL',
  email: 'an email address',
  uuid: 'a UUID',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  datetime: 'an ISO date-time',
};

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** Friendlier defaults for the issues env values usually have; a message set in a schema still wins. */
function createErrorMap(source: TEnvSource, shape: z.ZodRawShape): z.core.$ZodErrorMap {
  return (issue) => {
    const variable = String(issue.path?.[0] ?? '');
    const raw = source[variable];
    const got = raw === undefined ? '' : `, got ${showReceived(variable, raw)}`;
    switch (issue.code) {
      case 'invalid_type': {
        if (raw === undefined) {
          const description = shape[variable]
            ? z.globalRegistry.get(shape[variable])?.description
            : undefined;
          return description ? `required — ${description}` : 'required, but not set';
        }
        return `expected ${article(issue.expected)}${got}`;
      }
      case 'too_small':
        return issue.origin === 'string'
          ? `must be at least ${String(issue.minimum)} characters long${got}`
          : `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}${got}`;
      case 'too_big':
        return issue.origin === 'string'
          ? `must be at most ${String(issue.maximum)} characters long${got}`
          : `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}${got}`;
      case 'invalid_format':
        return issue.format === 'regex' && 'pattern' in issue
          ? `must match ${String(issue.pattern)}${got}`
          : `must be ${FORMAT_NAMES[issue.format] ?? article(issue.format)}${got}`;
      case 'invalid_value':
        return `must be one of ${issue.values.map((value) => `'${String(value)}'`).join(', ')}${got}`;
      default:
        return undefined;
    }
  };
}

function normalizeSource(source: TEnvSource, shape: z.ZodRawShape): TEnvSource {
  const values: TEnvSource = {};
  for (const key of Object.keys(shape)) {
    const value = source[key];
    // `FOO=` in a .env file or a compose file means "not set", not "set to nothing".
    values[key] = value === undefined || value.trim() === '' ? undefined : value;
  }
  return values;
}

/**
 * Validates `source` (normally `process.env`, read in the host's env.ts) against every preset and
 * returns the merged values. Throws one {@link ConfigError} listing every problem of every preset.
 * When two presets declare the same variable, each validates it and the later preset's value wins.
 */
export function loadConfig<const P extends readonly EnvPreset[]>(
  presets: P,
  source: TEnvSource,
): MergedOutput<P> {
  const issues: TConfigIssue[] = [];
  const seen = new Set<string>();
  const report = (variable: string, message: string) => {
    const id = `${variable}\u0000${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    issues.push({ variable, message });
  };

  const merged: Record<string, unknown> = {};
  for (const preset of presets) {
    const values = normalizeSource(source, preset.shape);
    const result = preset.schema.safeParse(values, { error: createErrorMap(values, preset.shape) });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const variable =
          issue.path.length > 0 ? issue.path.map(String).join('.') : `(${preset.name})`;
        report(variable, issue.message);
      }
      continue;
    }
    preset.check?.(result.data, report);
    Object.assign(merged, result.data);
  }

  if (issues.length > 0) throw new ConfigError(issues);
  return merged as MergedOutput<P>;
}

export type TConfigExitIO = {
  /** Where the message goes; default `console.error`. */
  error?: (message: string) => void;
  /** default `process.exit` */
  exit?: (code: number) => never;
};

/**
 * {@link loadConfig} for process entry points: on a bad configuration it prints one message listing
 * every problem and exits with status 1, instead of failing later with a confusing error.
 */
export function loadConfigOrExit<const P extends readonly EnvPreset[]>(
  presets: P,
  source: TEnvSource,
  io: TConfigExitIO = {},
): MergedOutput<P> {
  try {
    return loadConfig(presets, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    (io.error ?? console.error)(error.message);
    return (io.exit ?? ((code: number) => process.exit(code)))(1);
  }
}
export { deriveSecret, loadOrCreateDevSecrets, type TDevSecrets } from './dev-secrets';
