#!/usr/bin/env node
import { loadConfig } from '@shipyard/core/config';
import { cloudProvidersEnvPreset, createCloudProviders } from '../cloud-providers';

/**
 * `shipyard providers check`: which cloud providers the environment configures, and whether
 * their tokens work (one cheap authenticated call each; tokens are never printed).
 */
async function main(argv: string[]): Promise<number> {
  if (argv[0] !== 'check') {
    process.stderr.write('usage: shipyard providers check\n');
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
  process.stdout.write('local (hosting, database): built in — always available\n');
  if (!configured.length) {
    process.stdout.write(
      'No cloud provider is configured. Set e.g. CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (see the README).\n',
    );
    return 0;
  }
  let failed = 0;
  for (const provider of configured) {
    const result = await provider
      .check()
      .catch((error: unknown) => ({
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      }));
    if (!result.ok) failed++;
    process.stdout.write(
      `${result.ok ? 'ok  ' : 'FAIL'} ${provider.label} (${provider.kind}: ${provider.id}) — ${result.message}\n`,
    );
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
