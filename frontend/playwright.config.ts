import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD } from './e2e/env';
import { backends, ports } from './e2e/servers';

// The e2e suite drives the real binary (built by `make` into ../bin) on free
// ports with a fresh data dir (and, in CI, fresh PostgreSQL databases and
// Redis namespaces: e2e/servers.ts), so it never touches a developer's data
// nor collides with a running `make run`. IMBRIDGE_E2E_PORT fixes the ports
// (port and port+10) instead.
const { main: port, demo: demoPort } = ports();
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.IMBRIDGE_E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'imbridge-e2e-'));
// A second server in demo mode (the Feishu simulator in process, the demo
// tenant seeded, verified and pulled at start) for demo.spec.ts.
const demoURL = `http://127.0.0.1:${demoPort}`;
const demoDataDir = mkdtempSync(join(tmpdir(), 'imbridge-e2e-demo-'));

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    // Debian's chromium: Playwright's own browser download is not available here.
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './e2e',
  // One server, one database: tests share state, so run them in order.
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // CI machines are small and both servers start (and the demo pulls its
  // directory) while the first tests run: give assertions room, and retry a
  // failed test once there (a real failure fails twice).
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
  },
  projects: [
    { name: 'chromium', testIgnore: /(demo|jobs-bindings)\.spec\.ts/, use: { ...chromium, baseURL } },
    { name: 'demo', testMatch: /(demo|jobs-bindings)\.spec\.ts/, use: { ...chromium, baseURL: demoURL } },
  ],
  webServer: [
    {
      command: '../bin/imbridge',
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        IMBRIDGE_LISTEN: `127.0.0.1:${port}`,
        IMBRIDGE_PUBLIC_URL: baseURL,
        IMBRIDGE_DATA_DIR: dataDir,
        IMBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        IMBRIDGE_DEMO: 'off',
        // first-hour.spec.ts verifies an app whose platform is unreachable
        // (a closed port on loopback): the operator allows the host.
        IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS: '127.0.0.1',
        ...backends('main', port),
      },
    },
    {
      command: '../bin/imbridge',
      url: `${demoURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        IMBRIDGE_LISTEN: `127.0.0.1:${demoPort}`,
        IMBRIDGE_PUBLIC_URL: demoURL,
        IMBRIDGE_DATA_DIR: demoDataDir,
        IMBRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        IMBRIDGE_DEMO: 'on',
        ...backends('demo', demoPort),
      },
    },
  ],
});
