/**
 * electron-builder afterPack hook: sets the Electron fuses of the packaged app (before signing, which
 * electron-builder does after this hook) so a release build cannot be turned into a Node runtime or a
 * debugging target:
 *   RunAsNode off (ELECTRON_RUN_AS_NODE is ignored), EnableNodeCliInspectArguments off (--inspect and
 *   --inspect-brk are ignored), EnableNodeOptionsEnvironmentVariable off (NODE_OPTIONS is ignored),
 *   EnableCookieEncryption on, OnlyLoadAppFromAsar on, EnableEmbeddedAsarIntegrityValidation on (the
 *   app.asar header hash electron-builder embeds is checked; macOS and Windows).
 * NOVEL_CONSOLE_TEST_BUILD=1 keeps the inspect arguments for the build Playwright's Electron tests drive
 * (Playwright attaches through --inspect / --remote-debugging-port); everything else stays as in release.
 */
const path = require('node:path');

/** The fuse settings of a build; `testBuild` = the build Playwright's Electron tests use. */
function fuseSettings(testBuild) {
  return {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: testBuild,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  };
}

/** Where the Electron executable of the packaged app is (the .app bundle on macOS). */
function electronExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const settings = fuseSettings(process.env.NOVEL_CONSOLE_TEST_BUILD === '1');
  const executable = electronExecutable(context);
  await flipFuses(executable, {
    version: FuseVersion.V1,
    // Apple silicon refuses to run a binary whose ad-hoc signature no longer matches; real signing follows.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: settings.runAsNode,
    [FuseV1Options.EnableCookieEncryption]: settings.enableCookieEncryption,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: settings.enableNodeOptionsEnvironmentVariable,
    [FuseV1Options.EnableNodeCliInspectArguments]: settings.enableNodeCliInspectArguments,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: settings.enableEmbeddedAsarIntegrityValidation,
    [FuseV1Options.OnlyLoadAppFromAsar]: settings.onlyLoadAppFromAsar,
  });
  console.log(`  • electron fuses set  file=${executable} testBuild=${settings.enableNodeCliInspectArguments}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseSettings = fuseSettings;
module.exports.electronExecutable = electronExecutable;
