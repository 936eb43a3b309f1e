import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Pure modules (matching, domain, parsing, reports) must not reach for IO: the database,
// the queue, the browser and the network are imported only at the edges.
const ioModules = [
  'pg',
  'kysely',
  '@electric-sql/pglite',
  'bullmq',
  'ioredis',
  'playwright-core',
  'undici',
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/matching/**', 'shared/domain/**', 'shared/report/**', 'workers/sources/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ioModules.map((name) => ({ name, message: 'pure module: IO belongs at the edges' })) },
      ],
    },
  },
);
