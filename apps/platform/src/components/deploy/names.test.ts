import { describe, expect, it } from 'vitest';
import {
  defaultSlug,
  domainProblem,
  envNameProblem,
  envValueProblem,
  slugify,
  slugProblem,
} from './names';

describe('names the deploy checks as you type', () => {
  it('derives the free subdomain from the project name like the server', () => {
    expect(slugify('Acme Tasks')).toBe('acme-tasks');
    expect(slugify('  Café — Crème ')).toBe('cafe-creme');
    expect(defaultSlug('Admin')).toBe('admin-app');
    expect(defaultSlug('!!!')).toBe('app-app');
  });

  it('explains invalid and reserved subdomains', () => {
    expect(slugProblem('acme-tasks')).toBeNull();
    expect(slugProblem('Acme')).toMatch(/lowercase/);
    expect(slugProblem('-acme')).toMatch(/starting and ending/);
    expect(slugProblem('docs')).toBe('"docs" is reserved. Choose another name.');
  });

  it('checks env var names (UPPER_SNAKE_CASE, not the platform bindings) and values', () => {
    expect(envNameProblem('STRIPE_KEY')).toBeNull();
    expect(envNameProblem('stripe_key')).toBe('Use capitals: STRIPE_KEY.');
    expect(envNameProblem('1KEY')).toMatch(/UPPER_SNAKE_CASE/);
    expect(envNameProblem('MY-KEY')).toMatch(/UPPER_SNAKE_CASE/);
    expect(envNameProblem('DB')).toMatch(/platform's own binding/);
    expect(envValueProblem('x'.repeat(32 * 1024 + 1))).toBe('The value is over 32 KB.');
    expect(envValueProblem('ok')).toBeNull();
  });

  it('checks custom domains like the server', () => {
    expect(domainProblem('app.example.org')).toBeNull();
    expect(domainProblem('shop.test')).toBe(
      'shop.test is a reserved name that cannot be attached to an app.',
    );
    expect(domainProblem('localhost')).toMatch(/not a valid domain|reserved/);
    expect(domainProblem('10.0.0.1')).toBe('Enter a domain name, not an IP address.');
    expect(domainProblem('bad_domain.org')).toMatch(/not a valid domain/);
  });
});
