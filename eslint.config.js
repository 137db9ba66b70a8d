// Type-aware linting: in an async-patterns project a floating or misused promise is a bug.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The layering, enforced: dependencies point one way, cli → demos → server → core, and
 * demos are built on the same public library a user imports (src/core/index.ts). Each
 * folder gets one `no-restricted-imports` entry (flat config replaces a rule's options
 * rather than merging them, so every folder's list is complete on its own), and each
 * message says which rule of the layering the import breaks. Plain ESLint rules are
 * enough here: a boundaries plugin would add a dependency to say the same four things.
 */
const LAYERS = 'layering (CONTRIBUTING.md, "Layers")';
/** @param {string} from @param {string[]} to */
const upward = (from, to) => ({
  regex: `^(\\.\\./)+(${to.join('|')})(/|$)`,
  message: `${LAYERS}: ${from} never imports from src/${to.join(', src/')}; dependencies point cli → demos → server → core.`,
});
/** @param {string} from */
const cliOnly = (from) => [
  { name: 'chalk', message: `${LAYERS}: ${from} never imports chalk; only src/cli renders.` },
  { name: 'commander', message: `${LAYERS}: ${from} never imports commander; only src/cli parses arguments.` },
  { name: 'process', message: `${LAYERS}: ${from} never touches process; only src/cli does (pass what you need in).` },
  { name: 'node:process', message: `${LAYERS}: ${from} never touches process; only src/cli does (pass what you need in).` },
];
/** @param {string} from */
const throughIndex = (from) => ({
  regex: '^(\\.\\./)+core/(?!index\\.js$)',
  message: `${LAYERS}: ${from} imports the core only through its public entry, src/core/index.ts (export what you need there, with TSDoc and an example).`,
});
/** @param {string} from */
const noProcess = (from) => ({
  'no-restricted-globals': [
    'error',
    { name: 'process', message: `${LAYERS}: ${from} never touches process; only src/cli does (stdin, env, exit: pass them in).` },
  ],
});

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
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: cliOnly('src/core'), patterns: [upward('src/core', ['cli', 'demos', 'server'])] }],
      ...noProcess('src/core'),
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: cliOnly('src/server'), patterns: [upward('src/server', ['cli', 'demos']), throughIndex('src/server')] },
      ],
      ...noProcess('src/server'),
    },
  },
  {
    files: ['src/demos/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: cliOnly('src/demos'), patterns: [upward('src/demos', ['cli']), throughIndex('src/demos')] }],
      ...noProcess('src/demos'),
      // A detail's shape is declared once (DemoDetails) and read by its renderer: a demo
      // attaching one untyped would compile however its renderer reads it.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='detail'][arguments.0.type='Literal']",
          message: "details (CONTRIBUTING.md, \"Details\"): a demo attaches a detail with attachDetail(ctx, key, value) from src/demos/details.ts, typed by DemoDetails, never with ctx.detail.",
        },
      ],
    },
  },
  {
    files: ['src/demos/details.ts'],
    rules: { 'no-restricted-syntax': 'off' },
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
