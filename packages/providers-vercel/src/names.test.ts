import { describe, expect, it } from 'vitest';
import { vercelProjectName } from './names';

describe('vercelProjectName', () => {
  it('makes a valid vercel.app label from prefix and slug', () => {
    expect(vercelProjectName('shipyard-', 'notes')).toBe('shipyard-notes');
    expect(vercelProjectName('shipyard-', 'My_App!!')).toBe('shipyard-my-app');
    expect(vercelProjectName('', '--')).toBe('app');
  });
  it('keeps long names unique and within 63 characters', () => {
    const a = vercelProjectName('shipyard-', `${'x'.repeat(70)}-a`);
    const b = vercelProjectName('shipyard-', `${'x'.repeat(70)}-b`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9-]+$/);
  });
});

