// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' },
        { selector: "CallExpression[callee.object.name='it'][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' },
      ],
    },
  },
  {
    // Libs talk to each other only through their index (@app/<lib>), and never reach into apps.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@app/[a-z-]+/', message: 'Import another lib through its index: @app/<lib>.' },
            { regex: '^(\\.\\./)+(libs/)?[a-z-]+/src(/|$)', message: 'Import another lib through its index: @app/<lib>.' },
            { regex: '(^|/)apps/', message: 'Libs never import apps.' },
          ],
        },
      ],
    },
  },
  {
    // Only the config module reads the environment (and the scripts and tests that set it up).
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['libs/common/src/config/**', 'libs/common/src/database/data-source.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig.' }],
    },
  },
);
