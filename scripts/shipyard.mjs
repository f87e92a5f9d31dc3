#!/usr/bin/env node
// The project's front door. `npm run dev` and `npm test` call this, so both work on a machine
// that has only Node.js: it installs the pinned pnpm, the dependencies, starts what the tests
// need, and then hands over to Turborepo / Vitest.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '').split('+')[0];
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

function log(message) {
  process.stdout.write(`\x1b[36m[shipyard]\x1b[0m ${message}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** pnpm at the version package.json pins; corepack's signature check fails on this network, so npm installs it. */
function ensurePnpm() {
  if (output('pnpm', ['--version']) === pnpmVersion) return;
  log(`installing pnpm ${pnpmVersion} (npm install -g)`);
  const result = spawnSync('npm', ['install', '-g', `pnpm@${pnpmVersion}`], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0 || output('pnpm', ['--version']) !== pnpmVersion) {
    console.error(
      `Could not install pnpm ${pnpmVersion}. Install it yourself (npm install -g pnpm@${pnpmVersion}) and run this again.`,
    );
    process.exit(1);
  }
}

function ensureDependencies() {
  const frozen = existsSync(path.join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  run('pnpm', ['install', ...frozen, '--prefer-offline']);
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  });
}

async function waitForPort(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** PostgreSQL and Redis, started from Debian's packages when they are not already running. */
async function ensureServices() {
  if (!(await portOpen(6379))) {
    if (!output('which', ['redis-server'])) installApt(['redis-server']);
    log('starting Redis on 127.0.0.1:6379');
    spawnSync('mkdir', ['-p', '/var/lib/redis', '/var/log/redis']);
    run('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '-::1',
      '--port',
      '6379',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      '/var/lib/redis',
      '--logfile',
      '/var/log/redis/shipyard.log',
    ]);
    if (!(await waitForPort(6379, 15))) throw new Error('Redis did not start on 127.0.0.1:6379');
  }
  if (!(await portOpen(5432))) {
    if (!existsSync('/etc/postgresql')) installApt(['postgresql']);
    const versions = output('ls', ['/etc/postgresql'])?.split('\n').filter(Boolean) ?? [];
    const version = versions.at(-1);
    log(`starting PostgreSQL ${version} on 127.0.0.1:5432`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    if (!(await waitForPort(5432, 30)))
      throw new Error('PostgreSQL did not start on 127.0.0.1:5432');
  }
}

let aptUpdated = false;
function installApt(packages) {
  if (process.getuid?.() !== 0) {
    console.error(
      `Missing ${packages.join(', ')}. Install with: sudo apt-get install -y ${packages.join(' ')}`,
    );
    process.exit(1);
  }
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  log(`installing ${packages.join(', ')} (apt-get)`);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Browser tests drive Debian's Chromium; Playwright's own browser download cannot work offline. */
function ensureChromium() {
  if (!existsSync('/usr/bin/chromium')) installApt(['chromium']);
}

const commands = {
  async 'ensure-pnpm'() {
    ensurePnpm();
  },
  async services() {
    await ensureServices();
    ensureChromium();
  },
  async setup() {
    ensurePnpm();
    ensureDependencies();
  },
  async dev() {
    ensurePnpm();
    ensureDependencies();
    const filters = ['--filter=@shipyard/platform'];
    if (process.env.REDIS_URL) filters.push('--filter=@shipyard/worker');
    log('starting the platform on http://localhost:' + (process.env.PORT ?? '3000'));
    run('pnpm', ['exec', 'turbo', 'run', 'dev', ...filters]);
  },
  /** `shipyard providers check`: which cloud providers are configured and whether their tokens work. */
  async providers() {
    ensurePnpm();
    ensureDependencies();
    run('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@shipyard/services', '--output-logs=errors-only']);
    run('node', ['packages/services/dist/bin/shipyard-providers.js', ...process.argv.slice(3)]);
  },
  async test() {
    ensurePnpm();
    ensureDependencies();
    await ensureServices();
    ensureChromium();
    run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
    run('pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(3)]);
  },
};

const name = process.argv[2];
if (!name || !(name in commands)) {
  console.error(`usage: node scripts/shipyard.mjs <${Object.keys(commands).join('|')}>`);
  process.exit(2);
}
await commands[name]();
