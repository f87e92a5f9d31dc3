import tseslint from 'typescript-eslint';

/**
 * Shared flat config. Only files named `env.ts` may read `process.env`: a package receives its
 * configuration from the host, and the host reads the environment in exactly one place.
 */
export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/src/generated/**', '**/node_modules/**', '**/*.config.*', 'next-env.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in env.ts and pass it in.' },
      ],
    },
  },
  {
    files: ['**/env.ts', '**/*.test.ts', '**/*.test.tsx', '**/integration-tests/**', '**/e2e/**', '**/scripts/**', '**/bin/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
