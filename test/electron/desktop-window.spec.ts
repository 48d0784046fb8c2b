/**
 * The desktop face in a real Electron window. Runs wherever Electron's binary and the Electron build of
 * better-sqlite3 exist (`npm start` makes both where the network allows); elsewhere it reports itself
 * skipped with the reason.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, electronSqliteBinding } from '../../src-main/desktop-launcher';

const requireHere = createRequire(import.meta.url);
const mainBundle = resolve(import.meta.dirname, '../../out/main/index.js');

function unavailable(): string | undefined {
  if (!electronBinary()) return "Electron's binary is not installed (it cannot be downloaded offline; npm start fetches it where it can)";
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display to open a window on';
  const { version } = requireHere('electron/package.json') as { version: string };
  if (!existsSync(electronSqliteBinding(version).binding))
    return 'no Electron build of better-sqlite3 (run npm start where the network allows)';
  if (!existsSync(mainBundle)) return 'out/main/index.js is missing (run npm run build)';
  return undefined;
}

const reason = unavailable();
if (reason) console.log(`electron tests skipped: ${reason}`);

test.describe('desktop window', () => {
  test.skip(reason !== undefined, reason ?? '');

  test('shows the System page through IPC with a locked-down page', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'novel-console-electron-'));
    const { version } = requireHere('electron/package.json') as { version: string };
    const app = await electron.launch({
      executablePath: electronBinary(),
      args: [mainBundle],
      env: {
        ...process.env,
        NOVEL_CONSOLE_DATA_DIR: dataDir,
        NOVEL_CONSOLE_SQLITE_BINDING: electronSqliteBinding(version).binding,
        NOVEL_CONSOLE_PORT: '0',
      },
    });
    try {
      const page = await app.firstWindow();
      // The console opens on the Dashboards; the System page shows the IPC round trip.
      await page.getByTestId('nav-system').click();
      await expect(page.getByTestId('health-status')).toHaveText(/ok/i, { timeout: 15_000 });
      const surface = await page.evaluate(() => ({
        novelKeys: Object.keys((window as unknown as { novel: object }).novel).sort(),
        hasRequire: typeof (window as unknown as { require?: unknown }).require,
        hasProcess: typeof (window as unknown as { process?: unknown }).process,
        opened: window.open('https://example.com') === null,
      }));
      expect(surface).toEqual({ novelKeys: ['invoke', 'on'], hasRequire: 'undefined', hasProcess: 'undefined', opened: true });
      const health = await page.evaluate(() =>
        (window as unknown as { novel: { invoke(c: string, r: unknown): Promise<unknown> } }).novel.invoke('system.health', {}),
      );
      expect(health).toMatchObject({ ok: true, value: { status: 'ok', versions: { electron: version } } });
      const refused = await page.evaluate(() =>
        (window as unknown as { novel: { invoke(c: string, r: unknown): Promise<unknown> } }).novel.invoke('no.such', {}),
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
      await page.screenshot({ path: resolve(import.meta.dirname, '../../test-results/screenshots/electron-system.png') });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
