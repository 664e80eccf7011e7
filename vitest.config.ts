import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { pinTestClock } from './scripts/test-clock.ts';

// Every test file's "now" is RENTABLE_NOW (default fixed), inherited by the workers.
pinTestClock();
// Every absolute URL the app writes starts with this, whatever the shell running the tests sets.
process.env.RENTABLE_PUBLIC_URL = 'http://localhost:3000';
// Logs stay quiet but for warnings and errors, in the test workers and the processes they start;
// a test that reads log lines captures them with its own logger or sets LOG_LEVEL for its child.
process.env.LOG_LEVEL ??= 'warn';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', 'data/**'],
    // Each file opens its own in-memory PGlite (about 2 s) and its own PostgreSQL database.
    testTimeout: 30_000,
    // Vitest's default on this 2-core machine is one worker (cores - 1): the integration files
    // spend most of their time waiting on child processes, PostgreSQL and sockets, so two run
    // side by side in about two thirds of the time.
    maxWorkers: 2,
    hookTimeout: 60_000,
  },
});
