/**
 * The desktop packaging (issue 7): electron-builder.yml builds AppImage + deb, dmg and nsis with the app
 * icon from resources/icons, keeps the native modules outside the asar, ships an Electron build of
 * better-sqlite3 beside it, and its afterPack hook sets the release fuses (inspect arguments only in the
 * test build). Installers cannot be built here (no Electron binary); the hook is run on a stand-in
 * binary that carries Electron's fuse wire, read back with @electron/fuses.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Resvg } from '@resvg/resvg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodePng } from '../../fixtures/png-pixels';

const ROOT = resolve(import.meta.dirname, '../../..');
const requireHere = createRequire(import.meta.url);
/** A fuse's byte in the wire: ASCII '1' on, '0' off (@electron/fuses' FuseState, not exported from its index). */
const ON = 0x31;
const OFF = 0x30;

interface FusesHook {
  (context: unknown): Promise<void>;
  fuseSettings(testBuild: boolean): Record<string, boolean>;
  electronExecutable(context: unknown): string;
}

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  beforeBuild: string;
  afterPack: string;
  extraResources: { from: string; to: string }[];
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const fusesHook = requireHere(join(ROOT, config.afterPack)) as FusesHook;

describe('electron-builder.yml', () => {
  it('names the app and builds AppImage and deb, dmg and nsis', () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Novel Engine Console');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('packages the electron-vite output into an asar with the native modules unpacked', () => {
    expect(config.files).toContain('out/**/*');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/keytar/**']));
    // The desktop main bundle the package's "main" points at is what the app starts.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toMatch(/^out\/main\//);
  });

  it('ships an Electron build of better-sqlite3 from its own hook instead of rebuilding node_modules in place', () => {
    // beforeBuild only runs when npmRebuild is on; it returns false so node_modules keep the Node build.
    expect(config.npmRebuild).toBe(true);
    expect(existsSync(join(ROOT, config.beforeBuild))).toBe(true);
    const nativeHook = requireHere(join(ROOT, config.beforeBuild)) as { stagedBinding(os: string, arch: string): string };
    expect(config.extraResources).toContainEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's own macros, not JavaScript
      from: 'build/native/${os}-${arch}/better_sqlite3.node',
      to: 'native/better_sqlite3.node',
    });
    expect(nativeHook.stagedBinding('linux', 'x64')).toBe(join(ROOT, 'build/native/linux-x64/better_sqlite3.node'));
  });

  it('uses the icons in resources/icons: a 512 px PNG for macOS and Linux, 256 px for Windows', () => {
    const svg = readFileSync(join(ROOT, 'resources/icons/icon.svg'), 'utf8');
    for (const [file, size] of [
      [config.mac.icon, 512],
      [config.win.icon, 256],
      [join(config.linux.icon, '512x512.png'), 512],
      [join(config.linux.icon, '256x256.png'), 256],
    ] as const) {
      const bytes = readFileSync(join(ROOT, file));
      const png = decodePng(bytes);
      expect([png.width, png.height], file).toEqual([size, size]);
      expect(png.channels, file).toBe(4);
      // Not blank: opaque pixels of several colours.
      const colours = new Set<number>();
      for (let i = 0; i < png.pixels.length; i += 4 * 97) {
        if ((png.pixels[i + 3] ?? 0) > 200)
          colours.add(((png.pixels[i] ?? 0) << 16) | ((png.pixels[i + 1] ?? 0) << 8) | (png.pixels[i + 2] ?? 0));
      }
      expect(colours.size, file).toBeGreaterThan(10);
      // The committed PNG is the current rendering of the SVG (as scripts/render-icons.ts renders it).
      const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
      expect(bytes.equals(rendered), `${file} is stale: run node --import tsx scripts/render-icons.ts`).toBe(true);
    }
  });
});

describe('the afterPack fuses hook', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
    delete process.env.NOVEL_CONSOLE_TEST_BUILD;
  });

  /** A file laid out like an Electron binary around its fuse wire (Electron 45's defaults). */
  function standInBinary(path: string): void {
    const defaults = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];
    const wire = Buffer.from([...Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1'), 1, defaults.length, ...defaults]);
    writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 0x7f), wire, Buffer.alloc(4096, 0x7f)]));
  }

  async function packLinux(): Promise<Record<number, number>> {
    dir = mkdtempSync(join(tmpdir(), 'novel-console-fuses-'));
    const context = {
      appOutDir: dir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { appInfo: { productFilename: 'Novel Engine Console' }, executableName: 'novel-console-desktop' },
    };
    const executable = fusesHook.electronExecutable(context);
    expect(executable).toBe(join(dir, 'novel-console-desktop'));
    standInBinary(executable);
    await fusesHook(context);
    return (await getCurrentFuseWire(executable)) as unknown as Record<number, number>;
  }

  it('turns off run-as-node, NODE_OPTIONS and the inspect arguments, and turns on cookie encryption, asar-only and integrity', async () => {
    const wire = await packLinux();
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ON);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON);
    // Fuses this hook does not manage keep Electron's defaults.
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(ON);
  });

  it('keeps the inspect arguments in the test build for Playwright, and only those', async () => {
    process.env.NOVEL_CONSOLE_TEST_BUILD = '1';
    const wire = await packLinux();
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(ON);
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON);
  });

  it('finds the executable of each platform', () => {
    const packager = { appInfo: { productFilename: 'Novel Engine Console' }, executableName: 'novel-console-desktop' };
    expect(fusesHook.electronExecutable({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe('/o/Novel Engine Console.app');
    expect(fusesHook.electronExecutable({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe('/o/Novel Engine Console.exe');
  });
});
