import { describe, expect, it } from 'vitest';
import { isProtocolError } from '../protocol/errors';
import { checkProjectPath, normalizeProjectPath, validateProjectPath } from './paths';

function rejection(path: string, limits?: Parameters<typeof validateProjectPath>[1]) {
  const result = checkProjectPath(path, limits);
  if (result.ok) throw new Error(`expected "${path}" to be rejected, got "${result.path}"`);
  return result.error;
}

describe('validateProjectPath', () => {
  it.each([
    ['./src//App.tsx', 'src/App.tsx'],
    ['src/./components/Button.tsx', 'src/components/Button.tsx'],
    ['index.html', 'index.html'],
    ['.gitignore', '.gitignore'],
    ['.env.example', '.env.example'],
    ['public/_redirects', 'public/_redirects'],
    ['src/pages/[id].tsx', 'src/pages/[id].tsx'],
    ['src/(marketing)/About Us.tsx', 'src/(marketing)/About Us.tsx'],
    ['api/index.ts', 'api/index.ts'],
    ['db/schema.sql', 'db/schema.sql'],
    ['public/logo.svg', 'public/logo.svg'],
  ])('accepts and normalizes %s', (input, expected) => {
    expect(validateProjectPath(input)).toBe(expected);
  });

  it.each([
    ['../secret.ts', /"\.\." segment/],
    ['a/../../b.ts', /"\.\." segment/],
    ['a/../b.ts', /"\.\." segment/],
    ['src/..', /"\.\." segment/],
    ['/etc/passwd', /absolute path/],
    ['//server/share/x.ts', /absolute path/],
    ['C:\\Windows\\x.ts', /backslash/],
    ['C:/Windows/x.ts', /drive letter/],
    ['\\\\server\\share\\x.ts', /backslash/],
    ['src\\App.tsx', /forward slashes/],
    ['~/.bashrc', /home directory/],
    ['.git/config', /Git metadata/],
    ['src/.GIT/hooks/pre-commit.js', /Git metadata/],
    ['node_modules/react/index.js', /installed packages/],
    ['.env', /environment files/],
    ['config/.env.production', /environment files/],
    ['src/a\u0000.ts', /control character \(U\+0000\)/],
    ['src/a\n.ts', /control character/],
    ['src\u2215..\u2215x.ts', /looks like a slash/],
    ['src/\uFF0E\uFF0E/x.ts', /looks like a dot/],
    ['src/\u2025/x.ts', /looks like two dots/],
    ['src/app\u202Est.ts', /invisible formatting character/],
    ['src/\u200Bapp.ts', /invisible formatting character/],
    ['src/caf\u00E9.ts', /U\+00E9/],
    ['src/a\u00A0b.ts', /non-standard space/],
    ['src/a:b.ts', /":"/],
    ['src/a*.ts', /"\*"/],
    ['src/', /names a folder/],
    ['', /empty/],
    ['.', /names a folder/],
    ['src/con.ts', /reserved device name/],
    ['src/ trailing.ts', /starts or ends with a space/],
  ])('rejects %j', (input, message) => {
    const error = rejection(input);
    expect(error.code).toBe('PATH_INVALID');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/\. [A-Z].*\.$/); // says what to do
  });

  it('rejects extensions outside the allowed list, naming the allowed ones', () => {
    for (const path of ['bin/tool.exe', 'image.png', 'Makefile', 'src/App.tsx.bak']) {
      const error = rejection(path);
      expect(error.code).toBe('PATH_EXTENSION_NOT_ALLOWED');
      expect(error.message).toContain('.tsx');
    }
    expect(validateProjectPath('image.png', { allowedExtensions: ['png'] })).toBe('image.png');
  });

  it('enforces the path length and depth limits', () => {
    expect(rejection(`src/${'a'.repeat(250)}.ts`).message).toMatch(/longer than/);
    expect(rejection('a/b/c/d.ts', { maxPathDepth: 3 }).message).toMatch(/nested 4 levels deep/);
    expect(validateProjectPath(`src/${'a'.repeat(100)}.ts`)).toHaveLength(107);
  });

  it('throws ProtocolErrors', () => {
    expect(() => validateProjectPath('../x.ts')).toThrow(expect.objectContaining({ code: 'PATH_INVALID' }));
    try {
      validateProjectPath('/x.ts');
    } catch (error) {
      expect(isProtocolError(error)).toBe(true);
    }
  });
});

describe('normalizeProjectPath', () => {
  it('normalizes for display without validating', () => {
    expect(normalizeProjectPath(' ./src//a.ts ')).toBe('src/a.ts');
  });
});
