import { defineConfig } from '@playwright/test';
import { pinTestClock } from './scripts/test-clock.ts';

// The app, its seeded history and the specs share one clock (RENTABLE_NOW, default fixed),
// inherited by the web server and the workers: no spec depends on the day it runs.
pinTestClock();

const port = Number(process.env.E2E_PORT ?? 3200);

// Browsers cannot be downloaded here: Debian's chromium, with the flags that keep it off the
// closed network (see ../shared/STACK.md).
export default defineConfig({
  testDir: './e2e',
  // Starts its own servers on its own ports: playwright.topology.config.ts runs it.
  testIgnore: 'topology.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npx tsx scripts/e2e-server.ts',
    url: `http://127.0.0.1:${port}/`,
    // The app's JSON log lines at info would bury the test report: warnings and errors only.
    env: { E2E_PORT: String(port), NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    // Seeding the week takes about a minute; on a loaded 2-core machine, several.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
