import { describe, expect, it } from 'vitest';
import { deploymentTag, pagesProjectName, parseDeploymentTag } from './names';

describe('pagesProjectName', () => {
  it('prefixes the slug and keeps names Pages accepts', () => {
    expect(pagesProjectName('shipyard-', 'my-notes')).toBe('shipyard-my-notes');
    expect(pagesProjectName('', 'My_Notes!!')).toBe('my-notes');
    expect(pagesProjectName('', '--')).toBe('app');
  });

  it('shortens long names to 58 characters, keeping them distinct', () => {
    const a = pagesProjectName('shipyard-', 'a'.repeat(60) + '-one');
    const b = pagesProjectName('shipyard-', 'a'.repeat(60) + '-two');
    expect(a.length).toBeLessThanOrEqual(58);
    expect(a).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    expect(a).not.toBe(b);
  });
});

describe('deployment tags', () => {
  it('round-trips the Shipyard deployment id and the previously live deployment', () => {
    expect(parseDeploymentTag(deploymentTag('dep_1', null))).toEqual({ deploymentId: 'dep_1', previousLiveId: null });
    expect(parseDeploymentTag(deploymentTag('dep_2', 'abc-123'))).toEqual({ deploymentId: 'dep_2', previousLiveId: 'abc-123' });
    expect(parseDeploymentTag('fix typo')).toBeNull();
    expect(Buffer.byteLength(deploymentTag('dep_' + 'x'.repeat(40), '2f1e1c1a-0000-4000-8000-000000000000'))).toBeLessThan(384);
  });
});
