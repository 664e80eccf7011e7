import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', 'node_modules/**', 'data/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // "Now" comes from lib/clock.ts, so the demo and test servers can lay it (RENTABLE_NOW) and
    // no test depends on the day it runs. Elapsed time is performance.now(); a browser's own
    // clock is the reader's, never the data's (pages pass the server's time down).
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'db/**/*.ts', 'proxy.ts', 'scripts/**/*.ts', 'e2e/**/*.ts'],
    // db/lock.ts stamps when a process took the data folder: the machine's wall time, not data time.
    ignores: ['lib/clock.ts', 'scripts/test-clock.ts', 'db/lock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read "now" from lib/clock.ts (currentTime), or pass it in: the demo and test servers pin it.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Read "now" from lib/clock.ts (currentTimeMs); time an operation with performance.now().',
        },
      ],
    },
  },
];

export default config;
