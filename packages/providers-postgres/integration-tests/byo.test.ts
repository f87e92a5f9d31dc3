import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabaseUrl, postgresUrlDatabase } from '../src/byo';
import type { TLookup } from '../src/network';
import { admin, app, stepContext, uniqueName } from './helpers';

const database = uniqueName('sy_byo_');
const LOCAL = `postgresql://postgres:not-checked-pw@127.0.0.1:5432/${database}?sslmode=disable`;

/** A resolver under test control: a "public" name that points at loopback is the classic SSRF. */
const lookup: TLookup = async (host) => {
  if (host === 'db.attacker.example') return [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
  if (host === 'metadata.attacker.example') return [{ address: '169.254.169.254', family: 4 }];
  if (host === 'v6.attacker.example') return [{ address: '::1', family: 6 }];
  throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
});
afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
});

describe('bring-your-own PostgreSQL URL', () => {
  it('refuses loopback, private, link-local and IPv6-loopback hosts by default, before connecting', async () => {
    for (const url of [
      LOCAL,
      `postgresql://u:pw-123456@db.attacker.example:5432/app`,
      `postgresql://u:pw-123456@metadata.attacker.example/app`,
      `postgresql://u:pw-123456@v6.attacker.example/app`,
      `postgresql://u:pw-123456@[::1]:5432/app`,
      `postgresql://u:pw-123456@10.1.2.3/app`,
    ]) {
      const result = await checkDatabaseUrl(url, { lookup });
      expect(result.ok, url).toBe(false);
      expect(result.message, url).toMatch(/Refusing to connect to .* not a public one/);
      expect(result.message).not.toMatch(/pw-123456|not-checked-pw/);
    }
    const provider = postgresUrlDatabase.create(postgresUrlDatabase.optionsSchema.parse({ url: LOCAL, lookup }));
    await expect(provider.provision({ app: app('x'), name: 'sy-x' }, stepContext())).rejects.toThrow(/cannot be used: Refusing to connect to 127\.0\.0\.1: it is a loopback/);
    // The data plane checks again on every connection, so a stored URL cannot be used to reach inside either.
    await expect(provider.query({ provider: 'postgres', externalId: 'e', name: 'n', url: LOCAL }, 'SELECT 1', [])).rejects.toThrow(/loopback/);
  });

  it('connects, runs statements and leaves the database in place on delete when private networks are allowed', async () => {
    const provider = postgresUrlDatabase.create(postgresUrlDatabase.optionsSchema.parse({ url: LOCAL, allowPrivateNetworks: true }));
    const check = await provider.check();
    expect(check).toMatchObject({ ok: true, message: `Connected to ${database} on 127.0.0.1:5432 as postgres.`, serverVersion: expect.stringMatching(/^PostgreSQL 1\d/) });
    const ctx = stepContext();
    const conn = await provider.provision({ app: app('shop'), name: 'sy-shop' }, ctx);
    expect(conn).toMatchObject({ provider: 'postgres', url: LOCAL, name: `${database} (sy-shop)` });
    expect((await provider.provision({ app: app('shop'), name: 'sy-shop' }, ctx)).externalId).toBe(conn.externalId);
    await provider.execute(conn, ['CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT)', "INSERT INTO items (name) VALUES ('a'), ('b')"], ctx);
    expect(await provider.countRows(conn, ['items'])).toEqual({ items: 2 });
    expect(await provider.query(conn, 'SELECT name FROM items WHERE id = ?', [2])).toEqual([{ name: 'b' }]);
    await provider.remove(conn, ctx);
    expect(await provider.countRows(conn, ['items'])).toEqual({ items: 2 });
    expect(ctx.lines.join('\n')).toMatch(/leaves it and its data in place/);
    expect(ctx.lines.join('\n')).not.toContain('not-checked-pw');
  });

  it('says clearly what is wrong: no TLS, unknown database, refused, timeout', async () => {
    const allow = { allowPrivateNetworks: true, connectTimeoutMs: 400 };
    const noTls = await checkDatabaseUrl(LOCAL.replace('?sslmode=disable', ''), allow);
    expect(noTls).toEqual({ ok: false, message: expect.stringMatching(/does not support TLS.*sslmode=disable/) });

    const missing = await checkDatabaseUrl(LOCAL.replace(database, 'no_such_db_here'), allow);
    expect(missing).toEqual({ ok: false, message: expect.stringMatching(/database does not exist.*SQLSTATE 3D000/) });

    const refused = await checkDatabaseUrl('postgresql://u:secret-pw@127.0.0.1:1/app?sslmode=disable', allow);
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/127\.0\.0\.1:1 refused the connection/) });

    // A server that accepts TCP and then never speaks: the check gives up at the timeout.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    const hung = await checkDatabaseUrl(`postgresql://u:secret-pw@127.0.0.1:${port}/app?sslmode=disable`, allow);
    const elapsed = Date.now() - started;
    silent.close();
    expect(hung).toEqual({ ok: false, message: expect.stringMatching(/did not answer in time/) });
    expect(elapsed).toBeLessThan(3_000);
    for (const r of [refused, hung]) expect(r.message).not.toContain('secret-pw');
  });

  it('rejects a malformed or file-reading URL in the options at start-up', () => {
    expect(() => postgresUrlDatabase.optionsSchema.parse({ url: 'postgresql://u:p@h/db?sslrootcert=/etc/shadow' })).toThrow(/parameter sslrootcert/);
    expect(() => postgresUrlDatabase.optionsSchema.parse({ url: 'http://example.com' })).toThrow(/must start with postgres/);
  });
});
