import { defineConfig } from '@playwright/test';
import { pinTestClock } from './scripts/test-clock.ts';

// The topology spec starts its own servers (two web processes, a worker, the recorded-payload
// server) on its own ports, so it runs under this config, without the main suite's webServer on
// 3200: `npm test` runs it after the build and the main Playwright run. Requests only, no browser.
pinTestClock();

export default defineConfig({
  testDir: './e2e',
  testMatch: 'topology.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results/topology',
  timeout: 90_000,
});
