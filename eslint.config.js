// Type-aware linting: in an async-patterns project a floating or misused promise is a bug.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.js', 'bench/*.js', 'test/fixtures/*/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    // Plain-JS scripts that import dist/ (the bin shim, the benchmarks) run on the
    // build output, which may not exist when linting: lint them without type information.
    // Test fixtures in JavaScript stand for a user's own files: linted the same way.
    files: ['bin/*.js', 'bench/*.js', 'scripts/*.js', 'test/fixtures/*/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'setTimeout', 'clearTimeout', 'setImmediate', 'AbortController', 'performance'].map(
          (name) => [name, 'readonly'],
        ),
      ),
    },
  },
);
