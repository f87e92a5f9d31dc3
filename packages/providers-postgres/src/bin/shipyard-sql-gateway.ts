#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createPostgresSqlGateway } from '../sql-gateway';

const usage = `shipyard-sql-gateway — SQL over HTTP (Neon's protocol) in front of PostgreSQL servers you run

Usage: shipyard-sql-gateway --server HOST:PORT [--server …] [--public-hosts] [--deny-user ROLE …] [--port N] [--listen ADDR]

Deployed apps on hosts without TCP (workerd, Cloudflare, Vercel Edge) reach their tenant databases
through it: set POSTGRES_SQL_GATEWAY_URL on the platform and workers to its public https URL (put
TLS in front of it). It connects only to the --server addresses, as the role each request's
connection string names (never as a --deny-user role, e.g. the tenant admin). --public-hosts also
serves teams' own databases (bring-your-own URLs) on hosts whose every address is public.

Environment: SHIPYARD_SQL_GATEWAY_SERVERS (comma-separated), SHIPYARD_SQL_GATEWAY_DENY_USERS,
SHIPYARD_SQL_GATEWAY_PUBLIC_HOSTS=true, SHIPYARD_SQL_GATEWAY_PORT (default 8790),
SHIPYARD_SQL_GATEWAY_LISTEN (default 127.0.0.1).`;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      server: { type: 'string', multiple: true },
      'deny-user': { type: 'string', multiple: true },
      'public-hosts': { type: 'boolean' },
      port: { type: 'string' },
      listen: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const env = process.env;
  const servers = values.server ?? list(env.SHIPYARD_SQL_GATEWAY_SERVERS);
  const publicHosts =
    values['public-hosts'] === true || env.SHIPYARD_SQL_GATEWAY_PUBLIC_HOSTS === 'true';
  if (!servers.length && !publicHosts)
    throw new Error(
      `name the PostgreSQL servers it may connect to (--server HOST:PORT).\n\n${usage}`,
    );
  const port = Number(values.port ?? env.SHIPYARD_SQL_GATEWAY_PORT ?? 8790);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port must be a port number.');
  const gateway = createPostgresSqlGateway({
    servers,
    deniedUsers: values['deny-user'] ?? list(env.SHIPYARD_SQL_GATEWAY_DENY_USERS),
    ...(publicHosts ? { publicHosts: {} } : {}),
  });
  const listening = await gateway.listen(
    port,
    values.listen ?? env.SHIPYARD_SQL_GATEWAY_LISTEN ?? '127.0.0.1',
  );
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: 'shipyard-sql-gateway ready', url: listening.url, servers })}\n`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      listening.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `shipyard-sql-gateway: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
