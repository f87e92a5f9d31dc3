import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TProviderCatalogEntry } from './catalog';
import { assertValidCatalog } from './catalog';
import { displayOf, scrubSecrets } from './credential-service';

const entry: TProviderCatalogEntry = {
  id: 'acme',
  label: 'Acme',
  description: 'Acme hosting.',
  kinds: ['hosting'],
  fields: [
    { name: 'token', label: 'Token', secret: true, required: true },
    { name: 'pin', label: 'PIN', secret: true, required: false },
    { name: 'team', label: 'Team', secret: false, required: false },
  ],
  optionsSchema: z.object({
    token: z.string(),
    pin: z.string().optional(),
    team: z.string().optional(),
  }),
  check: async () => ({ ok: true, message: 'ok' }),
  create: () => ({}),
};

describe('credential display', () => {
  it('shows non-secret values and the last 4 characters of long secrets only', () => {
    expect(
      displayOf(entry, { token: 'tok_0123456789abcdef', pin: '123456', team: 'acme' }),
    ).toEqual({
      values: { team: 'acme' },
      hints: { token: 'cdef', pin: '' },
    });
  });

  it('scrubs every secret out of a message and bounds its length', () => {
    expect(scrubSecrets('bad token tok_123 (tok_123)', ['tok_123'])).toBe(
      'bad token [redacted] ([redacted])',
    );
    expect(scrubSecrets('x'.repeat(1000), []).length).toBe(600);
  });
});

describe('catalog validation', () => {
  it('refuses duplicate ids and entries without a secret field', () => {
    expect(() => assertValidCatalog([entry, entry])).toThrow(/appears twice/);
    expect(() => assertValidCatalog([{ ...entry, fields: [entry.fields[2]!] }])).toThrow(
      /no secret field/,
    );
    expect(() => assertValidCatalog([{ ...entry, id: 'Bad Id' }])).toThrow(/not a valid id/);
    expect(() => assertValidCatalog([entry])).not.toThrow();
  });
});
