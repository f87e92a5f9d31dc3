#!/usr/bin/env node
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '@shipyard/core';
import { loadConfig, loadOrCreateDevSecrets } from '@shipyard/core/config';
import { createKeyring, parseKeyringSpec } from '@shipyard/core/crypto';
import { createDeployDb, createProviderCredentials } from '@shipyard/deploy-core';
import {
  cloudProviderHostOptions,
  cloudProvidersEnvPreset,
  createCloudProviderCatalog,
  createCloudProviders,
  orgProviderCatalog,
} from '../cloud-providers';
import { defaultDatabaseUrls, servicesEnvPreset } from '../index';

const USAGE = `usage: shipyard providers check [--org <team id>]

  check               the cloud providers the environment configures, and whether their tokens work
  check --org <id>    also the providers that team saved in Settings → Providers (checked again and
                      recorded); reads DEPLOY_DATABASE_URL (default: <SHIPYARD_DATA_DIR>/deploy-core.db)
                      and SHIPYARD_ENCRYPTION_KEYS (default: the development secrets in the data dir)
`;

function line(ok: boolean, label: string, what: string, message: string) {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${label} (${what}) — ${message}\n`);
}

function repoRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}

/** The team's saved providers, each checked again (tokens are never printed). */
async function checkOrg(orgId: string, failed: { count: number }): Promise<void> {
  const env = loadConfig([servicesEnvPreset, cloudProvidersEnvPreset], process.env);
  const dataDir = path.resolve(
    process.env.SHIPYARD_DATA_DIR ?? path.join(repoRoot(process.cwd()), '.data'),
  );
  const devSecrets = path.join(dataDir, 'dev-secrets.json');
  const keys =
    process.env.SHIPYARD_ENCRYPTION_KEYS ??
    (process.env.NODE_ENV !== 'production' && existsSync(devSecrets)
      ? loadOrCreateDevSecrets(dataDir).encryptionKeys
      : undefined);
  if (!keys)
    throw new Error(
      `No encryption keys: set SHIPYARD_ENCRYPTION_KEYS (or SHIPYARD_DATA_DIR to the data directory holding dev-secrets.json; looked in ${dataDir}).`,
    );
  const db = createDeployDb({
    url: env.DEPLOY_DATABASE_URL ?? defaultDatabaseUrls(dataDir).deploy,
  });
  try {
    const credentials = createProviderCredentials({
      db,
      keyring: createKeyring(parseKeyringSpec(keys)),
      catalog: orgProviderCatalog(createCloudProviderCatalog(cloudProviderHostOptions(env))),
      logger: createLogger({ level: 'silent' }),
    });
    const saved = (await credentials.list({ orgId })).filter((p) => p.credential);
    process.stdout.write(
      `\nteam ${orgId}: ${saved.length ? `${saved.length} saved provider${saved.length === 1 ? '' : 's'}` : 'no saved providers'}\n`,
    );
    for (const provider of saved) {
      const checked = await credentials.check({ orgId, userId: 'cli', provider: provider.id });
      const ok = checked.credential?.status === 'working';
      if (!ok) failed.count++;
      line(
        ok,
        provider.label,
        `${provider.kinds.join(', ')}: ${provider.id}`,
        checked.credential?.message ?? '',
      );
    }
  } finally {
    await db.$disconnect();
  }
}

/**
 * `shipyard providers check`: which cloud providers the environment configures, and whether
 * their tokens work (one cheap authenticated call each; tokens are never printed).
 */
async function main(argv: string[]): Promise<number> {
  const orgFlag = argv.indexOf('--org');
  const orgId = orgFlag >= 0 ? argv[orgFlag + 1] : undefined;
  if (argv[0] !== 'check' || (orgFlag >= 0 && !orgId) || argv.length > (orgFlag >= 0 ? 3 : 1)) {
    process.stderr.write(USAGE);
    return 2;
  }
  let env;
  try {
    env = loadConfig([cloudProvidersEnvPreset], process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const { configured } = createCloudProviders(env);
  const failed = { count: 0 };
  process.stdout.write('local (hosting, database): built in — always available\n');
  if (!configured.length) {
    process.stdout.write(
      'No cloud provider is configured for the whole server. Set e.g. CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (see the README); teams can also connect their own in Settings → Providers.\n',
    );
  }
  for (const provider of configured) {
    const result = await provider.check().catch((error: unknown) => ({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    }));
    if (!result.ok) failed.count++;
    line(result.ok, provider.label, `${provider.kind}: ${provider.id}`, result.message);
  }
  if (orgId) {
    try {
      await checkOrg(orgId, failed);
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  return failed.count ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
