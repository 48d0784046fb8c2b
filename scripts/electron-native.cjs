/**
 * electron-builder beforeBuild hook: the packaged app's better-sqlite3 must be built for Electron's ABI,
 * while node_modules keeps the Node build that `npm test`, the CLI and the headless face load (ARCHITECTURE,
 * "Native modules"). So instead of electron-builder rebuilding node_modules in place, this builds
 * better-sqlite3 for the target Electron version, platform and arch in a folder of its own (with
 * @electron/rebuild: a prebuilt binary where one is published, else compiled against Electron's headers),
 * and stages the result as build/native/<os>-<arch>/better_sqlite3.node (os: linux, mac, win — the
 * `${os}` of electron-builder's macros); electron-builder.yml ships
 * it as resources/native/better_sqlite3.node and the desktop main process hands that path to
 * better-sqlite3's `nativeBinding` option. keytar is N-API: its Node build loads in Electron as it is.
 * Returning false tells electron-builder that node_modules need nothing more.
 */
const { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** The staged binding electron-builder.yml's extraResources picks up for one target os and arch. */
function stagedBinding(os, arch) {
  return path.join(ROOT, 'build', 'native', `${os}-${arch}`, 'better_sqlite3.node');
}

/** The NODE_MODULE_VERSION a native module was built for, read from its registration symbol. */
function moduleAbi(file) {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file, 'latin1'));
  return match ? Number(match[1]) : null;
}

async function buildBinding(electronVersion, platform, arch) {
  const folder = path.join(ROOT, 'node_modules', '.cache', 'novel-console', `electron-${electronVersion}-${platform}-${arch}`);
  const binding = path.join(folder, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const { getAbi } = require('node-abi');
  const expected = Number(getAbi(electronVersion, 'electron'));
  if (existsSync(binding) && moduleAbi(binding) === expected) return binding;
  const source = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [ROOT] }));
  const target = path.join(folder, 'node_modules', 'better-sqlite3');
  mkdirSync(target, { recursive: true });
  // The sources without the Node build.
  cpSync(source, target, { recursive: true, filter: (file) => !file.startsWith(path.join(source, 'build')) });
  const { version } = require(path.join(source, 'package.json'));
  writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': version } }),
  );
  // An npm `nodedir` setting (npm hands it to node-gyp as npm_config_nodedir) would compile against the
  // local Node's headers instead of Electron's: a module Electron refuses to load.
  for (const name of Object.keys(process.env)) if (name.toLowerCase() === 'npm_config_nodedir') delete process.env[name];
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: folder, electronVersion, platform, arch, onlyModules: ['better-sqlite3'], force: true });
  if (!existsSync(binding)) throw new Error(`@electron/rebuild produced no ${binding}`);
  const built = moduleAbi(binding);
  if (built !== expected) {
    throw new Error(
      `better-sqlite3 was built for NODE_MODULE_VERSION ${built}, Electron ${electronVersion} needs ${expected}: check npm's nodedir setting`,
    );
  }
  return binding;
}

async function beforeBuild(context) {
  // nodeName: darwin, linux, win32 (what @electron/rebuild wants); buildConfigurationKey: mac, linux, win.
  const { nodeName: platform, buildConfigurationKey: os } = context.platform;
  const { arch, electronVersion } = context;
  if (!electronVersion) throw new Error('electron-builder did not say which Electron version it packages');
  const binding = await buildBinding(electronVersion, platform, arch);
  const staged = stagedBinding(os, arch);
  mkdirSync(path.dirname(staged), { recursive: true });
  copyFileSync(binding, staged);
  console.log(`  • better-sqlite3 for Electron ${electronVersion} ${platform}-${arch}  file=${path.relative(ROOT, staged)}`);
  return false;
}

module.exports = beforeBuild;
module.exports.default = beforeBuild;
module.exports.stagedBinding = stagedBinding;
