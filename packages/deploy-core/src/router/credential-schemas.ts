import { ZOrgScopedInputSchema } from '@shipyard/core';
import { z } from 'zod';

const ZProviderId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'Use the provider id, e.g. "netlify".');

export const ZListCredentialsRequestSchema = ZOrgScopedInputSchema;

export const ZSaveCredentialRequestSchema = ZOrgScopedInputSchema.extend({
  provider: ZProviderId,
  /** Field name → value. A blank secret field keeps the saved value. */
  fields: z
    .record(z.string().min(1).max(64), z.string().max(8192, 'At most 8 KB per field.'))
    .refine((f) => Object.keys(f).length <= 20, 'At most 20 fields.'),
});

export const ZCheckCredentialRequestSchema = ZOrgScopedInputSchema.extend({
  provider: ZProviderId,
});
export const ZRemoveCredentialRequestSchema = ZCheckCredentialRequestSchema;

const ZCredentialFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  secret: z.boolean(),
  required: z.boolean(),
  help: z.string().optional(),
  placeholder: z.string().optional(),
});

/** What the settings page shows of a saved credential. There is no field that could hold a secret. */
const ZSavedCredentialSchema = z.object({
  values: z.record(z.string(), z.string()),
  hints: z.record(z.string(), z.string()),
  status: z.enum(['working', 'failing']),
  message: z.string().nullable(),
  checkedAt: z.date().nullable(),
  updatedAt: z.date(),
});

export const ZProviderCredentialSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  kinds: z.array(z.enum(['hosting', 'database', 'domain'])),
  fields: z.array(ZCredentialFieldSchema),
  credential: ZSavedCredentialSchema.nullable(),
  /** The server's own configuration also provides this provider (used when the team saved none). */
  serverProvided: z.boolean(),
});
export type TProviderCredentialResponse = z.infer<typeof ZProviderCredentialSchema>;

export const ZListCredentialsResponseSchema = z.object({
  /** False when the server does not let teams connect their own providers. */
  enabled: z.boolean(),
  providers: z.array(ZProviderCredentialSchema),
});
export const ZRemoveCredentialResponseSchema = z.object({ removed: z.literal(true) });
