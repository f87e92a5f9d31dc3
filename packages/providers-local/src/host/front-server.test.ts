import { describe, expect, it } from 'vitest';
import { hostName } from './front-server.js';

describe('hostName', () => {
  it('drops the port, the trailing dot and case', () => {
    expect(hostName('Team-Tasks.LOCALHOST:8787')).toBe('team-tasks.localhost');
    expect(hostName('shop.example.com.')).toBe('shop.example.com');
    expect(hostName('[::1]:8787')).toBe('::1');
    expect(hostName(undefined)).toBe('');
  });
});
