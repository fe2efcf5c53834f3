import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/**
 * The layers of `src/`, lowest first: a layer imports only layers before it. The domain's rooms
 * come first (README, "Layout and conventions"), then the adapters, the contract, the app
 * services and the Forge handlers and CLI.
 */
const LAYERS = [
  ['src/domain/time'],
  ['src/domain/config'],
  ['src/domain/clocks'],
  ['src/domain/records'],
  ['src/domain/reports'],
  ['src/domain/index.ts'],
  ['src/contract'],
  ['src/jira', 'src/storage', 'src/platform'],
  ['src/app'],
  ['src/forge', 'src/cli', 'src/index.ts'],
];
const upwardImports = LAYERS.slice(0, -1).map((layer, i) => ({
  target: layer.map((path) => `./${path}`),
  from: LAYERS.slice(i + 1).flat().map((path) => `./${path}`),
  message: `${layer.join(', ')} may import only the layers below it (eslint.config.mjs, LAYERS).`,
}));


export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'static/*/build/**', 'test-artifacts/**', '.local/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': 'off',
    },
  },
  {
    // No import circles anywhere, and no layer imports a higher one.
    files: ['src/**/*.ts', 'static/**/*.ts', 'static/**/*.tsx', 'harness/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: upwardImports }],
    },
  },
  {
    // Product code never reaches into the test and demo infrastructure.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/harness', '**/harness/**'], message: 'harness/ is test and demo infrastructure: product code must not import it.' }] }] },
  },
  {
    // The Custom UI apps see the backend only through the domain and the one typed contract.
    files: ['static/**/*.ts', 'static/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src/*', '!**/src/domain', '!**/src/domain/*', '!**/src/contract'], message: 'static/ imports only src/domain and src/contract.' },
            { group: ['**/harness', '**/harness/**'], message: 'harness/ is test and demo infrastructure.' },
          ],
        },
      ],
    },
  },
  {
    // The domain core is pure: no Forge, no I/O, no clock of its own.
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@forge/*', 'node:*', 'fs', 'path', 'http', 'https', 'child_process'], message: 'src/domain is pure: no Forge and no I/O.' },
            { group: ['**/harness', '**/harness/**'], message: 'harness/ is test and demo infrastructure: product code must not import it.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/domain takes the clock as a parameter.' }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The local host and the scripts load the app, themes and linters the way the platform does.
    files: ['harness/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['harness/preview/bridge-shim.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', location: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.cjs', 'harness/forge-runtime/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
