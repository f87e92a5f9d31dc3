import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../src/credentials';
import { tursoDatabaseName, tursoDatabases } from '../src/turso-database';
import { API_TOKEN, FakeTurso, MEMBER_TOKEN, ORG } from '../src/testing';
import { APP, stepContext, testOptions } from './helpers';

let fake: FakeTurso;
beforeEach(async () => {
  fake = await new FakeTurso().start();
});
afterEach(async () => {
  await fake.stop();
  expect(fake.failures).toEqual([]);
});

const make = (overrides: Record<string, unknown> = {}) => tursoDatabases.create(tursoDatabases.optionsSchema.parse(testOptions(fake, overrides)));

describe('Turso databases (fake Platform API + libSQL servers)', () => {
  it('provisions a database with a token, applies schema and data over the remote protocol, and deletes it', async () => {
    const provider = make();
    const ctx = stepContext();
    const conn = await provider.provision({ app: APP, name: 'sy-notes' }, ctx);
    const db = fake.databases.get('sy-notes')!;
    expect(db.group).toBe('default');
    expect(conn).toEqual({ provider: 'turso', externalId: 'sy-notes', name: 'sy-notes', url: `libsql://${db.Hostname}?tls=0`, authToken: db.tokens[0]!.jwt });
    expect(db.tokens[0]).toMatchObject({ expiration: 'never', authorization: 'full-access' });
    const apiCalls = fake.requests.map((r) => `${r.method} ${r.path}${r.query}`);
    expect(apiCalls).toEqual([`POST /v1/organizations/${ORG}/databases`, `POST /v1/organizations/${ORG}/databases/sy-notes/auth/tokens?expiration=never&authorization=full-access`]);
    expect(fake.requests.every((r) => r.auth === `Bearer ${API_TOKEN}`)).toBe(true);

    const schema = ['CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)', 'CREATE INDEX IF NOT EXISTS notes_body ON notes (body)'];
    expect(await provider.execute(conn, schema, ctx)).toEqual({ rowsWritten: 0 });
    expect(await provider.execute(conn, ["INSERT INTO notes (body) VALUES ('one'), ('two')", "INSERT INTO notes (body) VALUES ('three')", "UPDATE notes SET body = 'ONE' WHERE id = 1"], ctx)).toEqual({ rowsWritten: 4 });
    expect(await provider.query(conn, 'SELECT body FROM notes WHERE id > ? ORDER BY id', [1])).toEqual([{ body: 'two' }, { body: 'three' }]);
    expect(await provider.countRows(conn, ['notes'])).toEqual({ notes: 3 });
    // The data plane spoke Hrana over HTTP with the minted database token, not the API token.
    const pipelines = db.server.requests.filter((r) => r.path === '/v2/pipeline');
    expect(pipelines.length).toBeGreaterThanOrEqual(4);
    expect(pipelines.every((r) => r.authorization === `Bearer ${conn.authToken}`)).toBe(true);

    // Atomic: a failing statement keeps nothing from its batch.
    await expect(provider.execute(conn, ["INSERT INTO notes (id, body) VALUES (10, 'x')", "INSERT INTO notes (id, body) VALUES (1, 'dup')"], ctx)).rejects.toThrow(
      /statement 2 of 2 .*UNIQUE constraint failed.*Nothing from this batch was kept/,
    );
    expect(await provider.countRows(conn, ['notes'])).toEqual({ notes: 3 });

    // Idempotent by name: the 409 leads to the existing database (data intact), with a fresh token.
    const again = await provider.provision({ app: APP, name: 'sy-notes' }, ctx);
    expect(again.url).toBe(conn.url);
    expect(again.authToken).not.toBe(conn.authToken);
    expect(fake.databases.size).toBe(1);
    expect(await provider.countRows(again, ['notes'])).toEqual({ notes: 3 });
    expect(ctx.lines.join('\n')).toMatch(/Reusing the Turso database sy-notes/);

    await provider.remove(conn, ctx);
    expect(fake.databases.has('sy-notes')).toBe(false);
    await provider.remove(conn, ctx);
    expect(ctx.lines.at(-1)).toMatch(/already deleted/);
    const logs = ctx.lines.join('\n');
    for (const secret of [API_TOKEN, conn.authToken!, again.authToken!]) expect(logs).not.toContain(secret);
  });

  it('never creates a second database when the create response is lost', async () => {
    fake.inject({ method: 'POST', path: /\/databases$/, times: 1, status: 502, afterHandling: true });
    const ctx = stepContext();
    const conn = await make().provision({ app: APP, name: 'sy-lost' }, ctx);
    expect(fake.databases.size).toBe(1);
    expect(conn.externalId).toBe('sy-lost');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/databases'))).toHaveLength(2);
    expect(ctx.lines[0]).toMatch(/Turso answered 502 .*retrying/);
  });

  it('waits out a 429 storm for Retry-After, within a bound', async () => {
    fake.inject({ method: 'POST', path: /\/databases$/, times: 3, status: 429, headers: { 'retry-after': '0.05' } });
    const ctx = stepContext();
    const started = Date.now();
    await make().provision({ app: APP, name: 'sy-busy' }, ctx);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(ctx.lines.filter((l) => /429 .*\(rate limited\); retrying in 50 ms/.test(l))).toHaveLength(3);

    // Longer than maxRetryAfterMs: fail at once instead of stalling the deploy.
    fake.inject({ method: 'POST', path: /\/databases$/, times: 1, status: 429, headers: { 'retry-after': '3600' } });
    await expect(make().provision({ app: APP, name: 'sy-later' }, stepContext())).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/kept rate-limiting/) });

    // More 429s than retries: fail with the count.
    fake.inject({ method: 'POST', path: /\/databases$/, times: 20, status: 429, headers: { 'retry-after': '0' } });
    await expect(make({ maxRetries: 2 }).provision({ app: APP, name: 'sy-storm' }, stepContext())).rejects.toThrow(/HTTP 429 after 3 attempts/);
    expect(fake.databases.has('sy-storm')).toBe(false);
  });

  it('retries 5xx with backoff, then fails with Turso’s message', async () => {
    fake.inject({ method: 'POST', path: /\/auth\/tokens$/, times: 2, status: 503, error: 'service unavailable' });
    const conn = await make().provision({ app: APP, name: 'sy-flaky' }, stepContext());
    expect(conn.authToken).toBeTruthy();

    fake.inject({ method: 'DELETE', path: /\/databases\//, times: 10, status: 500, error: 'storage backend timeout' });
    await expect(make({ maxRetries: 2 }).remove(conn, stepContext())).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      message: expect.stringMatching(/Turso failed to delete the database sy-flaky after 3 attempts \(HTTP 500: storage backend timeout\)/),
    });
  });

  it('maps 401, 403, 404 and 409 to messages that say what to do, without the token', async () => {
    const bad = make({ apiToken: 'turso-revoked-token-999999' });
    const e401 = (await bad.provision({ app: APP, name: 'sy-x' }, stepContext()).catch((e: unknown) => e)) as Error;
    expect(e401).toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/^Turso token invalid or missing scope databases:write/) });
    expect(e401.message).not.toContain('turso-revoked-token-999999');

    const member = make({ apiToken: MEMBER_TOKEN });
    await expect(member.provision({ app: APP, name: 'sy-x' }, stepContext())).rejects.toThrow(/token invalid or missing scope databases:write: the token may not create the database sy-x in group default in organization acme \(HTTP 403: only organization admins/);

    await expect(make({ group: 'nope' }).provision({ app: APP, name: 'sy-x' }, stepContext())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^The group nope does not exist in organization acme/),
    });

    await make({ group: 'eu' }).provision({ app: APP, name: 'sy-taken' }, stepContext());
    await expect(make().provision({ app: APP, name: 'sy-taken' }, stepContext())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A Turso database named sy-taken already exists in group eu, not default. Rename the app, or set the Turso group to eu.',
    });
  });

  it('says when the database token is rejected on the data plane', async () => {
    const provider = make();
    const conn = await provider.provision({ app: APP, name: 'sy-rotated' }, stepContext());
    fake.databases.get('sy-rotated')!.server.setAuthToken('rotated-elsewhere');
    const error = (await provider.query(conn, 'SELECT 1', []).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/rejected the database token .*HTTP 401/) });
    expect(error.message).not.toContain(conn.authToken!);
  });

  it('checks credentials with one cheap call', async () => {
    const base = testOptions(fake);
    expect(await checkCredentials(base)).toEqual({ ok: true, message: 'The token works for organization acme; group default exists.' });
    expect(await checkCredentials({ ...base, apiToken: 'turso-wrong-token-123456' })).toMatchObject({ ok: false, message: expect.stringMatching(/token invalid/) });
    expect(await checkCredentials({ ...base, organization: 'other-org' })).toMatchObject({ ok: false, message: expect.stringMatching(/HTTP 403/) });
    expect(await checkCredentials({ ...base, group: 'missing' })).toMatchObject({ ok: false, message: expect.stringMatching(/The group missing does not exist/) });
    expect(await checkCredentials({ ...base, organization: 'Not An Org' })).toMatchObject({ ok: false, message: expect.stringMatching(/^organization:/) });
  });

  it('derives valid Turso names', () => {
    expect(tursoDatabaseName('sy-My_Notes App')).toBe('sy-my-notes-app');
    const long = tursoDatabaseName(`sy-${'x'.repeat(80)}`);
    expect(long).toHaveLength(64);
    expect(long).not.toBe(tursoDatabaseName(`sy-${'x'.repeat(81)}`));
  });
});
