import { readFileSync } from 'node:fs';
import path from 'node:path';
import { aiEnvPreset } from '@shipyard/ai-editor';
import { loadConfig, type EnvPreset } from '@shipyard/core/config';
import { servicesEnvPreset } from '@shipyard/services';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workerEnvPreset } from '../../worker/src/env';
import { platformEnvPreset } from '../src/env';

// docker-compose.yml cannot run here (no Docker engine); this keeps it honest instead: every
// variable it sets is one the service reads, and each service's presets accept its environment.

type TCompose = {
  'x-shared-env': Record<string, string>;
  services: Record<string, { environment?: Record<string, string> }>;
};

const repoRoot = path.resolve(__dirname, '../../..');
const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as TCompose;

/** `${VAR:?message}` and `${VAR:-default}` as an operator would fill them in. */
function resolve(value: string): string {
  return String(value).replace(
    /\$\{(\w+)(?::([?-])([^}]*))?\}/g,
    (_m, name: string, kind?: string, rest?: string) => {
      if (kind === '-') return rest ?? '';
      const samples: Record<string, string> = {
        SHIPYARD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
        BETTER_AUTH_SECRET: 'x'.repeat(40),
        LOCAL_HOST_CONTROL_TOKEN: 't'.repeat(32),
        POSTGRES_PASSWORD: 'secret',
      };
      return samples[name] ?? `set-${name}`;
    },
  );
}

function environmentOf(service: string): Record<string, string | undefined> {
  const env = compose.services[service]?.environment ?? {};
  return Object.fromEntries(
    Object.entries(env)
      .map(([k, v]) => [k, v === '' ? undefined : resolve(v)])
      .map(([k, v]) => [k, v === '' ? undefined : v]),
  );
}

const HOST_VARIABLES = [
  'SHIPYARD_HOST_DATA_DIR',
  'SHIPYARD_HOST_PORT',
  'SHIPYARD_HOST_LISTEN',
  'SHIPYARD_HOST_BASE_DOMAIN',
  'SHIPYARD_HOST_CONTROL_PORT',
  'SHIPYARD_HOST_CONTROL_LISTEN',
  'SHIPYARD_HOST_CONTROL_TOKEN',
];

const presetsByService: Record<string, readonly EnvPreset[]> = {
  platform: [platformEnvPreset, servicesEnvPreset, aiEnvPreset],
  worker: [workerEnvPreset, servicesEnvPreset, aiEnvPreset],
};

describe('docker-compose.yml', () => {
  it.each(Object.keys(presetsByService))(
    '%s sets only variables its presets read, and they parse for production',
    (service) => {
      const presets = presetsByService[service]!;
      const known = new Set(presets.flatMap((p) => Object.keys(p.shape)));
      const env = environmentOf(service);
      expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
      expect(() => loadConfig(presets, env)).not.toThrow();
      expect(env.NODE_ENV).toBe('production');
    },
  );

  it('the platform and the worker agree on what they share', () => {
    const platform = environmentOf('platform');
    const worker = environmentOf('worker');
    for (const name of [
      'REDIS_URL',
      'SHIPYARD_ENCRYPTION_KEYS',
      'EDITOR_DATABASE_URL',
      'DEPLOY_DATABASE_URL',
      'LOCAL_HOST_CONTROL_URL',
      'LOCAL_HOST_CONTROL_TOKEN',
    ]) {
      expect(worker[name], name).toBeDefined();
      expect(worker[name], name).toBe(platform[name]);
    }
  });

  it('the host serves the control API the others call, with the same token', () => {
    const host = environmentOf('host');
    expect(Object.keys(host).filter((name) => !HOST_VARIABLES.includes(name))).toEqual([]);
    const platform = environmentOf('platform');
    expect(platform.LOCAL_HOST_CONTROL_URL).toBe(`http://host:${host.SHIPYARD_HOST_CONTROL_PORT}`);
    expect(host.SHIPYARD_HOST_CONTROL_TOKEN).toBe(platform.LOCAL_HOST_CONTROL_TOKEN);
    expect(host.SHIPYARD_HOST_PORT).toBe(platform.LOCAL_HOST_PORT);
  });

  it('a missing production secret is reported with every other problem at once', () => {
    const env = {
      ...environmentOf('platform'),
      BETTER_AUTH_SECRET: undefined,
      SHIPYARD_ENCRYPTION_KEYS: undefined,
    };
    expect(() => loadConfig(presetsByService.platform!, env)).toThrow(
      /BETTER_AUTH_SECRET[\s\S]*SHIPYARD_ENCRYPTION_KEYS|SHIPYARD_ENCRYPTION_KEYS[\s\S]*BETTER_AUTH_SECRET/,
    );
  });
});
