import { describe, expect, it } from 'vitest';
import { deployTitle, netlifySiteName, parseDeployTitle } from './names';

describe('netlifySiteName', () => {
  it('makes a valid netlify.app label from prefix and slug', () => {
    expect(netlifySiteName('shipyard-', 'notes')).toBe('shipyard-notes');
    expect(netlifySiteName('shipyard-', 'My_App!!')).toBe('shipyard-my-app');
    expect(netlifySiteName('', '--')).toBe('app');
  });
  it('keeps long names unique and within 63 characters', () => {
    const a = netlifySiteName('shipyard-', `${'x'.repeat(70)}-a`);
    const b = netlifySiteName('shipyard-', `${'x'.repeat(70)}-b`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('deploy titles', () => {
  it('round-trips the Shipyard deployment id', () => {
    expect(parseDeployTitle(deployTitle('dep_1'))).toBe('dep_1');
    expect(parseDeployTitle('Deploy from CLI')).toBeNull();
    expect(parseDeployTitle(null)).toBeNull();
  });
});
