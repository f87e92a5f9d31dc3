import { AppError } from '@shipyard/core';
import type { z } from 'zod';
import type { TProviderSet } from '../providers/registry';

/** The provider kinds an org can connect with its own credentials. */
export type TCredentialKind = 'hosting' | 'database' | 'domain';

/** One input of a provider's connection form. */
export interface TProviderCatalogField {
  /** Key in the connection, e.g. `accessToken`. */
  name: string;
  label: string;
  /**
   * Secret fields are stored only inside the ciphertext and never returned: a saved one shows as
   * a hint of its last 4 characters (when it is long enough for that to give nothing away).
   */
  secret: boolean;
  required: boolean;
  /** Where to find the value, shown under the input. */
  help?: string;
  placeholder?: string;
}

/** Validated connection fields: field name → value (empty optional fields are left out). */
export type TCredentialFields = Record<string, string>;

export interface TCredentialCheckResult {
  ok: boolean;
  /** What works, or what is wrong and how to fix it. Must never contain a secret. */
  message: string;
}

/**
 * How a host offers one cloud provider to orgs: the form, the validation, one cheap
 * authenticated check, and how to build the providers from saved fields. deploy-core cannot
 * import provider packages, so the host builds these entries (see `@shipyard/services`) and
 * passes them to `createProviderCredentials`.
 *
 * Everything an org must not choose — the vendor's API base URL above all (a user-chosen URL
 * would let the server make authenticated requests anywhere: SSRF) — comes from the host, closed
 * over by `check` and `create`; `optionsSchema` should be strict so such keys are refused.
 */
export interface TProviderCatalogEntry {
  /** Stable id, stored with the credential; the providers it creates use it as `identifier`. */
  id: string;
  label: string;
  /** One line: what the provider is for. */
  description: string;
  kinds: TCredentialKind[];
  fields: TProviderCatalogField[];
  /** Validates the submitted fields (an object keyed by field name); its messages reach the user per field. */
  optionsSchema: z.ZodType<Record<string, string | undefined>>;
  /** One cheap authenticated call (every kind the entry offers, unless `kind` narrows it). Never throws on a bad token. */
  check(
    fields: TCredentialFields,
    opts?: { kind?: TCredentialKind },
  ): Promise<TCredentialCheckResult>;
  /** The providers these fields give the org, e.g. `{ hosting: [netlifyHosting] }`. */
  create(fields: TCredentialFields): TProviderSet;
}

/** Refuses a catalog a host put together wrongly (duplicate ids, fields without names). */
export function assertValidCatalog(catalog: readonly TProviderCatalogEntry[]): void {
  const ids = new Set<string>();
  for (const entry of catalog) {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(entry.id))
      throw new AppError(
        'INTERNAL',
        `Provider catalog: "${entry.id}" is not a valid id (a–z, 0–9, "-").`,
      );
    if (ids.has(entry.id))
      throw new AppError('INTERNAL', `Provider catalog: the id "${entry.id}" appears twice.`);
    ids.add(entry.id);
    if (!entry.kinds.length)
      throw new AppError('INTERNAL', `Provider catalog: ${entry.id} offers no provider kind.`);
    const names = new Set<string>();
    for (const field of entry.fields) {
      if (!field.name || names.has(field.name))
        throw new AppError(
          'INTERNAL',
          `Provider catalog: ${entry.id} has a missing or repeated field name.`,
        );
      names.add(field.name);
    }
    if (!entry.fields.some((f) => f.secret))
      throw new AppError(
        'INTERNAL',
        `Provider catalog: ${entry.id} has no secret field to protect.`,
      );
  }
}
