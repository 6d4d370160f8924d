import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// The platform-neutral layers run in browsers, workers and Node alike: Web-standard APIs only.
const platformNeutral = ['src/pki/**', 'src/revocation/**', 'src/card/**', 'src/protocol/**', 'src/reader/**'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-iwa/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    files: platformNeutral,
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'This layer is platform-neutral: use Web APIs.' }] }],
      'no-restricted-globals': ['error', 'Buffer', 'process', '__dirname', 'require', 'window', 'document'],
    },
  },
  {
    files: ['scripts/**', 'bin/**', 'tests/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
