/**
 * End-to-end tests of the headless face in Debian's Chromium (/usr/bin/chromium): each spec starts
 * `novel-console serve` from the built output (run `npm run build` first) and drives the UI like a user.
 * Never `npx playwright install`: there is no network for browser downloads here.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../fixtures/chromium';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');

export default defineConfig({
  testDir: here,
  testMatch: '**/*.spec.ts',
  outputDir: resolve(repoRoot, 'test-results/e2e-artifacts'),
  reporter: [['list'], ['json', { outputFile: resolve(repoRoot, 'test-results/playwright-e2e.json') }]],
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
});
