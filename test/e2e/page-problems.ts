import type { Page } from '@playwright/test';

/** Uncaught page errors and console errors (a CSP violation is one), except the given expected ones. */
export function collectPageProblems(page: Page, expected: RegExp[] = []): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.some((pattern) => pattern.test(message.text()))) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return problems;
}
