import type { Logger } from '@shipyard/core';
import { createKeyring, parseKeyringSpec } from '@shipyard/core/crypto';
import { createDomainServices, createHostHandle } from '@shipyard/services';
import { EDITOR_MIGRATIONS_DIR } from '@shipyard/ai-editor';
import { DEPLOY_MIGRATIONS_DIR } from '@shipyard/deploy-core';
import type { TWorkerEnv } from './env';
import type { TPackageDatabase } from './registry';

/** ai-editor and deploy-core jobs, composed the same way as in the platform (@shipyard/services). */
export function createWorkerDomain(env: TWorkerEnv, logger: Logger) {
  const localHost = createHostHandle({
    dataDir: env.dataDir,
    port: env.domain.localHost.port,
    baseDomain: env.domain.localHost.baseDomain,
    controlUrl: env.domain.localHost.controlUrl,
    controlToken: env.domain.localHost.controlToken,
    serveControlOnPort: null,
    logger,
  });
  const services = createDomainServices({
    editorDatabaseUrl: env.domain.editorDatabaseUrl,
    deployDatabaseUrl: env.domain.deployDatabaseUrl,
    keyring: createKeyring(parseKeyringSpec(env.encryptionKeys)),
    logger,
    aiProviders: env.domain.aiProviders,
    localHost: localHost.control,
    extraProviders: env.domain.cloudProviders,
    // Teams' own provider credentials, calling the vendor APIs this host allows (as the platform).
    providerCatalog: env.domain.providerCatalog,
  });
  const databases: TPackageDatabase[] = [
    {
      package: '@shipyard/ai-editor',
      migrationsDir: EDITOR_MIGRATIONS_DIR,
      url: env.domain.editorDatabaseUrl,
    },
    {
      package: '@shipyard/deploy-core',
      migrationsDir: DEPLOY_MIGRATIONS_DIR,
      url: env.domain.deployDatabaseUrl,
    },
  ];
  return {
    services,
    databases,
    async close() {
      await services.close();
      await localHost.close();
    },
  };
}
