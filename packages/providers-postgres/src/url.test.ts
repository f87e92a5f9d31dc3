import { describe, expect, it } from 'vitest';
import { formatPostgresUrl, parsePostgresUrl, pgClientConfig, redactUrl } from './url';

describe('parsePostgresUrl', () => {
  it('parses user, password, host, port, database and sslmode', () => {
    const r = parsePostgresUrl('postgresql://app%40corp:p%40ss%2Fw0rd@db.example.com:6543/shop?sslmode=verify-full&application_name=x');
    expect(r).toEqual({
      ok: true,
      url: { host: 'db.example.com', port: 6543, user: 'app@corp', password: 'p@ss/w0rd', database: 'shop', sslmode: 'verify-full', applicationName: 'x', options: null },
    });
  });

  it('defaults the port to 5432 and accepts postgres://', () => {
    const r = parsePostgresUrl('postgres://u:p@db.example.com/app');
    expect(r.ok && r.url.port).toBe(5432);
  });

  it.each([
    ['mysql://u:p@h/db', /must start with postgres/],
    ['postgresql://u:p@/db', /no host|not a valid URL/],
    ['postgresql://:p@db.example.com/db', /no user name/],
    ['postgresql://u:p@db.example.com', /no database name/],
    ['postgresql://u:p@db.example.com:70000/db', /not a valid URL|port/],
    ['postgresql://u:p@db.example.com/db?host=/var/run/postgresql', /parameter host/],
    ['postgresql://u:p@db.example.com/db?sslrootcert=/etc/passwd', /parameter sslrootcert/],
    ['postgresql://u:p@db.example.com/db?hostaddr=10.0.0.1', /parameter hostaddr/],
    ['postgresql://u:p@db.example.com/db?sslmode=sometimes', /not a PostgreSQL SSL mode/],
    ['postgresql://u:p@a.example.com,b.example.com/db', /several hosts/],
  ])('refuses %s', (url, message) => {
    const r = parsePostgresUrl(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('pgClientConfig', () => {
  const url = { host: 'db.example.com', port: 5432, user: 'u', password: 'p', database: 'd', sslmode: null, applicationName: null, options: null };

  it('pins the checked address while verifying TLS against the host name', () => {
    const config = pgClientConfig({ ...url, sslmode: 'verify-full' }, { address: '93.184.216.34', connectTimeoutMs: 1000 });
    expect(config.host).toBe('93.184.216.34');
    expect(config.ssl).toEqual({ rejectUnauthorized: true, servername: 'db.example.com' });
    expect(config.connectionTimeoutMillis).toBe(1000);
  });

  it('uses the default SSL mode only when the URL has none', () => {
    expect(pgClientConfig(url, { connectTimeoutMs: 1, defaultSslMode: 'require' }).ssl).toEqual({ rejectUnauthorized: false, servername: 'db.example.com' });
    expect(pgClientConfig({ ...url, sslmode: 'disable' }, { connectTimeoutMs: 1, defaultSslMode: 'require' }).ssl).toBe(false);
  });
});

describe('formatPostgresUrl / redactUrl', () => {
  it('round-trips through the parser and hides the password', () => {
    const url = formatPostgresUrl({ host: 'db.example.com', port: 5432, user: 'sy_app', password: 'S3cret/with@chars', database: 'sy_app', sslmode: 'require' });
    const parsed = parsePostgresUrl(url);
    expect(parsed.ok && parsed.url.password).toBe('S3cret/with@chars');
    expect(redactUrl(url)).toBe('postgresql://sy_app:***@db.example.com:5432/sy_app?sslmode=require');
  });
});
