import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  testDir: import.meta.dirname,
  outputDir: resolve(root, 'test-results/electron'),
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: resolve(root, 'test-results/playwright-electron.json') }]],
});
