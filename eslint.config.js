import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', '**/.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Everything an action writes goes through the toolkit's redaction pass (runnerLog,
    // setOutput/publishOutputs, appendSummary): the runner does not mask outputs or the summary.
    files: ['actions/*/src/**/*.ts', 'packages/docker/src/**/*.ts', 'packages/ecs/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...[
          'info',
          'debug',
          'notice',
          'warning',
          'error',
          'setFailed',
          'setOutput',
          'summary',
          'group',
          'startGroup',
        ].map((property) => ({
          object: 'core',
          property,
          message:
            "Use the toolkit's runnerLog / setOutput / publishOutputs / appendSummary (they redact secrets).",
        })),
      ],
    },
  },
);
