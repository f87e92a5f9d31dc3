import { createClient } from '@libsql/client';
import {
  AppError,
  createCallerFactory,
  createLogger,
  type TContext,
  type TOrgRole,
} from '@shipyard/core';
import { createKeyring, generateKey } from '@shipyard/core/crypto';
import type { JobDefinition, JobQueue } from '@shipyard/core/jobs';
import { createRateLimiter } from '@shipyard/core/rate-limit';
import { createTestDatabase } from '@shipyard/prisma-tooling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TProviderCatalogEntry } from '../src/credentials/catalog';
import { createProviderCredentials } from '../src/credentials/credential-service';
import { createDeployDb, DEPLOY_MIGRATIONS_DIR, type DeployDb } from '../src/db';
import { createProviderRegistry, type ProviderRegistry } from '../src/providers/registry';
import type { HostingProvider } from '../src/providers/types';
import { createDeployRouter, type DeployRouter } from '../src/router/router';
import { createDeployQueries } from '../src/services/deploy-queries';
import { createDeployService } from '../src/services/deploy-service';

// Per-org provider credentials end to end over a real deploy-core database and the real router:
// a fake vendor whose check accepts some tokens, and which (like a careless vendor) repeats the
// token in its error message, so the tests can see that nothing echoes it.

const GOOD_A = 'acme_live_token_for_org_a_7f3e';
const GOOD_B = 'acme_live_token_for_org_b_91cd';
const WRONG = 'acme_wrong_token_0000000000bad1';

interface TFakeVendor {
  valid: Set<string>;
  checks: string[];
  created: string[];
}

function acmeEntry(vendor: TFakeVendor): TProviderCatalogEntry {
  return {
    id: 'acme',
    label: 'Acme Hosting',
    description: 'Static hosting on Acme.',
    kinds: ['hosting'],
    fields: [
      { name: 'apiToken', label: 'API token', secret: true, required: true },
      { name: 'team', label: 'Team', secret: false, required: false },
    ],
    optionsSchema: z
      .object({
        apiToken: z.string().trim().min(20, 'apiToken must be an Acme API token.'),
        team: z
          .string()
          .regex(/^[a-z-]+$/, 'team must be a team slug.')
          .optional(),
      })
      .strict(),
    async check(fields) {
      vendor.checks.push(fields.apiToken!);
      return vendor.valid.has(fields.apiToken!)
        ? { ok: true, message: `The token works for team ${fields.team ?? 'personal'}.` }
        : {
            ok: false,
            message: `Acme said 401: token ${fields.apiToken} is not valid. Create a new one.`,
          };
    },
    create(fields) {
      vendor.created.push(fields.apiToken!);
      const provider: HostingProvider & { token: string } = {
        identifier: 'acme',
        label: `Acme Hosting (${fields.team ?? 'personal'})`,
        token: fields.apiToken!,
        deploy: async () => ({ providerDeploymentId: 'd1', url: 'https://d1.acme.test' }),
        promote: async () => ({ url: 'https://app.acme.test' }),
        liveUrl: (app) => `https://${app.slug}.acme.test`,
        removeApp: async () => undefined,
      };
      return { hosting: [provider] };
    },
  };
}

const localHosting: HostingProvider = {
  identifier: 'local',
  label: 'This machine',
  deploy: async () => ({ providerDeploymentId: 'l1', url: 'http://l1.localhost' }),
  promote: async () => ({ url: 'http://app.localhost' }),
  liveUrl: (app) => `http://${app.slug}.localhost`,
  removeApp: async () => undefined,
};

// org_a: alice owner, vera viewer, max member. org_b: bob owner.
const roles: Record<string, Record<string, TOrgRole>> = {
  org_a: { alice: 'owner', vera: 'viewer', max: 'member' },
  org_b: { bob: 'owner' },
};

function callerOf(appRouter: DeployRouter, ctx: TContext) {
  return createCallerFactory(appRouter)(ctx);
}
type TCaller = ReturnType<typeof callerOf>;

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DeployDb;
let vendor: TFakeVendor;
let registry: ProviderRegistry;
let caller: (userId: string) => TCaller;
let logLines: string[];
const keyring = createKeyring({ currentKeyId: 'k1', keys: { k1: generateKey() } });

function setup(opts: { limitPoints?: number } = {}) {
  logLines = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => logLines.push(line) } as never,
  });
  const credentials = createProviderCredentials({
    db,
    keyring,
    catalog: [acmeEntry(vendor)],
    logger,
    ...(opts.limitPoints
      ? {
          checkLimiter: createRateLimiter({
            keyPrefix: `test-${Math.random()}`,
            points: opts.limitPoints,
            durationSeconds: 60,
          }),
        }
      : {}),
  });
  registry = createProviderRegistry(
    { hosting: [localHosting] },
    { orgProviders: credentials.orgProviders },
  );
  const queue = { enqueue: async () => 'job', cancel: async () => false } as unknown as JobQueue;
  const service = createDeployService({
    db,
    keyring,
    providers: registry,
    queue,
    deployJob: { name: 'deploy-web' } as unknown as JobDefinition<never, unknown>,
    logger,
  });
  const appRouter = createDeployRouter({
    service,
    queries: createDeployQueries(db),
    providers: registry,
    credentials,
    resolveProject: async () => ({ name: 'Acme Tasks', versionId: 'ver_1' }),
  });
  caller = (userId: string) => {
    const ctx: TContext = {
      requestId: 'req_1',
      session: { userId, email: `${userId}@example.com`, name: userId },
      logger,
      membership: { getRole: async (orgId, uid) => roles[orgId]?.[uid] ?? null },
    };
    return callerOf(appRouter, ctx);
  };
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  const app = AppError.is(error) ? error : (error as { cause?: unknown }).cause;
  if (!AppError.is(app)) throw error;
  return {
    code: app.code,
    message: app.message,
    details: (app.details ?? {}) as Record<string, unknown>,
  };
}

async function rawRows(): Promise<Record<string, unknown>[]> {
  const client = createClient({ url: test.url });
  try {
    const result = await client.execute('SELECT * FROM "ProviderCredential"');
    return result.rows.map((r) => ({ ...r }));
  } finally {
    client.close();
  }
}

beforeEach(async () => {
  test = await createTestDatabase({ migrationsDir: DEPLOY_MIGRATIONS_DIR });
  db = createDeployDb({ url: test.url });
  vendor = { valid: new Set([GOOD_A, GOOD_B]), checks: [], created: [] };
  setup();
});

afterEach(async () => {
  await db.$disconnect();
  await test.cleanup();
});

describe('provider credentials', () => {
  it('stores the connection as ciphertext bound to its row: the token is nowhere in the database', async () => {
    const saved = await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A, team: 'acme-team' },
    });
    expect(saved.credential).toMatchObject({
      status: 'working',
      values: { team: 'acme-team' },
      hints: { apiToken: GOOD_A.slice(-4) },
      message: 'The token works for team acme-team.',
    });
    const rows = await rawRows();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(JSON.stringify(row)).not.toContain(GOOD_A);
    expect(JSON.stringify(row)).not.toContain(GOOD_A.slice(0, 12));
    expect(String(row.fieldsCiphertext)).toMatch(/^sy1\.k1\./);
    // Bound to the row id: the same ciphertext copied to another row does not decrypt.
    expect(JSON.parse(keyring.decrypt(String(row.fieldsCiphertext), String(row.id)))).toEqual({
      apiToken: GOOD_A,
      team: 'acme-team',
    });
    expect(() => keyring.decrypt(String(row.fieldsCiphertext), 'pcred_other')).toThrow();
    // Nor in the log lines (audit lines carry who and what, never the fields).
    expect(logLines.join('\n')).not.toContain(GOOD_A);
    expect(logLines.join('\n')).toContain('provider credential checked and saved');
  });

  it('refuses a token its check rejects, stores nothing, and never repeats the token', async () => {
    const refused = await failure(
      caller('alice').credentials.save({
        orgId: 'org_a',
        provider: 'acme',
        fields: { apiToken: WRONG },
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(
      'Acme Hosting did not accept these settings, so nothing was saved.',
    );
    expect(refused.message).toContain('is not valid. Create a new one.');
    expect(refused.message).not.toContain(WRONG);
    expect(JSON.stringify(refused.details)).not.toContain(WRONG);
    expect(vendor.checks).toEqual([WRONG]);
    expect(await rawRows()).toEqual([]);
    expect(logLines.join('\n')).not.toContain(WRONG);

    // With a good credential saved, a bad replacement leaves it as it was.
    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A },
    });
    const before = await rawRows();
    await failure(
      caller('alice').credentials.save({
        orgId: 'org_a',
        provider: 'acme',
        fields: { apiToken: WRONG },
      }),
    );
    expect(await rawRows()).toEqual(before);
    expect((await registry.forOrg('org_a')).hosting('acme')).toMatchObject({ token: GOOD_A });
  });

  it('validates fields before calling the vendor, with one message per field', async () => {
    const short = await failure(
      caller('alice').credentials.save({
        orgId: 'org_a',
        provider: 'acme',
        fields: { apiToken: 'short', team: 'Not A Slug' },
      }),
    );
    expect(short.code).toBe('VALIDATION');
    expect(short.details.fieldErrors).toEqual({
      apiToken: 'apiToken must be an Acme API token.',
      team: 'team must be a team slug.',
    });
    expect(short.message).toMatch(
      /^Fix the Acme Hosting settings, then save again\. API token: .*Team: /,
    );
    expect(short.message).not.toContain('short');

    // A base URL (or anything the catalog does not list) is not the org's to choose.
    const ssrf = await failure(
      caller('alice').credentials.save({
        orgId: 'org_a',
        provider: 'acme',
        fields: { apiToken: GOOD_A, apiBaseUrl: 'http://169.254.169.254/latest' },
      }),
    );
    expect(ssrf.code).toBe('VALIDATION');
    expect(ssrf.message).toContain('apiBaseUrl is not a setting of Acme Hosting');
    expect(ssrf.details.fieldErrors).toEqual({ apiBaseUrl: 'Not a setting of this provider.' });

    const unknown = await failure(
      caller('alice').credentials.save({
        orgId: 'org_a',
        provider: 'nope',
        fields: { apiToken: GOOD_A },
      }),
    );
    expect(unknown).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Offered: acme'),
    });
    expect(vendor.checks).toEqual([]);
    expect(await rawRows()).toEqual([]);
  });

  it('lists every offered provider with status, values and hints — never a secret or the ciphertext', async () => {
    const empty = await caller('vera').credentials.list({ orgId: 'org_a' });
    expect(empty).toMatchObject({
      enabled: true,
      providers: [{ id: 'acme', credential: null, serverProvided: false }],
    });
    expect(empty.providers[0]!.fields.map((f) => [f.name, f.secret])).toEqual([
      ['apiToken', true],
      ['team', false],
    ]);

    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A, team: 'acme-team' },
    });
    const [row] = await rawRows();
    for (const who of ['alice', 'vera', 'max']) {
      const listed = await caller(who).credentials.list({ orgId: 'org_a' });
      const text = JSON.stringify(listed);
      expect(text).not.toContain(GOOD_A);
      expect(text).not.toContain(String(row!.fieldsCiphertext));
      expect(text).not.toContain('fieldsCiphertext');
      expect(listed.providers[0]!.credential).toMatchObject({
        status: 'working',
        values: { team: 'acme-team' },
        hints: { apiToken: GOOD_A.slice(-4) },
      });
    }
    // Another team sees nothing of it.
    expect(
      (await caller('bob').credentials.list({ orgId: 'org_b' })).providers[0]!.credential,
    ).toBeNull();
  });

  it('keeps a saved secret when the field is left blank, so other fields can change alone', async () => {
    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A, team: 'one' },
    });
    const updated = await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: '', team: 'two' },
    });
    expect(updated.credential?.values).toEqual({ team: 'two' });
    expect(vendor.checks).toEqual([GOOD_A, GOOD_A]);
    expect((await registry.forOrg('org_a')).hosting('acme').label).toBe('Acme Hosting (two)');
  });

  it('lets admins and owners manage credentials; members and viewers only read (403)', async () => {
    for (const who of ['vera', 'max']) {
      for (const call of [
        caller(who).credentials.save({
          orgId: 'org_a',
          provider: 'acme',
          fields: { apiToken: GOOD_A },
        }),
        caller(who).credentials.check({ orgId: 'org_a', provider: 'acme' }),
        caller(who).credentials.remove({ orgId: 'org_a', provider: 'acme' }),
      ]) {
        expect((await failure(call)).code).toBe('FORBIDDEN');
      }
    }
    // Not a member of org_b at all.
    expect((await failure(caller('alice').credentials.list({ orgId: 'org_b' }))).code).toBe(
      'FORBIDDEN',
    );
    expect(vendor.checks).toEqual([]);
  });

  it("gives each org its own providers: forOrg never leaks one org's credential into another", async () => {
    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A },
    });
    const a = await registry.forOrg('org_a');
    const b = await registry.forOrg('org_b');
    expect(a.hosting('acme')).toMatchObject({ token: GOOD_A });
    expect(b.list('hosting').map((p) => p.identifier)).toEqual(['local']);
    expect(() => b.hosting('acme')).toThrow(/not configured for this team/);
    expect(registry.list('hosting').map((p) => p.identifier)).toEqual(['local']);

    await caller('bob').credentials.save({
      orgId: 'org_b',
      provider: 'acme',
      fields: { apiToken: GOOD_B },
    });
    expect((await registry.forOrg('org_b')).hosting('acme')).toMatchObject({ token: GOOD_B });
    expect((await registry.forOrg('org_a')).hosting('acme')).toMatchObject({ token: GOOD_A });

    // The deploy modal's provider list and deploys follow the same rule.
    expect((await caller('alice').providers({ orgId: 'org_a' })).hosting.map((p) => p.id)).toEqual([
      'local',
      'acme',
    ]);
    const deployed = await caller('alice').deployWeb({
      orgId: 'org_a',
      projectId: 'prj_1',
      hostingProvider: 'acme',
      databaseProvider: null,
    });
    expect(deployed.liveUrl).toBe(`https://${deployed.slug}.acme.test`);
    await db.providerCredential.deleteMany({ where: { orgId: 'org_b' } });
    const refused = await failure(
      caller('bob').deployWeb({
        orgId: 'org_b',
        projectId: 'prj_2',
        hostingProvider: 'acme',
        databaseProvider: null,
      }),
    );
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toContain('Settings → Providers');
  });

  it('caches an org until its credentials change, then builds its providers again', async () => {
    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A },
    });
    const first = await registry.forOrg('org_a');
    expect(await registry.forOrg('org_a')).toBe(first);
    expect(vendor.created).toEqual([GOOD_A]);

    // A check records its result but does not change the connection: the cache stays.
    vendor.valid.delete(GOOD_A);
    const checked = await caller('alice').credentials.check({ orgId: 'org_a', provider: 'acme' });
    expect(checked.credential).toMatchObject({
      status: 'failing',
      message: expect.stringContaining('is not valid'),
    });
    expect(JSON.stringify(checked)).not.toContain(GOOD_A);
    expect(await registry.forOrg('org_a')).toBe(first);

    vendor.valid.add(GOOD_B);
    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_B },
    });
    const second = await registry.forOrg('org_a');
    expect(second).not.toBe(first);
    expect(second.hosting('acme')).toMatchObject({ token: GOOD_B });
    expect(
      (await caller('alice').credentials.list({ orgId: 'org_a' })).providers[0]!.credential?.status,
    ).toBe('working');

    await caller('alice').credentials.remove({ orgId: 'org_a', provider: 'acme' });
    expect(() => registry.hosting('acme')).toThrow();
    expect((await registry.forOrg('org_a')).list('hosting').map((p) => p.identifier)).toEqual([
      'local',
    ]);
    expect(await rawRows()).toEqual([]);
  });

  it('refuses to remove a credential that deployed apps use', async () => {
    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A },
    });
    const { slug } = await caller('alice').deployWeb({
      orgId: 'org_a',
      projectId: 'prj_1',
      hostingProvider: 'acme',
      databaseProvider: null,
    });
    const refused = await failure(
      caller('alice').credentials.remove({ orgId: 'org_a', provider: 'acme' }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(`An app is deployed with Acme Hosting (${slug})`);
    expect(await rawRows()).toHaveLength(1);
  });

  it('bounds vendor calls per org', async () => {
    setup({ limitPoints: 2 });
    await caller('alice').credentials.save({
      orgId: 'org_a',
      provider: 'acme',
      fields: { apiToken: GOOD_A },
    });
    await caller('alice').credentials.check({ orgId: 'org_a', provider: 'acme' });
    const limited = await failure(
      caller('alice').credentials.check({ orgId: 'org_a', provider: 'acme' }),
    );
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.message).toMatch(
      /^Too many provider checks for this team\. Try again in \d+ seconds?\.$/,
    );
    expect(vendor.checks).toHaveLength(2);
    // Other orgs have their own budget.
    await caller('bob').credentials.save({
      orgId: 'org_b',
      provider: 'acme',
      fields: { apiToken: GOOD_B },
    });
  });

  it('answers within the time limit when the vendor hangs, and stores nothing', async () => {
    const hanging: TProviderCatalogEntry = {
      ...acmeEntry(vendor),
      check: () => new Promise(() => undefined),
    };
    const credentials = createProviderCredentials({
      db,
      keyring,
      catalog: [hanging],
      logger: createLogger({ level: 'silent' }),
      checkTimeoutMs: 50,
    });
    const started = Date.now();
    const refused = await failure(
      credentials.save({
        orgId: 'org_a',
        userId: 'alice',
        provider: 'acme',
        fields: { apiToken: GOOD_A },
      }),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(refused.message).toContain('Acme Hosting did not answer within 1 s');
    expect(await rawRows()).toEqual([]);
  });
});
