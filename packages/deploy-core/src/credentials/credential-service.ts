import { randomUUID } from 'node:crypto';
import { AppError, type Logger } from '@shipyard/core';
import type { Keyring } from '@shipyard/core/crypto';
import { createRateLimiter, rateLimitedError, type RateLimiter } from '@shipyard/core/rate-limit';
import type { z } from 'zod';
import type { DeployDb } from '../db';
import {
  mergeProviderSets,
  type TOrgProviderSource,
  type TProviderSet,
} from '../providers/registry';
import {
  assertValidCatalog,
  type TCredentialCheckResult,
  type TCredentialFields,
  type TCredentialKind,
  type TProviderCatalogEntry,
  type TProviderCatalogField,
} from './catalog';

export type TCredentialStatus = 'working' | 'failing';

/** What an org sees of a saved credential: never a secret, never the ciphertext. */
export interface TSavedCredentialView {
  /** Non-secret fields as saved, e.g. `{ accountSlug: 'acme' }`. */
  values: Record<string, string>;
  /** Secret field → its last 4 characters ("" when the value is too short to hint at safely). */
  hints: Record<string, string>;
  status: TCredentialStatus;
  /** The last check's message (what works, or what is wrong). */
  message: string | null;
  checkedAt: Date | null;
  updatedAt: Date;
}

/** One catalog entry for an org, with its saved credential when there is one. */
export interface TProviderCredentialView {
  id: string;
  label: string;
  description: string;
  kinds: TCredentialKind[];
  fields: TProviderCatalogField[];
  credential: TSavedCredentialView | null;
}

export interface TProviderCredentialsDeps {
  db: DeployDb;
  keyring: Keyring;
  /** The providers this host lets orgs connect (built by the host from the provider packages). */
  catalog: readonly TProviderCatalogEntry[];
  logger: Logger;
  /**
   * Bounds the vendor calls that saves and checks make, per org. Default: 10 a minute, in
   * memory (pass a Redis-backed limiter to share the count between processes).
   */
  checkLimiter?: RateLimiter;
  /** How long a check may take before the user is told the vendor did not answer. Default 20 s. */
  checkTimeoutMs?: number;
  now?: () => Date;
}

interface TDisplay {
  values: Record<string, string>;
  hints: Record<string, string>;
}

/** Secrets shorter than this show no hint: four characters of a short value say too much. */
const MIN_HINTED_LENGTH = 16;
const MAX_MESSAGE_LENGTH = 600;

function newId() {
  return `pcred_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/** Prisma's unique-constraint violation (P2002) or "record to update not found" (P2025). */
function isRaceError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'P2002' || code === 'P2025';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Replaces every occurrence of a secret in `text` (defence in depth: checks redact already). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out.length > MAX_MESSAGE_LENGTH ? `${out.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : out;
}

/** The parts of `fields` that may be shown again. */
export function displayOf(entry: TProviderCatalogEntry, fields: TCredentialFields): TDisplay {
  const values: Record<string, string> = {};
  const hints: Record<string, string> = {};
  for (const field of entry.fields) {
    const value = fields[field.name];
    if (value === undefined) continue;
    if (field.secret) hints[field.name] = value.length >= MIN_HINTED_LENGTH ? value.slice(-4) : '';
    else values[field.name] = value;
  }
  return { values, hints };
}

function parseDisplay(json: string): TDisplay {
  try {
    const parsed = JSON.parse(json) as Partial<TDisplay>;
    return { values: parsed.values ?? {}, hints: parsed.hints ?? {} };
  } catch {
    return { values: {}, hints: {} };
  }
}

function fieldErrorsOf(error: z.core.$ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_';
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * Per-org provider credentials: saved only after one cheap authenticated call succeeds, stored
 * as one AES-256-GCM ciphertext bound to the row id, never returned. Also the source of each
 * org's own providers for `createProviderRegistry({ orgProviders })`.
 */
export function createProviderCredentials(deps: TProviderCredentialsDeps) {
  const { db, keyring, logger } = deps;
  assertValidCatalog(deps.catalog);
  const catalog = new Map(deps.catalog.map((entry) => [entry.id, entry]));
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.checkTimeoutMs ?? 20_000;
  const limiter =
    deps.checkLimiter ??
    createRateLimiter({ keyPrefix: 'provider-credential-check', points: 10, durationSeconds: 60 });

  function entryOf(provider: string): TProviderCatalogEntry {
    const entry = catalog.get(provider);
    if (!entry) {
      const offered = [...catalog.keys()];
      throw new AppError(
        'NOT_FOUND',
        offered.length
          ? `"${provider}" is not a provider this server lets teams connect. Offered: ${offered.join(', ')}.`
          : 'This server does not let teams connect their own providers.',
        { details: { provider, offered } },
      );
    }
    return entry;
  }

  function secretsOf(entry: TProviderCatalogEntry, fields: TCredentialFields): string[] {
    return entry.fields.filter((f) => f.secret && fields[f.name]).map((f) => fields[f.name]!);
  }

  function decryptFields(row: { id: string; fieldsCiphertext: string }): TCredentialFields {
    return JSON.parse(keyring.decrypt(row.fieldsCiphertext, row.id)) as TCredentialFields;
  }

  async function limit(orgId: string) {
    const { allowed, retryAfterMs } = await limiter.consume(orgId);
    if (!allowed) throw rateLimitedError(retryAfterMs, 'Too many provider checks for this team');
  }

  /** The entry's check, bounded in time; its message is scrubbed of the secrets it was given. */
  async function runCheck(
    entry: TProviderCatalogEntry,
    fields: TCredentialFields,
  ): Promise<TCredentialCheckResult> {
    const secrets = secretsOf(entry, fields);
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        entry.check(fields),
        new Promise<TCredentialCheckResult>((resolve) => {
          timer = setTimeout(
            () =>
              resolve({
                ok: false,
                message: `${entry.label} did not answer within ${Math.max(1, Math.ceil(timeoutMs / 1000))} s. Try again in a moment; if it keeps happening, check ${entry.label}'s status page.`,
              }),
            timeoutMs,
          );
        }),
      ]);
      const ok = result.ok === true;
      const message = scrubSecrets(String(result.message ?? ''), secrets);
      return { ok, message: message || (ok ? 'The connection works.' : 'The check failed.') };
    } catch (error) {
      return { ok: false, message: scrubSecrets(messageOf(error), secrets) };
    } finally {
      clearTimeout(timer);
    }
  }

  function view(
    entry: TProviderCatalogEntry,
    row: {
      display: string;
      status: string;
      statusMessage: string | null;
      checkedAt: Date | null;
      updatedAt: Date;
    } | null,
  ): TProviderCredentialView {
    return {
      id: entry.id,
      label: entry.label,
      description: entry.description,
      kinds: [...entry.kinds],
      fields: entry.fields.map((f) => ({ ...f })),
      credential: row
        ? {
            ...parseDisplay(row.display),
            status: row.status === 'working' ? 'working' : 'failing',
            message: row.statusMessage,
            checkedAt: row.checkedAt,
            updatedAt: row.updatedAt,
          }
        : null,
    };
  }

  async function findRow(orgId: string, provider: string) {
    return db.providerCredential.findUnique({ where: { orgId_provider: { orgId, provider } } });
  }

  /**
   * Validates `raw` against the entry. Blank secret fields keep the saved value, so changing a
   * team slug does not mean pasting the token again.
   */
  function validate(
    entry: TProviderCatalogEntry,
    raw: Record<string, string>,
    saved: (() => TCredentialFields) | null,
  ): TCredentialFields {
    const known = new Set(entry.fields.map((f) => f.name));
    const unknown = Object.keys(raw).filter((name) => !known.has(name));
    if (unknown.length) {
      throw new AppError(
        'VALIDATION',
        `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a setting' : 'are not settings'} of ${entry.label}. Send only: ${[...known].join(', ')}.`,
        {
          details: {
            fieldErrors: Object.fromEntries(
              unknown.map((n) => [n, 'Not a setting of this provider.']),
            ),
          },
        },
      );
    }
    const input: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) if (value.trim() !== '') input[name] = value;
    let previous: TCredentialFields | null = null;
    for (const field of entry.fields) {
      if (!field.secret || input[field.name] !== undefined || !saved) continue;
      previous ??= saved();
      const kept = previous[field.name];
      if (kept !== undefined) input[field.name] = kept;
    }
    const parsed = entry.optionsSchema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error);
      const labels = entry.fields
        .filter((f) => fieldErrors[f.name])
        .map((f) => `${f.label}: ${fieldErrors[f.name]}`);
      throw new AppError(
        'VALIDATION',
        `Fix the ${entry.label} settings, then save again. ${labels.join(' ') || Object.values(fieldErrors).join(' ')}`.trim(),
        { cause: parsed.error, details: { fieldErrors } },
      );
    }
    const fields: TCredentialFields = {};
    for (const [name, value] of Object.entries(parsed.data)) {
      if (typeof value === 'string' && value !== '') fields[name] = value;
    }
    return fields;
  }

  const orgProviders: TOrgProviderSource = {
    async version(orgId) {
      const rows = await db.providerCredential.findMany({
        where: { orgId },
        select: { id: true, revision: true },
        orderBy: { id: 'asc' },
      });
      return rows.map((r) => `${r.id}@${r.revision}`).join(',');
    },
    async load(orgId) {
      const rows = await db.providerCredential.findMany({
        where: { orgId },
        orderBy: { id: 'asc' },
      });
      let set: TProviderSet = {};
      for (const row of rows) {
        const entry = catalog.get(row.provider);
        if (!entry) {
          logger.warn(
            { orgId, provider: row.provider },
            'saved provider credential has no catalog entry; skipped',
          );
          continue;
        }
        let fields: TCredentialFields = {};
        try {
          fields = decryptFields(row);
          set = mergeProviderSets(set, entry.create(fields));
        } catch (error) {
          // One unusable credential (a key dropped from the keyring, say) must not take the org's
          // other providers down; deploys to it fail with "not configured for this team".
          logger.warn(
            {
              orgId,
              provider: row.provider,
              err: scrubSecrets(messageOf(error), secretsOf(entry, fields)),
            },
            'saved provider credential could not be used; skipped',
          );
        }
      }
      return { version: rows.map((r) => `${r.id}@${r.revision}`).join(','), set };
    },
  };

  return {
    /** The catalog as the host configured it. */
    catalog: [...catalog.values()],

    /** Every provider an org may connect, with what was saved and the last check. */
    async list(input: { orgId: string }): Promise<TProviderCredentialView[]> {
      const rows = await db.providerCredential.findMany({ where: { orgId: input.orgId } });
      const byProvider = new Map(rows.map((r) => [r.provider, r]));
      return [...catalog.values()].map((entry) => view(entry, byProvider.get(entry.id) ?? null));
    },

    /**
     * Validates the fields, runs the provider's check, and stores them only if it passes. A failed
     * check stores nothing (a saved credential is left as it was) and answers with its message.
     */
    async save(input: {
      orgId: string;
      userId: string;
      provider: string;
      fields: Record<string, string>;
    }): Promise<TProviderCredentialView> {
      const entry = entryOf(input.provider);
      const existing = await findRow(input.orgId, entry.id);
      const fields = validate(entry, input.fields, existing ? () => decryptFields(existing) : null);
      await limit(input.orgId);
      const result = await runCheck(entry, fields);
      logger.info(
        { orgId: input.orgId, userId: input.userId, provider: entry.id, ok: result.ok },
        result.ok
          ? 'provider credential checked and saved'
          : 'provider credential refused by its check',
      );
      if (!result.ok) {
        throw new AppError(
          'BAD_REQUEST',
          `${entry.label} did not accept these settings, so nothing was saved. ${result.message}`,
          { details: { provider: entry.id, check: result.message } },
        );
      }
      const display = JSON.stringify(displayOf(entry, fields));
      const json = JSON.stringify(fields);
      // A concurrent save or remove of the same provider can win between our read and write;
      // read again and write over it (the ciphertext is always bound to the row it lands in).
      for (let attempt = 1; ; attempt++) {
        const current = attempt === 1 ? existing : await findRow(input.orgId, entry.id);
        const id = current?.id ?? newId();
        const data = {
          fieldsCiphertext: keyring.encrypt(json, id),
          display,
          status: 'working',
          statusMessage: result.message,
          checkedAt: now(),
          updatedById: input.userId,
        };
        try {
          const row = current
            ? await db.providerCredential.update({
                where: { id },
                data: { ...data, revision: { increment: 1 } },
              })
            : await db.providerCredential.create({
                data: {
                  id,
                  orgId: input.orgId,
                  provider: entry.id,
                  createdById: input.userId,
                  ...data,
                },
              });
          return view(entry, row);
        } catch (error) {
          if (!isRaceError(error) || attempt >= 3) throw error;
        }
      }
    },

    /** Runs the check of the saved credential again and records the result. */
    async check(input: {
      orgId: string;
      userId: string;
      provider: string;
    }): Promise<TProviderCredentialView> {
      const entry = entryOf(input.provider);
      const row = await findRow(input.orgId, entry.id);
      if (!row)
        throw new AppError(
          'NOT_FOUND',
          `This team has no saved ${entry.label} settings. Save them first.`,
        );
      await limit(input.orgId);
      let result: TCredentialCheckResult;
      try {
        result = await runCheck(entry, decryptFields(row));
      } catch (error) {
        logger.warn(
          { orgId: input.orgId, provider: entry.id, err: messageOf(error) },
          'saved provider credential could not be decrypted',
        );
        result = {
          ok: false,
          message: 'The saved settings cannot be read on this server any more. Save them again.',
        };
      }
      logger.info(
        { orgId: input.orgId, userId: input.userId, provider: entry.id, ok: result.ok },
        'provider credential checked',
      );
      await db.providerCredential.updateMany({
        where: { id: row.id },
        data: {
          status: result.ok ? 'working' : 'failing',
          statusMessage: result.message,
          checkedAt: now(),
        },
      });
      const updated = await findRow(input.orgId, entry.id);
      return view(entry, updated);
    },

    /**
     * Deletes the saved credential. Refused while apps of the org are deployed with it: they
     * could then be neither redeployed nor deleted (replace the token instead).
     */
    async remove(input: {
      orgId: string;
      userId: string;
      provider: string;
    }): Promise<{ removed: true }> {
      const row = await findRow(input.orgId, input.provider);
      const label = catalog.get(input.provider)?.label ?? input.provider;
      if (!row) throw new AppError('NOT_FOUND', `This team has no saved ${label} settings.`);
      const apps = await db.deployedApp.findMany({
        where: {
          orgId: input.orgId,
          OR: [
            { hostingProvider: input.provider },
            { databaseProvider: input.provider },
            { database: { provider: input.provider } },
          ],
        },
        select: { slug: true },
        orderBy: { slug: 'asc' },
      });
      if (apps.length) {
        const names = apps.slice(0, 5).map((a) => a.slug);
        const more = apps.length > 5 ? ` and ${apps.length - 5} more` : '';
        throw new AppError(
          'CONFLICT',
          `${apps.length === 1 ? 'An app is' : `${apps.length} apps are`} deployed with ${label} (${names.join(', ')}${more}). Delete ${apps.length === 1 ? 'it' : 'them'} first, or save a new token instead of removing the settings.`,
          { details: { apps: names } },
        );
      }
      await db.providerCredential.deleteMany({ where: { id: row.id } });
      logger.info(
        { orgId: input.orgId, userId: input.userId, provider: input.provider },
        'provider credential removed',
      );
      return { removed: true };
    },

    /** Each org's own providers, for `createProviderRegistry(set, { orgProviders })`. */
    orgProviders,
  };
}

export type ProviderCredentials = ReturnType<typeof createProviderCredentials>;
