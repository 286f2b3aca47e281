// Browser tests: the page in Debian's chromium (no browser download), served by tools/serve.mjs.
import { defineConfig } from '@playwright/test';

// PLAYWRIGHT_PORT: another port when 8181 is taken (several checkouts on one machine).
const port = Number(process.env.PLAYWRIGHT_PORT ?? 8181);

export default defineConfig({
  testDir: 'tests/browser',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node tools/serve.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/www/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
