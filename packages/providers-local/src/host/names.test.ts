import { describe, expect, it } from 'vitest';
import { LocalHostError } from './errors.js';
import { assertDeploymentId, assertEnv, assertSlug, normalizeDomain } from './names.js';

const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return LocalHostError.is(e) ? e.code : 'other';
  }
};

describe('names', () => {
  it('accepts DNS-label slugs only', () => {
    for (const ok of ['a', 'team-tasks', 'x1', 'a'.repeat(63)]) expect(code(() => assertSlug(ok))).toBeNull();
    for (const bad of ['', 'A', '-a', 'a-', 'a--b', 'a_b', 'a.b', 'a'.repeat(64)]) expect(code(() => assertSlug(bad))).toBe('VALIDATION');
  });

  it('accepts deployment ids that fit a host name label', () => {
    expect(code(() => assertDeploymentId('clx9z0k2p0000qw'))).toBeNull();
    expect(code(() => assertDeploymentId('Dep_1'))).toBe('VALIDATION');
  });

  it('checks env var names, reserved bindings and value size', () => {
    expect(code(() => assertEnv({ STRIPE_KEY: 'sk', _private: 'x' }))).toBeNull();
    expect(code(() => assertEnv({ ASSETS: 'x' }))).toBe('VALIDATION');
    expect(code(() => assertEnv({ __SHIPYARD_X: 'x' }))).toBe('VALIDATION');
    expect(code(() => assertEnv({ 'A-B': 'x' }))).toBe('VALIDATION');
    expect(code(() => assertEnv({ A: 'é'.repeat(2561) }))).toBe('VALIDATION');
    expect(code(() => assertEnv(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, 'x']))))).toBe('VALIDATION');
  });

  it('normalizes custom domains and reserves the host base domain', () => {
    expect(normalizeDomain(' Shop.Example.COM. ', 'localhost')).toBe('shop.example.com');
    expect(code(() => normalizeDomain('x.apps.test', 'apps.test'))).toBe('VALIDATION');
    expect(code(() => normalizeDomain('foo.localhost', 'apps.test'))).toBe('VALIDATION');
    expect(code(() => normalizeDomain('localhost', 'apps.test'))).toBe('VALIDATION');
    expect(code(() => normalizeDomain('1.2.3.4', 'localhost'))).toBe('VALIDATION');
    expect(code(() => normalizeDomain('exa mple.com', 'localhost'))).toBe('VALIDATION');
  });
});
