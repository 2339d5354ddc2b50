import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers (CONTRIBUTING.md): core ← reference / models ← harness ← cli, and spec/ on the public entry points.
 * An import that points up a layer is a lint error (properties/lint-layers.test.ts shows it fails).
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: forbidden, message }] }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'out/', '.lemmata/', 'coverage/', 'wasm/assembly/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  layer(['src/core/**'], '^\\.\\.?/(\\.\\./)*(reference|models|harness|cli)/', 'src/core is the bottom layer: it imports nothing from reference, models, harness or cli.'),
  layer(['src/reference/**'], '^\\.\\.?/(\\.\\./)*(models|harness|cli)/', 'src/reference may import core only.'),
  layer(['src/models/**'], '^\\.\\.?/(\\.\\./)*(harness|cli)/', 'src/models may import core and reference only.'),
  layer(['src/harness/**'], '^\\.\\.?/(\\.\\./)*cli/', 'src/harness may not import the cli.'),
  layer(
    ['spec/**', 'examples/**'],
    '(^|/)src/(harness|cli)/|(^|/)src/(core|reference)/(?!index\\.ts$)|^fast-check$',
    'spec/ and examples/ import the public entry points (src/index.ts = lemmata, src/core/index.ts, src/reference/index.ts) and the models; fc comes from lemmata.',
  ),
);
